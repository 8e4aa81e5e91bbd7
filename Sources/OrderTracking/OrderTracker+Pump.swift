import MarketCore
import Strategies

extension OrderTracker {
    /// Timer: sends what became allowed, in priority order (cancels, queries, risk-reducing
    /// one-offs, other one-offs, then quotes re-evaluated from the latest desired set).
    public mutating func onTimer(now: Timestamp) -> [TrackerAction] {
        var out: [TrackerAction] = []
        if now > lastNow { lastNow = now }
        pump(now: now, out: &out)
        return out
    }

    /// Risk cancel of every own order (of one symbol, or all): by own clOrdIDs only (never a
    /// venue cancel-all), exempt from resting-time, mutation and activity rules. The symbol's
    /// quote target is cleared: quoting resumes with the next `reconcileQuotes`.
    public mutating func cancelAllOwn(symbol: Symbol?, reason: String, now: Timestamp) -> [TrackerAction] {
        var out: [TrackerAction] = []
        if now > lastNow { lastNow = now }
        for si in symbols.indices where symbol == nil || symbols[si].symbol == symbol {
            cancelAllInternal(symbolIndex: si, reason: reason, now: now, out: &out)
        }
        pump(now: now, out: &out)
        return out
    }

    mutating func cancelAllInternal(symbolIndex si: Int, reason: String, now: Timestamp, out: inout [TrackerAction]) {
        symbols[si].desired = nil
        symbols[si].reconcileAt = nil
        if !queued.isEmpty {
            let symbol = symbols[si].symbol
            queued.removeAll { $0.proposal.symbol == symbol && !$0.proposal.isRiskReducing }
        }
        var n = 0
        for oi in symbols[si].orders.indices {
            // A cancel already wanted for a requote is upgraded to a risk cancel, so no
            // resting-time or activity rule can hold it back any longer.
            symbols[si].orders[oi].cancelIsRisk = true
            symbols[si].orders[oi].retryAt = nil
            if symbols[si].orders[oi].cancelWanted { continue }
            symbols[si].orders[oi].cancelWanted = true
            n += 1
        }
        if n > 0 {
            auditEvent(.cancelAll, symbol: symbols[si].symbol, rule: .none, reason: .ok, detail: TrackerText.ownOrders(n, reason: reason), now: now, out: &out)
        }
    }

    /// Submits a one-off order (stop, take-profit, webhook signal). Allowed → sent now; delayed →
    /// queued (same clOrdID) and retried on the timer until `queued_order_expiry`; denied → nil.
    public mutating func submit(_ order: OrderProposal, market: MarketSnapshot, now: Timestamp) -> (ClientOrderID?, [TrackerAction]) {
        var out: [TrackerAction] = []
        if now > lastNow { lastNow = now }
        guard let si = Self.symbolIndex(order.symbol, in: symbols) else {
            audit(.new, symbol: order.symbol, side: order.side, verdict: .deny(rule: .validation, reason: .unknownSymbol), detail: order.tag, now: now, out: &out)
            return (nil, out)
        }
        observeInternal(market, now: now, out: &out)
        let (id, seq) = allocateID()
        let v = trySubmit(si: si, id: id, sequence: seq, proposal: order, now: now, out: &out)
        var result: ClientOrderID? = id
        switch v {
        case .allow: break
        case .delay(let t, _, _):
            queued.append(QueuedOrder(id: id, sequence: seq, proposal: order, retryAt: t, expiresAt: now + config.queuedOrderExpiry))
        case .deny, .degrade: result = nil
        }
        pump(now: now, out: &out)
        return (result, out)
    }

    func submitIntent(_ p: OrderProposal, id: ClientOrderID) -> OrderIntent {
        OrderIntent(
            kind: p.isRiskReducing ? .riskOrder : .new, symbol: p.symbol, side: p.side, type: p.type, timeInForce: p.timeInForce,
            price: p.price, quantity: p.quantity, reduceOnly: p.reduceOnly, isRisk: p.isRiskReducing, isQuote: false,
            clientOrderID: id, weight: rules.weights.place)
    }

