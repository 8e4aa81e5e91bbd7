import Foundation
import MarketCore
import Testing
@testable import DaemonRuntime

/// The package root (for shipped config files).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

@Suite struct DaemonConfigTests {
    func errors(_ yaml: String) -> [String] {
        do {
            _ = try DaemonConfig.parse(text: yaml, file: "conf/bad.yml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func shippedConfigLoadsAndUsesTheSimulator() throws {
        let c = try DaemonConfig.load(path: packageRoot + "/conf/mmbot.yml")
        #expect(c.network == .sim)
        #expect(c.stateDir == "state")
        #expect(c.logDir == "logs")
        #expect(c.metricsAddress == "127.0.0.1:9464")
        #expect(c.maxLoss == Money(500))
        #expect(c.trimMemoryAfterSeconds == 20)
        #expect(c.marketDataClient == .websocket)
        #expect(try DaemonConfig.parse(text: "market_data_client: direct\n", file: "x.yml").marketDataClient == .direct)
        #expect(try DaemonConfig.parse(text: "order_path_rehearsal_ms: 0\n", file: "x.yml").orderPathRehearsalMs == 0)
        #expect(try DaemonConfig.parse(text: "network: sim\n", file: "x.yml").orderPathRehearsalMs == 5)
    }

    @Test func emptyFileIsRefusedButMinimalFileGetsDefaults() throws {
        #expect(errors("").count == 1)
        let c = try DaemonConfig.parse(text: "network: sim\n", file: "x.yml")
        #expect(c.logFormat == .text)
        #expect(c.onStop == .cancel)
    }

    @Test(arguments: [
        ("network: sim\nbogus: 1\n", "conf/bad.yml:2: bogus: unknown key"),
        ("network: moon\n", "conf/bad.yml:1: network: must be one of sim, testnet, mainnet, vip, custom"),
        ("network: sim\nstale_after_ms: abc\n", "conf/bad.yml:2: stale_after_ms: expected an integer"),
        ("network: sim\nstale_after_ms: 5\n", "conf/bad.yml:2: stale_after_ms: must be between 100 and 600000"),
        ("log_format: xml\n", "conf/bad.yml:1: log_format: must be one of text, json"),
        ("metrics_address: 0.0.0.0:9464\n", "conf/bad.yml:1: metrics_address: must be a loopback address"),
        ("max_loss: -5\n", "conf/bad.yml:1: max_loss: must be > 0"),
        ("max_position: 1.2.3\n", "conf/bad.yml:1: max_position: expected a decimal number"),
        ("journal: maybe\n", "conf/bad.yml:1: journal: expected true or false"),
        ("state_dir:\n  - a\n", "conf/bad.yml:1: state_dir: expected a single value, not a list"),
        ("network: custom\nrest_url: http://x\n", "conf/bad.yml:1: network: custom needs both rest_url and ws_url"),
        ("network: sim\nrest_url: http://x\n", "conf/bad.yml:2: rest_url: only allowed with network: custom"),
        ("network: sim\nnetwork: mainnet\n", "conf/bad.yml:2: network: duplicate key"),
        ("network: [sim\n", "conf/bad.yml:2: yaml:"),
        ("network: sim\ntrim_memory_after_s: -1\n", "conf/bad.yml:2: trim_memory_after_s: must be between 0 and 86400"),
        ("network: sim\nmarket_data_client: fast\n", "conf/bad.yml:2: market_data_client: must be one of websocket, direct"),
        ("network: sim\norder_path_rehearsal_ms: 70000\n", "conf/bad.yml:2: order_path_rehearsal_ms: must be between 0 and 60000"),
    ])
    func badConfigsNameFileLineAndKey(yaml: String, expected: String) {
        let e = errors(yaml)
        #expect(e.contains { $0.hasPrefix(expected) }, "got \(e)")
    }

    @Test func configCheckExitsTwoOnErrorAndZeroWhenValid() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mmbot-cc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "network: sim\nlog_levle: info\n".write(toFile: dir + "/bad.yml", atomically: true, encoding: .utf8)
        try "network: sim\n".write(toFile: dir + "/good.yml", atomically: true, encoding: .utf8)
        var err: [String] = []
        var out: [String] = []
        #expect(ConfigCheck.run(paths: [dir + "/good.yml"], out: { out.append($0) }, err: { err.append($0) }) == 0)
        #expect(ConfigCheck.run(paths: [dir + "/bad.yml"], out: { out.append($0) }, err: { err.append($0) }) == 2)
        #expect(err.first?.hasPrefix(dir + "/bad.yml:2: log_levle: unknown key") == true)
    }
}

extension Error {
    var errors: [ConfigError] { (self as? ConfigErrors)?.errors ?? [] }
}
