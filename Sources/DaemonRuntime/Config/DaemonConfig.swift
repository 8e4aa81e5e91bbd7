import Foundation
import MarketCore
import TradingEngine

/// The daemon settings of `conf/mmbot.yml`: network and keys, rule profile, directories,
/// logging, metrics, stop/resume policy and kill-switch limits.
///
/// Loading is strict: unknown keys, wrong types and out-of-range values are refused with
/// `file:line: key: message`.
public struct DaemonConfig: Hashable, Sendable {
    /// Which exchange the daemon talks to.
    public enum Network: String, Hashable, Sendable, CaseIterable {
        case sim, testnet, mainnet, vip, custom
    }
    /// Log line format.
    public enum LogFormat: String, Hashable, Sendable, CaseIterable {
        case text, json
    }

    public var network: Network = .sim
    public var restURL: String?
    public var wsURL: String?
    public var apiKeyEnv = "PHEMEX_API_KEY"
    public var apiSecretEnv = "PHEMEX_API_SECRET"
    public var keyFile: String?
    /// Rule profile name: `conf/rules/<rules>.yml`.
    public var rules = "phemex-standard"
    public var stateDir = "state"
    public var logDir = "logs"
    public var logFormat: LogFormat = .text
    public var logLevel: EngineLogLevel = .info
    /// Rotate `logs/NAME.log` (and the audit log) above this size.
    public var logMaxBytes = 10 << 20
    /// Rotated files kept.
    public var logKeep = 5
    /// `host:port` on loopback for Prometheus text, or nil (`off`).
    public var metricsAddress: String? = "127.0.0.1:9464"
    public var onStop: EngineConfig.StopPolicy = .cancel
    public var onResume: EngineConfig.ResumePolicy = .adopt
    public var maxPosition: Quantity?
    public var maxLoss: Money?
    public var staleAfterMs = 5_000
    public var stopDeadlineMs = 5_000
    public var summaryIntervalSeconds = 10
    public var journal = true
    public var journalMaxBytes = 64 << 20
    /// Seed of the embedded simulator (`network: sim`).
    public var simSeed = 1
    /// Seconds after start at which the daemon gives back its start-up-only pages
    /// (`StartupMemoryTrim`); 0 = never.
    public var trimMemoryAfterSeconds = 20
    /// Market-data WebSocket client: swift-websocket (`websocket`, offers permessage-deflate) or
    /// the connector's own SwiftNIO client (`direct`, less CPU per frame, no compression).
    public var marketDataClient: MarketDataClient = .websocket
    /// At most one order-path rehearsal (`Engine.rehearsal`, requests built and signed but
    /// never sent) per this many milliseconds, after a book update that sent nothing; 0 = off.
    public var orderPathRehearsalMs = 5
    /// Choices of `market_data_client`.
    public enum MarketDataClient: String, Hashable, Sendable, CaseIterable {
        case websocket, direct
    }
    /// Where the file was read from (relative paths in it are relative to the working dir).
    public var path: String?

    public init() {}

    /// Every key the file may contain.
    public static let keys = [
        "network", "rest_url", "ws_url", "api_key_env", "api_secret_env", "key_file", "rules", "state_dir", "log_dir",
        "log_format", "log_level", "log_max_bytes", "log_keep", "metrics_address", "on_stop", "on_resume",
        "max_position", "max_loss", "stale_after_ms", "stop_deadline_ms", "summary_interval_s", "journal",
        "journal_max_bytes", "sim_seed", "trim_memory_after_s",
        "market_data_client", "order_path_rehearsal_ms",
    ]

