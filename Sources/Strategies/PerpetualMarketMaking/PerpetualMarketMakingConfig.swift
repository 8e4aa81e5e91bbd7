import MarketCore

/// Position mode key of `perpetual_market_making` (`one-way` or `hedge`).
public enum PositionModeSetting: String, Sendable, Codable, CaseIterable {
    case oneWay = "one-way"
    case hedge = "hedge"

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self).lowercased()
        switch s {
        case "one-way", "oneway", "one_way": self = .oneWay
        case "hedge", "hedged": self = .hedge
        default: throw DecodingError.dataCorruptedError(in: c, debugDescription: "must be one-way or hedge")
        }
    }

    /// The MarketCore position mode.
    public var positionMode: PositionMode { self == .oneWay ? .oneWay : .hedged }
}

/// Configuration of `perpetual_market_making`: every `pure_market_making` key plus
/// Hummingbot's perpetual keys (`leverage`, `position_mode`, profit taking and stop loss).
///
/// Defaults: leverage 10, one-way, long/short profit-taking spread 0.5 %, stop-loss spread
/// 1 %, 60 s between stop-loss orders, 0.5 % stop-loss slippage buffer (Hummingbot prompts for
/// these without defaults).
public struct PerpetualMarketMakingConfig: Sendable, Equatable, Codable {
    /// The quoting keys (same meanings as in `pure_market_making`).
    public var quoting: PureMarketMakingConfig
    /// Leverage the daemon sets on the symbol before quoting.
    public var leverage: Int = 10
    public var positionMode: PositionModeSetting = .oneWay
    /// A long is closed by a reduce-only sell at entry × (1 + this).
    public var longProfitTakingSpread: Fraction = Fraction(raw: 5_000_000)
    /// A short is closed by a reduce-only buy at entry × (1 − this).
    public var shortProfitTakingSpread: Fraction = Fraction(raw: 5_000_000)
    /// Stop loss triggers when the market crosses entry × (1 ∓ this).
    public var stopLossSpread: Fraction = Fraction(percent: 1)
    /// Minimum time between two stop-loss orders while the trigger holds.
    public var timeBetweenStopLossOrders: Nanoseconds = .seconds(60)
    /// The stop-loss limit price is the stop price moved by this much against us.
    public var stopLossSlippageBuffer: Fraction = Fraction(raw: 5_000_000)

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case leverage
        case positionMode = "position_mode"
        case longProfitTakingSpread = "long_profit_taking_spread"
        case shortProfitTakingSpread = "short_profit_taking_spread"
        case stopLossSpread = "stop_loss_spread"
        case timeBetweenStopLossOrders = "time_between_stop_loss_orders"
        case stopLossSlippageBuffer = "stop_loss_slippage_buffer"
    }

    /// Every YAML key this config reads.
    public static var keys: [String] { PureMarketMakingConfig.keys + CodingKeys.allCases.map(\.rawValue) }

    public init(quoting: PureMarketMakingConfig) { self.quoting = quoting }

    public init(from decoder: any Decoder) throws {
        quoting = try PureMarketMakingConfig(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PerpetualMarketMakingConfig(quoting: quoting)
        leverage = try c.value(.leverage, default: d.leverage)
        positionMode = try c.value(.positionMode, default: d.positionMode)
        longProfitTakingSpread = try c.percent(.longProfitTakingSpread, default: d.longProfitTakingSpread)
        shortProfitTakingSpread = try c.percent(.shortProfitTakingSpread, default: d.shortProfitTakingSpread)
        stopLossSpread = try c.percent(.stopLossSpread, default: d.stopLossSpread)
        timeBetweenStopLossOrders = try c.seconds(.timeBetweenStopLossOrders, default: d.timeBetweenStopLossOrders)
        stopLossSlippageBuffer = try c.percent(.stopLossSlippageBuffer, default: d.stopLossSlippageBuffer)
    }

    public func encode(to encoder: any Encoder) throws {
        try quoting.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(leverage, forKey: .leverage)
        try c.encode(positionMode, forKey: .positionMode)
        try c.encodePercent(longProfitTakingSpread, forKey: .longProfitTakingSpread)
        try c.encodePercent(shortProfitTakingSpread, forKey: .shortProfitTakingSpread)
        try c.encodePercent(stopLossSpread, forKey: .stopLossSpread)
        try c.encodeSeconds(timeBetweenStopLossOrders, forKey: .timeBetweenStopLossOrders)
        try c.encodePercent(stopLossSlippageBuffer, forKey: .stopLossSlippageBuffer)
    }

    /// Range checks of the quoting keys and the perpetual keys.
    public func validate() -> [ConfigIssue] {
        var v = IssueCollector()
        v.issues = quoting.validate()
        v.intRange("leverage", leverage, 1, 100)
        v.nonNegative("long_profit_taking_spread", longProfitTakingSpread)
        v.nonNegative("short_profit_taking_spread", shortProfitTakingSpread)
        if shortProfitTakingSpread >= .one { v.add("short_profit_taking_spread", "must be below 100 percent") }
        v.nonNegative("stop_loss_spread", stopLossSpread)
        if stopLossSpread >= .one { v.add("stop_loss_spread", "must be below 100 percent") }
        if timeBetweenStopLossOrders.value <= 0 { v.add("time_between_stop_loss_orders", "must be > 0 seconds") }
        v.nonNegative("stop_loss_slippage_buffer", stopLossSlippageBuffer)
        if stopLossSlippageBuffer >= .one { v.add("stop_loss_slippage_buffer", "must be below 100 percent") }
        return v.issues
    }
}
