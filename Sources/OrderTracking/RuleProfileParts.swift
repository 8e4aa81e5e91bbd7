import MarketCore

/// A token bucket: `rate_per_second` refill, `burst` capacity (R1 smoothing, R7 mutation rate).
public struct TokenBucketRule: Hashable, Sendable, Codable {
    public var ratePerSecond: Double
    public var burst: Int
    public init(ratePerSecond: Double, burst: Int) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
    }
    enum CodingKeys: String, CodingKey {
        case ratePerSecond = "rate_per_second"
        case burst
    }
}

/// R1: a weighted rolling window for one API group, with a cancel reserve.
public struct RateGroupRule: Hashable, Sendable, Codable {
    /// Our name for the group (`contract`, `others`).
    public var name: String
    /// Header suffix the exchange uses (`CONTRACT`, empty for Others); compared case-insensitively.
    public var header: String
    /// The exchange's published limit (documentation only; the client limit is enforced).
    public var serverLimit: Int
    public var windowSeconds: Int
    /// Hard client limit (all lanes, cancels included).
    public var clientLimit: Int
    /// The last `cancelReserve` weight of the window is only for cancels.
    public var cancelReserve: Int
    /// Optional smoothing bucket for non-cancel requests.
    public var smoothing: TokenBucketRule?
    public init(
        name: String, header: String, serverLimit: Int, windowSeconds: Int, clientLimit: Int, cancelReserve: Int,
        smoothing: TokenBucketRule? = nil
    ) {
        self.name = name
        self.header = header
        self.serverLimit = serverLimit
        self.windowSeconds = windowSeconds
        self.clientLimit = clientLimit
        self.cancelReserve = cancelReserve
        self.smoothing = smoothing
    }
    enum CodingKeys: String, CodingKey {
        case name, header
        case serverLimit = "server_limit"
        case windowSeconds = "window_seconds"
        case clientLimit = "client_limit"
        case cancelReserve = "cancel_reserve"
        case smoothing
    }
}

/// Request weights (Phemex contract group) and the group order requests use.
public struct RequestWeights: Hashable, Sendable, Codable {
    /// Name of the group (in `RuleProfile.groups`) order requests consume.
    public var group: String
    public var place: Int
    public var amend: Int
    public var cancel: Int
    public var cancelBulk: Int
    public var cancelAll: Int
    public var queryOrder: Int
    public var openOrders: Int
    public var positions: Int
    public init(
        group: String = "contract", place: Int = 1, amend: Int = 1, cancel: Int = 1, cancelBulk: Int = 1,
        cancelAll: Int = 3, queryOrder: Int = 1, openOrders: Int = 1, positions: Int = 1
    ) {
        self.group = group
        self.place = place
        self.amend = amend
        self.cancel = cancel
        self.cancelBulk = cancelBulk
        self.cancelAll = cancelAll
        self.queryOrder = queryOrder
        self.openOrders = openOrders
        self.positions = positions
    }
    enum CodingKeys: String, CodingKey {
        case group, place, amend, cancel
        case cancelBulk = "cancel_bulk"
        case cancelAll = "cancel_all"
        case queryOrder = "query_order"
        case openOrders = "open_orders"
        case positions
    }
}

/// R3: the host-wide IP budget.
public struct IPBudgetRule: Hashable, Sendable, Codable {
    public var serverLimit: Int
    public var windowSeconds: Int
    public var clientLimit: Int
    /// Freeze of all REST after an IP-lock-like 429.
    public var lockoutSeconds: Int
    public init(serverLimit: Int, windowSeconds: Int, clientLimit: Int, lockoutSeconds: Int) {
        self.serverLimit = serverLimit
        self.windowSeconds = windowSeconds
        self.clientLimit = clientLimit
        self.lockoutSeconds = lockoutSeconds
    }
    enum CodingKeys: String, CodingKey {
        case serverLimit = "server_limit"
        case windowSeconds = "window_seconds"
        case clientLimit = "client_limit"
        case lockoutSeconds = "lockout_seconds"
    }
}

