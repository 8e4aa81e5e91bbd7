import MarketCore

/// A 24 h ticker row with mark/index/funding (USDT-M `perp_market24h_pack_p`, `market24h_p`;
/// COIN-M `market24h`). Fields the message does not carry are nil.
public struct PhemexTicker: Sendable, Hashable {
    public var symbol: Symbol
    public var open: Price?
    public var high: Price?
    public var low: Price?
    /// Last trade price (`lastRp` / `closeRp` / `close`).
    public var last: Price?
    /// 24 h volume (base coin for USDT-M, contracts for COIN-M).
    public var volume: Quantity?
    /// 24 h turnover in the quote (USDT-M) or settle (COIN-M) currency.
    public var turnover: Money?
    /// Open interest as sent (`openInterestRv` USDT-M, contracts COIN-M).
    public var openInterest: Money?
    public var indexPrice: Price?
    public var markPrice: Price?
    /// Current funding rate as a fraction.
    public var fundingRate: Money?
    /// Predicted next funding rate as a fraction.
    public var predictedFundingRate: Money?
    public var bid: Price?
    public var ask: Price?
    public var time: Timestamp

    public init(symbol: Symbol, time: Timestamp) {
        self.symbol = symbol
        self.time = time
    }

    /// The mark/index/funding part as a MarketCore tick (nil without a mark price).
    public var markPriceTick: MarkPriceTick? {
        guard let m = markPrice else { return nil }
        return MarkPriceTick(symbol: symbol, markPrice: m, indexPrice: indexPrice, fundingRate: fundingRate, time: time)
    }
}
