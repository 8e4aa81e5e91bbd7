import MarketCore

/// Budget state of one rate group (for status and metrics).
public struct GroupBudget: Hashable, Sendable, Codable {
    public var name: String
    /// Weight used in the rolling window.
    public var used: Int
    /// Current effective client limit (after header sync, AIMD and error slow-down).
    public var limit: Int
    public var cancelReserve: Int
    /// Set while frozen after a 429.
    public var frozenUntil: Timestamp?
}

/// Per-symbol rule state (for status and metrics).
public struct SymbolBudget: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var state: TradingState
    public var stateReason: String?
    /// Activity counter (R8) in points.
    public var activity: Int
    /// Per-symbol window use (VIP), -1 without.
    public var windowUsed: Int
    /// New orders in the R10 window.
    public var newOrders: Int
    /// Ratio counts over 10 minutes.
    public var counts10m: RatioCounts
    /// Open own orders.
    public var openOrders: Int
}

/// Everything a status page or metrics exporter needs about the rule engine's budgets.
public struct TrackerBudgets: Hashable, Sendable, Codable {
    public var groups: [GroupBudget]
    public var ipUsed: Int
    public var ipLimit: Int
    public var ipLockedUntil: Timestamp?
    /// After a 503/unknown: new orders wait until this time.
    public var overloadUntil: Timestamp?
    public var errorsInWindow: Int
    public var symbols: [SymbolBudget]
}

/// Counters of decisions per rule (indexed by `RuleID.index`) and of requests per intent kind.
public struct TrackerCounters: Hashable, Sendable, Codable {
    /// Requests sent per intent kind (indexed like `IntentKind.allCases`).
    public var sent: [Int]
    public var denied: [Int]
    public var delayed: [Int]
    public var degraded: [Int]
    /// Exchange rejects, 429s and unknown outcomes seen.
    public var rejects: Int
    public var rateLimited: Int
    public var unknownOutcomes: Int
    /// Lifecycle events refused by the transition table (late or duplicate events).
    public var refusedEvents: Int
    public var duplicateFills: Int

    public init() {
        sent = [Int](repeating: 0, count: IntentKind.allCases.count)
        denied = [Int](repeating: 0, count: RuleID.allCases.count)
        delayed = denied
        degraded = denied
        rejects = 0
        rateLimited = 0
        unknownOutcomes = 0
        refusedEvents = 0
        duplicateFills = 0
    }

    /// Requests sent of one kind.
    public func sent(_ kind: IntentKind) -> Int { sent[kind.index] }
    /// Denials by one rule.
    public func denied(_ rule: RuleID) -> Int { denied[rule.index] }
    /// Delays by one rule.
    public func delayed(_ rule: RuleID) -> Int { delayed[rule.index] }
    /// State degradations by one rule.
    public func degraded(_ rule: RuleID) -> Int { degraded[rule.index] }
}

extension IntentKind {
    /// Position in `allCases`.
    public var index: Int {
        switch self {
        case .cancelAll: return 0
        case .cancel: return 1
        case .riskOrder: return 2
        case .amend: return 3
        case .new: return 4
        case .query: return 5
        case .fetch: return 6
        case .other: return 7
        }
    }
}

/// Persistable tracker state: enough for a restarted bot to recognise and manage its orders.
public struct TrackerSnapshot: Hashable, Sendable, Codable {
    public var sessionPrefix: String
    public var nextCounter: UInt64
    public var nextCommandID: UInt64
    /// Every owned order (open, and recently finished) with its last known status.
    public var orders: [TrackedOrder]
    public var accountState: TradingState
    public var accountStateReason: String?
    /// `true` when only an operator may leave HALTED.
    public var latched: Bool
    /// Equity at session start when every instrument settles in one currency (kept for older
    /// readers; `startEquities` is authoritative).
    public var startEquity: Money?
    /// Equity at session start per settle currency (max-loss kill switch), sorted by currency.
    public var startEquities: [SettleEquity]?
    public var time: Timestamp

    enum CodingKeys: String, CodingKey {
        case sessionPrefix = "session_prefix"
        case nextCounter = "next_counter"
        case nextCommandID = "next_command_id"
        case orders
        case accountState = "account_state"
        case accountStateReason = "account_state_reason"
        case latched
        case startEquity = "start_equity"
        case startEquities = "start_equities"
        case time
    }
}

/// An equity in one settle currency (USDT for linear contracts, BTC for BTCUSD…).
public struct SettleEquity: Hashable, Sendable, Codable {
    public var currency: String
    public var equity: Money
    public init(currency: String, equity: Money) {
        self.currency = currency
        self.equity = equity
    }
}
