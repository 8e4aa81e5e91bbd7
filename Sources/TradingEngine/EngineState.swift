import MarketCore
import OrderTracking

/// Everything the engine knows, Codable: the state file holds it and a journal header can
/// carry it, so a resumed or replayed engine continues exactly.
public struct EngineState: Hashable, Sendable, Codable {
    /// State file format version.
    public static let currentVersion = 1

    /// Where the engine is in its life.
    public enum Phase: String, Hashable, Sendable, Codable {
        /// Waiting for `.start`.
        case idle
        /// Reconciling with the exchange; no quotes yet.
        case reconciling
        case running
        /// Operator stop in progress: cancels sent, waiting for acks until the deadline.
        case stopping
        case stopped
    }

    /// Trading state: the stricter of the engine's kill switch and the order tracker's account
    /// state (R19/R20).
    public enum TradingState: String, Hashable, Sendable, Codable, Comparable {
        case active
        /// Only position-reducing quotes.
        case reducing
        /// No quotes; own orders cancelled.
        case halted

        @inline(__always) var rank: Int {
            switch self {
            case .active: 0
            case .reducing: 1
            case .halted: 2
            }
        }
        public static func < (a: TradingState, b: TradingState) -> Bool { a.rank < b.rank }

        /// The engine's view of a tracker state.
        init(_ s: OrderTracking.TradingState) {
            switch s {
            case .active: self = .active
            case .reducing: self = .reducing
            case .halted: self = .halted
            }
        }
    }

    public var version: Int = EngineState.currentVersion
    public var phase: Phase = .idle
    /// Effective trading state (for status): the stricter of `killSwitch` and the tracker's.
    public var tradingState: TradingState = .active
    /// The engine's own kill switch (`maxPosition` / `maxLoss` of the config).
    public var killSwitch: TradingState = .active
    /// Next id of a command the engine sends itself (reconciliation reads); these ids have
    /// `Engine.engineCommandBit` set, so they never collide with the tracker's.
    public var nextCommandID: UInt64 = 1
    /// Last clOrdID counter used (as of the last snapshot). A fresh run that carries only this
    /// (no `tracker`) starts its counter above it, so ids are never reused.
    public var orderCounter: UInt64 = 0
    /// Session tag of the run that last wrote the state.
    public var sessionTag: String = ""
    /// The order tracker's persisted state (own orders, clOrdID counter, trading state).
    /// Filled in by `Engine.snapshot`.
    public var tracker: TrackerSnapshot?
    /// Markets, sorted by symbol.
    public var markets: [MarketState] = []
    /// Positions, sorted by symbol.
    public var positions: [PositionState] = []
    /// Latest balances, sorted by currency.
    public var balances: [BalanceReport] = []
    /// Attempts left for failed reconciliation fetches.
    public var reconcileRetries: Int = 3
    /// Recent execution ids (dedupe), oldest first, bounded.
    public var recentExecutionIDs: [String] = []
    /// Reconciliation commands still outstanding.
    public var pendingReconcile: [UInt64] = []
    /// Open orders collected from the reconciliation fetches (handed to the tracker at once).
    public var reconcileOpenOrders: [ExecutionReport] = []
    /// No new orders before this time (rate limited).
    public var blockedUntil: Timestamp?
    public var stopDeadline: Timestamp?
    public var nextHousekeepingAt: Timestamp?
    public var nextSummaryAt: Timestamp?
    public var strategyWakeAt: Timestamp?
    /// When the order tracker asked to be woken (delayed requests, retries, expiries).
    public var trackerWakeAt: Timestamp?
    /// The timer currently scheduled with the runtime.
    public var scheduledTimer: Timestamp?
    /// The strategy's own persisted state.
    public var strategyState: [String: String] = [:]
    public var counters = EngineCounters()
    public var lastError: String?
    /// Time of the last handled input.
    public var lastInputAt: Timestamp?

    public init() {}

    /// Own open orders as of the last `Engine.snapshot`, sorted by clOrdID (for status pages).
    public var orders: [OwnOrder] {
        (tracker?.orders ?? []).filter { !$0.state.isTerminal }.map(OwnOrder.init(tracked:))
            .sorted { $0.clientOrderID < $1.clientOrderID }
    }

    /// Total realized PnL across symbols (before fees).
    public var realizedPnL: Money { positions.reduce(Money.zero) { $0 + $1.realizedPnL } }
    /// Total fees across symbols.
    public var fees: Money { positions.reduce(Money.zero) { $0 + $1.fees } }
    /// Total fills across symbols.
    public var fillCount: Int { positions.reduce(0) { $0 + $1.fillCount } }
}
