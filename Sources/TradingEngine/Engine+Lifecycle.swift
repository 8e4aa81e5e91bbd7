import MarketCore
import OrderTracking
import Strategies

extension Engine {
    /// `.start`: read the exchange's open orders and positions before the first quote.
    mutating func start(_ now: Timestamp) {
        guard state.phase == .idle else {
            log(.warning, "engine", "start ignored: already \(state.phase.rawValue)")
            return
        }
        state.phase = .reconciling
        state.nextHousekeepingAt = now + config.housekeepingInterval
        state.nextSummaryAt = config.summaryInterval.value > 0 ? now + config.summaryInterval : nil
        let symbols = config.instruments.map(\.symbol.name).joined(separator: ",")
        log(.info, "engine", "starting \(config.botName) on \(symbols): \(tracker.openOrders.count) order(s) in state, reconciling")
        state.reconcileOpenOrders = []
        sendReconcileFetches(now)
    }

    mutating func sendReconcileFetches(_ now: Timestamp) {
        for inst in config.instruments {
            state.pendingReconcile.append(send(.fetchOpenOrders(symbol: inst.symbol), now))
        }
        var currencies: [String] = []
        for inst in config.instruments where !currencies.contains(inst.settleCurrency) {
            currencies.append(inst.settleCurrency)
        }
        for c in currencies { state.pendingReconcile.append(send(.fetchPositions(currency: c), now)) }
    }

    mutating func applyReconcileResult(_ r: CommandResult, _ now: Timestamp) {
        guard case .acknowledged = r.outcome else {
            state.lastError = "reconciliation failed: \(r.outcome)"
            if state.reconcileRetries > 0 {
                state.reconcileRetries -= 1
                log(.warning, "engine", "reconciliation fetch failed (\(r.outcome)): retrying")
                state.pendingReconcile.append(send(r.command, now))
            } else {
                log(.error, "engine", "reconciliation fetch failed (\(r.outcome)): giving up on it")
                reconcileStepDone(now)
            }
            return
        }
        switch r.command {
        case .fetchOpenOrders: state.reconcileOpenOrders += r.reports
        case .fetchPositions:
            applyPositionReports(r.positions)
            for b in r.balances { applyBalance(b) }
        default: break
        }
        reconcileStepDone(now)
    }

    mutating func reconcileStepDone(_ now: Timestamp) {
        guard state.pendingReconcile.isEmpty else { return }
        let listed = state.reconcileOpenOrders
        state.reconcileOpenOrders = []
        if state.phase == .reconciling || state.phase == .stopping { adoptOpenOrders(listed, now) }
        if state.phase == .reconciling {
            state.phase = .running
            markOrdersToSettle()
            let pos = state.positions.map { "\($0.symbol) \($0.size)" }.joined(separator: ", ")
            log(.info, "engine", "reconciled: \(tracker.openOrders.count) own order(s) live, position \(pos)")
            out.append(.checkpoint)
            for inst in config.instruments { requote(inst.symbol, now) }
        } else if state.phase == .stopping {
            finishStopIfDone(now)
        }
    }

    /// Operator stop: cancel own orders (by clOrdID) and wait for the acks until the deadline.
    mutating func operatorStop(_ now: Timestamp) {
        switch state.phase {
        case .stopped, .stopping:
            log(.info, "engine", "stop already in progress")
            return
        case .idle:
            finishStop(now)
            return
        case .reconciling, .running:
            break
        }
        state.phase = .stopping
        state.strategyWakeAt = nil
        state.nextSummaryAt = nil
        let live = tracker.openOrders.count
        log(.info, "engine", "stopping: \(config.onStop == .cancel ? "cancelling \(live) own order(s)" : "leaving \(live) order(s) on the book")")
        if config.onStop == .cancel {
            cancelAll(rule: "operator_stop", reason: "operator stop", now)
        }
        if config.onStop == .leave || tracker.openOrders.isEmpty {
            finishStop(now)
        } else {
            state.stopDeadline = now + config.stopDeadline
        }
    }

    mutating func finishStopIfDone(_ now: Timestamp) {
        guard state.phase == .stopping, config.onStop == .cancel else { return }
        if tracker.openOrderCount == 0 && state.pendingReconcile.isEmpty { finishStop(now) }
    }

    mutating func finishStop(_ now: Timestamp) {
        state.phase = .stopped
        state.stopDeadline = nil
        state.nextHousekeepingAt = nil
        state.nextSummaryAt = nil
        state.strategyWakeAt = nil
        summary(now)
        log(.info, "engine", "stopped with \(tracker.openOrders.count) own order(s) open")
        out.append(.checkpoint)
        out.append(.stopped)
    }

    /// A one-off order from the webhook: submitted to the tracker; the answer carries the
    /// clOrdID, or the rule and reason of the denial.
    mutating func webhook(_ order: OrderProposal, requestID: String, _ now: Timestamp) {
        func deny(_ why: String) {
            state.counters.denied += 1
            audit(now, action: "webhook", verdict: "deny", rule: "webhook", symbol: order.symbol, order: nil, reason: why)
            out.append(.webhookResponse(requestID: requestID, accepted: false, clientOrderID: nil, message: why))
        }
        guard state.phase == .running else { return deny("engine is \(state.phase.rawValue)") }
        guard config.instrument(order.symbol) != nil else { return deny("symbol \(order.symbol) not traded") }
        if state.killSwitch == .halted && !order.isRiskReducing { return deny("trading halted by kill switch") }
        if state.killSwitch == .reducing && !(order.reduceOnly || order.isRiskReducing) {
            return deny("kill switch: only reducing orders")
        }
        let (id, denial) = submit(order, now)
        if let id {
            out.append(.webhookResponse(requestID: requestID, accepted: true, clientOrderID: id, message: "sent"))
        } else {
            let why = denial.map { "denied by \($0.rule.rawValue) (\($0.rule.title)): \($0.reason.rawValue)\($0.detail.map { " \($0)" } ?? "")" }
            out.append(.webhookResponse(requestID: requestID, accepted: false, clientOrderID: nil, message: why ?? "denied"))
        }
    }
}
