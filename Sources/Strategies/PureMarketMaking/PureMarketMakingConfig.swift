import MarketCore

/// Configuration of `pure_market_making`, with Hummingbot's keys and meanings.
///
/// Percent keys are written as percentages (`bid_spread: 0.05` = 0.05 %) and held as exact
/// `Fraction`s; amounts and prices are fixed-point; durations are seconds. Required keys:
/// `symbol`, `bid_spread`, `ask_spread`, `order_amount`. Defaults follow Hummingbot except
/// `inventory_target_base_pct` (0: mmbot trades perpetuals, where the inventory is the
/// position and the natural target is flat).
public struct PureMarketMakingConfig: Sendable, Equatable, Codable {
    public var symbol: Symbol
    public var bidSpread: Fraction
    public var askSpread: Fraction
    /// Order size of the innermost level, in the instrument's quantity unit.
    public var orderAmount: Quantity
    public var orderLevels: Int = 1
    /// Extra spread per level beyond the first.
    public var orderLevelSpread: Fraction = Fraction(percent: 1)
    /// Extra amount per level beyond the first.
    public var orderLevelAmount: Quantity = .zero
    public var orderRefreshTime: Nanoseconds = .seconds(30)
    public var orderRefreshTolerancePct: Fraction = .zero
    public var maxOrderAge: Nanoseconds = .seconds(1800)
    public var filledOrderDelay: Nanoseconds = .seconds(60)
    /// Quotes closer to the reference price than this are cancelled; negative disables.
    public var minimumSpread: Fraction = Fraction(percent: -100)
    public var inventorySkewEnabled: Bool = false
    /// Target position value as a percentage of equity (signed for perpetuals).
    public var inventoryTargetBasePct: Fraction = .zero
    public var inventoryRangeMultiplier: Money = 1
    public var hangingOrdersEnabled: Bool = false
    public var hangingOrdersCancelPct: Fraction = Fraction(percent: 10)
    public var pingPongEnabled: Bool = false
    /// No bids at or above this reference price; ≤ 0 disables.
    public var priceCeiling: Price = -1
    /// No asks at or below this reference price; ≤ 0 disables.
    public var priceFloor: Price = -1
    public var priceType: PriceType = .midPrice
    public var addTransactionCosts: Bool = false

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case symbol
        case bidSpread = "bid_spread"
        case askSpread = "ask_spread"
        case orderAmount = "order_amount"
        case orderLevels = "order_levels"
        case orderLevelSpread = "order_level_spread"
        case orderLevelAmount = "order_level_amount"
        case orderRefreshTime = "order_refresh_time"
        case orderRefreshTolerancePct = "order_refresh_tolerance_pct"
        case maxOrderAge = "max_order_age"
        case filledOrderDelay = "filled_order_delay"
        case minimumSpread = "minimum_spread"
        case inventorySkewEnabled = "inventory_skew_enabled"
        case inventoryTargetBasePct = "inventory_target_base_pct"
        case inventoryRangeMultiplier = "inventory_range_multiplier"
        case hangingOrdersEnabled = "hanging_orders_enabled"
        case hangingOrdersCancelPct = "hanging_orders_cancel_pct"
        case pingPongEnabled = "ping_pong_enabled"
        case priceCeiling = "price_ceiling"
        case priceFloor = "price_floor"
        case priceType = "price_type"
        case addTransactionCosts = "add_transaction_costs"
    }

    /// Every YAML key this config reads (plus the common `strategy`).
    public static var keys: [String] { ["strategy"] + CodingKeys.allCases.map(\.rawValue) }

    public init(symbol: Symbol, bidSpread: Fraction, askSpread: Fraction, orderAmount: Quantity) {
        self.symbol = symbol
        self.bidSpread = bidSpread
        self.askSpread = askSpread
        self.orderAmount = orderAmount
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(Symbol.self, forKey: .symbol)
        bidSpread = try c.percent(.bidSpread)
        askSpread = try c.percent(.askSpread)
        orderAmount = try c.decimal(.orderAmount)
        let d = PureMarketMakingConfig(symbol: symbol, bidSpread: .zero, askSpread: .zero, orderAmount: .zero)
        orderLevels = try c.value(.orderLevels, default: d.orderLevels)
        orderLevelSpread = try c.percent(.orderLevelSpread, default: d.orderLevelSpread)
        orderLevelAmount = try c.decimal(.orderLevelAmount, default: d.orderLevelAmount)
        orderRefreshTime = try c.seconds(.orderRefreshTime, default: d.orderRefreshTime)
        orderRefreshTolerancePct = try c.percent(.orderRefreshTolerancePct, default: d.orderRefreshTolerancePct)
        maxOrderAge = try c.seconds(.maxOrderAge, default: d.maxOrderAge)
        filledOrderDelay = try c.seconds(.filledOrderDelay, default: d.filledOrderDelay)
        minimumSpread = try c.percent(.minimumSpread, default: d.minimumSpread)
        inventorySkewEnabled = try c.value(.inventorySkewEnabled, default: d.inventorySkewEnabled)
        inventoryTargetBasePct = try c.percent(.inventoryTargetBasePct, default: d.inventoryTargetBasePct)
        inventoryRangeMultiplier = try c.decimal(.inventoryRangeMultiplier, default: d.inventoryRangeMultiplier)
        hangingOrdersEnabled = try c.value(.hangingOrdersEnabled, default: d.hangingOrdersEnabled)
        hangingOrdersCancelPct = try c.percent(.hangingOrdersCancelPct, default: d.hangingOrdersCancelPct)
        pingPongEnabled = try c.value(.pingPongEnabled, default: d.pingPongEnabled)
        priceCeiling = try c.decimal(.priceCeiling, default: d.priceCeiling)
        priceFloor = try c.decimal(.priceFloor, default: d.priceFloor)
        priceType = try c.value(.priceType, default: d.priceType)
        addTransactionCosts = try c.value(.addTransactionCosts, default: d.addTransactionCosts)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(symbol, forKey: .symbol)
        try c.encodePercent(bidSpread, forKey: .bidSpread)
        try c.encodePercent(askSpread, forKey: .askSpread)
        try c.encodeDecimal(orderAmount, forKey: .orderAmount)
        try c.encode(orderLevels, forKey: .orderLevels)
        try c.encodePercent(orderLevelSpread, forKey: .orderLevelSpread)
        try c.encodeDecimal(orderLevelAmount, forKey: .orderLevelAmount)
        try c.encodeSeconds(orderRefreshTime, forKey: .orderRefreshTime)
        try c.encodePercent(orderRefreshTolerancePct, forKey: .orderRefreshTolerancePct)
        try c.encodeSeconds(maxOrderAge, forKey: .maxOrderAge)
        try c.encodeSeconds(filledOrderDelay, forKey: .filledOrderDelay)
        try c.encodePercent(minimumSpread, forKey: .minimumSpread)
        try c.encode(inventorySkewEnabled, forKey: .inventorySkewEnabled)
        try c.encodePercent(inventoryTargetBasePct, forKey: .inventoryTargetBasePct)
        try c.encodeDecimal(inventoryRangeMultiplier, forKey: .inventoryRangeMultiplier)
        try c.encode(hangingOrdersEnabled, forKey: .hangingOrdersEnabled)
        try c.encodePercent(hangingOrdersCancelPct, forKey: .hangingOrdersCancelPct)
        try c.encode(pingPongEnabled, forKey: .pingPongEnabled)
        try c.encodeDecimal(priceCeiling, forKey: .priceCeiling)
        try c.encodeDecimal(priceFloor, forKey: .priceFloor)
        try c.encode(priceType, forKey: .priceType)
        try c.encode(addTransactionCosts, forKey: .addTransactionCosts)
    }

    /// Range checks; an empty array means the config is usable.
    public func validate() -> [ConfigIssue] {
        var v = IssueCollector()
        if symbol.name.isEmpty { v.add("symbol", "must not be empty") }
        v.nonNegative("bid_spread", bidSpread)
        v.nonNegative("ask_spread", askSpread)
        if bidSpread >= .one { v.add("bid_spread", "must be below 100 percent") }
        v.positive("order_amount", orderAmount)
        v.intRange("order_levels", orderLevels, 1, 50)
        v.nonNegative("order_level_spread", orderLevelSpread)
        if orderLevelAmount.isNegative { v.add("order_level_amount", "must not be negative") }
        if orderRefreshTime.value <= 0 { v.add("order_refresh_time", "must be > 0 seconds") }
        v.nonNegative("order_refresh_tolerance_pct", orderRefreshTolerancePct)
        if maxOrderAge.value <= 0 { v.add("max_order_age", "must be > 0 seconds") }
        v.nonNegative("filled_order_delay", filledOrderDelay)
        if minimumSpread > .zero && (minimumSpread > bidSpread || minimumSpread > askSpread) {
            v.add("minimum_spread", "is above bid_spread or ask_spread: every quote would be cancelled")
        }
        v.percentRange("inventory_target_base_pct", inventoryTargetBasePct, -100, 100)
        v.positive("inventory_range_multiplier", inventoryRangeMultiplier)
        v.nonNegative("hanging_orders_cancel_pct", hangingOrdersCancelPct)
        if priceCeiling.raw > 0 && priceFloor.raw > 0 && priceFloor >= priceCeiling {
            v.add("price_floor", "must be below price_ceiling")
        }
        if priceCeiling.raw < 0 && priceCeiling != -1 { v.add("price_ceiling", "must be > 0 or -1 (disabled)") }
        if priceFloor.raw < 0 && priceFloor != -1 { v.add("price_floor", "must be > 0 or -1 (disabled)") }
        return v.issues
    }
}
