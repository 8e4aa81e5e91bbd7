import MarketCore

/// A `tick_p` / `tick` price tick of an index, mark or funding-rate symbol (`.BTCUSDT`,
/// `.MBTCUSDT`, `.BTCUSDTFR8H`, `.MBTC` …). Map `tickSymbol` to an instrument with the
/// product's `markSymbol`/`indexSymbol`/`fundingRateSymbol` (`PhemexProduct`).
public struct PhemexTick: Sendable, Hashable {
    public var tickSymbol: String
    /// The value (a price, or a rate for funding-rate symbols).
    public var value: Price
    public var time: Timestamp

    public init(tickSymbol: String, value: Price, time: Timestamp) {
        self.tickSymbol = tickSymbol
        self.value = value
        self.time = time
    }
}

/// A decoded ticker frame: several rows for the all-symbol pack, one otherwise.
public struct TickerUpdate: Sendable, Hashable {
    /// `type: snapshot` on the pack channel (false for per-symbol tickers).
    public var isSnapshot: Bool
    public var tickers: [PhemexTicker]
    /// Rows that failed to decode (others are still delivered).
    public var rowErrors: [PhemexWireError]
}
