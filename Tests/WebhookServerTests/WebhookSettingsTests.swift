import Logging
import MarketCore
import Strategies
import Testing
import WebhookServer

extension WebhookLoopbackSuites {
/// Listen address, loopback policy and token from the environment.
@Suite struct WebhookSettingsTests {
    @Test func defaultsFromStrategyFile() throws {
        let config = WebhookSignalsConfig(symbols: ["BTCUSDT"])
        let s = try WebhookServerSettings(config: config, environment: ["MMBOT_WEBHOOK_TOKEN": "abc"])
        #expect(s.host == "127.0.0.1")
        #expect(s.port == 8642)
        #expect(s.token == "abc")
        #expect(!"\(s)".contains("abc"))
    }

    @Test func tokenEnvNamesAnotherVariable() throws {
        var config = WebhookSignalsConfig(symbols: ["BTCUSDT"])
        config.tokenEnv = "ALERT_SECRET"
        let s = try WebhookServerSettings(config: config, environment: ["ALERT_SECRET": "zz9", "MMBOT_WEBHOOK_TOKEN": "no"])
        #expect(s.token == "zz9")
        #expect(throws: WebhookServerError.missingToken(variable: "ALERT_SECRET")) {
            try WebhookServerSettings(config: config, environment: ["MMBOT_WEBHOOK_TOKEN": "no"])
        }
        #expect(throws: WebhookServerError.missingToken(variable: "ALERT_SECRET")) {
            try WebhookServerSettings(config: config, environment: ["ALERT_SECRET": ""])
        }
    }

    @Test func nonLoopbackNeedsOptIn() throws {
        var config = WebhookSignalsConfig(symbols: ["BTCUSDT"])
        let env = ["MMBOT_WEBHOOK_TOKEN": "t"]
        for host in ["0.0.0.0", "192.168.1.10", "[::]", "example.com"] {
            config.listen = host + ":8642"
            config.allowNonLoopback = false
            #expect(throws: WebhookServerError.self) { try WebhookServerSettings(config: config, environment: env) }
            config.allowNonLoopback = true
            #expect(try WebhookServerSettings(config: config, environment: env).allowNonLoopback)
        }
        for host in ["127.0.0.1", "[::1]", "localhost", "127.0.0.2"] {
            config.listen = host + ":0"
            config.allowNonLoopback = false
            #expect(try WebhookServerSettings(config: config, environment: env).port == 0)
        }
        #expect(throws: WebhookServerError.nonLoopback(host: "10.0.0.1")) {
            try WebhookServerSettings(host: "10.0.0.1", port: 1, token: "t")
        }
    }

    @Test func malformedListen() {
        var config = WebhookSignalsConfig(symbols: ["BTCUSDT"])
        config.listen = "127.0.0.1"
        #expect(throws: WebhookServerError.badListen("127.0.0.1")) {
            try WebhookServerSettings(config: config, environment: ["MMBOT_WEBHOOK_TOKEN": "t"])
        }
    }

    @Test func portInUseFailsBoundPort() async throws {
        try await withServer { h in
            let settings = try WebhookServerSettings(host: "127.0.0.1", port: h.port, token: "t")
            let second = WebhookServer(
                settings: settings, strategy: WebhookSignalsStrategy(config: WebhookSignalsConfig(symbols: ["BTCUSDT"])),
                sink: WebhookClosureSink { _, _ in .refused(rule: "test", reason: "unused") }, market: { _ in nil },
                logger: Logger(label: "test.second") { _ in SwiftLogNoOpLogHandler() })
            let task = Task { try await second.run() }
            await #expect(throws: (any Error).self) { _ = try await second.boundPort() }
            // The failure names the address (the daemon logs it and exits 1).
            if case .failure(let e) = await task.result {
                #expect("\(e)".contains("cannot serve on 127.0.0.1:\(h.port)"), "\(e)")
            } else {
                Issue.record("the second server should fail to bind")
            }
        }
    }
}
}
