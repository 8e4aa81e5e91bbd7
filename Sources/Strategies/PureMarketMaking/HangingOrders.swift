import MarketCore

/// Hummingbot's hanging orders: when a quote is completely filled, the opposite side's
/// resting quotes stay on the book ("hang") through refreshes until they fill or drift more
/// than `hanging_orders_cancel_pct` from the reference price.
///
/// A hanging order keeps its level number; fresh quotes of that side whose level is taken by
/// a hanging order are renumbered to the next free level at or above `order_levels`.
public struct HangingOrders: Sendable, Codable, Equatable {
    /// Client order ids of the hanging orders, sorted.
    public var ids: [ClientOrderID] = []
    public init() {}

    /// A complete fill of `side`: the opposite side's live quotes become hanging.
    public mutating func noteCompleteFill(side: Side, live: [LiveQuote]) {
        for q in live where q.side == side.opposite && !ids.contains(q.clientOrderID) {
            ids.append(q.clientOrderID)
        }
        ids.sort()
    }

    /// Splits the live quotes: the hanging ones still kept, whether any had to be dropped, and
    /// the rest (governed by the refresher). Forgets ids that are no longer live.
    public mutating func partition(live: [LiveQuote], reference: Price, cancelPct: Fraction)
        -> (kept: [LiveQuote], dropped: Bool, others: [LiveQuote])
    {
        if ids.isEmpty { return ([], false, live) }
        ids = ids.filter { id in live.contains { $0.clientOrderID == id } }
        var kept: [LiveQuote] = []
        var others: [LiveQuote] = []
        var dropped = false
        for q in live {
            if ids.contains(q.clientOrderID) {
                if let d = q.price.relativeDistance(from: reference), d > cancelPct {
                    dropped = true
                    ids.removeAll { $0 == q.clientOrderID }
                } else {
                    kept.append(q)
                }
            } else {
                others.append(q)
            }
        }
        return (kept, dropped, others)
    }

    /// Renumbers fresh quotes whose (side, level) is held by a kept hanging order.
    public static func renumber(_ fresh: [QuoteProposal], avoiding kept: [LiveQuote], firstFree: Int) -> [QuoteProposal] {
        if kept.isEmpty { return fresh }
        var out: [QuoteProposal] = []
        for var q in fresh {
            let taken = kept.filter { $0.side == q.side }.map(\.level) + out.filter { $0.side == q.side }.map(\.level)
            if taken.contains(q.level) {
                var l = firstFree
                while taken.contains(l) { l += 1 }
                q.level = l
            }
            out.append(q)
        }
        return out
    }
}
