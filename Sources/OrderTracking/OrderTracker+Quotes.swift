import MarketCore
import Strategies

extension OrderTracker {
    /// Moves the live quotes of `symbol` towards `desired` with the fewest requests: keep what
    /// is within hysteresis, amend what moved enough, cancel what is no longer wanted, place
    /// what is missing. Nothing is queued: a delayed step is re-evaluated from the latest
    /// desired set when its timer fires (`onTimer`).
    public mutating func reconcileQuotes(symbol: Symbol, desired: [QuoteProposal], market: MarketSnapshot, now: Timestamp) -> [TrackerAction] {
        var out: [TrackerAction] = []
        // Room for the usual answer (a few audits, a send or two, a wake) at once: growing the
        // array from empty moved every action already in it at each doubling.
        out.reserveCapacity(8)
        if now > lastNow { lastNow = now }
        guard let si = Self.symbolIndex(symbol, in: symbols) else {
            audit(.new, symbol: symbol, verdict: .deny(rule: .validation, reason: .unknownSymbol), now: now, out: &out)
            return out
        }
        observeInternal(market, now: now, out: &out)
        // The usual proposal set (all for `symbol`, one per side and level) is kept as it is
        // (shared, not copied); only another set is filtered to its first proposal per side
        // and level.
        if Self.isOwnUniqueSet(desired, symbol: symbol) {
            symbols[si].desired = desired
        } else {
            var seen: [(Side, Int)] = []
            var target: [QuoteProposal] = []
            for d in desired where d.symbol == symbol && !seen.contains(where: { $0 == (d.side, d.level) }) {
                seen.append((d.side, d.level))
                target.append(d)
            }
            symbols[si].desired = target
        }
        symbols[si].reconcileAt = nil
        reconcileInternal(si: si, now: now, out: &out)
        pump(now: now, out: &out)
        return out
    }

    /// `true` when every proposal is for `symbol` and no side and level occurs twice (what the
    /// filter in `reconcileQuotes` keeps unchanged). Fields are compared in place.
    static func isOwnUniqueSet(_ desired: [QuoteProposal], symbol: Symbol) -> Bool {
        for k in desired.indices {
            guard desired[k].symbol == symbol else { return false }
            for j in 0..<k where desired[j].side == desired[k].side && desired[j].level == desired[k].level { return false }
        }
        return true
    }

    /// `true` when the live order is within hysteresis of the proposal (no amend needed).
    func withinHysteresis(_ o: TrackedOrder, _ d: QuoteProposal, si: Int, now: Timestamp) -> Bool {
        withinHysteresis(price: o.price, leaves: o.leavesQuantity, d, si: si, now: now)
    }

    /// `withinHysteresis` of open order `oi` of symbol `si`, its fields read in place.
    func withinHysteresis(orderAt oi: Int, _ d: QuoteProposal, si: Int, now: Timestamp) -> Bool {
        withinHysteresis(price: symbols[si].orders[oi].price, leaves: symbols[si].orders[oi].leavesQuantity, d, si: si, now: now)
    }

    /// `withinHysteresis` of an order resting at `price` with `leaves` open.
    func withinHysteresis(price: Price?, leaves leavesQuantity: Quantity, _ d: QuoteProposal, si: Int, now: Timestamp) -> Bool {
        let f = hysteresisFactor(si: si, now: now)
        let l = rules.lifecycle
        let old = price ?? .zero
        let dp = Int128(abs(d.price.raw - old.raw))
        let tick = Int128(symbols[si].spec.tickSize.raw)
        let priceMoved =
            dp > 0 && dp >= Int128(l.amendMinTicks) * tick * Int128(f)
            && dp * 10_000 >= Int128(old.raw) * Int128(l.amendMinBps) * Int128(f)
        let leaves = Int128(leavesQuantity.raw)
        let dq = Int128(abs(d.quantity.raw - leavesQuantity.raw))
        let sizeMoved = dq > 0 && dq * 100 >= leaves * Int128(l.amendMinSizePct) * Int128(f)
        return !(priceMoved || sizeMoved)
    }

