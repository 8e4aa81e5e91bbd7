import MarketCore

extension Engine {
    /// Applies the adapter's answer to a command the engine sent.
    mutating func applyCommandResult(_ r: CommandResult, _ now: Timestamp) {
        if let k = state.pendingReconcile.firstIndex(of: r.commandID) {
            state.pendingReconcile.remove(at: k)
            applyReconcileResult(r, now)
            return
        }
        if case .rateLimited(let retry) = r.outcome {
            state.counters.rateLimited += 1
            let until = now + .seconds(Int64(max(retry ?? 1, 1)))
            state.blockedUntil = max(state.blockedUntil ?? until, until)
            log(.warning, "engine", symbol: r.command.symbol, "rate limited: no new orders for \(max(retry ?? 1, 1)) s")
        }
        switch r.command {
        case .place(let req):
            placeResult(req, r, now)
        case .amend(let id, _, _, let price, let quantity):
            guard let i = orderIndex(id) else { break }
            switch r.outcome {
            case .acknowledged:
                if state.orders[i].status == .pendingAmend {
                    state.orders[i].status = .open
                    if let price { state.orders[i].price = price }
                    if let quantity { state.orders[i].quantity = quantity }
                }
            case .rejected(let code, let message):
                state.counters.rejected += 1
                state.lastError = "amend \(id) rejected: \(code) \(message)"
                log(.warning, "engine", symbol: r.command.symbol, order: id, "amend rejected: \(code) \(message)")
                markUnknownAndQuery(i, now)
            case .rateLimited:
                if state.orders[i].status == .pendingAmend { state.orders[i].status = .open }
            case .unknown(let reason):
                state.counters.unknownOutcomes += 1
                log(.warning, "engine", symbol: r.command.symbol, order: id, "amend outcome unknown (\(reason)): querying")
                markUnknownAndQuery(i, now)
            }
        case .cancel(let id, _, _):
            cancelResult(id, r, now)
        case .cancelBulk(let ids, _, _):
            for id in ids { cancelResult(id, r, now) }
        case .queryOrder(let id, _):
            queryResult(id, r, now)
        case .fetchOpenOrders(let symbol):
            if case .acknowledged = r.outcome { applyOpenOrderSnapshot(symbol, r.reports, now) }
        case .fetchPositions:
            if case .acknowledged = r.outcome {
                applyPositionReports(r.positions)
                for b in r.balances { applyBalance(b) }
            }
        }
        for rep in r.reports {
            if case .fetchOpenOrders = r.command { continue }
            if case .queryOrder = r.command { continue }
            if rep.kind == .status { applyStatus(rep, now) } else { applyExecution(rep, now) }
        }
        finishStopIfDone(now)
    }

    mutating func placeResult(_ req: OrderRequest, _ r: CommandResult, _ now: Timestamp) {
        let id = req.clientOrderID
        guard let i = orderIndex(id) else { return }
        switch r.outcome {
        case .acknowledged:
            if let rep = r.reports.first(where: { $0.clientOrderID == id }) {
                state.orders[i].orderID = rep.orderID
            }
        case .rejected(let code, let message):
            let o = removeOrder(at: i)
            state.counters.rejected += 1
            state.lastError = "order \(id) rejected: \(code) \(message)"
            audit(now, action: "place", verdict: "rejected", rule: "exchange", symbol: o.symbol, order: id,
                  reason: "\(code) \(message)")
            log(.warning, "engine", symbol: o.symbol, order: id,
                "rejected \(o.side == .buy ? "bid" : "ask") @ \(o.price.map { "\($0)" } ?? "-"): \(code) \(message)")
        case .rateLimited:
            // Nothing happened at the exchange: forget the order; the strategy re-proposes later.
            removeOrder(at: i)
        case .unknown(let reason):
            state.counters.unknownOutcomes += 1
            log(.warning, "engine", symbol: req.symbol, order: id, "place outcome unknown (\(reason)): querying")
            markUnknownAndQuery(i, now)
        }
    }

    mutating func cancelResult(_ id: ClientOrderID, _ r: CommandResult, _ now: Timestamp) {
        guard let i = orderIndex(id) else { return }
        switch r.outcome {
        case .acknowledged:
            // The reports (if any) carry the final word; otherwise the cancel took effect.
            if r.reports.contains(where: { $0.clientOrderID == id }) { return }
            let o = removeOrder(at: i)
            log(.info, "engine", symbol: o.symbol, order: id,
                "cancelled \(o.side == .buy ? "bid" : "ask") @ \(o.price.map { "\($0)" } ?? "-")")
        case .rejected(let code, let message):
            // Usually already filled or cancelled: ask the history before anything else.
            log(.info, "engine", symbol: r.command.symbol, order: id, "cancel refused (\(code) \(message)): querying")
            markUnknownAndQuery(i, now)
        case .rateLimited:
            state.orders[i].status = .open
        case .unknown(let reason):
            state.counters.unknownOutcomes += 1
            log(.warning, "engine", symbol: r.command.symbol, order: id, "cancel outcome unknown (\(reason)): querying")
            markUnknownAndQuery(i, now)
        }
    }

    mutating func queryResult(_ id: ClientOrderID, _ r: CommandResult, _ now: Timestamp) {
        guard let i = orderIndex(id) else { return }
        switch r.outcome {
        case .acknowledged:
            if let rep = r.reports.first(where: { $0.clientOrderID == id }) {
                applyStatus(rep, now)
            } else {
                let o = removeOrder(at: i)
                log(.info, "engine", symbol: o.symbol, order: id, "order unknown to the exchange: dropped")
            }
        case .rejected:
            // Not found: it never reached the book (a lost create) or aged out of history.
            let o = removeOrder(at: i)
            log(.info, "engine", symbol: o.symbol, order: id, "order not found at the exchange: dropped")
        case .rateLimited, .unknown:
            state.orders[i].lastActionAt = now
        }
    }

    /// Marks an order as unknown and asks for it by clOrdID (never resend blindly).
    mutating func markUnknownAndQuery(_ i: Int, _ now: Timestamp) {
        state.orders[i].status = .unknown
        state.orders[i].lastActionAt = now
        let o = state.orders[i]
        send(.queryOrder(clientOrderID: o.clientOrderID, symbol: o.symbol), now)
    }
}
