import MarketCore
import OrderTracking
import Strategies

/// What a book tick of one market reads from the order tracker — its live quotes and the
/// bounds of the market-through check — as of `Engine.trackerVersion`.
///
/// A quiet tick then asks the tracker nothing: every call into it copies the whole tracker
/// (about 1.5 KB) to pass it, and finds the symbol by name.
struct MarketTrackerView: Sendable {
    /// `Engine.trackerVersion` when last brought up to date (`nil`: never).
    var trackerVersion: UInt64?
    /// The tracker's `ordersVersion(symbol:)` the fields below were read at.
    var ordersVersion: UInt64?
    /// `tracker.liveQuotes(symbol:)` (the same array while the orders are unchanged).
    var liveQuotes: [LiveQuote] = []
    /// `tracker.marketThroughBounds(symbol:)`.
    var highestBuy: Price?
    var lowestSell: Price?
}

extension Engine {
    /// Brings `trackerViews[mi]` up to date: nothing to do while the tracker is unchanged;
    /// otherwise its orders version is read, and the quotes and bounds again if it moved.
    mutating func updateTrackerView(market mi: Int) {
        while trackerViews.count <= mi { trackerViews.append(MarketTrackerView()) }
        guard trackerViews[mi].trackerVersion != trackerVersion else { return }
        let symbol = state.markets[mi].symbol
        let version = tracker.ordersVersion(symbol: symbol)
        if trackerViews[mi].trackerVersion == nil || version != trackerViews[mi].ordersVersion {
            trackerViews[mi].liveQuotes = version == nil ? [] : tracker.liveQuotes(symbol: symbol)
            (trackerViews[mi].highestBuy, trackerViews[mi].lowestSell) = tracker.marketThroughBounds(symbol: symbol)
            trackerViews[mi].ordersVersion = version
        }
        trackerViews[mi].trackerVersion = trackerVersion
    }

    /// The tracker's live quotes of market `mi` (see `MarketTrackerView`).
    mutating func liveQuotes(market mi: Int) -> [LiveQuote] {
        updateTrackerView(market: mi)
        return trackerViews[mi].liveQuotes
    }

    /// `false` when no quote of market `mi` can be one the market moved through at `top`
    /// (then `tracker.firstQuoteMarketMovedThrough` would find none); `true` when one may be.
    mutating func marketMayHaveMovedThrough(market mi: Int, top: TopOfBook) -> Bool {
        updateTrackerView(market: mi)
        if let buy = trackerViews[mi].highestBuy, let ask = top.askPrice, buy >= ask { return true }
        if let sell = trackerViews[mi].lowestSell, let bid = top.bidPrice, sell <= bid { return true }
        return false
    }
}

extension StrategyContext {
    /// `top = new` (see `Engine.store(_:into:)`).
    mutating func storeTop(_ new: TopOfBook) { Engine.store(new, into: &top) }
}

extension Engine {
    /// `slot = new`, storing only the changing fields when the kept top has the same symbol
    /// (no copy of the top and no retain and release of its symbol's `String`).
    static func store(_ new: TopOfBook, into slot: inout TopOfBook?) {
        guard slot?.symbol == new.symbol else {
            slot = new
            return
        }
        slot?.bidPrice = new.bidPrice
        slot?.bidSize = new.bidSize
        slot?.askPrice = new.askPrice
        slot?.askSize = new.askSize
        slot?.sequence = new.sequence
        slot?.time = new.time
    }
}
