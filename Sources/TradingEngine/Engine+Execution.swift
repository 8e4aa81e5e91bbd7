import MarketCore
import OrderTracking
import Strategies

extension Engine {
    /// Applies an execution report of the private stream: the tracker updates the order, the
    /// engine books fills into positions and lets the strategy react.
    mutating func applyExecution(_ r: ExecutionReport, _ now: Timestamp) {
        guard let id = r.clientOrderID, config.ownsOrder(id) else { return }
        let missed = r.kind != .fill && missedFill(r)
        let known = tracker.order(id)
        apply(tracker.handle(r, now: now), now)
        if missed { fetchPositionsAfterMissedFills([r], now) }
        switch r.kind {
        case .fill:
            if bookFill(r, now) {
                finishStopIfDone(now)
                requote(r.symbol, now)
            }
        case .canceled, .rejected:
            if r.kind == .rejected {
                state.counters.rejected += 1
                state.lastError = "order \(id) rejected: \(r.reason ?? "code \(r.errorCode)")"
                log(.warning, "engine", symbol: r.symbol, order: id,
                    "rejected \(r.side == .buy ? "bid" : "ask") @ \(r.price.map { "\($0)" } ?? "-"): \(r.reason ?? "code \(r.errorCode)")")
            } else if known != nil {
                log(.info, "engine", symbol: r.symbol, order: id,
                    "cancelled \(r.side == .buy ? "bid" : "ask") @ \(r.price.map { "\($0)" } ?? "-")")
            }
            finishStopIfDone(now)
            requote(r.symbol, now)
        case .accepted, .triggered, .replaced, .status:
            finishStopIfDone(now)
        }
    }

    /// Books a fill (deduplicated by execution id) into position and PnL; `true` if new.
    mutating func bookFill(_ r: ExecutionReport, _ now: Timestamp) -> Bool {
        guard let id = r.clientOrderID, config.ownsOrder(id), let fill = r.fill else { return false }
        if state.recentExecutionIDs.contains(fill.executionID) { return false }
        state.recentExecutionIDs.append(fill.executionID)
        if state.recentExecutionIDs.count > Engine.maxRecentExecutionIDs {
            state.recentExecutionIDs.removeFirst(state.recentExecutionIDs.count - Engine.maxRecentExecutionIDs)
        }
        applyFill(symbol: r.symbol, side: r.side, fill: fill, order: id, now)
        if let inst = config.instrument(r.symbol) {
            let top = marketIndex(r.symbol).flatMap { state.markets[$0].top }
            let context = makeContext(inst, top: top, now)
            strategy.onFill(r, context: context)
        }
        out.append(.checkpoint)
        observe(r.symbol, now)
        checkKillSwitch(now)
        return true
    }

    /// Exchange position reports are the truth for size and entry.
    mutating func applyPositionReports(_ reports: [PositionReport]) {
        for inst in config.instruments {
            let mine = reports.filter { $0.symbol == inst.symbol }
            guard !mine.isEmpty, let pi = positionIndex(inst.symbol) else { continue }
            let size = mine.reduce(Quantity.zero) { $0 + $1.size }
            state.positions[pi].size = size
            state.positions[pi].averageEntryPrice = size.isZero ? nil : mine.first { !$0.size.isZero }?.averageEntryPrice
        }
    }

    mutating func applyBalance(_ b: BalanceReport) {
        if let i = state.balances.firstIndex(where: { $0.currency == b.currency }) {
            state.balances[i] = b
        } else {
            state.balances.append(b)
            state.balances.sort { $0.currency < $1.currency }
        }
    }
}
