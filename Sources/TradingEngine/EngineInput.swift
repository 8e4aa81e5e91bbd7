import MarketCore
import Strategies

/// One input to the engine: what happened and when the runtime received it.
///
/// Every input is journaled as one JSON line before it is handled, so a journal replays to the
/// same outputs byte for byte.
public struct EngineInput: Hashable, Sendable, Codable {
    /// Time the producer stamped the input (nanoseconds since the epoch).
    public var receivedAt: Timestamp
    public var kind: Kind

    /// What the input is.
    public enum Kind: Hashable, Sendable, Codable {
        /// Something the exchange adapter pushed (book, trade, execution, command result…).
        case exchange(ExchangeEvent)
        /// The timer the engine scheduled fired.
        case timer
        /// The operator asked to stop (SIGTERM, SIGINT, `mmbot stop`).
        case operatorStop
        /// A one-off order from the webhook, answered with `.webhookResponse(requestID:…)`.
        case webhook(order: OrderProposal, requestID: String)
        /// The runtime is up: reconcile with the exchange before the first quote.
        case start
    }

    public init(receivedAt: Timestamp, kind: Kind) {
        self.receivedAt = receivedAt
        self.kind = kind
    }
}
