import MarketCore

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

    /// Kill-switch state.
    public enum TradingState: String, Hashable, Sendable, Codable {
        case active
        /// Only position-reducing quotes.
        case reducing
        /// No quotes; own orders cancelled.
        case halted
    }

    public var version: Int = EngineState.currentVersion
    public var phase: Phase = .idle
    public var tradingState: TradingState = .active
    public var nextCommandID: UInt64 = 1
    /// Counter of the last clOrdID issued in this session.
    public var orderCounter: UInt64 = 0
    /// Session tag of the run that last wrote the state.
    public var sessionTag: String = ""
    /// Own live orders, sorted by clOrdID.
    public var orders: [OwnOrder] = []
    /// Markets, sorted by symbol.
    public var markets: [MarketState] = []
    /// Positions, sorted by symbol.
    public var positions: [PositionState] = []
    /// Latest balances, sorted by currency.
    public var balances: [BalanceReport] = []
    /// Attempts left for failed reconciliation fetches.
    public var reconcileRetries: Int = 3
    /// Own orders closed recently (late reports about them are ignored), oldest first, bounded.
    public var recentlyClosed: [ClientOrderID] = []
    /// Recent execution ids (dedupe), oldest first, bounded.
    public var recentExecutionIDs: [String] = []
    /// Reconciliation commands still outstanding.
    public var pendingReconcile: [UInt64] = []
    /// No new orders before this time (rate limited).
    public var blockedUntil: Timestamp?
    public var stopDeadline: Timestamp?
    public var nextHousekeepingAt: Timestamp?
    public var nextSummaryAt: Timestamp?
    public var strategyWakeAt: Timestamp?
    /// The timer currently scheduled with the runtime.
    public var scheduledTimer: Timestamp?
    /// The strategy's own persisted state.
    public var strategyState: [String: String] = [:]
    public var counters = EngineCounters()
    public var lastError: String?
    /// Time of the last handled input.
    public var lastInputAt: Timestamp?

    public init() {}

    /// Total realized PnL across symbols (before fees).
    public var realizedPnL: Money { positions.reduce(Money.zero) { $0 + $1.realizedPnL } }
    /// Total fees across symbols.
    public var fees: Money { positions.reduce(Money.zero) { $0 + $1.fees } }
    /// Total fills across symbols.
    public var fillCount: Int { positions.reduce(0) { $0 + $1.fillCount } }
}
