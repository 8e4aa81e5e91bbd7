import ArgumentParser
import Foundation
import Logging
import MarketCore
import PhemexConnector
import SimulatorServer
import Synchronization

/// `mmbot watch SYMBOL [--conf FILE]`: a quick feed check printing the live top of book and
/// trades of one symbol, at most ~10 lines per second.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print the live top of book and trades of one symbol (public data only).")

    @Argument(help: "Symbol, e.g. BTCUSDT (USDT-M) or BTCUSD (COIN-M).")
    var symbol: String

    @Option(name: .long, help: "Config file (network, rest_url, ws_url). Without it: the in-process simulator.")
    var conf: String?

    @Flag(name: .customLong("coin-m"), help: "Treat SYMBOL as COIN-M even if it ends in USDT/USDC.")
    var coinM = false

    @Option(name: .long, help: "Stop after this many seconds (default: run until interrupted).")
    var seconds: Int?

    @Option(name: .long, help: "Maximum lines per second.")
    var rate: Int = 10

    func run() async throws {
        var settings = ConnectorSettings()
        if let conf {
            guard let text = try? String(contentsOfFile: conf, encoding: .utf8) else {
                throw ValidationError("cannot read config file \(conf)")
            }
            settings = ConnectorSettings.parse(yaml: text)
        }
        var logger = Logger(label: "mmbot.watch")
        logger.logLevel = .warning

        var simulator: WatchSimulator?
        if settings.network.lowercased() == "sim" && (settings.restURL == nil || settings.wsURL == nil) {
            let sim = try await WatchSimulator.start(logger: logger)
            settings.restURL = sim.restURL
            settings.wsURL = sim.wsURL
            simulator = sim
            print("network: in-process simulator at \(sim.restURL)")
        }
        let network = try settings.resolveNetwork()
        let sym = Symbol(symbol)
        let upper = symbol.uppercased()
        let linear = !coinM && (upper.hasSuffix("USDT") || upper.hasSuffix("USDC"))
        var cfg = PhemexConnectorConfiguration(
            network: network, linearSymbols: linear ? [sym] : [], inverseSymbols: linear ? [] : [sym])
        cfg.credentials = nil  // public data only
        print("watching \(sym) (\(linear ? "USDT-M" : "COIN-M")) on \(network.name): \(network.wsURL)")

        let connector = PhemexConnector(configuration: cfg, logger: logger)
        try await connector.start()
        let printer = PrinterBox(FeedPrinter(symbol: sym, linesPerSecond: rate))
        let clock = ContinuousClock()
        let origin = clock.now
        @Sendable func nanos() -> Int64 {
            let c = (clock.now - origin).components
            return c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000
        }
        let limit = seconds
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in connector.events {
                    for line in printer.state.withLock({ $0.consume(event, nowNanos: nanos()) }) { print(line) }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    for line in printer.state.withLock({ $0.flush(nowNanos: nanos()) }) { print(line) }
                }
            }
            if let limit {
                group.addTask { try? await Task.sleep(for: .seconds(limit)) }
                _ = await group.next()
                group.cancelAll()
                await connector.stop()
            }
        }
        await connector.stop()
        await simulator?.stop()
    }
}

/// The in-process simulator `watch` starts when no endpoint is configured.
struct WatchSimulator: Sendable {
    let server: SimulatorServer
    let restURL: String
    let wsURL: String

    static func start(logger: Logger) async throws -> WatchSimulator {
        let server = try await SimulatorServer.start(SimulatorServerConfig())
        guard let rest = server.restURL, let ws = server.wsURL else {
            throw ValidationError("the in-process simulator did not start")
        }
        return WatchSimulator(server: server, restURL: rest, wsURL: ws)
    }

    func stop() async { await server.stop() }
}

/// Shares the feed printer between the event reader and the flush timer.
final class PrinterBox: Sendable {
    let state: Mutex<FeedPrinter>
    init(_ p: FeedPrinter) { state = Mutex(p) }
}
