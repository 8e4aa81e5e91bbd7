import MarketCore

/// Tracker settings that are not exchange rules (those live in `RuleProfile`).
public struct TrackerConfig: Hashable, Sendable, Codable {
    /// Seed of the deterministic jitter generator (429 freeze, back-off).
    public var seed: UInt64
    /// How long a finished order is remembered (late fills, cancel acks after fills).
    public var terminalRetention: Nanoseconds
    /// At most this many finished orders are remembered.
    public var maxTerminalKept: Int
    /// Emit an audit record for every allowed request too (not only delays and denials).
    public var auditAllows: Bool
    /// Open orders missing from an open-order list for at least this long are queried.
    public var reconcileGrace: Nanoseconds
    /// Currency used for `fetchPositions` (reconciliation).
    public var settleCurrency: String
    /// A delayed one-off order (`submit`) is dropped if it could not be sent within this time.
    public var queuedOrderExpiry: Nanoseconds
    /// Orders per bulk cancel request.
    public var bulkCancelMax: Int

    public init(
        seed: UInt64 = 1, terminalRetention: Nanoseconds = .seconds(300), maxTerminalKept: Int = 512,
        auditAllows: Bool = true, reconcileGrace: Nanoseconds = .seconds(2), settleCurrency: String = "USDT",
        queuedOrderExpiry: Nanoseconds = .seconds(30), bulkCancelMax: Int = 10
    ) {
        self.seed = seed
        self.terminalRetention = terminalRetention
        self.maxTerminalKept = maxTerminalKept
        self.auditAllows = auditAllows
        self.reconcileGrace = reconcileGrace
        self.settleCurrency = settleCurrency
        self.queuedOrderExpiry = queuedOrderExpiry
        self.bulkCancelMax = bulkCancelMax
    }

    enum CodingKeys: String, CodingKey {
        case seed
        case terminalRetention = "terminal_retention"
        case maxTerminalKept = "max_terminal_kept"
        case auditAllows = "audit_allows"
        case reconcileGrace = "reconcile_grace"
        case settleCurrency = "settle_currency"
        case queuedOrderExpiry = "queued_order_expiry"
        case bulkCancelMax = "bulk_cancel_max"
    }
}
