// Book-frame throughput of the simulator server to one client (issue 3): the server's driver
// steps as fast as it can (benchmark mode) and the real connector, as the one client, counts
// the frames it receives (and the book frames it applies) on BTCUSDT, ETHUSDT (orderbook_p + trade_p) and BTCUSD
// (orderbook + trade). The figure is a floor for the server: the client shares the machine.
//
//   swift build -c release --product SimBenchRunner && .build/release/SimBenchRunner [seconds]
//
// Prints figures; never asserts.
import Foundation
import Logging
import MarketCore
import PhemexConnector
import SimulatorServer
import Synchronization

let seconds = CommandLine.arguments.dropFirst().first.flatMap { Double($0) } ?? 5
var sc = SimulatorServerConfig()
sc.tickMilliseconds = 0  // driver steps back to back
sc.speed = 20
let server = try await SimulatorServer.start(sc)
guard let rest = server.restURL, let ws = server.wsURL else {
    print("simulator did not start")
    exit(1)
}
var logger = Logger(label: "sim-bench")
logger.logLevel = .error
var cfg = PhemexConnectorConfiguration(
    network: .sim(restURL: rest, wsURL: ws), linearSymbols: ["BTCUSDT", "ETHUSDT"], inverseSymbols: ["BTCUSD"])
cfg.subscribeTickers = false
let connector = PhemexConnector(configuration: cfg, logger: logger)
let bookFrames = Atomic<Int>(0)
let drain = Task {
    for await event in connector.events { if case .book = event { bookFrames.add(1, ordering: .relaxed) } }
}
try await connector.start()
try await Task.sleep(for: .seconds(1))
let clock = ContinuousClock()
let before = connector.stats.framesProcessed
let booksBefore = bookFrames.load(ordering: .relaxed)
let t0 = clock.now
try await Task.sleep(for: .seconds(seconds))
let frames = connector.stats.framesProcessed - before
let books = bookFrames.load(ordering: .relaxed) - booksBefore
let elapsed = clock.now - t0
let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(
    "simulator → one client: \(Int(Double(books) / secs)) book frames/s, \(Int(Double(frames) / secs)) frames/s in all "
        + "(\(books) book frames applied, \(frames) frames in " + String(format: "%.2f", secs)
        + " s, 3 symbols, decode failures \(connector.stats.decodeFailures))")
await connector.stop()
drain.cancel()
await server.stop()
