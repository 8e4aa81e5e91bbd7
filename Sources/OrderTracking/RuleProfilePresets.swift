import MarketCore

extension RuleProfile {
    /// `conf/rules/phemex-standard.yml`: exchange-rules.md §3.3 defaults for a non-VIP Phemex
    /// account (Contract 400 of 500/min with an 80 cancel reserve, Others 60 of 100/min, IP 3500
    /// of 5000 per 5 min with a 330 s lockout).
    public static let standard = RuleProfile(
        name: "phemex-standard",
        groups: [
            RateGroupRule(
                name: "contract", header: "CONTRACT", serverLimit: 500, windowSeconds: 60, clientLimit: 400,
                cancelReserve: 80, smoothing: TokenBucketRule(ratePerSecond: 6, burst: 20)),
            RateGroupRule(name: "others", header: "", serverLimit: 100, windowSeconds: 60, clientLimit: 60, cancelReserve: 0),
        ],
        perSymbolGroup: nil,
        weights: RequestWeights(),
        ip: IPBudgetRule(serverLimit: 5000, windowSeconds: 300, clientLimit: 3500, lockoutSeconds: 330),
        websocket: WebSocketBudget(),
        openOrders: OpenOrderCaps(perSide: 5, perSymbol: 10, conditionalPerSymbol: 2, contingentPerSymbol: 2, account: 40, accountConditional: 10),
        lifecycle: LifecycleRule(minRestSoftMs: 5000, minRestHardMs: 1000, amendMinTicks: 2, amendMinBps: 1, amendMinSizePct: 10),
        mutationRate: TokenBucketRule(ratePerSecond: 2, burst: 6),
        activity: ActivityCounterRule(
            decayPerSecond: 1.0, soft: 40, hard: 60, newCost: 1, amendCost: 1, cancelCost: 0,
            amendSurcharge: [AgeCost(underMs: 5000, points: 3), AgeCost(underMs: 10000, points: 2), AgeCost(underMs: 15000, points: 1)],
            cancelSurcharge: [
                AgeCost(underMs: 5000, points: 8), AgeCost(underMs: 10000, points: 6), AgeCost(underMs: 15000, points: 5),
                AgeCost(underMs: 45000, points: 4), AgeCost(underMs: 90000, points: 2), AgeCost(underMs: 300000, points: 1),
            ],
            rejectCost: 1, softMinRestMs: 10000, softHysteresisFactor: 2),
        ratios: RatioRules(
            otr10m: RatioRule(windowSeconds: 600, minSamples: 100, soft: 50, hard: 200, reducingSeconds: 600),
            otr24h: RatioRule(windowSeconds: 86400, minSamples: 100, soft: 100, hard: 300, reducingSeconds: 3600),
            unfilled10m: RatioRule(windowSeconds: 600, minSamples: 300, soft: 0.97, hard: 0.99, reducingSeconds: 600),
            quickCancel10m: RatioRule(windowSeconds: 600, minSamples: 150, soft: 0.3, hard: 0.6, reducingSeconds: 600),
            quickCancelAgeMs: 5000,
            iocExpiry10m: RatioRule(windowSeconds: 600, minSamples: 150, soft: 0.5, hard: 0.9, reducingSeconds: 600),
            dust10m: RatioRule(windowSeconds: 600, minSamples: 150, soft: 0.5, hard: 0.9, reducingSeconds: 600),
            dustUnderUsd: 50, softMinRestMs: 10000),
        orderBudget: OrderBudgetRule(windowSeconds: 600, newSoft: 200, newHard: 300, takerPerMinute: 6),
        notional: NotionalRule(minUsd: 10, minVsExchangeMin: 2, maxPctEquityBps: 500, maxUsd: 0),
        collar: PriceCollarRule(quoteBps: 200, riskBps: 500, postOnlyNoCross: true),
        oneUp: OneUpRule(perMinute: 6, maxConsecutive: 3),
        layering: LayeringRule(maxSideImbalance: 3.0, freeOrdersPerSide: 1, intentToExecute: true),
        errors: ErrorBudgetRule(windowSeconds: 60, soft: 5, hard: 10, softSlowdownSeconds: 60, haltSeconds: 300, maxHardTripsPerHour: 3, maxConsecutiveAuth: 3),
        retry: RetryRule(
            jitterPct: 20, minFreezeMs: 1000, aimdTriggerCount: 2, aimdWindowSeconds: 300, aimdFactorPct: 50, aimdSeconds: 600,
            overloadBackoffMs: [500, 1000, 2000, 4000, 8000], readBackoffMs: [1000, 2000, 5000, 10000]),
        kill: KillSwitchRule(maxPositionUsd: 50000, reducingPositionPct: 80, maxLossUsd: 1000, maxConsecutiveFills: 50, consecutiveWindowSeconds: 60))

