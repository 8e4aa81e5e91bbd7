import MarketCore

/// Account- or symbol-level trading permission (R19). Ordered: a higher raw value is stricter.
public enum TradingState: String, Sendable, Codable, CaseIterable, Comparable {
    /// Everything allowed.
    case active = "ACTIVE"
    /// Only orders that reduce the position (and cancels) are allowed.
    case reducing = "REDUCING"
    /// Only cancels are allowed.
    case halted = "HALTED"

    var rank: Int {
        switch self {
        case .active: return 0
        case .reducing: return 1
        case .halted: return 2
        }
    }
    public static func < (a: TradingState, b: TradingState) -> Bool { a.rank < b.rank }
}

/// Identifier of a rule of the rule engine (exchange-rules.md §3.3), plus the pseudo-rules
/// used for static validation and the lifecycle.
public enum RuleID: String, Sendable, Codable, CaseIterable, Comparable {
    case none = "-"
    /// Instrument validation: listed symbol, tick/step grid, quantity bounds.
    case validation = "V0"
    case r1 = "R1", r2 = "R2", r3 = "R3", r4 = "R4", r5 = "R5", r6 = "R6", r7 = "R7", r8 = "R8", r9 = "R9", r10 = "R10"
    case r11 = "R11", r12 = "R12", r13 = "R13", r14 = "R14", r15 = "R15", r16 = "R16", r17 = "R17", r18 = "R18"
    case r19 = "R19", r20 = "R20"

    /// Position in `allCases` (used to index counters).
    public var index: Int {
        switch self {
        case .none: return 0
        case .validation: return 1
        case .r1: return 2
        case .r2: return 3
        case .r3: return 4
        case .r4: return 5
        case .r5: return 6
        case .r6: return 7
        case .r7: return 8
        case .r8: return 9
        case .r9: return 10
        case .r10: return 11
        case .r11: return 12
        case .r12: return 13
        case .r13: return 14
        case .r14: return 15
        case .r15: return 16
        case .r16: return 17
        case .r17: return 18
        case .r18: return 19
        case .r19: return 20
        case .r20: return 21
        }
    }
    /// Human name of the rule.
    public var title: String {
        switch self {
        case .none: return "none"
        case .validation: return "instrument validation"
        case .r1: return "weighted rate window"
        case .r2: return "header sync / 429 freeze"
        case .r3: return "IP budget"
        case .r4: return "WebSocket budget"
        case .r5: return "open-order caps"
        case .r6: return "minimum resting time"
        case .r7: return "mutation-rate cap"
        case .r8: return "activity counter"
        case .r9: return "order-to-trade ratio"
        case .r10: return "unfilled ratio / order budget"
        case .r11: return "quick-cancel ratio"
        case .r12: return "IOC expiry ratio / taker cap"
        case .r13: return "notional / dust"
        case .r14: return "price collar"
        case .r15: return "one-up cap"
        case .r16: return "layering / self-cross guard"
        case .r17: return "error budget"
        case .r18: return "retry / back-off"
        case .r19: return "trading state"
        case .r20: return "kill switch"
        }
    }
    public static func < (a: RuleID, b: RuleID) -> Bool { a.index < b.index }
}

/// Machine-readable reason of a verdict (no allocation on the hot path; see `AuditRecord`).
public enum VerdictReason: String, Sendable, Codable {
    case ok
    case unknownSymbol = "unknown_symbol"
    case priceOffTick = "price_off_tick"
    case priceOutOfBounds = "price_out_of_bounds"
    case quantityInvalid = "quantity_invalid"
    case missingPrice = "missing_price"
    case halted
    case reducingOnly = "reducing_only"
    case selfCross = "self_cross"
    case postOnlyWouldCross = "post_only_would_cross"
    case layering
    case intentToExecute = "intent_to_execute"
    case minRest = "min_rest"
    case oneUpRate = "one_up_rate"
    case oneUpConsecutive = "one_up_consecutive"
    case capPerSide = "cap_per_side"
    case capPerSymbol = "cap_per_symbol"
    case capConditionalSymbol = "cap_conditional_symbol"
    case capContingentSymbol = "cap_contingent_symbol"
    case capAccount = "cap_account"
    case capConditionalAccount = "cap_conditional_account"
    case activityHard = "activity_hard"
    case orderBudget = "order_budget"
    case takerRate = "taker_rate"
    case mutationRate = "mutation_rate"
    case groupWindow = "group_window"
    case symbolWindow = "symbol_window"
    case smoothing
    case groupFrozen = "group_frozen"
    case ipWindow = "ip_window"
    case ipLockout = "ip_lockout"
    case overloadBackoff = "overload_backoff"
    case notionalTooSmall = "notional_too_small"
    case notionalTooLarge = "notional_too_large"
    case collar
    case noMarkPrice = "no_mark_price"
    case ratioHard = "ratio_hard"
    case errorBudget = "error_budget"
    case killPosition = "kill_position"
    case killLoss = "kill_loss"
    case killFills = "kill_fills"
    case exchangeReject = "exchange_reject"
    case rateLimited = "rate_limited"
    case unknownOutcome = "unknown_outcome"
    case operatorHalt = "operator_halt"
    case banned
    case authFailures = "auth_failures"
    case expired
}

/// The answer of the rule engine for one intent.
public enum Verdict: Hashable, Sendable, Codable {
    case allow
    /// Not now; re-evaluate (from the latest target) at the given time.
    case delay(until: Timestamp, rule: RuleID, reason: VerdictReason)
    case deny(rule: RuleID, reason: VerdictReason)
    /// Deny, and move the trading state.
    case degrade(TradingState, rule: RuleID, reason: VerdictReason)

    /// `true` for `.allow`.
    public var isAllowed: Bool { if case .allow = self { return true } else { return false } }
    /// The rule that decided (`.none` for allow).
    public var rule: RuleID {
        switch self {
        case .allow: return .none
        case .delay(_, let r, _), .deny(let r, _), .degrade(_, let r, _): return r
        }
    }
    /// The reason code.
    public var reason: VerdictReason {
        switch self {
        case .allow: return .ok
        case .delay(_, _, let x), .deny(_, let x), .degrade(_, _, let x): return x
        }
    }
    /// Short verb: allow, delay, deny, degrade.
    public var verb: String {
        switch self {
        case .allow: return "allow"
        case .delay: return "delay"
        case .deny: return "deny"
        case .degrade: return "degrade"
        }
    }
}

/// What an intent does, which decides its priority lane: cancel-all > cancel > risk-reducing
/// order > amend > new (exchange-rules §3.2 step 8).
public enum IntentKind: String, Sendable, Codable, CaseIterable {
    case cancelAll = "cancel_all"
    case cancel
    case riskOrder = "risk_order"
    case amend
    case new
    case query
    case fetch
    case other

    /// `true` for cancels (which use the cancel reserve and are never starved).
    public var isCancel: Bool { self == .cancel || self == .cancelAll }
    /// `true` for reads.
    public var isRead: Bool { self == .query || self == .fetch }
}

/// What the tracker asks its host (the engine) to do.
public enum TrackerAction: Hashable, Sendable, Codable {
    /// Execute this command; report the result with `handle(_: CommandResult, now:)`.
    case send(commandID: UInt64, ExchangeCommand)
    /// Call `onTimer(now:)` at (or after) this time.
    case wake(at: Timestamp)
    /// A decision to log and count.
    case audit(AuditRecord)
    /// The trading state changed (account level when the reason has no symbol).
    case tradingState(TradingState, reason: String)
}