/// R4: WebSocket budget numbers (enforced by the connector; carried here so one profile holds every limit).
public struct WebSocketBudget: Hashable, Sendable, Codable {
    public var maxConnections: Int
    public var maxSubscriptionsPerConnection: Int
    public var maxMessagesPerSecond: Int
    public var maxConnectsPer5Min: Int
    public var pingIntervalSeconds: Int
    public var silenceTimeoutSeconds: Int
    public var reconnectBackoffMinMs: Int
    public var reconnectBackoffMaxMs: Int
    public init(
        maxConnections: Int = 4, maxSubscriptionsPerConnection: Int = 15, maxMessagesPerSecond: Int = 10,
        maxConnectsPer5Min: Int = 100, pingIntervalSeconds: Int = 5, silenceTimeoutSeconds: Int = 15,
        reconnectBackoffMinMs: Int = 1000, reconnectBackoffMaxMs: Int = 60000
    ) {
        self.maxConnections = maxConnections
        self.maxSubscriptionsPerConnection = maxSubscriptionsPerConnection
        self.maxMessagesPerSecond = maxMessagesPerSecond
        self.maxConnectsPer5Min = maxConnectsPer5Min
        self.pingIntervalSeconds = pingIntervalSeconds
        self.silenceTimeoutSeconds = silenceTimeoutSeconds
        self.reconnectBackoffMinMs = reconnectBackoffMinMs
        self.reconnectBackoffMaxMs = reconnectBackoffMaxMs
    }
    enum CodingKeys: String, CodingKey {
        case maxConnections = "max_connections"
        case maxSubscriptionsPerConnection = "max_subscriptions_per_connection"
        case maxMessagesPerSecond = "max_messages_per_second"
        case maxConnectsPer5Min = "max_connects_per_5min"
        case pingIntervalSeconds = "ping_interval_seconds"
        case silenceTimeoutSeconds = "silence_timeout_seconds"
        case reconnectBackoffMinMs = "reconnect_backoff_min_ms"
        case reconnectBackoffMaxMs = "reconnect_backoff_max_ms"
    }
}

/// R5: open-order caps (pending new orders count as open).
public struct OpenOrderCaps: Hashable, Sendable, Codable {
    public var perSide: Int
    public var perSymbol: Int
    public var conditionalPerSymbol: Int
    /// Reduce-only conditional orders (take-profit/stop attached to a position) per symbol.
    public var contingentPerSymbol: Int
    public var account: Int
    public var accountConditional: Int
    public init(perSide: Int, perSymbol: Int, conditionalPerSymbol: Int, contingentPerSymbol: Int, account: Int, accountConditional: Int) {
        self.perSide = perSide
        self.perSymbol = perSymbol
        self.conditionalPerSymbol = conditionalPerSymbol
        self.contingentPerSymbol = contingentPerSymbol
        self.account = account
        self.accountConditional = accountConditional
    }
    enum CodingKeys: String, CodingKey {
        case perSide = "per_side"
        case perSymbol = "per_symbol"
        case conditionalPerSymbol = "conditional_per_symbol"
        case contingentPerSymbol = "contingent_per_symbol"
        case account
        case accountConditional = "account_conditional"
    }
}

/// R6/R7: resting time and hysteresis.
public struct LifecycleRule: Hashable, Sendable, Codable {
    /// Normal requotes wait until the order rested this long.
    public var minRestSoftMs: Int
    /// No non-risk mutation before this age.
    public var minRestHardMs: Int
    /// Amend only if the price moved at least this many ticks…
    public var amendMinTicks: Int
    /// …and at least this many basis points…
    public var amendMinBps: Int
    /// …or the size changed at least this many percent.
    public var amendMinSizePct: Int
    public init(minRestSoftMs: Int, minRestHardMs: Int, amendMinTicks: Int, amendMinBps: Int, amendMinSizePct: Int) {
        self.minRestSoftMs = minRestSoftMs
        self.minRestHardMs = minRestHardMs
        self.amendMinTicks = amendMinTicks
        self.amendMinBps = amendMinBps
        self.amendMinSizePct = amendMinSizePct
    }
    enum CodingKeys: String, CodingKey {
        case minRestSoftMs = "min_rest_soft_ms"
        case minRestHardMs = "min_rest_hard_ms"
        case amendMinTicks = "amend_min_ticks"
        case amendMinBps = "amend_min_bps"
        case amendMinSizePct = "amend_min_size_pct"
    }
}

/// Points added when an order younger than `under_ms` is amended or cancelled (R8).
public struct AgeCost: Hashable, Sendable, Codable {
    public var underMs: Int
    public var points: Int
    public init(underMs: Int, points: Int) {
        self.underMs = underMs
        self.points = points
    }
    enum CodingKeys: String, CodingKey {
        case underMs = "under_ms"
        case points
    }
}

