import MarketCore

extension ExchangeSimulator {
    /// Takes liquidity from the side opposite `takerSide`, best level first and FIFO within a
    /// level, until `qty` is filled or the next level is beyond `limitTicks`. Resting orders get
    /// maker fills; `taker` (an order slot) gets one taker fill per level. Prints one trade per
    /// level. Returns the filled quantity.
    mutating func sweep(_ si: Int, takerSide: Side, qty: Int64, limitTicks: Int64?, taker: Int?, now: Timestamp) -> Int64 {
        var remaining = qty
        let buy = takerSide == .buy
        let tick = symbols[si].tick
        while remaining > 0 {
            guard let first = buy ? symbols[si].asks.levels.first : symbols[si].bids.levels.first else { break }
            if let lim = limitTicks, buy ? first.ticks > lim : first.ticks < lim { break }
            // Take the level out so fills can mutate the rest of `self` freely.
            var level = first
            if buy { symbols[si].asks.levels[0].entries = [] } else { symbols[si].bids.levels[0].entries = [] }
            let price = Price(raw: level.ticks &* tick)
            var levelFilled: Int64 = 0
            var e = 0
            while e < level.entries.count && remaining > 0 {
                let owner = level.entries[e].owner
                if owner < 0 {
                    symbols[si].needsRefill = true
                    let take = min(level.entries[e].qty, remaining)
                    level.entries[e].qty -= take
                    level.synthetic -= take
                    level.total -= take
                    levelFilled += take
                    remaining -= take
                } else {
                    let slot = Int(owner)
                    var take = min(level.entries[e].qty, remaining)
                    let cap = closableCap(slot)
                    if cap < take { take = cap }
                    if take > 0 {
                        applyFill(slot: slot, qty: take, price: price, liquidity: .maker, now: now)
                        level.entries[e].qty -= take
                        level.total -= take
                        levelFilled += take
                        remaining -= take
                    }
                    if level.entries[e].qty > 0 && closableCap(slot) == 0 {
                        // Reduce-only maker with nothing left to reduce: cancel the rest.
                        let q = level.entries[e].qty
                        level.entries[e].qty = 0
                        level.total -= q
                        if var st = slots[slot] {
                            st.resting = false
                            slots[slot] = st
                        }
                        finishOrder(
                            slot: slot, status: .canceled, action: .cancel, execStatus: .canceled, code: 11011,
                            message: "TE_REDUCE_ONLY_ABORT", cxlRejReason: 0, now: now)
                    }
                }
                if level.entries[e].qty == 0 { level.entries.remove(at: e) } else { e += 1 }
            }
            if level.total == 0 {
                if buy { symbols[si].asks.levels.remove(at: 0) } else { symbols[si].bids.levels.remove(at: 0) }
            } else {
                if buy { symbols[si].asks.levels[0] = level } else { symbols[si].bids.levels[0] = level }
            }
            markDirty(si, now: now)
            if levelFilled > 0 {
                if let t = taker { applyFill(slot: t, qty: levelFilled, price: price, liquidity: .taker, now: now) }
                recordTrade(si, side: takerSide, price: price, qty: levelFilled, now: now)
            }
            // levelFilled == 0 means only exhausted reduce-only entries were removed: progress
            // was made, so the loop continues with the level's remaining liquidity.
        }
        return qty - remaining
    }

    /// Prints a public trade and updates last price and statistics.
    mutating func recordTrade(_ si: Int, side: Side, price: Price, qty: Int64, now: Timestamp) {
        symbols[si].pendingTrades.append(SimTrade(time: now, side: side, price: price, size: Quantity(raw: qty)))
        symbols[si].lastPrice = price
        if price > symbols[si].high { symbols[si].high = price }
        if price < symbols[si].low { symbols[si].low = price }
        symbols[si].volume &+= qty
        let spec = symbols[si].instrument.spec
        let quote =
            spec.kind == .linear
            ? (Money.product(price, Quantity(raw: qty))?.raw ?? 0)
            : (Money.product(Quantity(raw: qty), spec.contractSize)?.raw ?? 0)
        symbols[si].turnover &+= quote
        symbols[si].priceMoved = true
    }

    /// How much more a closing order (reduce-only or hedged closing side) may fill; Int64.max for
    /// opening orders.
    func closableCap(_ slot: Int) -> Int64 {
        guard let st = slots[slot] else { return 0 }
        let o = st.order
        guard isClosing(o, user: st.user, symbol: st.symbol) else { return Int64.max }
        return closable(user: st.user, key: posKey(st.user, st.symbol, o.posSide), side: o.side)
    }

    /// `true` for reduce-only / close-on-trigger orders and hedged closing orders.
    func isClosing(_ o: SimOrder, user: Int, symbol: Int) -> Bool {
        if o.reduceOnly || o.closeOnTrigger { return true }
        return (o.side == .sell && o.posSide == .long) || (o.side == .buy && o.posSide == .short)
    }

    /// The position key an order of `posSide` uses (one-way: merged).
    func posKey(_ u: Int, _ si: Int, _ posSide: PositionSide) -> PosKey {
        PosKey(symbol: si, side: (users[u].modes[si] ?? .oneWay) == .hedged ? posSide : .merged)
    }

