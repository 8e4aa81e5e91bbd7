import Foundation
import MarketCore
import Testing
import TradingEngine
@testable import DaemonRuntime

@Suite struct FilesTests {
    func tempDir() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("mmbot-ft-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test func stateFileIsAtomicVersionedAndPrivate() throws {
        let d = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        var s = EngineState()
        s.orderCounter = 42
        let file = StateFile(bot: "b", status: "stopped", pid: nil, savedAt: .seconds(1_700_000_000), network: "sim", engine: s)
        try StateStore.save(file, to: d + "/b.state.json")
        let attrs = try FileManager.default.attributesOfItem(atPath: d + "/b.state.json")
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        let back = try StateStore.load(from: d + "/b.state.json")
        #expect(back == file)
        #expect(try FileManager.default.contentsOfDirectory(atPath: d) == ["b.state.json"])  // no temp left
    }

    @Test func rotatingFileRotatesBySize() throws {
        let d = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let f = try RotatingFile(path: d + "/x.log", maxBytes: 100, keep: 2)
        for i in 0..<30 { f.append("line \(i) with some padding") }
        let names = try FileManager.default.contentsOfDirectory(atPath: d).sorted()
        #expect(names == ["x.log", "x.log.1", "x.log.2"])
        let size = (try FileManager.default.attributesOfItem(atPath: d + "/x.log")[.size] as? Int) ?? 0
        #expect(size <= 100)
    }

    @Test func logLineFormat() {
        let t = Timestamp(nanos: 1_795_791_845_123_000_000)  // 2026-11-27T…
        let line = LogLineFormat.text(time: t, level: "INFO", component: "engine", symbol: "BTCUSDT",
                                      clOrdID: "mm1-000012", message: "placed bid 0.01 @ 64990.1")
        #expect(line.hasSuffix("Z INFO engine BTCUSDT mm1-000012 placed bid 0.01 @ 64990.1"))
        #expect(LogLineFormat.timestamp(.zero) == "1970-01-01T00:00:00.000Z")
        #expect(LogLineFormat.timestamp(Timestamp(nanos: 1_763_737_445_123_000_000)) == "2025-11-21T15:04:05.123Z")
        let json = LogLineFormat.json(time: .zero, level: "info", component: "c", symbol: nil, clOrdID: nil, message: "a\"b")
        #expect(json == "{\"time\":\"1970-01-01T00:00:00.000Z\",\"level\":\"info\",\"component\":\"c\",\"msg\":\"a\\\"b\"}")
    }

    @Test func botNameIsTheStrategyBaseName() {
        #expect(DaemonPaths.botName(strategyPath: "strategies/pure_mm_btcusdt.yml") == "pure_mm_btcusdt")
        let p = DaemonPaths(name: "x", stateDir: "state", logDir: "logs")
        #expect(p.stateFile == "state/x.state.json")
        #expect(p.pidFile == "state/x.pid")
        #expect(p.logFile == "logs/x.log")
    }

    @Test func metricsRenderPrometheusText() {
        let m = DaemonMetrics(symbols: ["BTCUSDT"])
        m.recordTickToOrder(nanos: 12_000)
        let text = m.render()
        #expect(text.contains("mmbot_orders_sent_total"))
        #expect(text.contains("mmbot_tick_to_order_seconds_bucket"))
        #expect(text.contains("mmbot_position_base{symbol=\"BTCUSDT\"}"))
    }
}