/// R8: Kraken-style decaying activity counter per symbol.
public struct ActivityCounterRule: Hashable, Sendable, Codable {
    public var decayPerSecond: Double
    public var soft: Int
    public var hard: Int
    public var newCost: Int
    public var amendCost: Int
    public var cancelCost: Int
    /// First matching (smallest `under_ms` above the age) entry applies.
    public var amendSurcharge: [AgeCost]
    public var cancelSurcharge: [AgeCost]
    /// Points charged for an exchange reject.
    public var rejectCost: Int
    /// Min rest while above soft.
    public var softMinRestMs: Int
    /// Hysteresis multiplier while above soft.
    public var softHysteresisFactor: Int
    public init(
        decayPerSecond: Double, soft: Int, hard: Int, newCost: Int, amendCost: Int, cancelCost: Int,
        amendSurcharge: [AgeCost], cancelSurcharge: [AgeCost], rejectCost: Int, softMinRestMs: Int,
        softHysteresisFactor: Int
    ) {
        self.decayPerSecond = decayPerSecond
        self.soft = soft
        self.hard = hard
        self.newCost = newCost
        self.amendCost = amendCost
        self.cancelCost = cancelCost
        self.amendSurcharge = amendSurcharge
        self.cancelSurcharge = cancelSurcharge
        self.rejectCost = rejectCost
        self.softMinRestMs = softMinRestMs
        self.softHysteresisFactor = softHysteresisFactor
    }
    enum CodingKeys: String, CodingKey {
        case decayPerSecond = "decay_per_second"
        case soft, hard
        case newCost = "new_cost"
        case amendCost = "amend_cost"
        case cancelCost = "cancel_cost"
        case amendSurcharge = "amend_surcharge"
        case cancelSurcharge = "cancel_surcharge"
        case rejectCost = "reject_cost"
        case softMinRestMs = "soft_min_rest_ms"
        case softHysteresisFactor = "soft_hysteresis_factor"
    }
}

/// One ratio monitor (R9–R13) over a rolling window: evaluated only with `min_samples`.
public struct RatioRule: Hashable, Sendable, Codable {
    /// 600 (10 min) or 86400 (24 h).
    public var windowSeconds: Int
    public var minSamples: Int
    public var soft: Double
    public var hard: Double
    /// A hard breach puts the symbol in REDUCING for at least this long.
    public var reducingSeconds: Int
    public init(windowSeconds: Int, minSamples: Int, soft: Double, hard: Double, reducingSeconds: Int) {
        self.windowSeconds = windowSeconds
        self.minSamples = minSamples
        self.soft = soft
        self.hard = hard
        self.reducingSeconds = reducingSeconds
    }
    enum CodingKeys: String, CodingKey {
        case windowSeconds = "window_seconds"
        case minSamples = "min_samples"
        case soft, hard
        case reducingSeconds = "reducing_seconds"
    }
}

/// R9–R13 ratio monitors.
public struct RatioRules: Hashable, Sendable, Codable {
    public var otr10m: RatioRule
    public var otr24h: RatioRule
    public var unfilled10m: RatioRule
    public var quickCancel10m: RatioRule
    /// Cancels/amends of orders younger than this count as quick.
    public var quickCancelAgeMs: Int
    public var iocExpiry10m: RatioRule
    public var dust10m: RatioRule
    /// Orders under this quote notional count as dust.
    public var dustUnderUsd: Money
    /// Min rest while any ratio is above soft.
    public var softMinRestMs: Int
    public init(
        otr10m: RatioRule, otr24h: RatioRule, unfilled10m: RatioRule, quickCancel10m: RatioRule, quickCancelAgeMs: Int,
        iocExpiry10m: RatioRule, dust10m: RatioRule, dustUnderUsd: Money, softMinRestMs: Int
    ) {
        self.otr10m = otr10m
        self.otr24h = otr24h
        self.unfilled10m = unfilled10m
        self.quickCancel10m = quickCancel10m
        self.quickCancelAgeMs = quickCancelAgeMs
        self.iocExpiry10m = iocExpiry10m
        self.dust10m = dust10m
        self.dustUnderUsd = dustUnderUsd
        self.softMinRestMs = softMinRestMs
    }
    enum CodingKeys: String, CodingKey {
        case otr10m = "otr_10m"
        case otr24h = "otr_24h"
        case unfilled10m = "unfilled_10m"
        case quickCancel10m = "quick_cancel_10m"
        case quickCancelAgeMs = "quick_cancel_age_ms"
        case iocExpiry10m = "ioc_expiry_10m"
        case dust10m = "dust_10m"
        case dustUnderUsd = "dust_under_usd"
        case softMinRestMs = "soft_min_rest_ms"
    }
}

