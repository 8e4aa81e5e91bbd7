import MarketCore

/// What the rules need to know about one symbol's market and the account at decision time.
public struct MarketSnapshot: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var bestBid: Price?
    public var bestAsk: Price?
    public var markPrice: Price?
    /// Net position (long > 0) in the instrument's quantity unit.
    public var position: Quantity
    /// Account equity in the settle currency, including unrealized PnL (kill switch on loss).
    public var equity: Money
    /// Last trade time seen on the symbol (one-up cap resets on a trade).
    public var lastTradeTime: Timestamp?

    public init(
        symbol: Symbol, bestBid: Price? = nil, bestAsk: Price? = nil, markPrice: Price? = nil,
        position: Quantity = .zero, equity: Money = .zero, lastTradeTime: Timestamp? = nil
    ) {
        self.symbol = symbol
        self.bestBid = bestBid
        self.bestAsk = bestAsk
        self.markPrice = markPrice
        self.position = position
        self.equity = equity
        self.lastTradeTime = lastTradeTime
    }

    /// Builds a snapshot from a top of book.
    public init(top: TopOfBook, markPrice: Price?, position: Quantity, equity: Money, lastTradeTime: Timestamp? = nil) {
        self.init(
            symbol: top.symbol, bestBid: top.bidPrice, bestAsk: top.askPrice, markPrice: markPrice,
            position: position, equity: equity, lastTradeTime: lastTradeTime)
    }

    /// The reference price for collars and notionals: mark, else mid, else a best price.
    public var referencePrice: Price? {
        if let markPrice { return markPrice }
        if let b = bestBid, let a = bestAsk { return Price(raw: b.raw / 2 + a.raw / 2) }
        return bestBid ?? bestAsk
    }
}
