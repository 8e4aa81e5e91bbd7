import ExchangeSimulator
import Foundation
import ProcessTestSupport
import MarketCore
import PhemexWire
import SimulatorServer
import Testing
import TradingEngine
@testable import DaemonRuntime

/// A scratch directory with a daemon config and a strategy file, next to a simulator server
/// the test owns (so it can look at the exchange after the bot is gone).
struct DaemonFixture {
    let dir: String
    let server: SimulatorServer
    let credentials = APICredentials(apiKey: "e2e-key", secret: "e2e-secret-0123456789")
    var strategyPath: String { dir + "/strategies/e2e_bot.yml" }
    var confPath: String { dir + "/conf/mmbot.yml" }
    var statePath: String { dir + "/state/e2e_bot.state.json" }

    static func make(extraConf: String = "") async throws -> DaemonFixture {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mmbot-e2e-\(UUID().uuidString)").path
        for sub in ["conf", "strategies", "state", "logs"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        var sc = SimulatorServerConfig()
        sc.symbols = ["BTCUSDT"]
        sc.credentials = [.init(apiKey: "e2e-key", apiSecret: "e2e-secret-0123456789")]
        let server = try await SimulatorServer.start(sc)
        let f = DaemonFixture(dir: dir, server: server)
        let conf = """
            network: custom
            rest_url: \(server.restURL ?? "")
            ws_url: \(server.wsURL ?? "")
            state_dir: \(dir)/state
            log_dir: \(dir)/logs
            metrics_address: "off"
            summary_interval_s: 1
            stop_deadline_ms: 10000
            \(extraConf)
            """
        try conf.write(toFile: f.confPath, atomically: true, encoding: .utf8)
        let shipped = try String(contentsOfFile: packageRoot + "/strategies/pure_mm_btcusdt.yml", encoding: .utf8)
        try shipped.write(toFile: f.strategyPath, atomically: true, encoding: .utf8)
        return f
    }

    func daemon() throws -> Daemon {
        try Daemon(options: DaemonOptions(
            strategyPath: strategyPath, confPath: confPath, logToStdout: false,
            exchangeOverride: ExchangeEndpoint(restURL: server.restURL ?? "", wsURL: server.wsURL ?? "", credentials: credentials)))
    }

    /// Own open orders at the simulator (by the bot's clOrdID prefix).
    func ownOpenOrders() async throws -> [String] {
        try await server.withSimulator { sim, _ in
            let orders = (try? sim.openOrders(user: 1_234_567, symbol: nil).get()) ?? []
            return orders.map(\.clOrdID).filter { $0.hasPrefix("e2ebot-") }.sorted()
        }
    }

    /// Polls `condition` every 100 ms up to `seconds`.
    func waitFor(_ seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds * 4)
        while Date() < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    func cleanup() async {
        await server.stop()
        try? FileManager.default.removeItem(atPath: dir)
    }
}

extension DaemonRuntimeLoopbackSuites {
@Suite(.serialized) struct DaemonEndToEndTests {
    @Test func startQuotesThenStopLeavesNoOwnOrderAndPrivateState() async throws {
        // Also runs the market data over the connector's own SwiftNIO WebSocket client (the
        // other tests use the default swift-websocket client).
        let f = try await DaemonFixture.make(extraConf: "trim_memory_after_s: 1\nmarket_data_client: direct")
        let d = try f.daemon()
        let run = Task { await d.run(handleSignals: false) }
        let quoted = try await f.waitFor(20) { try await f.ownOpenOrders().count >= 2 }
        #expect(quoted)
        // The start-up page release ran and said so; the bot keeps working after it.
        let logPath = f.dir + "/logs/e2e_bot.log"
        let trimmed = await f.waitFor(20) {
            ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").contains("released start-up pages: RSS")
        }
        #expect(trimmed)
        d.requestStop()
        let code = await run.value
        #expect(code == 0)
        #expect(try await f.ownOpenOrders().isEmpty)
        let attrs = try FileManager.default.attributesOfItem(atPath: f.statePath)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        let state = try StateStore.load(from: f.statePath)
        #expect(state?.status == "stopped")
        #expect(state?.engine.orders.isEmpty == true, "left in state: \(state?.engine.orders.map { "\($0)" } ?? [])")
        #expect(FileManager.default.fileExists(atPath: f.dir + "/state/e2e_bot.pid") == false)
        let log = try String(contentsOfFile: f.dir + "/logs/e2e_bot.log", encoding: .utf8)
        #expect(log.contains("placed bid"))
        // The journal replays to the same engine outputs.
        var lines = 0
        _ = try ReplayRunner.run(path: f.dir + "/logs/e2e_bot.journal.jsonl") { _ in lines += 1 }
        #expect(lines > 0)
        await f.cleanup()
    }

    @Test func killNineThenRestartResumesWithoutLostOrDuplicateOrders() async throws {
        let binary = packageRoot + "/.build/debug/mmbot"
        guard FileManager.default.isExecutableFile(atPath: binary) else { return }
        let f = try await DaemonFixture.make()
        func launch() throws -> Process {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = ["start", f.strategyPath, "--conf", f.confPath]
            var env = ProcessInfo.processInfo.environment
            env["PHEMEX_API_KEY"] = f.credentials.apiKey
            env["PHEMEX_API_SECRET"] = f.credentials.secret
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        let first = try launch()
        #expect(try await f.waitFor(30) { try await f.ownOpenOrders().count >= 2 })
        kill(first.processIdentifier, SIGKILL)
        await first.exited()
        let before = try await f.ownOpenOrders()
        #expect(!before.isEmpty)  // the orders outlive the process

        let second = try launch()
        // Reconciled: the old orders are adopted (or amended/cancelled), never duplicated.
        #expect(try await f.waitFor(30) {
            let s = try StateStore.load(from: f.statePath)
            return s?.engine.phase == .running && s?.status == "running" && s?.pid == second.processIdentifier
        })
        // Nothing lost: every own order live at the exchange is tracked by the new run (the state
        // file is rewritten every 2 s, so poll), and no duplicate quote is left over from the
        // killed run (at most one order per side and level).
        var during: [String] = []
        #expect(try await f.waitFor(15) {
            during = try await f.ownOpenOrders()
            let state = try StateStore.load(from: f.statePath)
            let tracked = Set(state?.engine.orders.map(\.clientOrderID.value) ?? [])
            return !during.isEmpty && Set(during).isSubset(of: tracked)
        })
        #expect(during.count <= 2 * 5)
        kill(second.processIdentifier, SIGTERM)
        await second.exited()
        #expect(second.terminationStatus == 0)
        let left = try await f.ownOpenOrders()
        if !left.isEmpty, let log = try? String(contentsOfFile: f.dir + "/logs/e2e_bot.log", encoding: .utf8) {
            print("orders left after stop: \(left)\n" + log.split(separator: "\n").suffix(60).joined(separator: "\n"))
            let audit = (try? String(contentsOfFile: f.dir + "/logs/e2e_bot.audit.jsonl", encoding: .utf8)) ?? ""
            print("AUDIT\n" + audit.split(separator: "\n").suffix(40).joined(separator: "\n"))
        }
        #expect(left.isEmpty)
        await f.cleanup()
    }
}
}
