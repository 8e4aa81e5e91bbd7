import MarketCore

extension ExchangeSimulator {
    /// |leverage| as a raw fixed-point value (0 = cross at max leverage).
    func leverageRaw(_ u: Int, _ key: PosKey) -> Int64 {
        let inst = symbols[key.symbol].instrument
        let lev = users[u].positions[key]?.leverage ?? inst.defaultLeverage
        let a = lev.raw.magnitude
        if a == 0 { return Int64(inst.maxLeverage) * FixedPointScale.factor }
        return Int64(min(a, UInt64(Int64.max)))
    }

    /// Margin an open order holds (0 for closing and untriggered orders).
    func orderCost(_ st: OrderState) -> Int64 {
        if st.untriggered || isClosing(st.order, user: st.user, symbol: st.symbol) { return 0 }
        let price = st.order.price ?? symbols[st.symbol].markPrice
        let v = execValue(st.symbol, price: price, qty: st.order.leavesQty.raw)
        let key = posKey(st.user, st.symbol, st.order.posSide)
        return SimFormat.round8(SimFormat.mulDiv(v, FixedPointScale.factor, leverageRaw(st.user, key)))
    }

    /// Margin a position holds: entry value ÷ |leverage|.
    func positionMargin(_ u: Int, _ key: PosKey) -> Int64 {
        guard let p = users[u].positions[key], p.size != 0 else { return 0 }
        return SimFormat.round8(SimFormat.mulDiv(p.cost, FixedPointScale.factor, leverageRaw(u, key)))
    }

    /// Position + order margin of one currency.
    func usedBalance(_ u: Int, currency: String) -> Int64 {
        var used: Int64 = 0
        for (k, _) in users[u].positions where symbols[k.symbol].instrument.spec.settleCurrency == currency {
            used &+= positionMargin(u, k)
        }
        for slot in users[u].open {
            guard let st = slots[slot], symbols[st.symbol].instrument.spec.settleCurrency == currency else { continue }
            used &+= orderCost(st)
        }
        return used
    }

    func accountID(_ u: Int, currency: String) -> Int64 {
        let base = users[u].config.userID &* 10000
        switch currency {
        case "BTC": return base + 1
        case "USD": return base + 2
        case "USDT": return base + 3
        case "USDC": return base + 4
        default: return base + 9
        }
    }

    func accountSnapshot(user u: Int, currency: String) -> SimAccountSnapshot {
        SimAccountSnapshot(
            userID: users[u].config.userID, accountID: accountID(u, currency: currency), currency: currency,
            balance: Money(raw: users[u].balances[currency] ?? 0),
            totalUsedBalance: Money(raw: usedBalance(u, currency: currency)), bonusBalance: .zero, status: 0)
    }

    /// Unrealized PnL of a position at the current mark.
    func unrealized(_ u: Int, _ key: PosKey) -> Int64 {
        guard let p = users[u].positions[key], p.size != 0 else { return 0 }
        let markValue = execValue(key.symbol, price: symbols[key.symbol].markPrice, qty: Int64(p.size.magnitude))
        let long = p.size > 0
        if symbols[key.symbol].instrument.spec.kind == .linear {
            return long ? markValue - p.cost : p.cost - markValue
        }
        return long ? p.cost - markValue : markValue - p.cost
    }

    /// Average entry price from size and entry value (inverse: harmonic mean, on the Ep grid).
    func entryPrice(_ si: Int, _ p: PositionState) -> Price {
        guard p.size != 0, p.cost > 0 else { return .zero }
        let spec = symbols[si].instrument.spec
        let absSize = Int64(p.size.magnitude)
        switch spec.kind {
        case .linear:
            let qty = SimFormat.mulDiv(absSize, spec.contractSize.raw, FixedPointScale.factor)
            return Price(raw: SimFormat.mulDiv(p.cost, FixedPointScale.factor, qty))
        case .inverse:
            let usd = SimFormat.mulDiv(absSize, spec.contractSize.raw, FixedPointScale.factor)
            let raw = SimFormat.mulDiv(usd, FixedPointScale.factor, p.cost)
            // Entry value is kept at 10⁻⁸ coin, so the harmonic mean is rounded to the nearest tick
            // (display only: PnL uses the entry value itself).
            let tick = spec.tickSize.raw
            return Price(raw: (raw + tick / 2) / tick * tick)
        }
    }

