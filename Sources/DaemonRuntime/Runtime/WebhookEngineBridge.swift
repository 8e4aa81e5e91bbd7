import MarketCore
import OrderTracking
import Strategies
import Synchronization
import TradingEngine
import WebhookServer

/// Connects the webhook server to the engine's single owner loop.
///
/// * As a `WebhookSink`, it yields `.webhook(order:requestID:)` into the engine's input stream
///   and waits for the matching `.webhookResponse` (delivered by the owner loop through
///   `answer(requestID:accepted:clientOrderID:denial:message:)`), at most `timeout`; then the
///   request is answered 503 (the order may still go out, so the alert stays remembered).
/// * As a `WebhookMarketView` (`market(_:)`), it answers from the copy of the engine's market
///   data, balances and instruments the owner loop refreshes after each input (`observe`).
///
/// Before the engine trades (`phase == .running`) and after it stopped, requests are answered
/// 503 without reaching the engine.
final class WebhookEngineBridge: WebhookSink, Sendable {
    struct Waiter {
        var continuation: CheckedContinuation<WebhookDecision, Never>
        var timeout: Task<Void, Never>
    }

    struct State {
        var pending: [String: Waiter] = [:]
        var phase: EngineState.Phase = .idle
        var closed = false
        var markets: [Symbol: WebhookMarket] = [:]
    }

    let state = Mutex(State())
    let inputs: AsyncStream<EngineInput>.Continuation
    let timeout: Duration

    init(inputs: AsyncStream<EngineInput>.Continuation, timeout: Duration = .seconds(10)) {
        self.inputs = inputs
        self.timeout = timeout
    }

    // MARK: WebhookSink

    func submit(_ proposal: OrderProposal, requestID: UInt64) async -> WebhookDecision {
        let id = String(requestID)
        let limit = timeout
        return await withCheckedContinuation { (c: CheckedContinuation<WebhookDecision, Never>) in
            let timer = Task { [weak self] in
                do { try await Task.sleep(for: limit) } catch { return }
                self?.finish(id, .unavailable(reason: "no answer from the engine within \(limit)", pending: true))
            }
            let refusal = state.withLock { s -> WebhookDecision? in
                if s.closed { return .unavailable(reason: "the bot is stopping", pending: false) }
                guard s.phase == .running else {
                    return .unavailable(reason: "the bot is not trading yet (\(s.phase.rawValue))", pending: false)
                }
                s.pending[id] = Waiter(continuation: c, timeout: timer)
                return nil
            }
            if let refusal {
                timer.cancel()
                c.resume(returning: refusal)
                return
            }
            inputs.yield(EngineInput(receivedAt: WallClock.now(), kind: .webhook(order: proposal, requestID: id)))
        }
    }

    /// Resumes the waiting request `id` (once; later calls do nothing).
    func finish(_ id: String, _ decision: WebhookDecision) {
        let waiter = state.withLock { $0.pending.removeValue(forKey: id) }
        guard let waiter else { return }
        waiter.timeout.cancel()
        waiter.continuation.resume(returning: decision)
    }

    // MARK: called by the owner loop

    /// The engine answered request `id`. `denial` is the deny/degrade audit record the engine
    /// emitted with the answer (the tracker's rule and reason, or the engine's `webhook` rule);
    /// the 422 carries its rule id and its reason followed by the rule's name.
    func answer(requestID id: String, accepted: Bool, clientOrderID: ClientOrderID?, denial: EngineAuditRecord?, message: String) {
        if accepted, let clientOrderID {
            finish(id, .accepted(clientOrderID: clientOrderID.value))
        } else if let denial {
            // The tracker's reason code and detail, then the rule's name: "collar (price collar)".
            let title = RuleID(rawValue: denial.rule).map { " (\($0.title))" } ?? ""
            finish(id, .refused(rule: denial.rule, reason: denial.reason + title))
        } else {
            finish(id, .refused(rule: "webhook", reason: message))
        }
    }

    /// Refreshes the phase and the per-symbol view after an input.
    func observe(_ engine: Engine) {
        let s = engine.state
        var markets: [Symbol: WebhookMarket] = [:]
        for inst in engine.config.instruments {
            let m = s.markets.first { $0.symbol == inst.symbol }
            let price = m?.lastTrade?.price ?? m?.top?.mid
            let equity = s.balances.first { $0.currency == inst.settleCurrency }?.balance ?? .zero
            markets[inst.symbol] = WebhookMarket(instrument: inst, referencePrice: price, equity: equity)
        }
        state.withLock {
            $0.phase = s.phase
            $0.markets = markets
        }
    }

    /// The engine stopped: every waiting and later request is answered 503.
    func close() {
        let waiters = state.withLock { s -> [Waiter] in
            s.closed = true
            defer { s.pending = [:] }
            return Array(s.pending.values)
        }
        for w in waiters {
            w.timeout.cancel()
            w.continuation.resume(returning: .unavailable(reason: "the bot stopped", pending: true))
        }
    }

    // MARK: WebhookMarketView

    /// Instrument, reference price (last trade, else mid) and wallet balance of `symbol`.
    func market(_ symbol: Symbol) -> WebhookMarket? {
        state.withLock { $0.markets[symbol] }
    }
}
