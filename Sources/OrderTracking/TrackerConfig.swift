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

    public init(
        seed: UInt64 = 1, terminalRetention: Nanoseconds = .seconds(300), maxTerminalKept: Int = 512,
        auditAllows: Bool = true, reconcileGrace: Nanoseconds = .seconds(2), settleCurrency: String = "USDT"
    ) {
        self.seed = seed
        self.terminalRetention = terminalRetention
        self.maxTerminalKept = maxTerminalKept
        self.auditAllows = auditAllows
        self.reconcileGrace = reconcileGrace
        self.settleCurrency = settleCurrency
    }

    enum CodingKeys: String, CodingKey {
        case seed
        case terminalRetention = "terminal_retention"
        case maxTerminalKept = "max_terminal_kept"
        case auditAllows = "audit_allows"
        case reconcileGrace = "reconcile_grace"
        case settleCurrency = "settle_currency"
    }
}
