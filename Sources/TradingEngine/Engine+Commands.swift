import MarketCore
import OrderTracking

extension Engine {
    /// Applies the adapter's answer to a command: the engine's own reads are handled here,
    /// everything else belongs to the order tracker (which sent it).
    mutating func applyCommandResult(_ r: CommandResult, _ now: Timestamp) {
        if let k = state.pendingReconcile.firstIndex(of: r.commandID) {
            state.pendingReconcile.remove(at: k)
            applyReconcileResult(r, now)
            return
        }
        if r.commandID & Engine.engineCommandBit != 0 {
            if case .fetchPositions = r.command, case .acknowledged = r.outcome {
                applyPositionReports(r.positions)
                for b in r.balances { applyBalance(b) }
            }
            return
        }
        switch r.outcome {
        case .acknowledged: break
        case .rejected(let code, let message):
            state.counters.rejected += 1
            state.lastError = "\(commandName(r.command)) rejected: \(code) \(message)"
            log(.warning, "engine", symbol: r.command.symbol, "\(commandName(r.command)) rejected: \(code) \(message)")
        case .rateLimited(let retry):
            state.counters.rateLimited += 1
            log(.warning, "engine", symbol: r.command.symbol, "rate limited (retry after \(retry.map { "\($0) s" } ?? "-"))")
        case .unknown(let reason):
            state.counters.unknownOutcomes += 1
            log(.warning, "engine", symbol: r.command.symbol, "\(commandName(r.command)) outcome unknown (\(reason)): querying")
        }
        // A loop, not `filter`: a closure calling `missedFill` would capture (copy) the engine.
        var missed: [ExecutionReport] = []
        for rep in r.reports where rep.kind != .fill && missedFill(rep) { missed.append(rep) }
        apply(tracker.handle(r, now: now), now)
        var requoted: [Symbol] = []
        for rep in r.reports where rep.kind == .fill {
            if bookFill(rep, now), !requoted.contains(rep.symbol) { requoted.append(rep.symbol) }
        }
        if !missed.isEmpty { fetchPositionsAfterMissedFills(missed, now) }
        finishStopIfDone(now)
        for s in requoted { requote(s, now) }
    }

    func commandName(_ c: ExchangeCommand) -> String {
        switch c {
        case .place(let r): return "order \(r.clientOrderID)"
        case .amend(let id, _, _, _, _): return "amend \(id)"
        case .cancel(let id, _, _): return "cancel \(id)"
        case .cancelBulk: return "bulk cancel"
        case .queryOrder(let id, _): return "query \(id)"
        case .fetchOpenOrders: return "open-order fetch"
        case .fetchPositions: return "position fetch"
        }
    }

    /// `true` when a status report says an own order filled more than the tracker knew.
    func missedFill(_ r: ExecutionReport) -> Bool {
        guard let id = r.clientOrderID, config.ownsOrder(id), let o = tracker.order(id) else { return false }
        return r.cumulativeQuantity > o.filledQuantity
    }

    /// Fills seen only as a status (a query or an open-order list): the position is re-read.
    mutating func fetchPositionsAfterMissedFills(_ reports: [ExecutionReport], _ now: Timestamp) {
        var currencies: [String] = []
        for r in reports {
            log(.info, "engine", symbol: r.symbol, order: r.clientOrderID,
                "reconciled fill(s) while away; position re-read from the exchange")
            let c = config.instrument(r.symbol)?.settleCurrency ?? config.tracker.settleCurrency
            if !currencies.contains(c) { currencies.append(c) }
        }
        for c in currencies { send(.fetchPositions(currency: c), now) }
        out.append(.checkpoint)
    }
}
