import MarketCore
import Strategies

/// What the order path decided for one webhook order.
public enum WebhookDecision: Equatable, Sendable {
    /// The order passed the rules and was sent (or queued) under this client order id.
    case accepted(clientOrderID: String)
    /// A rule refused the order: the rule's id (`R13`, `webhook`…) and a readable reason.
    case refused(rule: String, reason: String)
    /// The order path could not decide (engine not trading yet, stopping, or no answer in
    /// time): answered 503. `pending` is true when the order was handed to the engine and may
    /// still be sent: the alert then stays remembered, so a re-delivery is not executed twice.
    case unavailable(reason: String, pending: Bool)
}

/// Where the webhook endpoint sends the orders it accepted. The endpoint knows nothing of the
/// engine: the daemon implements this by feeding `.webhook(order:requestID:)` to the trading
/// engine and awaiting the matching `.webhookResponse`.
///
/// `requestID` is unique per server instance and increasing; the engine's id is its decimal
/// text (`String(requestID)`). `submit` must always return (the endpoint awaits it while the
/// HTTP client waits); an engine that is not running answers `.unavailable`.
public protocol WebhookSink: Sendable {
    /// Submits one order and returns what the rules decided.
    func submit(_ proposal: OrderProposal, requestID: UInt64) async -> WebhookDecision
}

/// A `WebhookSink` made from a closure.
public struct WebhookClosureSink: WebhookSink {
    let body: @Sendable (OrderProposal, UInt64) async -> WebhookDecision

    /// Wraps `body`.
    public init(_ body: @escaping @Sendable (OrderProposal, UInt64) async -> WebhookDecision) { self.body = body }

    public func submit(_ proposal: OrderProposal, requestID: UInt64) async -> WebhookDecision {
        await body(proposal, requestID)
    }
}
