import AsyncHTTPClient
import Foundation
import Logging
import MarketCore
import NIOCore
import OrderTracking
import Strategies
import Synchronization
import Testing
import WebhookServer

/// Simulator instruments, markets and the shared token.
enum Fixture {
    static let token = "s3cret-T0ken-xyz"
    static let btc = try! InstrumentSpec(
        symbol: "BTCUSDT", kind: .linear, tickSize: Price("0.1")!, quantityStep: Quantity("0.001")!,
        minOrderValue: 1, maxOrderQuantity: 100000, minPrice: Price("0.1")!, maxPrice: 2_000_000,
        settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "BTC")
    static let btcusd = try! InstrumentSpec(
        symbol: "BTCUSD", kind: .inverse, tickSize: Price("0.5")!, quantityStep: 1, minOrderValue: .zero,
        maxOrderQuantity: 1_000_000, minPrice: Price("0.5")!, maxPrice: 2_000_000, contractSize: 1, priceScale: 4,
        valueScale: 8, settleCurrency: "BTC", quoteCurrency: "USD", baseCurrency: "BTC")
    static let eth = try! InstrumentSpec(
        symbol: "ETHUSDT", kind: .linear, tickSize: Price("0.01")!, quantityStep: Quantity("0.01")!,
        minOrderValue: 1, maxOrderQuantity: 100000, minPrice: Price("0.01")!, maxPrice: 200_000,
        settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "ETH")

    /// Equity (wallet balance) per settle currency.
    static let usdtEquity: Money = 100_000
    static let btcEquity: Money = 2

    static func market(_ symbol: Symbol) -> WebhookMarket? {
        switch symbol.name {
        case "BTCUSDT": return WebhookMarket(instrument: btc, referencePrice: 65_000, equity: usdtEquity)
        case "BTCUSD": return WebhookMarket(instrument: btcusd, referencePrice: 65_000, equity: btcEquity)
        case "ETHUSDT": return WebhookMarket(instrument: eth, referencePrice: nil, equity: usdtEquity)
        default: return nil
        }
    }

    static func snapshot(_ symbol: Symbol) -> MarketSnapshot {
        switch symbol.name {
        case "BTCUSD":
            return MarketSnapshot(symbol: symbol, bestBid: 64_999, bestAsk: 65_001, markPrice: 65_000, equity: btcEquity)
        default:
            return MarketSnapshot(
                symbol: symbol, bestBid: Price("64999.9")!, bestAsk: Price("65000.1")!, markPrice: 65_000,
                equity: usdtEquity)
        }
    }
}

/// A real sink: the pure `OrderTracker` (standard Phemex rule profile) deciding each order,
/// as the engine does. Records every place command it sent.
actor TrackerSink: WebhookSink {
    var tracker: OrderTracker
    var now = Timestamp.seconds(1_700_000_000)
    private(set) var sent: [OrderRequest] = []
    private(set) var requestIDs: [UInt64] = []

    /// The standard profile without R16 layering, so one test may send several same-side orders.
    static var lenientRules: RuleProfile {
        var r = RuleProfile.standard
        r.disabledRules = [.r16]
        return r
    }

    init(rules: RuleProfile = .standard) {
        tracker = OrderTracker(
            config: TrackerConfig(), rules: rules, instruments: [Fixture.btc, Fixture.btcusd, Fixture.eth],
            sessionPrefix: "wh", nextCounter: 1)
    }

    func submit(_ proposal: OrderProposal, requestID: UInt64) async -> WebhookDecision {
        requestIDs.append(requestID)
        now = now + .millis(250)
        let (id, actions) = tracker.submit(proposal, market: Fixture.snapshot(proposal.symbol), now: now)
        var refusal: AuditRecord?
        for action in actions {
            switch action {
            case .send(_, .place(let request)): sent.append(request)
            case .audit(let record) where record.verdict == "deny" || record.verdict == "degrade": refusal = record
            default: break
            }
        }
        if let id { return .accepted(clientOrderID: id.value) }
        guard let refusal else { return .refused(rule: "tracker", reason: "refused") }
        return .refused(rule: refusal.rule.rawValue, reason: "\(refusal.reason.rawValue) (\(refusal.rule.title))")
    }
}

