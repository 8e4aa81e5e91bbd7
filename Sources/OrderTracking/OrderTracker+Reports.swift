import MarketCore

extension OrderTracker {
    /// Applies an execution report (stream or REST) to the order it concerns. Events arriving
    /// out of order are handled by the transition table; fills are deduplicated by execID and
    /// never exceed the order quantity; refused events are audited and ignored.
    public mutating func handle(_ report: ExecutionReport, now: Timestamp) -> [TrackerAction] {
        var out: [TrackerAction] = []
        if now > lastNow { lastNow = now }
        apply(report, now: now, out: &out)
        pump(now: now, out: &out)
        return out
    }

    /// The lifecycle event an execution report means for an order.
    func event(for r: ExecutionReport, order o: TrackedOrder) -> OrderEvent? {
        switch r.kind {
        case .accepted, .triggered: return .accepted
        case .fill: return nil  // decided after the fill is recorded
        case .canceled: return .canceled
        case .rejected: return .rejected
        case .replaced: return .replaced
        case .status:
            switch r.status {
            case .created, .untriggered, .triggered, .new: return o.state == .pendingReplace ? nil : .accepted
            case .partiallyFilled: return nil
            case .filled: return nil
            case .canceled, .deactivated: return .canceled
            case .rejected: return .rejected
            }
        }
    }

    mutating func apply(_ r: ExecutionReport, now: Timestamp, out: inout [TrackerAction]) {
        guard let id = r.clientOrderID else { return }
        guard let (si, oi) = locate(id) else {
            applyToClosed(r, id: id, now: now, out: &out)
            return
        }
        var o = symbols[si].orders[oi]
        if o.exchangeOrderID == nil && !r.orderID.isEmpty { o.exchangeOrderID = r.orderID }
        o.exchangeStatus = r.status
        var ev: OrderEvent?
        var filledNow = Quantity.zero
        if r.kind == .fill, let f = r.fill {
            filledNow = o.recordFill(executionID: f.executionID, quantity: f.quantity)
            if filledNow.isZero && o.executionIDs.contains(f.executionID) && r.cumulativeQuantity <= o.filledQuantity {
                counters.duplicateFills += 1
            }
        }
        if r.kind == .fill || r.kind == .status {
            let before = o.filledQuantity
            o.syncCumulative(r.cumulativeQuantity)
            filledNow = filledNow + (o.filledQuantity - before)
        }
        if r.kind == .fill || (r.kind == .status && (r.status == .filled || r.status == .partiallyFilled)) {
            if o.filledQuantity.raw >= o.quantity.raw || r.status == .filled {
                ev = .fill
            } else if filledNow.raw > 0 || r.status == .partiallyFilled {
                ev = .partialFill
            }
        } else {
            ev = event(for: r, order: o)
        }
        if r.kind == .replaced {
            if let p = r.price { o.price = p }
            if r.orderQuantity.raw > 0 { o.quantity = max(r.orderQuantity, o.filledQuantity) }
            o.pendingPrice = nil
            o.pendingQuantity = nil
        }
        if r.kind == .canceled && (o.timeInForce == .immediateOrCancel || o.timeInForce == .fillOrKill || o.type == .market) && o.filledQuantity < o.quantity {
            var c = RatioCounts()
            c.iocExpired = 1
            symbols[si].stats10m.add(c, now: now)
        }
        if r.kind == .rejected {
            // a post-only cross is an expected race, not an error-budget item
            if r.errorCode != 0 && r.errorCode != 101 { recordError(symbol: o.symbol, code: r.errorCode, now: now, out: &out) }
            auditEvent(.new, symbol: o.symbol, side: o.side, id: id, rule: .none, reason: .exchangeReject, detail: "code \(r.errorCode) \(r.reason ?? "")", now: now, out: &out)
        }
        if let ev {
            if !o.apply(ev, now: now) {
                counters.refusedEvents += 1
                auditEvent(.other, symbol: o.symbol, id: id, rule: .none, reason: .ok, detail: "refused event \(ev.rawValue) in \(o.state.rawValue)", now: now, out: &out)
            }
        }
        if ev == .amendRejected || ev == .replaced || ev == .cancelRejected || ev == .accepted { o.retryCount = 0 }
        let wasQuote = o.role != .single
        symbols[si].orders[oi] = o
        if filledNow.raw > 0 {
            var c = RatioCounts()
            c.fills = 1
            c.filledQty = filledNow.raw
            symbols[si].stats10m.add(c, now: now)
            symbols[si].stats24h.add(c, now: now)
            recordFillForKill(si: si, side: o.side, now: now, out: &out)
        }
        if wasQuote && symbols[si].desired != nil { symbols[si].reconcileAt = now }
        finishIfTerminal(si: si, id: id, now: now)
    }

