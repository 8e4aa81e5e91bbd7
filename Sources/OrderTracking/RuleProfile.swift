import MarketCore

/// The complete, data-only rule set of the tracker (exchange-rules.md §3.3, R1–R20).
///
/// Decoded from `conf/rules/*.yml` (snake_case keys); `standard`, `vip`, `strict` and
/// `bitmexCaps` are the same values as the shipped files.
public struct RuleProfile: Hashable, Sendable, Codable {
    public var name: String
    /// R1: weighted windows per API group.
    public var groups: [RateGroupRule]
    /// VIP: a per-symbol window consumed by order requests too; its headers are
    /// `<header>_<SYMBOL>` (e.g. `CONTRACT_BTCUSDT`).
    public var perSymbolGroup: RateGroupRule?
    public var weights: RequestWeights
    /// R3.
    public var ip: IPBudgetRule
    /// R4 (numbers for the connector).
    public var websocket: WebSocketBudget
    /// R5.
    public var openOrders: OpenOrderCaps
    /// R6/R7 resting time and hysteresis.
    public var lifecycle: LifecycleRule
    /// R7: per-symbol amend+cancel bucket.
    public var mutationRate: TokenBucketRule
    /// R8.
    public var activity: ActivityCounterRule
    /// R9–R13 ratios.
    public var ratios: RatioRules
    /// R10/R12 budgets.
    public var orderBudget: OrderBudgetRule
    /// R13.
    public var notional: NotionalRule
    /// R14.
    public var collar: PriceCollarRule
    /// R15.
    public var oneUp: OneUpRule
    /// R16.
    public var layering: LayeringRule
    /// R17.
    public var errors: ErrorBudgetRule
    /// R18.
    public var retry: RetryRule
    /// R20 (and position-based R19).
    public var kill: KillSwitchRule
    /// Rules switched off (R2, R18, R19 and validation cannot be switched off).
    public var disabledRules: [RuleID]

    public init(
        name: String, groups: [RateGroupRule], perSymbolGroup: RateGroupRule?, weights: RequestWeights,
        ip: IPBudgetRule, websocket: WebSocketBudget, openOrders: OpenOrderCaps, lifecycle: LifecycleRule,
        mutationRate: TokenBucketRule, activity: ActivityCounterRule, ratios: RatioRules, orderBudget: OrderBudgetRule,
        notional: NotionalRule, collar: PriceCollarRule, oneUp: OneUpRule, layering: LayeringRule,
        errors: ErrorBudgetRule, retry: RetryRule, kill: KillSwitchRule, disabledRules: [RuleID] = []
    ) {
        self.name = name
        self.groups = groups
        self.perSymbolGroup = perSymbolGroup
        self.weights = weights
        self.ip = ip
        self.websocket = websocket
        self.openOrders = openOrders
        self.lifecycle = lifecycle
        self.mutationRate = mutationRate
        self.activity = activity
        self.ratios = ratios
        self.orderBudget = orderBudget
        self.notional = notional
        self.collar = collar
        self.oneUp = oneUp
        self.layering = layering
        self.errors = errors
        self.retry = retry
        self.kill = kill
        self.disabledRules = disabledRules
    }

    enum CodingKeys: String, CodingKey {
        case name, groups
        case perSymbolGroup = "per_symbol_group"
        case weights, ip, websocket
        case openOrders = "open_orders"
        case lifecycle
        case mutationRate = "mutation_rate"
        case activity, ratios
        case orderBudget = "order_budget"
        case notional, collar
        case oneUp = "one_up"
        case layering, errors, retry, kill
        case disabledRules = "disabled_rules"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        groups = try c.decode([RateGroupRule].self, forKey: .groups)
        perSymbolGroup = try c.decodeIfPresent(RateGroupRule.self, forKey: .perSymbolGroup)
        weights = try c.decode(RequestWeights.self, forKey: .weights)
        ip = try c.decode(IPBudgetRule.self, forKey: .ip)
        websocket = try c.decode(WebSocketBudget.self, forKey: .websocket)
        openOrders = try c.decode(OpenOrderCaps.self, forKey: .openOrders)
        lifecycle = try c.decode(LifecycleRule.self, forKey: .lifecycle)
        mutationRate = try c.decode(TokenBucketRule.self, forKey: .mutationRate)
        activity = try c.decode(ActivityCounterRule.self, forKey: .activity)
        ratios = try c.decode(RatioRules.self, forKey: .ratios)
        orderBudget = try c.decode(OrderBudgetRule.self, forKey: .orderBudget)
        notional = try c.decode(NotionalRule.self, forKey: .notional)
        collar = try c.decode(PriceCollarRule.self, forKey: .collar)
        oneUp = try c.decode(OneUpRule.self, forKey: .oneUp)
        layering = try c.decode(LayeringRule.self, forKey: .layering)
        errors = try c.decode(ErrorBudgetRule.self, forKey: .errors)
        retry = try c.decode(RetryRule.self, forKey: .retry)
        kill = try c.decode(KillSwitchRule.self, forKey: .kill)
        disabledRules = try c.decodeIfPresent([RuleID].self, forKey: .disabledRules) ?? []
    }

    /// `true` unless the rule is listed in `disabled_rules` (R2, R18, R19 and validation are always on).
    public func isEnabled(_ rule: RuleID) -> Bool {
        switch rule {
        case .none, .validation, .r2, .r18, .r19: return true
        default: return !disabledRules.contains(rule)
        }
    }

    /// Problems that make the profile unusable (empty when fine).
    public func validationErrors() -> [String] {
        var e: [String] = []
        if groups.isEmpty { e.append("no rate groups") }
        if !groups.contains(where: { $0.name == weights.group }) { e.append("weights.group '\(weights.group)' not in groups") }
        for g in groups + (perSymbolGroup.map { [$0] } ?? []) {
            if g.clientLimit <= 0 || g.windowSeconds <= 0 { e.append("group \(g.name): limit and window must be positive") }
            if g.clientLimit > g.serverLimit { e.append("group \(g.name): client limit above server limit") }
            if g.cancelReserve < 0 || g.cancelReserve >= g.clientLimit { e.append("group \(g.name): cancel reserve out of range") }
        }
        if ip.clientLimit <= 0 || ip.clientLimit > ip.serverLimit { e.append("ip: client limit out of range") }
        if lifecycle.minRestHardMs > lifecycle.minRestSoftMs { e.append("lifecycle: hard min rest above soft") }
        if activity.hard <= activity.soft { e.append("activity: hard must exceed soft") }
        if retry.overloadBackoffMs.isEmpty || (retry.overloadBackoffMs.first ?? 0) < 500 {
            e.append("retry: overload back-off must start at >= 500 ms")
        }
        return e
    }
}
