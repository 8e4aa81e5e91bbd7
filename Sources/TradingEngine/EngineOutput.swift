import MarketCore

/// One thing the engine asks the runtime to do. Outputs are produced in a deterministic order.
public enum EngineOutput: Hashable, Sendable, Codable {
    /// Send this command to the exchange adapter; its `CommandResult` comes back as an input.
    case command(id: UInt64, command: ExchangeCommand)
    /// Fire `.timer` at this time (replaces any earlier schedule).
    case scheduleTimer(at: Timestamp)
    /// A decision record for the audit log.
    case audit(EngineAuditRecord)
    /// A human log line.
    case log(EngineLogEntry)
    /// Persist the engine state now (after fills, placements, stop).
    case checkpoint
    /// The engine finished its stop sequence; the runtime writes the final state and exits.
    case stopped
    /// Answer to a `.webhook` input.
    case webhookResponse(requestID: String, accepted: Bool, clientOrderID: ClientOrderID?, message: String)
}

/// Severity of an engine log line.
public enum EngineLogLevel: String, Hashable, Sendable, Codable, Comparable, CaseIterable {
    case debug, info, warning, error
    private var rank: Int {
        switch self {
        case .debug: return 0
        case .info: return 1
        case .warning: return 2
        case .error: return 3
        }
    }
    public static func < (a: EngineLogLevel, b: EngineLogLevel) -> Bool { a.rank < b.rank }
}

/// One human-readable log event: component, optional symbol and client order id, message.
public struct EngineLogEntry: Hashable, Sendable, Codable {
    public var level: EngineLogLevel
    public var component: String
    public var symbol: Symbol?
    public var clientOrderID: ClientOrderID?
    public var message: String
    public init(
        level: EngineLogLevel, component: String, symbol: Symbol? = nil, clientOrderID: ClientOrderID? = nil,
        message: String
    ) {
        self.level = level
        self.component = component
        self.symbol = symbol
        self.clientOrderID = clientOrderID
        self.message = message
    }
}

/// Why the engine did (or did not do) something with an order: one line of the audit log.
public struct EngineAuditRecord: Hashable, Sendable, Codable {
    public var time: Timestamp
    /// `place`, `amend`, `cancel`, `query`, `webhook`, `kill_switch`…
    public var action: String
    /// `allow`, `delay` or `deny`.
    public var verdict: String
    /// Rule or trigger (`strategy`, `market_through`, `stale_book`, `operator_stop`, `max_loss`…).
    public var rule: String
    public var symbol: Symbol?
    public var clientOrderID: ClientOrderID?
    public var reason: String
    public init(
        time: Timestamp, action: String, verdict: String, rule: String, symbol: Symbol?,
        clientOrderID: ClientOrderID?, reason: String
    ) {
        self.time = time
        self.action = action
        self.verdict = verdict
        self.rule = rule
        self.symbol = symbol
        self.clientOrderID = clientOrderID
        self.reason = reason
    }
}