    /// Loads and validates a daemon config file.
    public static func load(path: String) throws(ConfigErrors) -> DaemonConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigErrors([ConfigError(file: path, line: 0, key: "(file)", message: "cannot read the file")])
        }
        return try parse(text: String(decoding: data, as: UTF8.self), file: path)
    }

    /// Validates `text` as a daemon config named `file` in messages.
    public static func parse(text: String, file: String) throws(ConfigErrors) -> DaemonConfig {
        var r: YAMLMappingReader
        switch YAMLMappingReader.parse(file: file, text: text) {
        case .success(let reader): r = reader
        case .failure(let e): throw e
        }
        var c = DaemonConfig()
        c.path = file
        c.network = Network(rawValue: r.choice("network", Network.allCases.map(\.rawValue), default: "sim")) ?? .sim
        c.restURL = r.string("rest_url")
        c.wsURL = r.string("ws_url")
        for (key, value) in [("rest_url", c.restURL), ("ws_url", c.wsURL)] {
            guard let value else { continue }
            let schemes = key == "rest_url" ? ["http://", "https://"] : ["ws://", "wss://"]
            if !schemes.contains(where: value.hasPrefix) {
                r.fail(r.keyLine(key), key, "must start with \(schemes.joined(separator: " or "))")
            }
            if c.network != .custom {
                r.fail(r.keyLine(key), key, "only allowed with network: custom")
            }
        }
        if c.network == .custom && (c.restURL == nil || c.wsURL == nil) {
            r.fail(r.keyLine("network"), "network", "custom needs both rest_url and ws_url")
        }
        c.apiKeyEnv = r.string("api_key_env") ?? c.apiKeyEnv
        c.apiSecretEnv = r.string("api_secret_env") ?? c.apiSecretEnv
        c.keyFile = r.string("key_file")
        c.rules = r.string("rules") ?? c.rules
        if c.rules.contains("/") || c.rules.hasPrefix(".") {
            r.fail(r.keyLine("rules"), "rules", "a profile name from conf/rules (without .yml)")
        } else if let dir = rulesDirectory(configPath: file), FileManager.default.fileExists(atPath: dir),
            !FileManager.default.fileExists(atPath: "\(dir)/\(c.rules).yml")
        {
            r.fail(r.keyLine("rules"), "rules", "no profile \(dir)/\(c.rules).yml")
        }
        c.stateDir = r.string("state_dir") ?? c.stateDir
        c.logDir = r.string("log_dir") ?? c.logDir
        c.logFormat = LogFormat(rawValue: r.choice("log_format", LogFormat.allCases.map(\.rawValue), default: "text")) ?? .text
        c.logLevel = EngineLogLevel(rawValue: r.choice("log_level", EngineLogLevel.allCases.map(\.rawValue), default: "info")) ?? .info
        c.logMaxBytes = r.int("log_max_bytes", 4_096...(1 << 34), default: c.logMaxBytes)
        c.logKeep = r.int("log_keep", 1...100, default: c.logKeep)
        if let m = r.string("metrics_address") {
            if m == "off" {
                c.metricsAddress = nil
            } else if let problem = MetricsAddress.problem(m) {
                r.fail(r.keyLine("metrics_address"), "metrics_address", problem)
            } else {
                c.metricsAddress = m
            }
        }
        c.onStop = EngineConfig.StopPolicy(rawValue: r.choice("on_stop", ["cancel", "leave"], default: "cancel")) ?? .cancel
        c.onResume = EngineConfig.ResumePolicy(rawValue: r.choice("on_resume", ["adopt", "cancel"], default: "adopt")) ?? .adopt
        c.maxPosition = r.decimal("max_position", as: Quantity.self, positive: true)
        c.maxLoss = r.decimal("max_loss", as: Money.self, positive: true)
        c.staleAfterMs = r.int("stale_after_ms", 100...600_000, default: c.staleAfterMs)
        c.stopDeadlineMs = r.int("stop_deadline_ms", 100...120_000, default: c.stopDeadlineMs)
        c.summaryIntervalSeconds = r.int("summary_interval_s", 0...86_400, default: c.summaryIntervalSeconds)
        c.journal = r.bool("journal", default: c.journal)
        c.journalMaxBytes = r.int("journal_max_bytes", 4_096...(1 << 40), default: c.journalMaxBytes)
        c.simSeed = r.int("sim_seed", 0...Int(Int32.max), default: c.simSeed)
        c.trimMemoryAfterSeconds = r.int("trim_memory_after_s", 0...86_400, default: c.trimMemoryAfterSeconds)
        c.marketDataClient = MarketDataClient(
            rawValue: r.choice("market_data_client", MarketDataClient.allCases.map(\.rawValue), default: "websocket")) ?? .websocket
        c.orderPathRehearsalMs = r.int("order_path_rehearsal_ms", 0...60_000, default: c.orderPathRehearsalMs)
        r.finish()
        if !r.errors.isEmpty { throw ConfigErrors(r.errors) }
        return c
    }

    /// `conf/rules` next to the config file.
    static func rulesDirectory(configPath: String) -> String? {
        let dir = (configPath as NSString).deletingLastPathComponent
        return (dir.isEmpty ? "." : dir) + "/rules"
    }

    /// The rule profile file this config names.
    public var rulesPath: String? {
        guard let path, let dir = DaemonConfig.rulesDirectory(configPath: path) else { return nil }
        return "\(dir)/\(rules).yml"
    }
}

/// Validation of the metrics listen address: loopback only.
enum MetricsAddress {
    /// `nil` if `text` is `host:port` with a loopback host, else what is wrong.
    static func problem(_ text: String) -> String? {
        guard let (host, port) = split(text) else { return "expected host:port (e.g. 127.0.0.1:9464) or off" }
        guard ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) else {
            return "must be a loopback address (127.0.0.1, localhost or ::1), got \(host.prefix(40))"
        }
        guard (0...65_535).contains(port) else { return "port must be 0…65535" }
        return nil
    }

    static func split(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let host = String(text[..<colon])
        guard let port = Int(text[text.index(after: colon)...]), !host.isEmpty else { return nil }
        return (host, port)
    }
}
