import Logging
import MarketCore
import Strategies

/// The request logic of `POST /webhook`, independent of HTTP: token and payload checks, the
/// duplicate window, conversion to an order and submission to the sink.
///
/// An actor, so the idempotency window is updated by one request at a time. A duplicate that
/// arrives while the first delivery is still being decided waits for that decision and answers
/// with the same clOrdID (or the same refusal). Logs never contain the token or the body.
public actor WebhookEndpoint {
    var strategy: WebhookSignalsStrategy
    let token: String
    let sink: any WebhookSink
    let market: WebhookMarketView
    let clock: @Sendable () -> Timestamp
    let logger: Logger
    var nextRequestID: UInt64 = 1
    var inFlight: [String: Task<WebhookDecision, Never>] = [:]

    /// - Parameters:
    ///   - strategy: the `webhook_signals` strategy (symbols and duplicate window).
    ///   - token: the expected shared token.
    ///   - sink: where accepted orders go.
    ///   - market: instrument, reference price and equity per symbol.
    ///   - clock: wall clock for the duplicate window.
    public init(
        strategy: WebhookSignalsStrategy, token: String, sink: any WebhookSink, market: @escaping WebhookMarketView,
        clock: @escaping @Sendable () -> Timestamp, logger: Logger
    ) {
        self.strategy = strategy
        self.token = token
        self.sink = sink
        self.market = market
        self.clock = clock
        self.logger = logger
    }

    /// Number of alert keys remembered by the duplicate window.
    public var rememberedAlerts: Int { strategy.window.count }

    /// Handles one request body (already limited to `WebhookSignal.maxBodyBytes` + 1 bytes by
    /// the transport) with the `?token=` query value, if any.
    public func handle(body: [UInt8], queryToken: String?) async -> WebhookResponse {
        let requestID = nextRequestID
        nextRequestID &+= 1
        let signal: WebhookSignal
        switch strategy.accept(body: body, queryToken: queryToken, expectedToken: token) {
        case .failure(let r):
            logRefusal(requestID, status: r.status, ["field": "\(r.field)", "reason": "\(r.reason)"])
            return .rejected(r)
        case .success(let s): signal = s
        }
        guard let view = await market(signal.symbol), let price = view.referencePrice, price.raw > 0 else {
            logRefusal(requestID, status: 503, ["symbol": "\(signal.symbol)", "reason": "no market data"])
            return .unavailable("no market data for \(signal.symbol) yet")
        }
        switch strategy.propose(signal, instrument: view.instrument, referencePrice: price, equity: view.equity, now: clock()) {
        case .rejected(let r):
            logRefusal(requestID, status: r.status, ["field": "\(r.field)", "reason": "\(r.reason)", "signal": "\(signal)"])
            return .rejected(r)
        case .duplicate(let key, let reference):
            if let reference {
                logDuplicate(requestID, signal, clOrdID: reference)
                return .duplicate(signal, clOrdID: reference)
            }
            guard let first = inFlight[key] else {
                logDuplicate(requestID, signal, clOrdID: nil)
                return .duplicate(signal, clOrdID: nil)
            }
            switch await first.value {
            case .accepted(let id):
                logDuplicate(requestID, signal, clOrdID: id)
                return .duplicate(signal, clOrdID: id)
            case .refused(let rule, let reason):
                logRefusal(requestID, status: 422, ["rule": "\(rule)", "reason": "\(reason)", "duplicate": "true"])
                return .refused(rule: rule, reason: reason, duplicate: true)
            case .unavailable(let reason, _):
                logRefusal(requestID, status: 503, ["reason": "\(reason)", "duplicate": "true"])
                return .unavailable(reason)
            }
        case .order(let order, let key):
            let sink = self.sink
            let task = Task { await sink.submit(order, requestID: requestID) }
            inFlight[key] = task
            let decision = await task.value
            inFlight[key] = nil
            switch decision {
            case .accepted(let id):
                strategy.attach(reference: id, to: key)
                logger.info(
                    "webhook request \(requestID) accepted: \(signal), quantity \(order.quantity)",
                    metadata: [
                        "request": "\(requestID)", "clOrdID": "\(id)", "signal": "\(signal)",
                        "quantity": "\(order.quantity)",
                    ])
                return .accepted(order, clOrdID: id)
            case .refused(let rule, let reason):
                strategy.forget(key: key)
                logRefusal(requestID, status: 422, ["rule": "\(rule)", "reason": "\(reason)", "signal": "\(signal)"])
                return .refused(rule: rule, reason: reason)
            case .unavailable(let reason, let pending):
                if !pending { strategy.forget(key: key) }
                logRefusal(requestID, status: 503, ["reason": "\(reason)", "signal": "\(signal)"])
                return .unavailable(reason)
            }
        }
    }

    func logRefusal(_ requestID: UInt64, status: Int, _ metadata: Logger.Metadata) {
        var m = metadata
        m["request"] = "\(requestID)"
        m["status"] = "\(status)"
        // Text logs show only the message: repeat the details there (never the token or body).
        let details = metadata.keys.sorted().map { "\($0)=\(metadata[$0].map { "\($0)" } ?? "")" }.joined(separator: " ")
        logger.notice("webhook request \(requestID) refused \(status): \(details)", metadata: m)
    }

    func logDuplicate(_ requestID: UInt64, _ signal: WebhookSignal, clOrdID: String?) {
        logger.info(
            "webhook request \(requestID) is a duplicate alert, not executed again: \(signal)",
            metadata: ["request": "\(requestID)", "clOrdID": "\(clOrdID ?? "-")", "signal": "\(signal)"])
    }
}
