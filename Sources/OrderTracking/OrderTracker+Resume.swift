import MarketCore
import Strategies

extension OrderTracker {
    /// Resume: decides, before the first quote of `symbol` goes out, what happens to the own
    /// orders found live (restored from the state file or adopted from the exchange's list).
    ///
    /// * A restored quote whose slot (side, level) is still in `desired` stays; the normal
    ///   reconciliation amends it if needed.
    /// * An adopted order within hysteresis of a free desired slot on its side becomes that
    ///   slot's quote (no new order is placed beside it).
    /// * Everything else is cancelled at once as a risk cancel (no resting-time or activity
    ///   rule holds it back), and those cancels are sent before any new quote.
    ///
    /// One-off orders (`submit`) are left alone. Call it, then `reconcileQuotes` with the same
    /// `desired` set.
    public mutating func settleResumedOrders(symbol: Symbol, desired: [QuoteProposal], market: MarketSnapshot, now: Timestamp) -> [TrackerAction] {
        var out: [TrackerAction] = []
        if now > lastNow { lastNow = now }
        guard let si = Self.symbolIndex(symbol, in: symbols) else { return out }
        observeInternal(market, now: now, out: &out)
        var taken: [(Side, Int)] = []
        func isTaken(_ side: Side, _ level: Int) -> Bool { taken.contains { $0 == (side, level) } }
        var cancels: [Int] = []
        // Restored quotes first: they keep their slot when the strategy still wants it.
        for oi in symbols[si].orders.indices {
            let o = symbols[si].orders[oi]
            guard o.role == .quote, o.state.isOpen, !o.cancelWanted else { continue }
            if desired.contains(where: { $0.symbol == symbol && $0.side == o.side && $0.level == o.level }) && !isTaken(o.side, o.level) {
                taken.append((o.side, o.level))
            } else if o.state.isWorking {
                cancels.append(oi)
            }
        }
        // Adopted orders: become the quote of a free matching slot, or are cancelled.
        for oi in symbols[si].orders.indices {
            let o = symbols[si].orders[oi]
            guard o.role == .adopted, o.state.isWorking, !o.cancelWanted else { continue }
            let match = desired.first { d in
                d.symbol == symbol && d.side == o.side && !isTaken(d.side, d.level) && d.reduceOnly == o.reduceOnly && withinHysteresis(o, d, si: si, now: now)
            }
            if let d = match {
                taken.append((d.side, d.level))
                symbols[si].orders[oi].role = .quote
                symbols[si].orders[oi].level = d.level
                // The exchange's open-order list does not carry the time in force.
                symbols[si].orders[oi].timeInForce = d.timeInForce
                auditEvent(
                    .other, symbol: symbol, side: o.side, id: o.clientOrderID, rule: .none, reason: .ok,
                    detail: "adopted order kept as quote level \(d.level)", now: now, out: &out)
            } else {
                cancels.append(oi)
            }
        }
        for oi in cancels {
            symbols[si].orders[oi].cancelWanted = true
            symbols[si].orders[oi].cancelIsRisk = true
            symbols[si].orders[oi].retryAt = nil
            let o = symbols[si].orders[oi]
            auditEvent(
                .cancel, symbol: symbol, side: o.side, id: o.clientOrderID, rule: .none, reason: .ok,
                detail: "resume: not wanted by the strategy", now: now, out: &out)
        }
        pump(now: now, out: &out)
        return out
    }
}