    func positionSnapshot(user u: Int, key: PosKey, now: Timestamp) -> SimPosition {
        let si = key.symbol
        let inst = symbols[si].instrument
        let p = users[u].positions[key] ?? PositionState(leverage: inst.defaultLeverage)
        var buyQ: Int64 = 0
        var sellQ: Int64 = 0
        var buyV: Int64 = 0
        var sellV: Int64 = 0
        var oc: Int64 = 0
        for slot in users[u].open {
            guard let st = slots[slot], st.symbol == si, !st.untriggered,
                posKey(u, si, st.order.posSide) == key
            else { continue }
            let lv = st.order.leavesValue.raw
            if st.order.side == .buy {
                buyQ += st.order.leavesQty.raw
                buyV &+= lv
            } else {
                sellQ += st.order.leavesQty.raw
                sellV &+= lv
            }
            oc &+= orderCost(st)
        }
        let cur = inst.spec.settleCurrency
        return SimPosition(
            userID: users[u].config.userID, accountID: accountID(u, currency: cur), symbol: inst.symbol, currency: cur,
            posMode: users[u].modes[si] ?? .oneWay, posSide: key.side,
            side: p.size > 0 ? .buy : (p.size < 0 ? .sell : nil), size: Quantity(raw: Int64(p.size.magnitude)),
            signedSize: Quantity(raw: p.size), avgEntryPrice: entryPrice(si, p), value: Money(raw: p.cost),
            leverage: p.leverage, markPrice: symbols[si].markPrice, unrealizedPnl: Money(raw: unrealized(u, key)),
            cumClosedPnl: Money(raw: p.cumClosedPnl), cumTransactFee: Money(raw: p.cumFee),
            curTermRealisedPnl: Money(raw: p.termRealised), positionMargin: Money(raw: positionMargin(u, key)),
            makerFeeRate: config.makerFeeRate, takerFeeRate: config.takerFeeRate, buyLeavesQty: Quantity(raw: buyQ),
            sellLeavesQty: Quantity(raw: sellQ), buyLeavesValue: Money(raw: buyV), sellLeavesValue: Money(raw: sellV),
            orderCost: Money(raw: oc), liquidationPrice: .zero, bankruptPrice: .zero, term: p.term, dataVer: p.dataVer,
            execSeq: p.execSeq, transactTime: p.updated == .zero ? now : p.updated)
    }

    /// Position keys of a symbol for the user's current mode.
    func keys(_ u: Int, _ si: Int) -> [PosKey] {
        (users[u].modes[si] ?? .oneWay) == .hedged
            ? [PosKey(symbol: si, side: .long), PosKey(symbol: si, side: .short)]
            : [PosKey(symbol: si, side: .merged)]
    }

    func userIdx(_ user: Int64) throws(SimReject) -> Int {
        guard let u = userIndexByID[user] else { throw SimReject(code: 10500, message: "Failed to find user") }
        return u
    }

    func symbolIdx(_ s: Symbol) throws(SimReject) -> Int {
        guard let i = symbolIndex[s] else { throw SimReject(code: 11027, message: "TE_SYMBOL_INVALID") }
        return i
    }

    func accountPositionsImpl(user: Int64, currency: String, now: Timestamp) -> Result<SimAccountPositions, SimReject> {
        let u: Int
        do { u = try userIdx(user) } catch { return .failure(error) }
        guard users[u].balances[currency] != nil else {
            return .failure(SimReject(code: 11028, message: "TE_CURRENCY_INVALID"))
        }
        var rows: [SimPosition] = []
        for si in symbols.indices where symbols[si].instrument.spec.settleCurrency == currency {
            for k in keys(u, si) { rows.append(positionSnapshot(user: u, key: k, now: now)) }
        }
        return .success(SimAccountPositions(account: accountSnapshot(user: u, currency: currency), positions: rows))
    }

    mutating func setLeverageImpl(user: Int64, _ r: SimSetLeverage, now: Timestamp) -> Result<Bool, SimReject> {
        let u: Int
        let si: Int
        do {
            u = try userIdx(user)
            si = try symbolIdx(r.symbol)
        } catch { return .failure(error) }
        let inst = symbols[si].instrument
        let hedged = (users[u].modes[si] ?? .oneWay) == .hedged
        var changes: [(PosKey, Money)] = []
        if hedged {
            guard let l = r.longLeverage ?? r.leverage, let s = r.shortLeverage ?? r.leverage else {
                return .failure(SimReject(code: 20004, message: "TE_ERR_INCONSISTENT_POS_MODE"))
            }
            changes = [(PosKey(symbol: si, side: .long), l), (PosKey(symbol: si, side: .short), s)]
        } else {
            guard let l = r.leverage, r.longLeverage == nil, r.shortLeverage == nil else {
                return .failure(SimReject(code: 20004, message: "TE_ERR_INCONSISTENT_POS_MODE"))
            }
            changes = [(PosKey(symbol: si, side: .merged), l)]
        }
        let maxRaw = UInt64(inst.maxLeverage) * UInt64(FixedPointScale.factor)
        for (_, l) in changes where l.raw.magnitude > maxRaw {
            return .failure(SimReject(code: 11004, message: "TE_INVALID_LEVERAGE"))
        }
        // Margin must still fit.
        let cur = inst.spec.settleCurrency
        let saved = users[u]
        let oldUsed = usedBalance(u, currency: cur)
        for (k, l) in changes {
            var p = users[u].positions[k] ?? PositionState(leverage: inst.defaultLeverage)
            p.leverage = l
            users[u].positions[k] = p
        }
        let newUsed = usedBalance(u, currency: cur)
        if newUsed > oldUsed && newUsed > (users[u].balances[cur] ?? 0) {
            users[u] = saved
            return .failure(SimReject(code: 11005, message: "TE_NO_ENOUGH_BALANCE_FOR_NEW_LEVERAGE"))
        }
        let b = batchIndex(user: u, kind: inst.spec.kind)
        for (k, _) in changes {
            users[u].positions[k]?.dataVer += 1
            if !batches[b].positions.contains(k) { batches[b].positions.append(k) }
        }
        return .success(true)
    }