    /// Size an order of `side` can close on `key`.
    func closable(user u: Int, key: PosKey, side: Side) -> Int64 {
        let size = users[u].positions[key]?.size ?? 0
        return side == .sell ? max(0, size) : max(0, -size)
    }

    /// Fill value in the settle currency, truncated to 10⁻⁸.
    func execValue(_ si: Int, price: Price, qty: Int64) -> Int64 {
        let spec = symbols[si].instrument.spec
        switch spec.kind {
        case .linear:
            let v = SimFormat.mulDiv(price.raw, SimFormat.mulDiv(qty, spec.contractSize.raw, FixedPointScale.factor), FixedPointScale.factor)
            return SimFormat.round8(v)
        case .inverse:
            guard price.raw > 0 else { return 0 }
            let usd = SimFormat.mulDiv(qty, spec.contractSize.raw, FixedPointScale.factor)
            return SimFormat.round8(SimFormat.mulDiv(usd, FixedPointScale.factor, price.raw))
        }
    }

    /// Applies one fill to an order, its position and wallet, and emits the order event.
    mutating func applyFill(slot: Int, qty: Int64, price: Price, liquidity: Liquidity, now: Timestamp) {
        guard var st = slots[slot] else { return }
        let u = st.user
        let si = st.symbol
        let value = execValue(si, price: price, qty: qty)
        let rate = liquidity == .maker ? config.makerFeeRate : config.takerFeeRate
        let fee = SimFormat.round8(SimFormat.mulDiv(value, rate.raw, FixedPointScale.factor))
        let key = posKey(u, si, st.order.posSide)
        let (closedQty, realized) = applyToPosition(
            user: u, key: key, side: st.order.side, qty: qty, value: value, fee: fee, now: now)
        let cur = symbols[si].instrument.spec.settleCurrency
        users[u].balances[cur, default: 0] &+= realized - fee
        var o = st.order
        o.cumQty = Quantity(raw: o.cumQty.raw + qty)
        o.leavesQty = Quantity(raw: max(0, o.leavesQty.raw - qty))
        o.cumValue = Money(raw: o.cumValue.raw &+ value)
        o.cumFee = Money(raw: o.cumFee.raw &+ fee)
        o.closedPnl = Money(raw: o.closedPnl.raw &+ realized)
        o.closedSize = Quantity(raw: o.closedSize.raw + closedQty)
        o.ordStatus = o.leavesQty.raw == 0 ? .filled : .partiallyFilled
        o.execStatus = liquidity == .maker ? .makerFill : .takerFill
        o.leavesValue = leavesValue(si, o)
        o.transactTime = now
        st.order = o
        slots[slot] = st
        let execID = SimFormat.uuid(idRng.next(), idRng.next())
        emitOrderEvent(
            slot: slot, action: .new, execStatus: o.execStatus, execQty: qty, execPrice: price, execValue: value,
            execFee: fee, feeRate: rate, execID: execID, liquidity: liquidity, tradeType: "Trade", code: 0,
            message: "No error", cxlRejReason: 0, positionTouched: true, now: now)
        if o.leavesQty.raw == 0 { retireOrder(slot: slot) }
    }

    /// Value of the unfilled part at the order's price (0 without a price).
    func leavesValue(_ si: Int, _ o: SimOrder) -> Money {
        guard let p = o.price, o.leavesQty.raw > 0 else { return .zero }
        return Money(raw: execValue(si, price: p, qty: o.leavesQty.raw))
    }

    /// Updates a position with a fill; returns (closed size, realized PnL before fees).
    mutating func applyToPosition(
        user u: Int, key: PosKey, side: Side, qty: Int64, value: Int64, fee: Int64, now: Timestamp
    ) -> (Int64, Int64) {
        let si = key.symbol
        var p = users[u].positions[key] ?? PositionState(leverage: symbols[si].instrument.defaultLeverage)
        let signed = side == .buy ? qty : -qty
        var closed: Int64 = 0
        var realized: Int64 = 0
        let linear = symbols[si].instrument.spec.kind == .linear
        if p.size == 0 || (p.size > 0) == (signed > 0) {
            p.size += signed
            p.cost &+= value
        } else {
            let absSize = p.size.magnitude
            closed = Int64(min(UInt64(qty), absSize))
            let portion = SimFormat.mulDiv(p.cost, closed, Int64(absSize))
            let closeValue = closed == qty ? value : SimFormat.mulDiv(value, closed, qty)
            let long = p.size > 0
            if linear {
                realized = long ? closeValue - portion : portion - closeValue
            } else {
                realized = long ? portion - closeValue : closeValue - portion
            }
            realized = SimFormat.round8(realized)
            p.cost -= portion
            p.size += long ? -closed : closed
            let rest = qty - closed
            if rest > 0 {
                p.size = side == .buy ? rest : -rest
                p.cost = value - closeValue
            }
            if p.size == 0 {
                p.cost = 0
                p.term += 1
                p.termRealised = 0
            }
        }
        p.cumClosedPnl &+= realized
        p.cumFee &+= fee
        p.termRealised &+= realized - fee
        execSeq += 1
        p.execSeq = execSeq
        p.dataVer += 1
        p.updated = now
        users[u].positions[key] = p
        touchedPositions.append(TouchedPosition(user: u, key: key))
        return (closed, realized)
    }
}