/// R10/R12: plain order budgets per symbol.
public struct OrderBudgetRule: Hashable, Sendable, Codable {
    public var windowSeconds: Int
    public var newSoft: Int
    public var newHard: Int
    /// IOC/FOK/market orders per symbol per minute.
    public var takerPerMinute: Int
    public init(windowSeconds: Int, newSoft: Int, newHard: Int, takerPerMinute: Int) {
        self.windowSeconds = windowSeconds
        self.newSoft = newSoft
        self.newHard = newHard
        self.takerPerMinute = takerPerMinute
    }
    enum CodingKeys: String, CodingKey {
        case windowSeconds = "window_seconds"
        case newSoft = "new_soft"
        case newHard = "new_hard"
        case takerPerMinute = "taker_per_minute"
    }
}

/// R13: notional bounds (quote currency).
public struct NotionalRule: Hashable, Sendable, Codable {
    public var minUsd: Money
    /// Minimum is also at least this multiple of the exchange's `minOrderValue`.
    public var minVsExchangeMin: Int
    /// Maximum per order as basis points of equity (0 = off).
    public var maxPctEquityBps: Int
    /// Absolute maximum per order (0 = off).
    public var maxUsd: Money
    public init(minUsd: Money, minVsExchangeMin: Int, maxPctEquityBps: Int, maxUsd: Money) {
        self.minUsd = minUsd
        self.minVsExchangeMin = minVsExchangeMin
        self.maxPctEquityBps = maxPctEquityBps
        self.maxUsd = maxUsd
    }
    enum CodingKeys: String, CodingKey {
        case minUsd = "min_usd"
        case minVsExchangeMin = "min_vs_exchange_min"
        case maxPctEquityBps = "max_pct_equity_bps"
        case maxUsd = "max_usd"
    }
}

/// R14: price collar against mark.
public struct PriceCollarRule: Hashable, Sendable, Codable {
    public var quoteBps: Int
    public var riskBps: Int
    /// Post-only orders must not cross the opposite best.
    public var postOnlyNoCross: Bool
    public init(quoteBps: Int, riskBps: Int, postOnlyNoCross: Bool) {
        self.quoteBps = quoteBps
        self.riskBps = riskBps
        self.postOnlyNoCross = postOnlyNoCross
    }
    enum CodingKeys: String, CodingKey {
        case quoteBps = "quote_bps"
        case riskBps = "risk_bps"
        case postOnlyNoCross = "post_only_no_cross"
    }
}

/// R15: one-up (improve the best by exactly one tick) cap.
public struct OneUpRule: Hashable, Sendable, Codable {
    public var perMinute: Int
    public var maxConsecutive: Int
    public init(perMinute: Int, maxConsecutive: Int) {
        self.perMinute = perMinute
        self.maxConsecutive = maxConsecutive
    }
    enum CodingKeys: String, CodingKey {
        case perMinute = "per_minute"
        case maxConsecutive = "max_consecutive"
    }
}

/// R16: layering guard and intent-to-execute.
public struct LayeringRule: Hashable, Sendable, Codable {
    /// Displayed size on one side ≤ this × the other side.
    public var maxSideImbalance: Double
    /// The guard applies once a side would hold more than this many orders.
    public var freeOrdersPerSide: Int
    /// Refuse a non-reducing order whose full fill would breach the kill-switch position.
    public var intentToExecute: Bool
    public init(maxSideImbalance: Double, freeOrdersPerSide: Int, intentToExecute: Bool) {
        self.maxSideImbalance = maxSideImbalance
        self.freeOrdersPerSide = freeOrdersPerSide
        self.intentToExecute = intentToExecute
    }
    enum CodingKeys: String, CodingKey {
        case maxSideImbalance = "max_side_imbalance"
        case freeOrdersPerSide = "free_orders_per_side"
        case intentToExecute = "intent_to_execute"
    }
}