    mutating func trySubmit(si: Int, id: ClientOrderID, sequence: UInt64, proposal p: OrderProposal, now: Timestamp, out: inout [TrackerAction]) -> Verdict {
        let intent = submitIntent(p, id: id)
        let market = symbols[si].market
        let v = evaluate(intent, si: si, market: market, now: now)
        switch v {
        case .allow:
            let req = OrderRequest(
                clientOrderID: id, symbol: p.symbol, side: p.side, type: p.type, timeInForce: p.timeInForce, price: p.price,
                stopPrice: p.stopPrice, quantity: p.quantity, reduceOnly: p.reduceOnly, positionSide: p.positionSide, trigger: p.trigger)
            placeOrder(si: si, request: req, sequence: sequence, role: .single, level: -1, intent: intent, tag: p.tag, now: now, out: &out)
        case .degrade(let s, let r, let reason):
            audit(intent.kind, symbol: p.symbol, side: p.side, id: id, price: p.price, quantity: p.quantity, verdict: v, detail: p.tag, now: now, out: &out)
            setSymbolState(si, s, until: now + .seconds(Int64(reducingSeconds(r))), rule: r, reason: reason, now: now, out: &out)
        default:
            audit(intent.kind, symbol: p.symbol, side: p.side, id: id, price: p.price, quantity: p.quantity, verdict: v, detail: p.tag, now: now, out: &out)
        }
        return v
    }

    /// Sends everything that is due and allowed, then asks for a wake-up at the next deadline.
    mutating func pump(now: Timestamp, out: inout [TrackerAction]) {
        updateStates(now: now, out: &out)
        // 1. wanted cancels (risk first: they are all risk or retries)
        for si in symbols.indices { sendWantedCancels(si: si, now: now, out: &out) }
        // 2. queries and resends resolving unknown outcomes
        for si in symbols.indices { sendQueries(si: si, now: now, out: &out) }
        // 3. queued one-offs: risk-reducing first
        if !queued.isEmpty {
            let due = queued.filter { $0.retryAt <= now }.sorted { ($0.proposal.isRiskReducing ? 0 : 1, $0.sequence) < ($1.proposal.isRiskReducing ? 0 : 1, $1.sequence) }
            for q in due {
                queued.removeAll { $0.id == q.id }
                guard let si = Self.symbolIndex(q.proposal.symbol, in: symbols) else { continue }
                if q.expiresAt <= now {
                    auditEvent(.new, symbol: q.proposal.symbol, side: q.proposal.side, id: q.id, rule: .none, reason: .expired, detail: "queued order expired \(q.proposal.tag ?? "")", now: now, out: &out)
                    continue
                }
                let v = trySubmit(si: si, id: q.id, sequence: q.sequence, proposal: q.proposal, now: now, out: &out)
                if case .delay(let t, _, _) = v {
                    var r = q
                    r.retryAt = min(t, q.expiresAt)
                    queued.append(r)
                }
            }
        }
        // 4. quotes whose delay ended: re-evaluated from the latest target
        for si in symbols.indices {
            if let t = symbols[si].reconcileAt, t <= now {
                symbols[si].reconcileAt = nil
                reconcileInternal(si: si, now: now, out: &out)
            }
        }
        pruneClosed(now: now)
        requestWake(now: now, out: &out)
    }

