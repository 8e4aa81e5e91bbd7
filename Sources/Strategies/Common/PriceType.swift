import MarketCore

/// Which market price the quotes are centred on (Hummingbot `price_type`).
public enum PriceType: String, Sendable, Codable, CaseIterable {
    case midPrice = "mid_price"
    case lastPrice = "last_price"
    case bestBid = "best_bid"
    case bestAsk = "best_ask"

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let v = PriceType(rawValue: s.lowercased()) else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "must be one of mid_price, last_price, best_bid, best_ask")
        }
        self = v
    }

    /// The reference price in `context`, or `nil` when that source has no value.
    public func reference(in context: StrategyContext) -> Price? {
        switch self {
        case .midPrice: return context.top?.mid
        case .lastPrice: return context.lastTrade?.price
        case .bestBid: return context.top?.bidPrice
        case .bestAsk: return context.top?.askPrice
        }
    }
}
