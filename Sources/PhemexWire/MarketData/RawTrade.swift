import MarketCore

/// One public trade exactly as decoded from a `trades_p` / `trades` tuple, before any
/// instrument scale is applied: for USDT-M frames `price`/`quantity` are already raw 10⁻⁹
/// counts; for COIN-M frames they are the wire integers (`priceEp`, contracts). Use
/// `MarketDataDecoder.trade(at:priceScale:)` to get a `TradeTick`.
public struct RawTrade: Hashable, Sendable {
    /// Exchange time of the trade (nanoseconds).
    public var time: Timestamp
    /// Taker side.
    public var side: Side
    /// Wire price value (see the type comment).
    public var price: Int64
    /// Wire quantity value (see the type comment).
    public var quantity: Int64
    public init(time: Timestamp, side: Side, price: Int64, quantity: Int64) {
        self.time = time
        self.side = side
        self.price = price
        self.quantity = quantity
    }
}

/// Which stream a frame belongs to, as far as the market-data hot path cares.
public enum MarketFrameKind: Sendable, Equatable {
    /// `orderbook_p` (USDT-M) or `book` (COIN-M).
    case book
    /// `trades_p` (USDT-M) or `trades` (COIN-M).
    case trades
    /// Anything else (acks, pongs, tickers, private frames): route to the Codable decoders.
    case other
}