    /// Placing order of a quote: level, then the side that reduces the position, then bids
    /// before asks.
    typealias QuoteOrderKey = (level: Int, reducing: Int, side: Int)

    /// The placing key of `target[i]`.
    static func quoteOrderKey(_ target: [QuoteProposal], _ i: Int, reducingSide: Side?) -> QuoteOrderKey {
        let side = target[i].side
        return (target[i].level, side == reducingSide ? 0 : 1, side == .buy ? 0 : 1)
    }

    /// The index of the proposal with the smallest placing key above `last` (the first key when
    /// `last` is nil); `target` must hold a key above `last`. A handful of quotes: a scan each.
    static func nextInQuoteOrder(_ target: [QuoteProposal], after last: QuoteOrderKey?, reducingSide: Side?) -> Int {
        var best = -1
        var bestKey: QuoteOrderKey = (0, 0, 0)
        for i in target.indices {
            let k = quoteOrderKey(target, i, reducingSide: reducingSide)
            if let last, !(last < k) { continue }
            if best < 0 || k < bestKey {
                best = i
                bestKey = k
            }
        }
        return best
    }

    /// The market moved through the order or it left the quote collar: moving it is risk-reducing.
    func isAdverse(_ o: TrackedOrder, si: Int) -> Bool {
        guard let p = o.price, let m = symbols[si].market else { return false }
        if o.side == .buy, let ask = m.bestAsk, p >= ask { return true }
        if o.side == .sell, let bid = m.bestBid, p <= bid { return true }
        if let ref = m.markPrice ?? m.referencePrice {
            let band = TrackerMath.mulDiv(ref.raw, Int64(rules.collar.quoteBps), 10_000)
            if abs(p.raw - ref.raw) > band { return true }
        }
        return false
    }

    /// The symbol's position (raw), read in place: a plain read of `symbols[si].market` here
    /// compiled to a copy of the whole `SymbolRuntime` (retaining and releasing every array in
    /// it) on each reconcile; an `inout` access reads the field without the copy.
    static func positionRaw(_ s: inout SymbolRuntime) -> Int64 { s.market?.position.raw ?? 0 }

    func quoteIntent(_ d: QuoteProposal) -> OrderIntent {
        OrderIntent(
            kind: .new, symbol: d.symbol, side: d.side, type: .limit, timeInForce: d.timeInForce, price: d.price,
            quantity: d.quantity, reduceOnly: d.reduceOnly, isRisk: false, isQuote: true, weight: rules.weights.place)
    }

