import MarketCore
import Strategies

extension Engine {
    /// Applies an execution report of the private stream (or of a command reply).
    mutating func applyExecution(_ r: ExecutionReport, _ now: Timestamp) {
        guard let id = r.clientOrderID, config.ownsOrder(id) else { return }
        let idx = orderIndex(id)
        if idx == nil && r.kind != .fill && state.recentlyClosed.contains(id) { return }
        switch r.kind {
        case .fill:
            guard let fill = r.fill else { return }
            if state.recentExecutionIDs.contains(fill.executionID) { return }
            state.recentExecutionIDs.append(fill.executionID)
            if state.recentExecutionIDs.count > Engine.maxRecentExecutionIDs {
                state.recentExecutionIDs.removeFirst(state.recentExecutionIDs.count - Engine.maxRecentExecutionIDs)
            }
            applyFill(symbol: r.symbol, side: r.side, fill: fill, order: id, now)
            if let i = idx {
                if r.cumulativeQuantity > state.orders[i].filled { state.orders[i].filled = r.cumulativeQuantity }
                if r.status == .filled || (r.leavesQuantity.raw <= 0 && r.status != .partiallyFilled) {
                    removeOrder(at: i)
                } else if state.orders[i].status == .pendingNew || state.orders[i].status == .unknown {
                    state.orders[i].status = .open
                    state.orders[i].orderID = r.orderID
                }
            }
            if let inst = config.instrument(r.symbol) {
                let top = marketIndex(r.symbol).flatMap { state.markets[$0].top }
                strategy.onFill(r, context: makeContext(inst, top: top, now))
            }
            out.append(.checkpoint)
            checkKillSwitch(now)
            finishStopIfDone(now)
            requote(r.symbol, now)
        case .accepted, .triggered:
            if let i = idx {
                if state.orders[i].status == .pendingNew || state.orders[i].status == .unknown {
                    state.orders[i].status = .open
                }
                state.orders[i].orderID = r.orderID
                if r.cumulativeQuantity > state.orders[i].filled { state.orders[i].filled = r.cumulativeQuantity }
            } else if r.status.isOpen {
                adoptOrCancel(r, rule: "foreign_session", now)
            }
        case .replaced:
            if let i = idx {
                state.orders[i].price = r.price ?? state.orders[i].price
                state.orders[i].quantity = r.orderQuantity
                if r.cumulativeQuantity > state.orders[i].filled { state.orders[i].filled = r.cumulativeQuantity }
                if state.orders[i].status != .pendingCancel { state.orders[i].status = .open }
            }
        case .canceled, .rejected:
            if let i = idx {
                let o = removeOrder(at: i)
                if r.kind == .rejected {
                    state.counters.rejected += 1
                    state.lastError = "order \(id) rejected: \(r.reason ?? "code \(r.errorCode)")"
                    log(.warning, "engine", symbol: o.symbol, order: id,
                        "rejected \(o.side == .buy ? "bid" : "ask") @ \(o.price.map { "\($0)" } ?? "-"): \(r.reason ?? "code \(r.errorCode)")")
                } else {
                    log(.info, "engine", symbol: o.symbol, order: id,
                        "cancelled \(o.side == .buy ? "bid" : "ask") @ \(o.price.map { "\($0)" } ?? "-")")
                }
            }
            finishStopIfDone(now)
            requote(r.symbol, now)
        case .status:
            applyStatus(r, now)
        }
    }

    /// A state snapshot of one order (query reply, open-order list).
    mutating func applyStatus(_ r: ExecutionReport, _ now: Timestamp) {
        guard let id = r.clientOrderID, config.ownsOrder(id) else { return }
        guard let i = orderIndex(id) else {
            if r.status.isOpen && !state.recentlyClosed.contains(id) { adoptOrCancel(r, rule: "foreign_session", now) }
            return
        }
        if r.cumulativeQuantity > state.orders[i].filled {
            let missed = r.cumulativeQuantity - state.orders[i].filled
            state.orders[i].filled = r.cumulativeQuantity
            log(.info, "engine", symbol: r.symbol, order: id,
                "reconciled \(missed) filled while away; position re-read from the exchange")
            if let pi = positionIndex(r.symbol) {
                state.positions[pi].fillCount += 1
                state.positions[pi].volume += missed
            }
            let currency = config.instrument(r.symbol)?.settleCurrency ?? "USDT"
            send(.fetchPositions(currency: currency), now)
            out.append(.checkpoint)
        }
        if r.status.isOpen {
            state.orders[i].orderID = r.orderID
            state.orders[i].price = r.price ?? state.orders[i].price
            state.orders[i].quantity = r.orderQuantity
            if state.orders[i].status == .unknown || state.orders[i].status == .pendingNew {
                state.orders[i].status = .open
            }
        } else {
            let o = removeOrder(at: i)
            log(.info, "engine", symbol: o.symbol, order: id, "resolved: \(r.status.rawValue.lowercased())")
            finishStopIfDone(now)
        }
    }

