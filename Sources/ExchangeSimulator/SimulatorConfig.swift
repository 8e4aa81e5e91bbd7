import MarketCore

/// How a post-only order that would cross the book is refused (PROTOCOL §8, UNCONFIRMED).
public enum PostOnlyCrossBehavior: String, Sendable, Codable {
    /// REST create is acknowledged, then the stream reports `Canceled` with `cxlRejReason` 101
    /// (`CE_WILLCROSS`). The recommended default.
    case acceptThenCancel
    /// REST create fails synchronously with `SimulatorConfig.postOnlyRejectCode`.
    case rejectOnCreate
}

/// Parameters of the synthetic market of one symbol. Doubles are signal parameters only; every
/// price and size that leaves the generator is snapped to the instrument grid.
public struct SimMarketParams: Hashable, Sendable, Codable {
    /// Fair price at time zero.
    public var startPrice: Price
    /// Standard deviation of the fair-price random walk per √second, as a fraction of price.
    public var volatilityPerSqrtSecond: Double
    /// Half the synthetic spread, in ticks (best bid = fair − half, best ask = fair + half).
    public var halfSpreadTicks: Int
    /// Number of synthetic levels per side (≥ 30 by default: 40).
    public var levelsPerSide: Int
    /// Mean size of one synthetic level (exponential distribution), in quantity units.
    public var meanLevelSize: Quantity
    /// Mean size of one market trade (exponential distribution).
    public var meanTradeSize: Quantity
    /// Poisson arrival rate of market trades per second.
    public var tradesPerSecond: Double
    /// Number of random level-size changes per step (book churn).
    public var churnPerStep: Int
    public init(
        startPrice: Price, volatilityPerSqrtSecond: Double = 0.00005, halfSpreadTicks: Int = 1,
        levelsPerSide: Int = 40, meanLevelSize: Quantity, meanTradeSize: Quantity,
        tradesPerSecond: Double = 4, churnPerStep: Int = 2
    ) {
        self.startPrice = startPrice
        self.volatilityPerSqrtSecond = volatilityPerSqrtSecond
        self.halfSpreadTicks = halfSpreadTicks
        self.levelsPerSide = levelsPerSide
        self.meanLevelSize = meanLevelSize
        self.meanTradeSize = meanTradeSize
        self.tradesPerSecond = tradesPerSecond
        self.churnPerStep = churnPerStep
    }
}

/// One tradable instrument of the simulator: the venue spec plus its synthetic market.
public struct SimInstrument: Hashable, Sendable, Codable {
    public var spec: InstrumentSpec
    public var market: SimMarketParams
    /// Maximum leverage accepted by set-leverage (above → 11004).
    public var maxLeverage: Int
    /// Leverage of a fresh position (negative = cross, as Phemex reports `leverageRr`).
    public var defaultLeverage: Money
    /// Phemex product code (`code` field of `/public/products`).
    public var productCode: Int
    public init(spec: InstrumentSpec, market: SimMarketParams, maxLeverage: Int = 100,
                defaultLeverage: Money = -10, productCode: Int) {
        self.spec = spec
        self.market = market
        self.maxLeverage = maxLeverage
        self.defaultLeverage = defaultLeverage
        self.productCode = productCode
    }
    public var symbol: Symbol { spec.symbol }
}

/// A simulated user: API credentials (the server verifies HMAC with `apiSecret`), user id and
/// starting wallet balances per settle currency.
public struct SimAccountConfig: Hashable, Sendable, Codable {
    public var apiKey: String
    public var apiSecret: String
    public var userID: Int64
    /// Starting balances, e.g. `[("USDT", 10000), ("BTC", 1)]` (array: ordered, deterministic).
    public var balances: [SimBalance]
    public init(apiKey: String, apiSecret: String, userID: Int64, balances: [SimBalance]) {
        self.apiKey = apiKey
        self.apiSecret = apiSecret
        self.userID = userID
        self.balances = balances
    }
}

/// A currency amount.
public struct SimBalance: Hashable, Sendable, Codable {
    public var currency: String
    public var amount: Money
    public init(currency: String, amount: Money) {
        self.currency = currency
        self.amount = amount
    }
}

/// Everything the simulator needs at start. All fields have sensible defaults.
public struct SimulatorConfig: Hashable, Sendable, Codable {
    /// Seed of every random stream (market, ids). Same seed + same requests = same events.
    public var seed: UInt64
    public var instruments: [SimInstrument]
    public var accounts: [SimAccountConfig]
    /// Default fee rates (fractions; negative maker fee = rebate).
    public var makerFeeRate: Money
    public var takerFeeRate: Money
    /// Cap on open non-conditional orders per (user, symbol) → 11032.
    public var maxActiveOrdersPerSymbol: Int
    /// Cap on untriggered conditional orders per (user, symbol) → 11031.
    public var maxConditionalOrdersPerSymbol: Int
    public var postOnlyCross: PostOnlyCrossBehavior
    /// Code returned when `postOnlyCross == .rejectOnCreate` (UNCONFIRMED; default 10500).
    public var postOnlyRejectCode: Int
    /// Code for a price off the tick grid (UNCONFIRMED in PROTOCOL; default 10500).
    public var offTickRejectCode: Int
    /// Code for a quantity off the step grid (default 10500).
    public var offStepRejectCode: Int
    /// Levels per side published in book updates (Phemex `depth` 30).
    public var bookDepth: Int
    /// Market step used by `advance(to:)` (Phemex batches book deltas every ~20 ms).
    public var stepInterval: Nanoseconds
    /// Mark/index price cadence.
    public var markInterval: Nanoseconds
    /// Closed orders kept per user for queries and the private snapshot.
    public var closedOrderHistory: Int
    public var rateLimits: RateLimitConfig
    /// When false, `advance(to:)` skips computing `.book` deltas (for servers that diff
    /// `bookSnapshot` per subscription themselves). Default true.
    public var emitBookDeltas: Bool = true

    public init(
        seed: UInt64 = 42, instruments: [SimInstrument] = SimInstruments.defaults,
        accounts: [SimAccountConfig] = [], makerFeeRate: Money = Money(raw: 100_000),
        takerFeeRate: Money = Money(raw: 600_000), maxActiveOrdersPerSymbol: Int = 200,
        maxConditionalOrdersPerSymbol: Int = 10, postOnlyCross: PostOnlyCrossBehavior = .acceptThenCancel,
        postOnlyRejectCode: Int = 10500, offTickRejectCode: Int = 10500, offStepRejectCode: Int = 10500,
        bookDepth: Int = 30, stepInterval: Nanoseconds = .millis(20), markInterval: Nanoseconds = .seconds(1),
        closedOrderHistory: Int = 100, rateLimits: RateLimitConfig = RateLimitConfig()
    ) {
        self.seed = seed
        self.instruments = instruments
        self.accounts = accounts
        self.makerFeeRate = makerFeeRate
        self.takerFeeRate = takerFeeRate
        self.maxActiveOrdersPerSymbol = maxActiveOrdersPerSymbol
        self.maxConditionalOrdersPerSymbol = maxConditionalOrdersPerSymbol
        self.postOnlyCross = postOnlyCross
        self.postOnlyRejectCode = postOnlyRejectCode
        self.offTickRejectCode = offTickRejectCode
        self.offStepRejectCode = offStepRejectCode
        self.bookDepth = bookDepth
        self.stepInterval = stepInterval
        self.markInterval = markInterval
        self.closedOrderHistory = closedOrderHistory
        self.rateLimits = rateLimits
    }
}