    mutating func setModeImpl(user: Int64, symbol: Symbol, mode: PositionMode, now: Timestamp) -> Result<Bool, SimReject> {
        let u: Int
        let si: Int
        do {
            u = try userIdx(user)
            si = try symbolIdx(symbol)
        } catch { return .failure(error) }
        let current = users[u].modes[si] ?? .oneWay
        if current == mode { return .success(true) }
        if symbols[si].instrument.spec.kind == .inverse {
            return .failure(SimReject(code: 20004, message: "TE_ERR_INCONSISTENT_POS_MODE"))
        }
        let hasOrders = users[u].open.contains { slots[$0]?.symbol == si }
        let hasPosition = keys(u, si).contains { (users[u].positions[$0]?.size ?? 0) != 0 }
        if hasOrders || hasPosition {
            return .failure(SimReject(code: 20004, message: "TE_ERR_INCONSISTENT_POS_MODE"))
        }
        // Carry the leverage over to the new rows.
        let lev = users[u].positions[keys(u, si)[0]]?.leverage ?? symbols[si].instrument.defaultLeverage
        for k in keys(u, si) { users[u].positions[k] = nil }
        users[u].modes[si] = mode
        let b = batchIndex(user: u, kind: symbols[si].instrument.spec.kind)
        for k in keys(u, si) {
            users[u].positions[k] = PositionState(leverage: lev)
            batches[b].positions.append(k)
        }
        return .success(true)
    }

    func privateSnapshotImpl(user: Int64, kind: ContractKind, now: Timestamp) -> SimPrivateUpdate? {
        guard let u = userIndexByID[user] else { return nil }
        let accounts = currencies(of: kind).map { accountSnapshot(user: u, currency: $0) }
        var positions: [SimPosition] = []
        for si in symbols.indices where symbols[si].instrument.spec.kind == kind {
            for k in keys(u, si) { positions.append(positionSnapshot(user: u, key: k, now: now)) }
        }
        var orders: [SimOrderEvent] = []
        for o in users[u].closed {
            guard let si = symbolIndex[o.symbol], symbols[si].instrument.spec.kind == kind else { continue }
            orders.append(snapshotEvent(o, user: u, symbol: si, now: now))
        }
        for slot in users[u].open {
            guard let st = slots[slot], symbols[st.symbol].instrument.spec.kind == kind else { continue }
            orders.append(snapshotEvent(st.order, user: u, symbol: st.symbol, now: now))
        }
        return SimPrivateUpdate(
            userID: user, kind: kind, accounts: accounts, orders: orders, positions: positions, time: now)
    }

    /// A state-only order event for snapshots.
    func snapshotEvent(_ o: SimOrder, user u: Int, symbol si: Int, now: Timestamp) -> SimOrderEvent {
        let key = posKey(u, si, o.posSide)
        let p = users[u].positions[key]
        let size = p?.size ?? 0
        return SimOrderEvent(
            order: o, action: .new, execStatus: o.execStatus, execQty: .zero, execPrice: .zero, execValue: .zero,
            execFee: .zero, feeRate: .zero, execID: SimOrderEvent.zeroExecID, liquidity: nil, tradeType: nil,
            code: o.bizError, message: "No error", cxlRejReason: 0, execSeq: execSeq,
            curPosSide: size > 0 ? .buy : (size < 0 ? .sell : nil), curPosSize: Quantity(raw: Int64(size.magnitude)),
            curPosValue: Money(raw: p?.cost ?? 0),
            curAccBalance: Money(raw: users[u].balances[symbols[si].instrument.spec.settleCurrency] ?? 0),
            curLeverage: p?.leverage ?? symbols[si].instrument.defaultLeverage, time: o.transactTime)
    }
}