    mutating func reconcileInternal(si: Int, now: Timestamp, out: inout [TrackerAction]) {
        guard var target = symbols[si].desired else { return }
        var earliest: Timestamp?
        func later(_ t: Timestamp) { earliest = earliest.map { min($0, t) } ?? t }
        let state = max(accountState, symbols[si].state)
        if state == .halted {
            target = []
        } else if state == .reducing {
            let m = symbols[si].market
            target = target.filter { reducesPosition(quoteIntent($0), market: m) }
        }
        // 1. cancel live quotes no longer wanted
        var k = 0
        while k < symbols[si].orders.count {
            // The common "still wanted" answer is read in place; only an order to cancel is copied.
            let role = symbols[si].orders[k].role, side = symbols[si].orders[k].side, level = symbols[si].orders[k].level
            guard role != .single, symbols[si].orders[k].state.isWorking, !symbols[si].orders[k].cancelWanted else {
                k += 1
                continue
            }
            if target.contains(where: { $0.side == side && $0.level == level }) {
                k += 1
                continue
            }
            let o = symbols[si].orders[k]
            k += 1
            let risk = state != .active || isAdverse(o, si: si)
            var intent = OrderIntent(
                kind: .cancel, symbol: o.symbol, side: o.side, type: o.type, timeInForce: o.timeInForce, price: o.price,
                quantity: o.quantity, isRisk: risk, isQuote: true, orderAge: now - o.restingSince, clientOrderID: o.clientOrderID,
                weight: rules.weights.cancel)
            intent.reduceOnly = o.reduceOnly
            let market = symbols[si].market
            let v = evaluate(intent, si: si, market: market, now: now)
            switch v {
            case .allow:
                sendCancel(si: si, id: o.clientOrderID, intent: intent, now: now, out: &out)
            case .delay(let t, _, _):
                later(t)
                audit(.cancel, symbol: o.symbol, side: o.side, id: o.clientOrderID, verdict: v, now: now, out: &out)
            default:
                audit(.cancel, symbol: o.symbol, side: o.side, id: o.clientOrderID, verdict: v, now: now, out: &out)
            }
        }
        // 2. amend or place, position-reducing side first
        let pos = Self.positionRaw(&symbols[si])
        let reducingSide: Side? = pos > 0 ? .sell : (pos < 0 ? .buy : nil)
        // level by level, both sides together (keeps the layering guard balanced): each step
        // takes the proposal with the next placing key (no sorted copy of the proposals; side
        // and level are unique in `target`, so every key differs and the order is the sort's).
        var lastKey: QuoteOrderKey?
        for _ in target.indices {
            let t = Self.nextInQuoteOrder(target, after: lastKey, reducingSide: reducingSide)
            guard t >= 0 else { break }  // (never: keys are unique)
            lastKey = Self.quoteOrderKey(target, t, reducingSide: reducingSide)
            let d = target[t]
            if let oi = symbols[si].orders.firstIndex(where: { $0.role != .single && $0.side == d.side && $0.level == d.level && $0.state.isOpen }) {
                // The usual "keep it" answers read the order in place; only an amend copies it.
                guard symbols[si].orders[oi].state.isWorking, !symbols[si].orders[oi].cancelWanted else { continue }
                if withinHysteresis(orderAt: oi, d, si: si, now: now) { continue }
                let o = symbols[si].orders[oi]
                let risk = isAdverse(o, si: si)
                let intent = OrderIntent(
                    kind: .amend, symbol: o.symbol, side: o.side, type: o.type, timeInForce: o.timeInForce, price: d.price,
                    quantity: o.filledQuantity + d.quantity, reduceOnly: o.reduceOnly, isRisk: risk, isQuote: true,
                    orderAge: now - o.restingSince, clientOrderID: o.clientOrderID, weight: rules.weights.amend)
                let market = symbols[si].market
                let v = evaluate(intent, si: si, market: market, now: now)
                switch v {
                case .allow:
                    sendAmend(si: si, id: o.clientOrderID, intent: intent, now: now, out: &out)
                case .delay(let t, _, _):
                    later(t)
                    audit(.amend, symbol: o.symbol, side: o.side, id: o.clientOrderID, price: d.price, quantity: d.quantity, verdict: v, now: now, out: &out)
                case .degrade(let s, let r, let reason):
                    audit(.amend, symbol: o.symbol, side: o.side, id: o.clientOrderID, price: d.price, quantity: d.quantity, verdict: v, now: now, out: &out)
                    setSymbolState(si, s, until: now + .seconds(Int64(reducingSeconds(r))), rule: r, reason: reason, now: now, out: &out)
                case .deny:
                    audit(.amend, symbol: o.symbol, side: o.side, id: o.clientOrderID, price: d.price, quantity: d.quantity, verdict: v, now: now, out: &out)
                }
            } else {
                let intent = quoteIntent(d)
                let market = symbols[si].market
                let v = evaluate(intent, si: si, market: market, now: now)
                switch v {
                case .allow:
                    let (id, seq) = allocateID()
                    let req = OrderRequest(
                        clientOrderID: id, symbol: d.symbol, side: d.side, type: .limit, timeInForce: d.timeInForce, price: d.price,
                        quantity: d.quantity, reduceOnly: d.reduceOnly, positionSide: d.positionSide)
                    placeOrder(si: si, request: req, sequence: seq, role: .quote, level: d.level, intent: intent, tag: nil, now: now, out: &out)
                case .delay(let t, _, _):
                    later(t)
                    audit(.new, symbol: d.symbol, side: d.side, price: d.price, quantity: d.quantity, verdict: v, now: now, out: &out)
                case .degrade(let s, let r, let reason):
                    audit(.new, symbol: d.symbol, side: d.side, price: d.price, quantity: d.quantity, verdict: v, now: now, out: &out)
                    setSymbolState(si, s, until: now + .seconds(Int64(reducingSeconds(r))), rule: r, reason: reason, now: now, out: &out)
                case .deny:
                    audit(.new, symbol: d.symbol, side: d.side, price: d.price, quantity: d.quantity, verdict: v, now: now, out: &out)
                }
            }
        }
        if let e = earliest {
            symbols[si].reconcileAt = symbols[si].reconcileAt.map { min($0, e) } ?? e
        }
    }