    /// Late events for finished orders: a fill that raced a cancel still counts; anything else
    /// (a cancel ack after a fill, a duplicate) is refused.
    mutating func applyToClosed(_ r: ExecutionReport, id: ClientOrderID, now: Timestamp, out: inout [TrackerAction]) {
        guard let ci = closed.lastIndex(where: { $0.clientOrderID == id }) else {
            // an own order we do not know (previous run): adopt it if it is open
            if ownSequence(id) != nil, r.status.isOpen { adoptOne(r, now: now, out: &out) }
            return
        }
        var o = closed[ci]
        var filledNow = Quantity.zero
        if r.kind == .fill, let f = r.fill {
            filledNow = o.recordFill(executionID: f.executionID, quantity: f.quantity)
            if filledNow.isZero { counters.duplicateFills += 1 }
        }
        if r.kind == .fill || r.kind == .status {
            let before = o.filledQuantity
            o.syncCumulative(r.cumulativeQuantity)
            filledNow = filledNow + (o.filledQuantity - before)
        }
        if filledNow.raw > 0 {
            let ev: OrderEvent = o.filledQuantity >= o.quantity ? .fill : .partialFill
            if !o.apply(ev, now: now) { counters.refusedEvents += 1 }
            if let si = Self.symbolIndex(o.symbol, in: symbols) {
                var c = RatioCounts()
                c.fills = 1
                c.filledQty = filledNow.raw
                symbols[si].stats10m.add(c, now: now)
                symbols[si].stats24h.add(c, now: now)
            }
            auditEvent(.other, symbol: o.symbol, side: o.side, id: id, rule: .none, reason: .ok, detail: "late fill \(filledNow) on \(o.state.rawValue) order", now: now, out: &out)
        } else {
            counters.refusedEvents += 1
        }
        closed[ci] = o
    }

    /// Recognises own orders (by prefix) in an exchange open-order list after a restart or a
    /// reconnect: known ones are updated, unknown ones adopted (and cancelled by the next quote
    /// reconciliation unless wanted); own orders missing from the list are queried. Foreign
    /// orders only count toward the exchange caps.
    @discardableResult
    public mutating func adopt(openOrders: [ExecutionReport], now: Timestamp) -> [TrackerAction] {
        var out: [TrackerAction] = []
        if now > lastNow { lastNow = now }
        for si in symbols.indices { symbols[si].foreignOpen = 0 }
        var listed: [ClientOrderID] = []
        for r in openOrders {
            guard let id = r.clientOrderID, ownSequence(id) != nil else {
                if let si = Self.symbolIndex(r.symbol, in: symbols), r.status.isOpen { symbols[si].foreignOpen += 1 }
                continue
            }
            listed.append(id)
            if locate(id) != nil {
                var s = r
                s.kind = .status
                apply(s, now: now, out: &out)
            } else if r.status.isOpen {
                adoptOne(r, now: now, out: &out)
            }
        }
        for si in symbols.indices {
            for oi in symbols[si].orders.indices {
                let o = symbols[si].orders[oi]
                if !listed.contains(o.clientOrderID) && now - o.lastUpdate >= config.reconcileGrace {
                    symbols[si].orders[oi].queryWanted = true
                    symbols[si].orders[oi].retryAt = nil
                }
            }
        }
        pump(now: now, out: &out)
        return out
    }

    mutating func adoptOne(_ r: ExecutionReport, now: Timestamp, out: inout [TrackerAction]) {
        guard let id = r.clientOrderID, let si = Self.symbolIndex(r.symbol, in: symbols), let seq = ownSequence(id) else { return }
        let req = OrderRequest(
            clientOrderID: id, symbol: r.symbol, side: r.side, type: r.orderType, timeInForce: .goodTillCancel, price: r.price,
            quantity: r.orderQuantity, reduceOnly: false)
        var o = TrackedOrder(id: id, sequence: seq, role: .adopted, request: req, level: -1, isRisk: false, tag: nil, now: r.time)
        o.exchangeOrderID = r.orderID
        o.exchangeStatus = r.status
        o.syncCumulative(r.cumulativeQuantity)
        _ = o.apply(o.filledQuantity.raw > 0 ? .partialFill : .accepted, now: now)
        symbols[si].orders.append(o)
        if seq >= nextCounter { nextCounter = seq + 1 }
        auditEvent(.other, symbol: r.symbol, side: r.side, id: id, rule: .none, reason: .ok, detail: "adopted own open order", now: now, out: &out)
        if symbols[si].desired != nil { symbols[si].reconcileAt = now }
    }
}