    mutating func sendWantedCancels(si: Int, now: Timestamp, out: inout [TrackerAction]) {
        // Fields read in place (this runs on every pump; copying each order copies all of it).
        var ready: [ClientOrderID] = []
        for k in symbols[si].orders.indices where symbols[si].orders[k].cancelWanted {
            guard symbols[si].orders[k].retryAt.map({ $0 <= now }) ?? true,
                OrderLifecycle.next(symbols[si].orders[k].state, .sendCancel) != nil
            else { continue }
            ready.append(symbols[si].orders[k].clientOrderID)
        }
        guard !ready.isEmpty else { return }
        var start = 0
        while start < ready.count {
            let chunk = Array(ready[start..<min(ready.count, start + max(1, config.bulkCancelMax))])
            start += chunk.count
            guard let first = Self.orderIndex(chunk[0], in: symbols[si].orders) else { continue }
            let o = symbols[si].orders[first]
            let bulk = chunk.count > 1
            let intent = OrderIntent(
                kind: bulk ? .cancelAll : .cancel, symbol: o.symbol, side: o.side, type: o.type, timeInForce: o.timeInForce,
                price: o.price, quantity: o.quantity, isRisk: o.cancelIsRisk, isQuote: false, orderAge: now - o.restingSince,
                clientOrderID: bulk ? nil : o.clientOrderID, weight: bulk ? rules.weights.cancelBulk : rules.weights.cancel)
            let market = symbols[si].market
            let v = evaluate(intent, si: si, market: market, now: now)
            guard case .allow = v else {
                var until: Timestamp?
                if case .delay(let t, _, _) = v { until = t } else { until = now + .millis(Int64(rules.retry.overloadBackoffMs.first ?? 500)) }
                for id in chunk { if let oi = Self.orderIndex(id, in: symbols[si].orders) { symbols[si].orders[oi].retryAt = until } }
                audit(intent.kind, symbol: o.symbol, id: intent.clientOrderID, verdict: v, detail: "\(chunk.count) own orders", now: now, out: &out)
                continue
            }
            if !bulk {
                sendCancel(si: si, id: o.clientOrderID, intent: intent, now: now, out: &out)
                continue
            }
            var sent: [ClientOrderID] = []
            for id in chunk {
                if let oi = Self.orderIndex(id, in: symbols[si].orders), symbols[si].orders[oi].apply(.sendCancel, now: now) { sent.append(id) }
            }
            commit(intent, si: si, now: now)
            audit(.cancelAll, symbol: o.symbol, verdict: .allow, detail: TrackerText.bulkCancel(sent), now: now, out: &out)
            _ = emitSend(.cancelAll, .cancelBulk(clientOrderIDs: sent, symbol: o.symbol, positionSide: o.positionSide), out: &out)
        }
    }

    mutating func sendQueries(si: Int, now: Timestamp, out: inout [TrackerAction]) {
        var k = 0
        while k < symbols[si].orders.count {
            // Flags read in place: only an order with a query or resend due is copied (this
            // runs on every pump).
            guard symbols[si].orders[k].queryWanted || symbols[si].orders[k].resendWanted,
                symbols[si].orders[k].retryAt.map({ $0 <= now }) ?? true
            else {
                k += 1
                continue
            }
            let o = symbols[si].orders[k]
            k += 1
            if o.cancelWanted && OrderLifecycle.next(o.state, .sendCancel) != nil { continue }
            if o.resendWanted {
                let intent = OrderIntent(
                    kind: o.isRisk ? .riskOrder : .new, symbol: o.symbol, side: o.side, type: o.type, timeInForce: o.timeInForce,
                    price: o.price, quantity: o.quantity, reduceOnly: o.reduceOnly, isRisk: o.isRisk, isQuote: false,
                    clientOrderID: o.clientOrderID, weight: rules.weights.place)
                let market = symbols[si].market
                let v = evaluate(intent, si: si, market: market, now: now)
                switch v {
                case .allow:
                    guard let oi = Self.orderIndex(o.clientOrderID, in: symbols[si].orders), symbols[si].orders[oi].apply(.resend, now: now) else { continue }
                    symbols[si].orders[oi].resendWanted = false
                    symbols[si].orders[oi].restingSince = now
                    commit(intent, si: si, now: now)
                    audit(intent.kind, symbol: o.symbol, side: o.side, id: o.clientOrderID, price: o.price, quantity: o.quantity, verdict: v, detail: "resend, same clOrdID", now: now, out: &out)
                    _ = emitSend(intent.kind, .place(o.request), out: &out)
                case .delay(let t, _, _):
                    if let oi = Self.orderIndex(o.clientOrderID, in: symbols[si].orders) { symbols[si].orders[oi].retryAt = t }
                    audit(intent.kind, symbol: o.symbol, side: o.side, id: o.clientOrderID, verdict: v, detail: "resend", now: now, out: &out)
                default:
                    if let oi = Self.orderIndex(o.clientOrderID, in: symbols[si].orders) {
                        symbols[si].orders[oi].resendWanted = false
                        _ = symbols[si].orders[oi].apply(.notFound, now: now)
                    }
                    audit(intent.kind, symbol: o.symbol, side: o.side, id: o.clientOrderID, verdict: v, detail: "resend dropped", now: now, out: &out)
                    finishIfTerminal(si: si, id: o.clientOrderID, now: now)
                }
                continue
            }
            let intent = OrderIntent(
                kind: .query, symbol: o.symbol, side: o.side, price: nil, quantity: o.quantity, isQuote: false,
                clientOrderID: o.clientOrderID, weight: rules.weights.queryOrder)
            let market = symbols[si].market
            let v = evaluate(intent, si: si, market: market, now: now)
            if case .allow = v {
                if let oi = Self.orderIndex(o.clientOrderID, in: symbols[si].orders) { symbols[si].orders[oi].queryWanted = false }
                commit(intent, si: si, now: now)
                audit(.query, symbol: o.symbol, id: o.clientOrderID, verdict: v, now: now, out: &out)
                _ = emitSend(.query, .queryOrder(clientOrderID: o.clientOrderID, symbol: o.symbol), out: &out)
            } else if case .delay(let t, _, _) = v {
                if let oi = Self.orderIndex(o.clientOrderID, in: symbols[si].orders) { symbols[si].orders[oi].retryAt = t }
                audit(.query, symbol: o.symbol, id: o.clientOrderID, verdict: v, now: now, out: &out)
            }
        }
    }

