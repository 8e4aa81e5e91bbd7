import Foundation
import Logging
import MarketCore
import PhemexConnector
import PhemexWire
import ServiceLifecycle
import SimulatorServer
import Strategies
import TradingEngine
import WebhookServer

/// One running bot: the owner task of the engine, the exchange connector, the embedded
/// simulator (`network: sim`), logs, audit, journal, state file and metrics.
///
/// Producers (connector events, command replies, the timer, signals) yield into one
/// `AsyncStream<EngineInput>`; the owner loop journals each input, calls `engine.handle`, and
/// routes the outputs without awaiting in the engine.
public final class Daemon: @unchecked Sendable {
    public let options: DaemonOptions
    public let config: DaemonConfig
    public let strategyFile: StrategyFile
    public let paths: DaemonPaths
    public let metrics: DaemonMetrics
    let sink: LogSink
    let logger: Logger
    /// The embedded simulator when `network: sim`.
    public private(set) var simulator: SimulatorServer?
    var connector: PhemexConnector?
    let inputs: AsyncStream<EngineInput>
    let inputSink: AsyncStream<EngineInput>.Continuation
    /// Called with the engine after every input (tests observe progress through it).
    public var observer: (@Sendable (EngineState) -> Void)?
    /// The metrics port once bound.
    public private(set) var metricsPort: Int?
    /// Where the webhook server listens and its token (`webhook_signals` strategies only).
    let webhookSettings: WebhookServerSettings?
    /// The webhook server once `run()` started it (`boundPort()` gives the port).
    public internal(set) var webhookServer: WebhookServer?

    /// Loads and validates the configuration; throws `ConfigErrors` (exit 2), `DaemonError`, or
    /// `WebhookServerError` (a `webhook_signals` file whose token variable is unset in
    /// `environment`).
    public init(options: DaemonOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.options = options
        config = try DaemonConfig.load(path: options.confPath)
        strategyFile = try StrategyFile.load(path: options.strategyPath)
        if case .webhookSignals(let wc) = strategyFile.config {
            webhookSettings = try WebhookServerSettings(config: wc, environment: environment)
        } else {
            webhookSettings = nil
        }
        paths = DaemonPaths(name: strategyFile.name, stateDir: config.stateDir, logDir: config.logDir)
        try paths.createDirectories()
        if let pid = PidFile.livePid(paths.pidFile), pid != getpid() {
            throw DaemonError.alreadyRunning(name: strategyFile.name, pid: pid)
        }
        let logFile = try RotatingFile(path: paths.logFile, maxBytes: config.logMaxBytes, keep: config.logKeep)
        sink = LogSink(
            file: logFile, json: config.logFormat == .json, toStdout: options.logToStdout,
            minimumLevel: Daemon.level(config.logLevel))
        let s = sink
        logger = Logger(label: "mmbot.daemon") { SinkLogHandler(label: $0, sink: s) }
        metrics = DaemonMetrics(symbols: strategyFile.symbols)
        (inputs, inputSink) = AsyncStream<EngineInput>.makeStream(bufferingPolicy: .unbounded)
    }

    static func level(_ l: EngineLogLevel) -> Logger.Level {
        switch l {
        case .debug: return .debug
        case .info: return .info
        case .warning: return .warning
        case .error: return .error
        }
    }

    /// Asks the engine to stop (what SIGTERM/SIGINT do).
    public func requestStop() {
        inputSink.yield(EngineInput(receivedAt: WallClock.now(), kind: .operatorStop))
    }

    /// Runs until stopped; returns the process exit code (0 clean, 1 runtime failure).
    public func run(handleSignals: Bool = true) async -> Int32 {
        do {
            try PidFile.write(paths.pidFile)
            defer { PidFile.remove(paths.pidFile) }
            let endpoint = try await exchangeEndpoint()
            let connector = try await startConnector(endpoint)
            self.connector = connector
            metrics.trackReconnects { connector.stats.reconnectCount }
            let instruments = try await connector.instruments().filter { strategyFile.symbols.contains($0.symbol) }
            for s in strategyFile.symbols where !instruments.contains(where: { $0.symbol == s }) {
                throw DaemonError.unknownSymbol(s.name)
            }
            let engineService = EngineService(daemon: self, connector: connector, instruments: instruments)
            let trim = scheduleStartupMemoryTrim()
            defer { trim?.cancel() }
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
            if let address = config.metricsAddress {
                let app = MetricsServer.application(metrics: metrics, address: address, logger: quietLogger()) { [weak self] port in
                    self?.metricsPort = port
                }
                services.append(.init(service: app))
            }
            services.append(.init(service: engineService, successTerminationBehavior: .gracefullyShutdownGroup,
                                  failureTerminationBehavior: .gracefullyShutdownGroup))
            if let server = makeWebhookServer(engineService) {
                // Last in the group, so it is shut down first: no new alert once stopping.
                services.append(.init(service: server, successTerminationBehavior: .gracefullyShutdownGroup,
                                      failureTerminationBehavior: .gracefullyShutdownGroup))
            }
            let group = ServiceGroup(configuration: .init(
                services: services,
                gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
                logger: quietLogger()))
            let code: Int32
            do {
                try await group.run()
                code = engineService.exitCode.withLock { $0 }
            } catch {
                logger.error("service group failed: \(error)", metadata: ["component": "daemon"])
                code = 1
            }
            await connector.stop()
            await simulator?.stop()
            return code
        } catch {
            logger.error("\(error)", metadata: ["component": "daemon"])
            if let connector { await connector.stop() }
            await simulator?.stop()
            return 1
        }
    }