    /// How long a hard breach of `rule` keeps the symbol in REDUCING.
    func reducingSeconds(_ rule: RuleID) -> Int {
        let r = rules.ratios
        switch rule {
        case .r9: return r.otr10m.reducingSeconds
        case .r10: return r.unfilled10m.reducingSeconds
        case .r11: return r.quickCancel10m.reducingSeconds
        case .r12: return r.iocExpiry10m.reducingSeconds
        case .r13: return r.dust10m.reducingSeconds
        default: return r.otr10m.reducingSeconds
        }
    }

    // MARK: sending

    mutating func placeOrder(
        si: Int, request: OrderRequest, sequence: UInt64, role: OrderRole, level: Int, intent: OrderIntent, tag: String?,
        now: Timestamp, out: inout [TrackerAction]
    ) {
        let o = TrackedOrder(
            id: request.clientOrderID, sequence: sequence, role: role, request: request, level: level, isRisk: intent.isRisk, tag: tag, now: now)
        symbols[si].orders.append(o)
        commit(intent, si: si, now: now)
        audit(intent.kind, symbol: request.symbol, side: request.side, id: request.clientOrderID, price: request.price, quantity: request.quantity, verdict: .allow, now: now, out: &out)
        _ = emitSend(intent.kind, .place(request), out: &out)
    }

    mutating func sendAmend(si: Int, id: ClientOrderID, intent: OrderIntent, now: Timestamp, out: inout [TrackerAction]) {
        guard let oi = Self.orderIndex(id, in: symbols[si].orders), symbols[si].orders[oi].apply(.sendAmend, now: now) else { return }
        symbols[si].orders[oi].pendingPrice = intent.price
        symbols[si].orders[oi].pendingQuantity = intent.quantity
        symbols[si].orders[oi].amendCount += 1
        let o = symbols[si].orders[oi]
        commit(intent, si: si, now: now)
        symbols[si].orders[oi].restingSince = now
        audit(.amend, symbol: o.symbol, side: o.side, id: id, price: intent.price, quantity: intent.quantity, verdict: .allow, now: now, out: &out)
        _ = emitSend(
            .amend,
            .amend(
                clientOrderID: id, symbol: o.symbol, positionSide: o.positionSide, price: intent.price == o.price ? nil : intent.price,
                quantity: intent.quantity == o.quantity ? nil : intent.quantity), out: &out)
    }

    mutating func sendCancel(si: Int, id: ClientOrderID, intent: OrderIntent, now: Timestamp, out: inout [TrackerAction]) {
        guard let oi = Self.orderIndex(id, in: symbols[si].orders), symbols[si].orders[oi].apply(.sendCancel, now: now) else { return }
        let o = symbols[si].orders[oi]
        commit(intent, si: si, now: now)
        audit(.cancel, symbol: o.symbol, side: o.side, id: id, price: o.price, quantity: o.quantity, verdict: .allow, detail: intent.isRisk ? "risk" : nil, now: now, out: &out)
        _ = emitSend(.cancel, .cancel(clientOrderID: id, symbol: o.symbol, positionSide: o.positionSide), out: &out)
    }
}