/// R17: error budget.
public struct ErrorBudgetRule: Hashable, Sendable, Codable {
    public var windowSeconds: Int
    public var soft: Int
    public var hard: Int
    /// Above soft, the group rate is halved for this long.
    public var softSlowdownSeconds: Int
    public var haltSeconds: Int
    public var maxHardTripsPerHour: Int
    public var maxConsecutiveAuth: Int
    public init(
        windowSeconds: Int, soft: Int, hard: Int, softSlowdownSeconds: Int, haltSeconds: Int, maxHardTripsPerHour: Int,
        maxConsecutiveAuth: Int
    ) {
        self.windowSeconds = windowSeconds
        self.soft = soft
        self.hard = hard
        self.softSlowdownSeconds = softSlowdownSeconds
        self.haltSeconds = haltSeconds
        self.maxHardTripsPerHour = maxHardTripsPerHour
        self.maxConsecutiveAuth = maxConsecutiveAuth
    }
    enum CodingKeys: String, CodingKey {
        case windowSeconds = "window_seconds"
        case soft, hard
        case softSlowdownSeconds = "soft_slowdown_seconds"
        case haltSeconds = "halt_seconds"
        case maxHardTripsPerHour = "max_hard_trips_per_hour"
        case maxConsecutiveAuth = "max_consecutive_auth"
    }
}

/// R18: retry and back-off.
public struct RetryRule: Hashable, Sendable, Codable {
    /// 429 freeze = retry-after × (1 + U(0, jitter_pct %)), at least `min_freeze_ms`.
    public var jitterPct: Int
    public var minFreezeMs: Int
    /// This many 429s within `aimd_window_seconds` shrink the budget…
    public var aimdTriggerCount: Int
    public var aimdWindowSeconds: Int
    /// …to this percentage…
    public var aimdFactorPct: Int
    /// …for this long.
    public var aimdSeconds: Int
    /// After a 503/unknown: back-off steps for cancels and reads (first ≥ 500 ms).
    public var overloadBackoffMs: [Int]
    /// Back-off for read errors.
    public var readBackoffMs: [Int]
    public init(
        jitterPct: Int, minFreezeMs: Int, aimdTriggerCount: Int, aimdWindowSeconds: Int, aimdFactorPct: Int,
        aimdSeconds: Int, overloadBackoffMs: [Int], readBackoffMs: [Int]
    ) {
        self.jitterPct = jitterPct
        self.minFreezeMs = minFreezeMs
        self.aimdTriggerCount = aimdTriggerCount
        self.aimdWindowSeconds = aimdWindowSeconds
        self.aimdFactorPct = aimdFactorPct
        self.aimdSeconds = aimdSeconds
        self.overloadBackoffMs = overloadBackoffMs
        self.readBackoffMs = readBackoffMs
    }
    enum CodingKeys: String, CodingKey {
        case jitterPct = "jitter_pct"
        case minFreezeMs = "min_freeze_ms"
        case aimdTriggerCount = "aimd_trigger_count"
        case aimdWindowSeconds = "aimd_window_seconds"
        case aimdFactorPct = "aimd_factor_pct"
        case aimdSeconds = "aimd_seconds"
        case overloadBackoffMs = "overload_backoff_ms"
        case readBackoffMs = "read_backoff_ms"
    }
}

/// R20: kill switch (and the R19 position-based REDUCING threshold).
public struct KillSwitchRule: Hashable, Sendable, Codable {
    /// |position| × mark above this → HALTED + cancel all (0 = off).
    public var maxPositionUsd: Money
    /// At this percentage of `max_position_usd` the symbol goes REDUCING.
    public var reducingPositionPct: Int
    /// Equity drop from the session start above this → HALTED + cancel all (0 = off).
    public var maxLossUsd: Money
    public var maxConsecutiveFills: Int
    public var consecutiveWindowSeconds: Int
    public init(maxPositionUsd: Money, reducingPositionPct: Int, maxLossUsd: Money, maxConsecutiveFills: Int, consecutiveWindowSeconds: Int) {
        self.maxPositionUsd = maxPositionUsd
        self.reducingPositionPct = reducingPositionPct
        self.maxLossUsd = maxLossUsd
        self.maxConsecutiveFills = maxConsecutiveFills
        self.consecutiveWindowSeconds = consecutiveWindowSeconds
    }
    enum CodingKeys: String, CodingKey {
        case maxPositionUsd = "max_position_usd"
        case reducingPositionPct = "reducing_position_pct"
        case maxLossUsd = "max_loss_usd"
        case maxConsecutiveFills = "max_consecutive_fills"
        case consecutiveWindowSeconds = "consecutive_window_seconds"
    }
}