    /// `conf/rules/phemex-vip.yml`: VIP/VAPI limits (Contract 5000/min plus 500/min per symbol),
    /// client limits at 80 %.
    public static let vip: RuleProfile = {
        var p = RuleProfile.standard
        p.name = "phemex-vip"
        p.groups[0] = RateGroupRule(
            name: "contract", header: "CONTRACT", serverLimit: 5000, windowSeconds: 60, clientLimit: 4000,
            cancelReserve: 800, smoothing: TokenBucketRule(ratePerSecond: 60, burst: 200))
        p.perSymbolGroup = RateGroupRule(
            name: "contract_symbol", header: "CONTRACT", serverLimit: 500, windowSeconds: 60, clientLimit: 400,
            cancelReserve: 80, smoothing: TokenBucketRule(ratePerSecond: 6, burst: 20))
        p.openOrders = OpenOrderCaps(perSide: 5, perSymbol: 10, conditionalPerSymbol: 2, contingentPerSymbol: 2, account: 100, accountConditional: 20)
        return p
    }()

    /// `conf/rules/strict.yml`: everything tighter than standard (for aggressive strategies and
    /// simulator acceptance runs).
    public static let strict: RuleProfile = {
        var p = RuleProfile.standard
        p.name = "strict"
        p.groups[0] = RateGroupRule(
            name: "contract", header: "CONTRACT", serverLimit: 500, windowSeconds: 60, clientLimit: 250,
            cancelReserve: 60, smoothing: TokenBucketRule(ratePerSecond: 3, burst: 10))
        p.groups[1] = RateGroupRule(name: "others", header: "", serverLimit: 100, windowSeconds: 60, clientLimit: 40, cancelReserve: 0)
        p.ip = IPBudgetRule(serverLimit: 5000, windowSeconds: 300, clientLimit: 2000, lockoutSeconds: 330)
        p.openOrders = OpenOrderCaps(perSide: 3, perSymbol: 6, conditionalPerSymbol: 2, contingentPerSymbol: 2, account: 20, accountConditional: 5)
        p.lifecycle = LifecycleRule(minRestSoftMs: 10000, minRestHardMs: 2000, amendMinTicks: 3, amendMinBps: 2, amendMinSizePct: 20)
        p.mutationRate = TokenBucketRule(ratePerSecond: 1, burst: 4)
        p.activity.soft = 30
        p.activity.hard = 45
        p.activity.softMinRestMs = 15000
        p.ratios.otr10m = RatioRule(windowSeconds: 600, minSamples: 100, soft: 30, hard: 100, reducingSeconds: 600)
        p.ratios.quickCancel10m = RatioRule(windowSeconds: 600, minSamples: 100, soft: 0.05, hard: 0.2, reducingSeconds: 600)
        p.ratios.softMinRestMs = 15000
        p.orderBudget = OrderBudgetRule(windowSeconds: 600, newSoft: 150, newHard: 200, takerPerMinute: 3)
        p.notional = NotionalRule(minUsd: 20, minVsExchangeMin: 2, maxPctEquityBps: 300, maxUsd: 0)
        p.collar = PriceCollarRule(quoteBps: 100, riskBps: 300, postOnlyNoCross: true)
        p.oneUp = OneUpRule(perMinute: 3, maxConsecutive: 2)
        p.layering = LayeringRule(maxSideImbalance: 2.0, freeOrdersPerSide: 1, intentToExecute: true)
        p.errors = ErrorBudgetRule(windowSeconds: 60, soft: 3, hard: 6, softSlowdownSeconds: 120, haltSeconds: 600, maxHardTripsPerHour: 2, maxConsecutiveAuth: 2)
        p.kill = KillSwitchRule(maxPositionUsd: 20000, reducingPositionPct: 70, maxLossUsd: 500, maxConsecutiveFills: 30, consecutiveWindowSeconds: 60)
        return p
    }()

    /// `conf/rules/bitmex-caps.yml`: the standard profile with BitMEX-style open-order caps
    /// (200 open / 10 stop / 10 contingent per contract).
    public static let bitmexCaps: RuleProfile = {
        var p = RuleProfile.standard
        p.name = "bitmex-caps"
        p.openOrders = OpenOrderCaps(perSide: 200, perSymbol: 200, conditionalPerSymbol: 10, contingentPerSymbol: 10, account: 2000, accountConditional: 100)
        return p
    }()

    /// Every built-in profile, by file name (without `.yml`).
    public static let builtIn: [(file: String, profile: RuleProfile)] = [
        ("phemex-standard", .standard), ("phemex-vip", .vip), ("strict", .strict), ("bitmex-caps", .bitmexCaps),
    ]
}
