import MarketCore

/// Turns a raw (unrounded) quote into a valid `QuoteProposal` for an instrument, or drops it.
///
/// Price rounding is side-aware through `InstrumentSpec.roundPrice` (bids down, asks up); a
/// post-only quote is kept off the opposite touch (bid ≤ best ask − tick, ask ≥ best bid +
/// tick); quantity is rounded down to the step and capped at the maximum order quantity; a
/// level whose quantity rounds to zero, whose price leaves the static bounds, or whose value is
/// below the instrument's minimum order value is skipped.
public enum QuoteShaper {
    /// The rounded proposal, or `nil` if the level must be skipped.
    public static func shape(
        side: Side, level: Int, price rawPrice: Price, quantity rawQuantity: Quantity,
        context: StrategyContext, timeInForce: TimeInForce = .postOnly, reduceOnly: Bool = false,
        positionSide: PositionSide = .merged
    ) -> QuoteProposal? {
        let spec = context.instrument
        var price = spec.roundPrice(rawPrice, side: side)
        if timeInForce == .postOnly, let top = context.top {
            if side == .buy, let ask = top.askPrice, price >= ask, let p = ask.subtracting(spec.tickSize) {
                price = spec.roundPrice(p, side: .buy)
            }
            if side == .sell, let bid = top.bidPrice, price <= bid, let p = bid.adding(spec.tickSize) {
                price = spec.roundPrice(p, side: .sell)
            }
        }
        guard price.raw > 0, price >= spec.minPrice, price <= spec.maxPrice else { return nil }
        var quantity = spec.roundQuantity(rawQuantity)
        if quantity > spec.maxOrderQuantity { quantity = spec.roundQuantity(spec.maxOrderQuantity) }
        guard quantity.raw > 0 else { return nil }
        guard let value = spec.quoteNotional(price: price, quantity: quantity), value >= spec.minOrderValue else {
            return nil
        }
        return QuoteProposal(
            symbol: spec.symbol, side: side, level: level, price: price, quantity: quantity,
            timeInForce: timeInForce, reduceOnly: reduceOnly, positionSide: positionSide)
    }

    /// `reference × (1 ∓ spread)` for a bid (−) or an ask (+); `nil` on overflow.
    public static func offset(_ reference: Price, side: Side, by spread: Fraction) -> Price? {
        reference.scaled(by: side == .buy ? spread.oneMinus : spread.onePlus)
    }

    /// The signed spread of a quote from a reference: positive when the quote is on its own
    /// side of the reference (bid below, ask above).
    public static func signedSpread(side: Side, price: Price, reference: Price) -> Fraction? {
        guard reference.raw > 0, let d = side == .buy ? reference.subtracting(price) : price.subtracting(reference)
        else { return nil }
        return Fraction.quotient(d, reference)
    }

    /// Keeps a quote set from crossing itself: a bid at or above the lowest ask moves to one tick
    /// below it (dropped if that leaves the instrument's bounds or minimum value). Zero spreads
    /// around an on-tick mid would otherwise put a bid and an ask at the same price.
    /// A set that does not cross itself (the usual case) is returned as is, without a copy.
    public static func uncrossed(_ quotes: [QuoteProposal], spec: InstrumentSpec) -> [QuoteProposal] {
        var lowestAsk: Price?
        for q in quotes where q.side == .sell && lowestAsk.map({ q.price < $0 }) ?? true { lowestAsk = q.price }
        guard let minAsk = lowestAsk, quotes.contains(where: { $0.side == .buy && $0.price >= minAsk }) else {
            return quotes
        }
        return quotes.compactMap { q in
            guard q.side == .buy, q.price >= minAsk else { return q }
            guard let p = minAsk.subtracting(spec.tickSize), p.raw > 0, p >= spec.minPrice,
                let v = spec.quoteNotional(price: p, quantity: q.quantity), v >= spec.minOrderValue
            else { return nil }
            var moved = q
            moved.price = spec.roundPrice(p, side: .buy)
            return moved
        }
    }
}
