import MarketCore

extension OrderTracker {
    /// The highest buy price and the lowest sell price among the quotes of `symbol` that
    /// `firstQuoteMarketMovedThrough` looks at (not a one-off order, no cancel wanted, priced);
    /// `nil` for a side without one.
    ///
    /// `firstQuoteMarketMovedThrough(symbol:bid:ask:)` finds an order exactly when
    /// `highestBuy >= ask` or `lowestSell <= bid`, so a caller holding these bounds (while
    /// `ordersVersion(symbol:)` is the same) can rule out the scan on most ticks.
    public func marketThroughBounds(symbol: Symbol) -> (highestBuy: Price?, lowestSell: Price?) {
        guard let si = Self.symbolIndex(symbol, in: symbols) else { return (nil, nil) }
        var highestBuy: Price?
        var lowestSell: Price?
        for oi in symbols[si].orders.indices {
            guard symbols[si].orders[oi].role != .single, !symbols[si].orders[oi].cancelWanted,
                let price = symbols[si].orders[oi].price
            else { continue }
            switch symbols[si].orders[oi].side {
            case .buy: highestBuy = max(highestBuy ?? price, price)
            case .sell: lowestSell = min(lowestSell ?? price, price)
            }
        }
        return (highestBuy, lowestSell)
    }
}
