import MarketCore

/// Configuration of `avellaneda_market_making` (Hummingbot keys).
///
/// `risk_factor` is γ, `order_amount_shape_factor` is η, `min_spread` (percent of the mid)
/// is the narrowest total spread, `volatility_buffer_size` the number of 1-second mid changes
/// σ is estimated from, `trading_intensity_buffer_size` the number of public trades κ and A
/// are estimated from. Required: `symbol`, `order_amount`.
public struct AvellanedaMarketMakingConfig: Sendable, Equatable, Codable {
    public var symbol: Symbol
    public var orderAmount: Quantity
    public var riskFactor: Money = 1
    public var orderAmountShapeFactor: Money = .zero
    public var minSpread: Fraction = .zero
    public var volatilityBufferSize: Int = 200
    public var tradingIntensityBufferSize: Int = 200
    /// Target position value as a percentage of equity (signed; 0 = flat).
    public var inventoryTargetBasePct: Fraction = .zero
    public var orderLevels: Int = 1
    /// Distance between levels as a percentage of the optimal half-spread.
    public var levelDistances: Fraction = .zero
    public var orderRefreshTime: Nanoseconds = .seconds(30)
    public var orderRefreshTolerancePct: Fraction = .zero
    public var maxOrderAge: Nanoseconds = .seconds(1800)
    public var filledOrderDelay: Nanoseconds = .seconds(60)
    public var addTransactionCosts: Bool = false

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case symbol
        case orderAmount = "order_amount"
        case riskFactor = "risk_factor"
        case orderAmountShapeFactor = "order_amount_shape_factor"
        case minSpread = "min_spread"
        case volatilityBufferSize = "volatility_buffer_size"
        case tradingIntensityBufferSize = "trading_intensity_buffer_size"
        case inventoryTargetBasePct = "inventory_target_base_pct"
        case orderLevels = "order_levels"
        case levelDistances = "level_distances"
        case orderRefreshTime = "order_refresh_time"
        case orderRefreshTolerancePct = "order_refresh_tolerance_pct"
        case maxOrderAge = "max_order_age"
        case filledOrderDelay = "filled_order_delay"
        case addTransactionCosts = "add_transaction_costs"
    }

    /// Every YAML key this config reads.
    public static var keys: [String] { ["strategy"] + CodingKeys.allCases.map(\.rawValue) }

    public init(symbol: Symbol, orderAmount: Quantity) {
        self.symbol = symbol
        self.orderAmount = orderAmount
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(Symbol.self, forKey: .symbol)
        orderAmount = try c.decimal(.orderAmount)
        let d = AvellanedaMarketMakingConfig(symbol: symbol, orderAmount: orderAmount)
        riskFactor = try c.decimal(.riskFactor, default: d.riskFactor)
        orderAmountShapeFactor = try c.decimal(.orderAmountShapeFactor, default: d.orderAmountShapeFactor)
        minSpread = try c.percent(.minSpread, default: d.minSpread)
        volatilityBufferSize = try c.value(.volatilityBufferSize, default: d.volatilityBufferSize)
        tradingIntensityBufferSize = try c.value(.tradingIntensityBufferSize, default: d.tradingIntensityBufferSize)
        inventoryTargetBasePct = try c.percent(.inventoryTargetBasePct, default: d.inventoryTargetBasePct)
        orderLevels = try c.value(.orderLevels, default: d.orderLevels)
        levelDistances = try c.percent(.levelDistances, default: d.levelDistances)
        orderRefreshTime = try c.seconds(.orderRefreshTime, default: d.orderRefreshTime)
        orderRefreshTolerancePct = try c.percent(.orderRefreshTolerancePct, default: d.orderRefreshTolerancePct)
        maxOrderAge = try c.seconds(.maxOrderAge, default: d.maxOrderAge)
        filledOrderDelay = try c.seconds(.filledOrderDelay, default: d.filledOrderDelay)
        addTransactionCosts = try c.value(.addTransactionCosts, default: d.addTransactionCosts)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(symbol, forKey: .symbol)
        try c.encodeDecimal(orderAmount, forKey: .orderAmount)
        try c.encodeDecimal(riskFactor, forKey: .riskFactor)
        try c.encodeDecimal(orderAmountShapeFactor, forKey: .orderAmountShapeFactor)
        try c.encodePercent(minSpread, forKey: .minSpread)
        try c.encode(volatilityBufferSize, forKey: .volatilityBufferSize)
        try c.encode(tradingIntensityBufferSize, forKey: .tradingIntensityBufferSize)
        try c.encodePercent(inventoryTargetBasePct, forKey: .inventoryTargetBasePct)
        try c.encode(orderLevels, forKey: .orderLevels)
        try c.encodePercent(levelDistances, forKey: .levelDistances)
        try c.encodeSeconds(orderRefreshTime, forKey: .orderRefreshTime)
        try c.encodePercent(orderRefreshTolerancePct, forKey: .orderRefreshTolerancePct)
        try c.encodeSeconds(maxOrderAge, forKey: .maxOrderAge)
        try c.encodeSeconds(filledOrderDelay, forKey: .filledOrderDelay)
        try c.encode(addTransactionCosts, forKey: .addTransactionCosts)
    }

    /// Range checks.
    public func validate() -> [ConfigIssue] {
        var v = IssueCollector()
        if symbol.name.isEmpty { v.add("symbol", "must not be empty") }
        v.positive("order_amount", orderAmount)
        v.positive("risk_factor", riskFactor)
        if orderAmountShapeFactor.isNegative { v.add("order_amount_shape_factor", "must not be negative") }
        v.nonNegative("min_spread", minSpread)
        if minSpread >= .one { v.add("min_spread", "must be below 100 percent") }
        v.intRange("volatility_buffer_size", volatilityBufferSize, 2, 100_000)
        v.intRange("trading_intensity_buffer_size", tradingIntensityBufferSize, 2, 100_000)
        v.percentRange("inventory_target_base_pct", inventoryTargetBasePct, -100, 100)
        v.intRange("order_levels", orderLevels, 1, 50)
        v.nonNegative("level_distances", levelDistances)
        if orderLevels > 1 && levelDistances.isZero {
            v.add("level_distances", "must be > 0 when order_levels > 1 (levels would coincide)")
        }
        if orderRefreshTime.value <= 0 { v.add("order_refresh_time", "must be > 0 seconds") }
        v.nonNegative("order_refresh_tolerance_pct", orderRefreshTolerancePct)
        if maxOrderAge.value <= 0 { v.add("max_order_age", "must be > 0 seconds") }
        v.nonNegative("filled_order_delay", filledOrderDelay)
        return v.issues
    }
}
