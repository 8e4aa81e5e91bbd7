import Foundation
import MarketCore
import Strategies
import Synchronization
import Testing
import TradingEngine
import WebhookServer

@testable import DaemonRuntime

extension WebhookLoopbackSuites {
/// The daemon's bridge between the webhook server and the engine's input stream, without the
/// engine: the test plays the owner loop.
@Suite struct WebhookEngineBridgeTests {
    static let order = OrderProposal(symbol: "BTCUSDT", side: .buy, type: .market, quantity: Quantity("0.01")!)

    func bridge(timeout: Duration = .seconds(30), running: Bool = true) -> (WebhookEngineBridge, AsyncStream<EngineInput>) {
        let (stream, continuation) = AsyncStream<EngineInput>.makeStream()
        let b = WebhookEngineBridge(inputs: continuation, timeout: timeout)
        if running { b.state.withLock { $0.phase = .running } }
        return (b, stream)
    }

    /// The first `.webhook` input the bridge yielded: its request id.
    func firstRequestID(_ stream: AsyncStream<EngineInput>) async -> String? {
        for await input in stream {
            if case .webhook(_, let id) = input.kind { return id }
        }
        return nil
    }

    @Test func notRunningIsUnavailableWithoutReachingTheEngine() async {
        let (b, _) = bridge(running: false)
        let d = await b.submit(Self.order, requestID: 1)
        #expect(d == .unavailable(reason: "the bot is not trading yet (idle)", pending: false))
        #expect(b.state.withLock { $0.pending.isEmpty })
    }

    @Test func acceptedAnswerCarriesTheClOrdID() async {
        let (b, stream) = bridge()
        async let decision = b.submit(Self.order, requestID: 7)
        let id = await firstRequestID(stream)
        #expect(id == "7")
        b.answer(requestID: "7", accepted: true, clientOrderID: ClientOrderID("bot-1")!, denial: nil, message: "sent")
        #expect(await decision == .accepted(clientOrderID: "bot-1"))
    }

    @Test func denialGivesTheTrackerRuleAndReasonWithTheRuleName() async {
        let (b, stream) = bridge()
        async let decision = b.submit(Self.order, requestID: 3)
        _ = await firstRequestID(stream)
        let record = EngineAuditRecord(
            time: Timestamp(nanos: 1), action: "new", verdict: "deny", rule: "R14", symbol: "BTCUSDT", clientOrderID: nil,
            reason: "collar")
        b.answer(requestID: "3", accepted: false, clientOrderID: nil, denial: record, message: "denied by R14")
        #expect(await decision == .refused(rule: "R14", reason: "collar (price collar)"))
    }

    @Test func engineRefusalWithoutTrackerRecordIsRuleWebhook() async {
        let (b, stream) = bridge()
        async let decision = b.submit(Self.order, requestID: 4)
        _ = await firstRequestID(stream)
        b.answer(requestID: "4", accepted: false, clientOrderID: nil, denial: nil, message: "engine is stopping")
        #expect(await decision == .refused(rule: "webhook", reason: "engine is stopping"))
    }

    @Test func noAnswerInTimeIsUnavailableAndPending() async {
        let (b, _) = bridge(timeout: .milliseconds(50))
        let d = await b.submit(Self.order, requestID: 5)
        guard case .unavailable(_, let pending) = d else {
            Issue.record("expected unavailable, got \(d)")
            return
        }
        #expect(pending)
        // A late answer is ignored.
        b.answer(requestID: "5", accepted: true, clientOrderID: ClientOrderID("late")!, denial: nil, message: "sent")
    }

    @Test func closeAnswersWaitingAndLaterRequests() async {
        let (b, stream) = bridge()
        async let waiting = b.submit(Self.order, requestID: 8)
        _ = await firstRequestID(stream)
        b.close()
        #expect(await waiting == .unavailable(reason: "the bot stopped", pending: true))
        #expect(await b.submit(Self.order, requestID: 9) == .unavailable(reason: "the bot is stopping", pending: false))
    }
}
}

extension WebhookLoopbackSuites {
/// The endpoint's handling of `.unavailable` (503): an alert that never reached the engine is
/// forgotten (a retry executes), one that may have is remembered (a retry is a duplicate).
@Suite struct WebhookUnavailableTests {
    final class Script: Sendable {
        let answers: Mutex<[WebhookDecision]>
        init(_ a: [WebhookDecision]) { answers = .init(a) }
        func next() -> WebhookDecision { answers.withLock { $0.isEmpty ? .accepted(clientOrderID: "x") : $0.removeFirst() } }
    }

    func endpoint(_ script: Script) -> WebhookEndpoint {
        var config = WebhookSignalsConfig(symbols: ["BTCUSDT"])
        config.listen = "127.0.0.1:0"
        return WebhookEndpoint(
            strategy: WebhookSignalsStrategy(config: config), token: Fixture.token,
            sink: WebhookClosureSink { _, _ in script.next() }, market: { Fixture.market($0) },
            clock: { Timestamp.seconds(1_700_000_000) }, logger: .init(label: "test"))
    }

    static let alert = Array(Harness.payload(["symbol": "\"BTCUSDT\"", "action": "\"buy\"", "quantity": "0.01", "id": "\"a1\""]).utf8)

    @Test func notSubmittedIsForgotten() async {
        let e = endpoint(Script([.unavailable(reason: "the bot is not trading yet (reconciling)", pending: false)]))
        let first = await e.handle(body: Self.alert, queryToken: nil)
        #expect(first.httpStatus == 503 && first.reply.status == "unavailable")
        let retry = await e.handle(body: Self.alert, queryToken: nil)
        #expect(retry.httpStatus == 200 && retry.reply.duplicate == nil && retry.reply.clOrdID == "x")
    }

    @Test func maybeSentStaysRemembered() async {
        let e = endpoint(Script([.unavailable(reason: "no answer", pending: true)]))
        let first = await e.handle(body: Self.alert, queryToken: nil)
        #expect(first.httpStatus == 503)
        let retry = await e.handle(body: Self.alert, queryToken: nil)
        #expect(retry.httpStatus == 200 && retry.reply.duplicate == true)
    }
}
}
