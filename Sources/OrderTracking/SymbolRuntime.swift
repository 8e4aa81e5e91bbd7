import MarketCore
import Strategies

/// Per-symbol state of the tracker: open own orders, rule windows and counters, quote target.
struct SymbolRuntime: Sendable {
    let symbol: Symbol
    let spec: InstrumentSpec
    /// Open own orders (any non-terminal state), in send order.
    var orders: [TrackedOrder] = [] {
        // No `oldValue` read: in-place mutations stay in place (SE-0268).
        didSet { ordersVersion &+= 1 }
    }
    /// Changes with every change of `orders` (readers reuse what they derived from them while
    /// it is the same; see `OrderTracker.ordersVersion(symbol:)`).
    private(set) var ordersVersion: UInt64 = 0
    /// VIP per-symbol window and smoothing.
    var window: SlidingWindow?
    var smoothing: TokenBucket?
    /// R7 amend+cancel bucket.
    var mutation: TokenBucket
    /// R8.
    var activity: ActivityCounter
    /// R9–R13.
    var stats10m: RollingStats
    var stats24h: RollingStats
    /// R10 plain order budget and R12 taker cap.
    var newOrders: SlidingWindow
    var taker: SlidingWindow
    /// R15.
    var oneUps: SlidingWindow
    var consecutiveOneUps = 0
    var lastTradeSeen: Timestamp?
    /// R20 consecutive fills in one direction.
    var fillRunSide: Side?
    var fillRun = 0
    var fillRunStart = Timestamp.zero
    /// R19 symbol-level state.
    var state: TradingState = .active
    var stateUntil: Timestamp?
    var stateReason: String?
    var stateRule: RuleID = .none
    /// Open orders on the exchange that are not ours (they count toward exchange caps).
    var foreignOpen = 0
    /// `OrderTracker.startEquities[spec.settleCurrency]` once known (an entry there is set
    /// once and never changes), so the kill-switch check does not hash the currency each time.
    var startEquity: Money?
    /// Last market snapshot seen for this symbol.
    var market: MarketSnapshot?
    /// The latest desired quote set (`nil` = no target; leave quotes alone).
    var desired: [QuoteProposal]?
    /// Re-run quote reconciliation at (or after) this time.
    var reconcileAt: Timestamp?

    init(spec: InstrumentSpec, rules: RuleProfile, now: Timestamp) {
        symbol = spec.symbol
        self.spec = spec
        if let g = rules.perSymbolGroup {
            window = SlidingWindow(window: .seconds(Int64(g.windowSeconds)), capacity: g.clientLimit + 1)
            smoothing = g.smoothing.map { TokenBucket($0, now: now) }
        }
        mutation = TokenBucket(rules.mutationRate, now: now)
        activity = ActivityCounter(decayPerSecond: rules.activity.decayPerSecond)
        stats10m = RollingStats(window: .seconds(Int64(rules.ratios.otr10m.windowSeconds)), buckets: 60)
        stats24h = RollingStats(window: .seconds(Int64(rules.ratios.otr24h.windowSeconds)), buckets: 144)
        newOrders = SlidingWindow(window: .seconds(Int64(rules.orderBudget.windowSeconds)), capacity: rules.orderBudget.newHard + 1)
        taker = SlidingWindow(window: .seconds(60), capacity: rules.orderBudget.takerPerMinute + 1)
        oneUps = SlidingWindow(window: .seconds(60), capacity: rules.oneUp.perMinute + 1)
    }

    func orderIndex(_ id: ClientOrderID) -> Int? { OrderTracker.orderIndex(id, in: orders) }
}

extension OrderTracker {
    /// The index of the order with clOrdID `id` in `orders`. Called with a symbol's order list
    /// (`symbols[si].orders`) from mutating code: calling `SymbolRuntime.orderIndex` there copied
    /// the whole runtime (897 B, retaining each of its arrays) for every lookup.
    static func orderIndex(_ id: ClientOrderID, in orders: [TrackedOrder]) -> Int? {
        orders.firstIndex { $0.clientOrderID == id }
    }
}

/// Per-group state: the R1 window, smoothing, 429 freeze and AIMD.
struct GroupRuntime: Sendable {
    let rule: RateGroupRule
    var window: SlidingWindow
    var smoothing: TokenBucket?
    var frozenUntil: Timestamp?
    /// Capacity the server announced (`x-ratelimit-capacity-*`).
    var serverCapacity: Int?
    var aimdUntil: Timestamp?
    var recent429: SlidingWindow

    init(rule: RateGroupRule, retry: RetryRule, now: Timestamp) {
        self.rule = rule
        window = SlidingWindow(window: .seconds(Int64(rule.windowSeconds)), capacity: rule.clientLimit + 1)
        smoothing = rule.smoothing.map { TokenBucket($0, now: now) }
        recent429 = SlidingWindow(window: .seconds(Int64(retry.aimdWindowSeconds)), capacity: 16)
    }
}

/// A one-off order waiting for the rules (delayed verdict), re-evaluated on the timer.
struct QueuedOrder: Sendable {
    var id: ClientOrderID
    var sequence: UInt64
    var proposal: OrderProposal
    var retryAt: Timestamp
    var expiresAt: Timestamp
}