    /// Gives back the start-up-only pages `trim_memory_after_s` seconds from now (see
    /// `StartupMemoryTrim`), logging the RSS before and after; nil when turned off.
    func scheduleStartupMemoryTrim() -> Task<Void, Never>? {
        let seconds = config.trimMemoryAfterSeconds
        guard seconds > 0 else { return nil }
        let logger = logger
        return Task {
            do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
            let r = StartupMemoryTrim.releaseStartupPages()
            logger.info(
                "released start-up pages: RSS \(r.rssBeforeKiB / 1024) MiB -> \(r.rssAfterKiB / 1024) MiB (\(r.advisedBytes >> 20) MiB of read-only mappings advised)",
                metadata: ["component": "daemon"])
        }
    }

    func quietLogger() -> Logger {
        let s = sink
        var l = Logger(label: "mmbot.lib") { SinkLogHandler(label: $0, sink: s) }
        l.logLevel = .warning
        return l
    }

    /// The exchange to talk to: the test override, the embedded simulator, or the configured network.
    func exchangeEndpoint() async throws -> (PhemexNetwork, APICredentials?) {
        if let o = options.exchangeOverride {
            return (.custom(restURL: o.restURL, wsURL: o.wsURL), o.credentials)
        }
        switch config.network {
        case .sim:
            var key = SeededRandom(seed: UInt64(bitPattern: WallClock.nanos()))
            let apiKey = "sim-" + String(key.next(), radix: 36)
            let secret = String(key.next(), radix: 36) + String(key.next(), radix: 36)
            var c = SimulatorServerConfig()
            c.port = 0
            c.symbols = strategyFile.symbols.map(\.name)
            c.seed = UInt64(config.simSeed)
            c.credentials = [.init(apiKey: apiKey, apiSecret: secret)]
            let server = try await SimulatorServer.start(c)
            simulator = server
            guard let rest = server.restURL, let ws = server.wsURL else { throw DaemonError.simulator("no port") }
            logger.info("embedded simulator on \(rest)", metadata: ["component": "daemon"])
            return (.sim(restURL: rest, wsURL: ws), APICredentials(apiKey: apiKey, secret: secret))
        default:
            var s = ConnectorSettings()
            s.network = config.network.rawValue
            s.restURL = config.restURL
            s.wsURL = config.wsURL
            s.apiKeyEnv = config.apiKeyEnv
            s.apiSecretEnv = config.apiSecretEnv
            s.keyFile = config.keyFile
            let network = try s.resolveNetwork()
            let creds = try s.loadCredentials()
            if creds == nil { throw DaemonError.noCredentials(config.apiKeyEnv, config.apiSecretEnv) }
            return (network, creds)
        }
    }

    func startConnector(_ endpoint: (PhemexNetwork, APICredentials?)) async throws -> PhemexConnector {
        let symbols = strategyFile.symbols
        var cfg = PhemexConnectorConfiguration(
            network: endpoint.0, credentials: endpoint.1,
            linearSymbols: symbols.filter { $0.name.hasSuffix("USDT") },
            inverseSymbols: symbols.filter { !$0.name.hasSuffix("USDT") })
        cfg.linearCurrencies = cfg.linearSymbols.isEmpty ? [] : ["USDT"]
        cfg.inverseCurrencies = cfg.inverseSymbols.isEmpty ? [] : ["BTC"]
        cfg.directMarketDataSocket = config.marketDataClient == .direct
        let connector = PhemexConnector(configuration: cfg, logger: quietLogger())
        try await connector.start()
        return connector
    }

    /// Logs one engine log entry.
    func log(_ e: EngineLogEntry) {
        var md: Logger.Metadata = ["component": .string(e.component)]
        if let s = e.symbol { md["symbol"] = .string(s.name) }
        if let c = e.clientOrderID { md["clOrdID"] = .string(c.value) }
        logger.log(level: Daemon.level(e.level), "\(e.message)", metadata: md)
    }
}

/// Runtime failures of the daemon (exit code 1).
public enum DaemonError: Error, CustomStringConvertible, Sendable {
    case alreadyRunning(name: String, pid: Int32)
    case unknownSymbol(String)
    case simulator(String)
    case noCredentials(String, String)
    public var description: String {
        switch self {
        case .alreadyRunning(let n, let pid): return "\(n) is already running (pid \(pid))"
        case .unknownSymbol(let s): return "the exchange does not list \(s)"
        case .simulator(let m): return "embedded simulator: \(m)"
        case .noCredentials(let k, let s): return "no API credentials: set \(k) and \(s) or key_file"
        }
    }
}