    /// An own order the engine does not track: adopt it as a quote or cancel it, per config.
    mutating func adoptOrCancel(_ r: ExecutionReport, rule: String, _ now: Timestamp) {
        guard let id = r.clientOrderID else { return }
        var o = OwnOrder(
            clientOrderID: id, orderID: r.orderID, symbol: r.symbol, side: r.side, level: 0, price: r.price,
            quantity: r.orderQuantity, filled: r.cumulativeQuantity, status: .open, createdAt: now)
        o.createdAt = r.time
        if config.onResume == .adopt && state.phase != .stopping && r.orderType == .limit {
            insertOrder(o)
            relevel(r.symbol)
            audit(now, action: "adopt", rule: rule, symbol: r.symbol, order: id, reason: "own order found at the exchange")
            log(.info, "engine", symbol: r.symbol, order: id,
                "adopted \(r.side == .buy ? "bid" : "ask") \(r.leavesQuantity) @ \(r.price.map { "\($0)" } ?? "-")")
        } else {
            insertOrder(o)
            if let i = orderIndex(id) { cancelOrder(at: i, rule: rule, reason: "own order from an earlier run", now) }
        }
    }

    /// Re-numbers quote levels of a symbol per side from the touch outwards (after adoption).
    mutating func relevel(_ symbol: Symbol) {
        for side in [Side.buy, Side.sell] {
            let idx = state.orders.indices.filter {
                state.orders[$0].symbol == symbol && state.orders[$0].side == side && state.orders[$0].isQuote
                    && state.orders[$0].status != .pendingCancel
            }.sorted { a, b in
                let pa = state.orders[a].price ?? .zero, pb = state.orders[b].price ?? .zero
                if pa == pb { return state.orders[a].clientOrderID < state.orders[b].clientOrderID }
                return side == .buy ? pa > pb : pa < pb
            }
            for (level, i) in idx.enumerated() { state.orders[i].level = level }
        }
    }

    /// Open orders of `symbol` as the exchange lists them: the exchange is the truth.
    mutating func applyOpenOrderSnapshot(_ symbol: Symbol, _ reports: [ExecutionReport], _ now: Timestamp) {
        let own = reports.filter { $0.clientOrderID.map(config.ownsOrder) ?? false }
            .sorted { ($0.clientOrderID?.value ?? "") < ($1.clientOrderID?.value ?? "") }
        let foreign = reports.count - own.count
        if foreign > 0 {
            log(.info, "engine", symbol: symbol, "\(foreign) order(s) not ours left alone")
        }
        for r in own {
            guard let id = r.clientOrderID else { continue }
            if let i = orderIndex(id) {
                state.orders[i].orderID = r.orderID
                state.orders[i].price = r.price ?? state.orders[i].price
                state.orders[i].quantity = r.orderQuantity
                if r.cumulativeQuantity > state.orders[i].filled { state.orders[i].filled = r.cumulativeQuantity }
                if state.orders[i].status == .pendingNew || state.orders[i].status == .unknown {
                    state.orders[i].status = .open
                }
                if state.phase == .reconciling && config.onResume == .cancel && state.orders[i].status == .open {
                    cancelOrder(at: i, rule: "resume", reason: "on_resume cancel", now)
                }
            } else {
                adoptOrCancel(r, rule: "resume", now)
            }
        }
        // Orders we think live that the exchange does not list: ask the order history.
        for i in state.orders.indices where state.orders[i].symbol == symbol {
            let o = state.orders[i]
            if own.contains(where: { $0.clientOrderID == o.clientOrderID }) { continue }
            // Just sent or just answered: the list may predate it.
            if o.status != .unknown && now - o.lastActionAt < Engine.requeryInterval { continue }
            state.orders[i].status = .unknown
            state.orders[i].lastActionAt = now
            log(.info, "engine", symbol: symbol, order: o.clientOrderID, "not open at the exchange: querying history")
            send(.queryOrder(clientOrderID: o.clientOrderID, symbol: symbol), now)
        }
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
