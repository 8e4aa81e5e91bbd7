import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import MarketCore
import NIOCore
import PhemexWire
import SimulatorServer
import Synchronization
import TradingEngine
import WebhookServer

@testable import DaemonRuntime

/// The package root (for the shipped strategy file and the built `mmbot`).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// A scratch directory with a daemon config and the shipped webhook strategy file (listening on
/// an ephemeral port), next to a quiet simulator server (speed 0) the test owns, so orders can
/// be checked on the exchange side.
struct WebhookDaemonFixture {
    static let user: Int64 = 1_234_567
    let dir: String
    let server: SimulatorServer
    let credentials = APICredentials(apiKey: "wh-e2e-key", secret: "wh-e2e-secret-0123456789")
    var strategyPath: String { dir + "/strategies/wh_bot.yml" }
    var confPath: String { dir + "/conf/mmbot.yml" }
    var logPath: String { dir + "/logs/wh_bot.log" }

    /// `symbols` replace the shipped file's (one settle currency per bot: the tracker's R20
    /// equity check compares one number across symbols).
    static func make(symbols: [String] = ["BTCUSDT"]) async throws -> WebhookDaemonFixture {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mmbot-wh-\(UUID().uuidString)").path
        for sub in ["conf", "strategies", "state", "logs"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        var sc = SimulatorServerConfig()
        sc.symbols = symbols
        sc.speed = 0
        sc.credentials = [.init(apiKey: "wh-e2e-key", apiSecret: "wh-e2e-secret-0123456789")]
        let server = try await SimulatorServer.start(sc)
        let f = WebhookDaemonFixture(dir: dir, server: server)
        let conf = """
            network: custom
            rest_url: \(server.restURL ?? "")
            ws_url: \(server.wsURL ?? "")
            state_dir: \(dir)/state
            log_dir: \(dir)/logs
            metrics_address: "off"
            stop_deadline_ms: 10000
            """
        try conf.write(toFile: f.confPath, atomically: true, encoding: .utf8)
        let shipped = try String(contentsOfFile: packageRoot + "/strategies/webhook_btcusdt.yml", encoding: .utf8)
        let strategy = shipped.replacingOccurrences(of: "listen: 127.0.0.1:8642", with: "listen: 127.0.0.1:0")
            .replacingOccurrences(of: "symbols: [BTCUSDT]", with: "symbols: [\(symbols.joined(separator: ", "))]")
        try strategy.write(toFile: f.strategyPath, atomically: true, encoding: .utf8)
        return f
    }

    /// An in-process daemon on the fixture's simulator; `token` is what the environment holds.
    func daemon(token: String? = Fixture.token) throws -> Daemon {
        var env: [String: String] = [:]
        if let token { env["MMBOT_WEBHOOK_TOKEN"] = token }
        return try Daemon(
            options: DaemonOptions(
                strategyPath: strategyPath, confPath: confPath, logToStdout: false,
                exchangeOverride: ExchangeEndpoint(
                    restURL: server.restURL ?? "", wsURL: server.wsURL ?? "", credentials: credentials)),
            environment: env)
    }

    /// The order with this clOrdID at the simulator (open or recently closed).
    func simOrder(_ clOrdID: String?) async throws -> SimOrder? {
        guard let clOrdID else { return nil }
        return try await server.withSimulator { sim, _ in
            (try? sim.queryOrders(user: Self.user, symbol: nil, refs: [.clOrdID(clOrdID)]).get())?.first
        }
    }

    /// Polls the simulator until it holds the order `clOrdID` (the webhook answers once the
    /// order is sent, before the exchange has it), at most 10 s.
    func waitOrder(_ clOrdID: String?) async throws -> SimOrder? {
        var found: SimOrder?
        _ = try await eventually(10) {
            found = try await simOrder(clOrdID)
            return found != nil
        }
        return found
    }

    /// Own open orders at the simulator.
    func openOrders() async throws -> [SimOrder] {
        try await server.withSimulator { sim, _ in (try? sim.openOrders(user: Self.user, symbol: nil).get()) ?? [] }
    }

    func cleanup() async {
        await server.stop()
        try? FileManager.default.removeItem(atPath: dir)
    }
}

/// Polls `condition` every 50 ms until it holds (true) or `seconds` pass (false).
func eventually(_ seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds * 4)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// The latest engine state a daemon reported.
final class StateProbe: Sendable {
    let state = Mutex<EngineState?>(nil)
    var latest: EngineState? { state.withLock { $0 } }

    func attach(to d: Daemon) { d.observer = { s in self.state.withLock { $0 = s } } }

    /// The reference price the webhook uses for `symbol`: last trade, else mid.
    func referencePrice(_ symbol: Symbol) -> Price? {
        guard let m = latest?.markets.first(where: { $0.symbol == symbol }) else { return nil }
        return m.lastTrade?.price ?? m.top?.mid
    }

    /// Mid of the book the engine sees.
    func mid(_ symbol: Symbol) -> Price? { latest?.markets.first { $0.symbol == symbol }?.top?.mid }

    /// Wallet balance of `currency` (equity excluding unrealized PnL).
    func balance(_ currency: String) -> Money? { latest?.balances.first { $0.currency == currency }?.balance }

    /// Running, with a book on every symbol.
    var ready: Bool {
        guard let s = latest, s.phase == .running else { return false }
        return s.markets.allSatisfy { $0.top?.mid != nil }
    }
}

/// Posts `body` to `http://127.0.0.1:port/webhook` (with `?token=` when `query` is given).
func postWebhook(port: Int, _ body: String, query: String? = nil) async throws -> Answer {
    try await postWebhook(port: port, bytes: Array(body.utf8), query: query)
}

func postWebhook(port: Int, bytes: [UInt8], query: String? = nil) async throws -> Answer {
    var url = "http://127.0.0.1:\(port)/webhook"
    if let query { url += "?token=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query) }
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(bytes: bytes))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 1 << 20)
    let raw = String(buffer: body)
    let reply = (try? JSONDecoder().decode(WebhookReply.self, from: Data(raw.utf8))) ?? WebhookReply(status: "<not json>")
    return Answer(status: Int(response.status.code), reply: reply, raw: raw)
}

/// `cash ÷ price` rounded down to `step`, computed on the raw 10⁻⁹ integers (`cashRaw` is
/// the cash amount × 10⁹).
func expectedQuantity(cashRaw: Int128, price: Price, step: Quantity) -> Quantity {
    // quantity raw = cashRaw × 10⁹ ÷ price.raw; in steps: ÷ step.raw (nested floors = one floor).
    let steps = cashRaw * 1_000_000_000 / (Int128(price.raw) * Int128(step.raw))
    return Quantity(raw: Int64(steps) * step.raw)
}
