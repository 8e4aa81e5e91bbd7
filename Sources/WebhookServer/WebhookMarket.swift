import MarketCore

/// What the endpoint needs to know about a symbol to turn an alert into an order.
public struct WebhookMarket: Equatable, Sendable {
    /// The instrument (tick, step, bounds, contract size, kind).
    public var instrument: InstrumentSpec
    /// Current price used for `cash` and `percent_of_equity` quantities: last trade price,
    /// else mid. `nil` while the market data is not ready (the request is answered 503).
    public var referencePrice: Price?
    /// Account equity in the settle currency, excluding unrealized PnL (wallet balance).
    public var equity: Money

    public init(instrument: InstrumentSpec, referencePrice: Price?, equity: Money) {
        self.instrument = instrument
        self.referencePrice = referencePrice
        self.equity = equity
    }
}

/// Gives the current `WebhookMarket` of a symbol, or `nil` if the symbol is not (yet) known.
/// The daemon reads it from its latest market data and balances.
public typealias WebhookMarketView = @Sendable (Symbol) async -> WebhookMarket?