    /// Moves a terminal order out of the open list.
    mutating func finishIfTerminal(si: Int, id: ClientOrderID, now: Timestamp) {
        guard let oi = Self.orderIndex(id, in: symbols[si].orders), symbols[si].orders[oi].state.isTerminal else { return }
        var o = symbols[si].orders.remove(at: oi)
        o.cancelWanted = false
        o.queryWanted = false
        o.resendWanted = false
        o.retryAt = nil
        if o.closedAt == nil { o.closedAt = now }
        closed.append(o)
        if o.role != .single && symbols[si].desired != nil { symbols[si].reconcileAt = now }
    }

    mutating func pruneClosed(now: Timestamp) {
        let cut = now - config.terminalRetention
        var drop = 0
        while drop < closed.count, closed.count - drop > config.maxTerminalKept || (closed[drop].closedAt ?? now) < cut { drop += 1 }
        if drop > 0 { closed.removeFirst(drop) }
    }

    /// The next time something waits for (a delay ending, a retry, a state timer).
    func nextDeadline(after now: Timestamp) -> Timestamp? {
        var t: Timestamp?
        func consider(_ x: Timestamp?) {
            guard let x, x > now else { return }
            t = t.map { min($0, x) } ?? x
        }
        // By index, fields in place: no copy of a symbol's runtime or of an order.
        for si in symbols.indices {
            consider(symbols[si].reconcileAt)
            consider(symbols[si].stateUntil)
            for oi in symbols[si].orders.indices
            where symbols[si].orders[oi].cancelWanted || symbols[si].orders[oi].queryWanted || symbols[si].orders[oi].resendWanted {
                consider(symbols[si].orders[oi].retryAt)
            }
        }
        for qi in queued.indices { consider(min(queued[qi].retryAt, queued[qi].expiresAt)) }
        consider(accountUntil)
        return t
    }

    mutating func requestWake(now: Timestamp, out: inout [TrackerAction]) {
        // something due right now that could not progress (e.g. equal-time retry) is retried shortly
        guard let t = nextDeadline(after: now) else { return }
        if let w = lastWake, w > now, w <= t { return }
        lastWake = t
        out.append(.wake(at: t))
    }
}
