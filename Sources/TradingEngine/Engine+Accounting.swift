import MarketCore
import OrderTracking

extension Engine {
    /// Books a fill into position, realized PnL and fees.
    mutating func applyFill(symbol: Symbol, side: Side, fill: Fill, order: ClientOrderID, _ now: Timestamp) {
        guard let pi = positionIndex(symbol), let inst = config.instrument(symbol) else { return }
        var p = state.positions[pi]
        let signed = side == .buy ? fill.quantity : -fill.quantity
        let old = p.size
        if old.isZero || (old.raw > 0) == (signed.raw > 0) {
            let newSize = old + signed
            let oldNotional = Money.product(old.magnitude, p.averageEntryPrice ?? fill.price) ?? .zero
            let addNotional = Money.product(fill.quantity, fill.price) ?? .zero
            p.averageEntryPrice = Price.quotient(oldNotional + addNotional, newSize.magnitude)
                .map { inst.roundPrice($0, side: .buy) == $0 ? $0 : $0 }
            p.size = newSize
        } else {
            let closeQty = min(fill.quantity, old.magnitude)
            let entry = p.averageEntryPrice ?? fill.price
            p.realizedPnL += realized(inst, entry: entry, exit: fill.price, quantity: closeQty, long: old.raw > 0)
            p.size = old + signed
            if p.size.isZero {
                p.averageEntryPrice = nil
            } else if (p.size.raw > 0) != (old.raw > 0) {
                p.averageEntryPrice = fill.price
            }
        }
        p.fees += fill.fee
        p.fillCount += 1
        p.volume += fill.quantity
        state.positions[pi] = p
        state.counters.fills += 1
        let pnl = p.realizedPnL - p.fees
        log(.info, "engine", symbol: symbol, order: order,
            "fill \(side == .buy ? "buy" : "sell") \(fill.quantity) @ \(fill.price) fee \(fill.fee) → position \(p.size), realized PnL \(pnl) \(inst.settleCurrency)")
    }

    /// PnL of closing `quantity` from `entry` to `exit` (linear: price difference; inverse: in coin).
    func realized(_ inst: InstrumentSpec, entry: Price, exit: Price, quantity: Quantity, long: Bool) -> Money {
        let sign: Int64 = long ? 1 : -1
        switch inst.kind {
        case .linear:
            let diff = Price(raw: (exit.raw - entry.raw) * sign)
            let v = Money.product(diff, quantity) ?? .zero
            return Money.product(v, inst.contractSize) ?? .zero
        case .inverse:
            guard let usd = Money.product(quantity, inst.contractSize),
                let a = Money.quotient(usd, entry), let b = Money.quotient(usd, exit)
            else { return .zero }
            return Money(raw: (a.raw - b.raw) * sign)
        }
    }

    /// Unrealized PnL of a symbol at the mid price.
    func unrealized(_ symbol: Symbol) -> Money {
        guard let ii = config.instruments.firstIndex(where: { $0.symbol == symbol }) else { return .zero }
        return unrealized(instrument: ii, position: positionIndex(symbol), market: marketIndex(symbol))
    }

    /// Total PnL net of fees: realized + unrealized − fees.
    public var netPnL: Money {
        config.instruments.reduce(state.realizedPnL - state.fees) { $0 + unrealized($1.symbol) }
    }

    /// Kill switch: max loss halts, max position reduces (back to active below 80 %). Risk
    /// cancels go through the tracker's `cancelAllOwn`.
    mutating func checkKillSwitch(_ now: Timestamp) {
        guard state.phase == .running else { return }
        if let maxLoss = config.maxLoss, state.killSwitch != .halted, netPnL.raw < -maxLoss.raw {
            state.killSwitch = .halted
            refreshTradingState()
            state.lastError = "kill switch: loss \(netPnL) beyond max_loss \(maxLoss)"
            audit(now, action: "kill_switch", verdict: "halt", rule: "max_loss", symbol: nil, order: nil,
                  reason: "net PnL \(netPnL) < -\(maxLoss)")
            log(.error, "engine", "kill switch: net PnL \(netPnL) beyond max_loss \(maxLoss): halted, cancelling quotes")
            apply(tracker.cancelAllOwn(symbol: nil, reason: "max_loss: kill switch", now: now), now)
            return
        }
        guard let maxPos = config.maxPosition, state.killSwitch != .halted else { return }
        let worst = state.positions.map(\.size.magnitude).max() ?? .zero
        if state.killSwitch == .active && worst >= maxPos {
            state.killSwitch = .reducing
            refreshTradingState()
            audit(now, action: "kill_switch", verdict: "reduce", rule: "max_position", symbol: nil, order: nil,
                  reason: "position \(worst) ≥ \(maxPos)")
            log(.warning, "engine", "kill switch: position \(worst) ≥ max_position \(maxPos): reducing only")
            for inst in config.instruments {
                guard let pi = positionIndex(inst.symbol) else { continue }
                let size = state.positions[pi].size
                let adding = tracker.openOrders.contains { o in
                    o.symbol == inst.symbol && o.role != .single && !o.cancelWanted
                        && ((size.raw > 0 && o.side == .buy) || (size.raw < 0 && o.side == .sell))
                }
                if adding { apply(tracker.cancelAllOwn(symbol: inst.symbol, reason: "max_position: kill switch", now: now), now) }
            }
        } else if state.killSwitch == .reducing && worst.raw * 5 < maxPos.raw * 4 {
            state.killSwitch = .active
            refreshTradingState()
            log(.info, "engine", "position \(worst) back under 80 % of max_position: quoting both sides")
        }
    }

    /// The one-line summary per symbol: mid, spread, position, open orders, PnL.
    mutating func summary(_ now: Timestamp) {
        for inst in config.instruments {
            let s = inst.symbol
            let top = marketIndex(s).flatMap { state.markets[$0].top }
            let mid = top?.mid.map { "\($0)" } ?? "-"
            var spread = "-"
            if let b = top?.bidPrice, let a = top?.askPrice { spread = "\(a - b)" }
            let p = positionIndex(s).map { state.positions[$0] } ?? PositionState(symbol: s)
            let open = tracker.openOrders.filter { $0.symbol == s }.count
            let net = p.realizedPnL - p.fees + unrealized(s)
            log(.info, "summary", symbol: s,
                "mid \(mid) spread \(spread) pos \(p.size) open \(open) pnl \(net) (realized \(p.realizedPnL) fees \(p.fees)) fills \(p.fillCount) sent \(state.counters.ordersSent) rejected \(state.counters.rejected) state \(state.tradingState.rawValue)")
        }
    }
}
