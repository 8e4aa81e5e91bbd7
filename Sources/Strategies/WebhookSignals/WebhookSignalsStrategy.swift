import MarketCore

/// What the webhook endpoint should do with one request after `WebhookSignalsStrategy.propose`.
public enum WebhookVerdict: Equatable, Sendable {
    /// Send this order through the tracker; answer 200 with its clOrdID (or 422 if a rule
    /// refuses it — then call `forget(key:)` so a retry may execute).
    case order(OrderProposal, key: String)
    /// Already executed within the window: answer 200 with the earlier reference (clOrdID).
    case duplicate(key: String, reference: String?)
    /// Refused: answer `status` with field and reason.
    case rejected(WebhookRejection)
}

/// The `webhook_signals` strategy: no quotes; alerts posted to the daemon's endpoint become
/// one-off orders. The HTTP side lives in the daemon, which calls, per request:
///
/// 1. `accept(body:queryToken:expectedToken:)` → the validated signal, or a 413/401/400
///    rejection (the token is checked before any field is validated);
/// 2. `propose(_:instrument:referencePrice:equity:now:)` → `WebhookVerdict` (duplicate check
///    and quantity conversion), then sends the order through the tracker;
/// 3. `attach(reference:to:)` with the clOrdID, or `forget(key:)` if the tracker refused.
public struct WebhookSignalsStrategy: Strategy {
    public static let name = "webhook_signals"
    public var config: WebhookSignalsConfig
    public var window: IdempotencyWindow

    public init(config: WebhookSignalsConfig) {
        self.config = config
        window = IdempotencyWindow(window: config.idempotencyWindow)
    }

    public var symbols: [Symbol] { config.symbols }

    /// No quotes, ever.
    public mutating func decide(_ context: StrategyContext) -> StrategyDecision { StrategyDecision(quotes: []) }

    /// Size check, JSON parse, token check (`?token=` first, else the body's `token`), then
    /// field validation.
    public func accept(body: [UInt8], queryToken: String?, expectedToken: String) -> Result<WebhookSignal, WebhookRejection> {
        let unauthorized = WebhookRejection(status: 401, field: "token", reason: "missing or wrong token")
        let fields: [(key: String, value: FlatJSONValue)]
        do { fields = try WebhookSignal.members(of: body) } catch {
            if error.status == 413 { return .failure(error) }
            guard let q = queryToken, WebhookSecurity.constantTimeEquals(q, expectedToken) else {
                return .failure(unauthorized)
            }
            return .failure(error)
        }
        var token = queryToken
        if token == nil, case .string(let t)? = fields.first(where: { $0.key == "token" })?.value { token = t }
        guard let token, WebhookSecurity.constantTimeEquals(token, expectedToken) else { return .failure(unauthorized) }
        do { return .success(try WebhookSignal.parse(fields: fields, body: body, knownSymbols: config.symbols)) } catch {
            return .failure(error)
        }
    }

    /// Duplicate check then conversion to an order at `referencePrice` with `equity`
    /// (excluding unrealized PnL). A signal whose conversion fails is not recorded.
    public mutating func propose(
        _ signal: WebhookSignal, instrument: InstrumentSpec, referencePrice: Price, equity: Money, now: Timestamp
    ) -> WebhookVerdict {
        let order: OrderProposal
        do { order = try signal.orderProposal(instrument: instrument, referencePrice: referencePrice, equity: equity) } catch {
            return .rejected(error)
        }
        switch window.admit(signal.idempotencyKey, now: now) {
        case .first: return .order(order, key: signal.idempotencyKey)
        case .duplicate(let reference): return .duplicate(key: signal.idempotencyKey, reference: reference)
        }
    }

    /// Records the clOrdID the alert produced (returned to duplicates).
    public mutating func attach(reference: String, to key: String) { window.attach(reference: reference, to: key) }

    /// Forgets an alert whose order was refused, so a re-delivery may execute.
    public mutating func forget(key: String) { window.forget(key) }
}