/// A hand-advanced wall clock.
final class TestClock: Sendable {
    let time = Mutex(Timestamp.seconds(1_700_000_000))
    func advance(_ d: Nanoseconds) { time.withLock { $0 = $0 + d } }
    var now: Timestamp { time.withLock { $0 } }
}

/// Keeps every log line (message and metadata) so tests can check what is logged.
final class LogStore: Sendable {
    let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func append(_ s: String) { lines.withLock { $0.append(s) } }
}

struct CapturingLogHandler: LogHandler {
    let store: LogStore
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var m = metadata
        for (k, v) in event.metadata ?? [:] { m[k] = v }
        let meta = m.keys.sorted().map { "\($0)=\(m[$0].map { "\($0)" } ?? "")" }.joined(separator: " ")
        store.append("\(event.level) \(event.message) \(meta)")
    }
}

/// One HTTP answer: status and decoded JSON reply.
struct Answer {
    var status: Int
    var reply: WebhookReply
    var raw: String
}

/// A running webhook server on 127.0.0.1:<ephemeral> with a tracker-backed sink.
struct Harness {
    let server: WebhookServer
    let port: Int
    let sink: TrackerSink
    let clock: TestClock
    let logs: LogStore

    /// Posts `body` to `path` (default `/webhook`), with `?token=` when `query` is given.
    func post(_ body: String, query: String? = nil, path: String = "/webhook", get: Bool = false) async throws -> Answer {
        try await post(bytes: Array(body.utf8), query: query, path: path, get: get)
    }

    func post(bytes: [UInt8], query: String? = nil, path: String = "/webhook", get: Bool = false) async throws -> Answer {
        var url = "http://127.0.0.1:\(port)\(path)"
        if let query { url += "?token=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query) }
        var request = HTTPClientRequest(url: url)
        request.method = get ? .GET : .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if !get { request.body = .bytes(ByteBuffer(bytes: bytes)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        let raw = String(buffer: body)
        let reply = (try? JSONDecoder().decode(WebhookReply.self, from: Data(raw.utf8))) ?? WebhookReply(status: "<not json>")
        return Answer(status: Int(response.status.code), reply: reply, raw: raw)
    }

    /// A JSON payload with the token in the body (unless `token` is nil).
    static func payload(_ fields: [String: String], token: String? = Fixture.token) -> String {
        var all = fields
        if let token { all["token"] = "\"\(token)\"" }
        return "{" + all.keys.sorted().map { "\"\($0)\":\(all[$0]!)" }.joined(separator: ",") + "}"
    }
}

/// Runs `body` against a fresh server (symbols BTCUSDT, BTCUSD, ETHUSDT), then stops it.
func withServer(
    window: Nanoseconds = .seconds(60), sink: TrackerSink = TrackerSink(),
    _ body: (Harness) async throws -> Void
) async throws {
    var config = WebhookSignalsConfig(symbols: ["BTCUSDT", "BTCUSD", "ETHUSDT"])
    config.listen = "127.0.0.1:0"
    config.idempotencyWindow = window
    let settings = try WebhookServerSettings(config: config, environment: ["MMBOT_WEBHOOK_TOKEN": Fixture.token])
    let clock = TestClock()
    let logs = LogStore()
    let logger = Logger(label: "test.webhook") { _ in CapturingLogHandler(store: logs) }
    let server = WebhookServer(
        settings: settings, strategy: WebhookSignalsStrategy(config: config), sink: sink,
        market: { Fixture.market($0) }, clock: { clock.now }, logger: logger)
    let task = Task { try await server.run() }
    let harness: Harness
    do {
        let port = try await server.boundPort()
        harness = Harness(server: server, port: port, sink: sink, clock: clock, logs: logs)
        try await body(harness)
    } catch {
        task.cancel()
        _ = await task.result
        throw error
    }
    task.cancel()
    _ = await task.result
    // Secrets never reach the logs.
    #expect(!logs.all.contains(where: { $0.contains(Fixture.token) }))
}
