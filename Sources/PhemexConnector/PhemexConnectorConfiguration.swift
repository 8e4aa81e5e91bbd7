import MarketCore
import PhemexWire

/// Everything the connector needs: where to connect, what to subscribe, and every timing knob
/// (all configurable so tests run fast).
public struct PhemexConnectorConfiguration: Sendable {
    /// Endpoints.
    public var network: PhemexNetwork
    /// API credentials; `nil` runs public market data only (no private stream, no trading).
    public var credentials: APICredentials?
    /// USDT-M (linear) symbols for market data.
    public var linearSymbols: [Symbol]
    /// COIN-M (inverse) symbols for market data.
    public var inverseSymbols: [Symbol]
    /// Subscribe trades as well as books.
    public var subscribeTrades: Bool = true
    /// Subscribe the all-symbol ticker (mark, index, funding) channels.
    public var subscribeTickers: Bool = true
    /// Book depth kept (and requested when not 30).
    public var bookDepth: Int = 30
    /// WebSocket connection limits.
    public var limits = ConnectionLimits()
    /// Private-stream settle currencies to reconcile (`USDT` for USDT-M, e.g. `BTC` for COIN-M).
    public var linearCurrencies: [String] = ["USDT"]
    public var inverseCurrencies: [String] = []

    /// Application heartbeat (`server.ping`) period; the exchange wants < 30 s, 5 s recommended.
    public var pingInterval: Duration = .seconds(5)
    /// Nothing received (no pong, no data) for this long → reconnect.
    public var idleTimeout: Duration = .seconds(15)
    /// No frame on a subscribed book for this long → `bookStale` and resubscribe.
    public var staleAfter: Duration = .seconds(30)
    /// How often the watchdog looks at the timers.
    public var watchdogInterval: Duration = .milliseconds(500)
    /// Reconnect back-off.
    public var backoffInitial: Duration = .seconds(1)
    public var backoffMaximum: Duration = .seconds(60)
    /// A connection that stayed up this long after its handshake resets the back-off.
    public var stableAfter: Duration = .seconds(30)
    /// Seed of the back-off jitter.
    public var backoffSeed: UInt64 = 0x5EED
    /// How long to wait for a subscribe/auth reply.
    public var requestTimeout: Duration = .seconds(10)
    /// WebSocket close handshake timeout.
    public var closeTimeout: Duration = .seconds(2)
    /// Maximum WebSocket frame / message size (snapshots and `aop_p` snapshots are large).
    public var maxFrameSize: Int = 1 << 24

    /// Record frame timestamp → book-updated latency in `stats.bookLatency` (benchmarks).
    public var measureLatency: Bool = false
    /// Read, decode and apply WebSocket frames on the connection's own event loop thread (no
    /// thread hop between the socket read and the book update). `false` reads on the global
    /// concurrency pool instead (the previous behaviour; kept for A/B benchmarks).
    public var readOnEventLoop: Bool = true
    /// `true`: market-data connections use the connector's own WebSocket client on SwiftNIO's
    /// frame codec (`WSDirectSocket`: each message is decoded and applied inside the channel
    /// handler, on the loop thread that read it; about a third less CPU per frame; it offers no
    /// permessage-deflate). `false` (default): swift-websocket's client, which offers
    /// permessage-deflate, as the private session always does. Daemon key `market_data_client`.
    public var directMarketDataSocket: Bool = false

    /// REST `x-phemex-request-expiry` horizon.
    public var restExpiry: Duration = .seconds(60)
    /// REST request timeout (an order write that times out is reported UNKNOWN).
    public var restTimeout: Duration = .seconds(10)
    /// Query `/public/time` at start to correct the local clock.
    public var syncServerTime: Bool = true
    /// Maximum REST reply body.
    public var maxResponseBytes: Int = 1 << 25
    /// How far back REST reconciliation looks for fills.
    public var reconcileFillsWindow: Duration = .seconds(3600)

    public init(
        network: PhemexNetwork, credentials: APICredentials? = nil, linearSymbols: [Symbol] = [],
        inverseSymbols: [Symbol] = []
    ) {
        self.network = network
        self.credentials = credentials
        self.linearSymbols = linearSymbols
        self.inverseSymbols = inverseSymbols
    }

    /// All configured symbols with their kind, linear first.
    public var symbols: [(Symbol, ContractKind)] {
        linearSymbols.map { ($0, .linear) } + inverseSymbols.map { ($0, .inverse) }
    }

    /// The subscription plan for these symbols and limits.
    public func subscriptionPlan() throws(PhemexConnectorError) -> SubscriptionPlan {
        try SubscriptionPlanner.plan(
            symbols: symbols, trades: subscribeTrades, tickers: subscribeTickers, limits: limits)
    }
}
