// Simulator throughput (issue 3). Book frames to one client: the server's driver
// steps as fast as it can (benchmark mode) and one client on one WebSocket connection counts
// the frames it receives on BTCUSDT, ETHUSDT (orderbook_p + trade_p) and BTCUSD
// (orderbook + trade). Two clients, each against a fresh server:
//   raw       — a bare TCP client that only walks frame headers (the server's figure);
//   connector — the real PhemexConnector, counting the book frames it decodes and applies
//               (a floor: the client decodes JSON on the same 2 cores).
// Order requests: `orders` — 4 keep-alive connections, each sending signed
// `PUT /g-orders/create` and `DELETE /g-orders/cancel` (that order) in turn, back to back (next
// request when the reply is in).
//
//   swift build -c release --product SimBenchRunner
//   .build/release/SimBenchRunner [seconds] [raw|connector|orders|both|all]   (both = raw + connector)
//
// Prints figures; never asserts.
import Foundation
import Logging
import MarketCore
import NIOCore
import NIOPosix
import PhemexConnector
import PhemexWire
import SimulatorServer
import Synchronization

let args = Array(CommandLine.arguments.dropFirst())
let seconds = args.first.flatMap { Double($0) } ?? 5
let mode = args.dropFirst().first ?? "both"

func benchConfig() -> SimulatorServerConfig {
    var sc = SimulatorServerConfig()
    sc.tickMilliseconds = 0  // driver steps back to back
    sc.speed = 20
    return sc
}

func secondsSince(_ t0: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - t0
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func runRaw() async throws {
    let server = try await SimulatorServer.start(benchConfig())
    guard let port = server.port else { return }
    let counts = FrameCounts()
    let subscriptions = [
        #"{"id":1,"method":"orderbook_p.subscribe","params":["BTCUSDT"]}"#,
        #"{"id":2,"method":"orderbook_p.subscribe","params":["ETHUSDT"]}"#,
        #"{"id":3,"method":"orderbook.subscribe","params":["BTCUSD"]}"#,
        #"{"id":4,"method":"trade_p.subscribe","params":["BTCUSDT"]}"#,
        #"{"id":5,"method":"trade_p.subscribe","params":["ETHUSDT"]}"#,
        #"{"id":6,"method":"trade.subscribe","params":["BTCUSD"]}"#,
    ]
    let channel = try await RawFrameClient.connect(
        port: port, subscriptions: subscriptions, counts: counts, group: MultiThreadedEventLoopGroup.singleton)
    try await Task.sleep(for: .seconds(1))
    let f0 = counts.frames.load(ordering: .relaxed), b0 = counts.books.load(ordering: .relaxed)
    let bytes0 = counts.bytes.load(ordering: .relaxed)
    let t0 = ContinuousClock.now
    try await Task.sleep(for: .seconds(seconds))
    let frames = counts.frames.load(ordering: .relaxed) - f0
    let books = counts.books.load(ordering: .relaxed) - b0
    let bytes = counts.bytes.load(ordering: .relaxed) - bytes0
    let secs = secondsSince(t0)
    print(
        "raw client → \(Int(Double(books) / secs)) book frames/s, \(Int(Double(frames) / secs)) frames/s in all, "
            + "\(Int(Double(bytes) / secs / 1e6)) MB/s (\(books) book frames, \(frames) frames in "
            + String(format: "%.2f", secs) + " s, 3 symbols)")
    try? await channel.close()
    await server.stop()
}

func runConnector() async throws {
    let server = try await SimulatorServer.start(benchConfig())
    guard let rest = server.restURL, let ws = server.wsURL else {
        print("simulator did not start")
        return
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
    let before = connector.stats.framesProcessed
    let booksBefore = bookFrames.load(ordering: .relaxed)
    let t0 = ContinuousClock.now
    try await Task.sleep(for: .seconds(seconds))
    let frames = connector.stats.framesProcessed - before
    let books = bookFrames.load(ordering: .relaxed) - booksBefore
    let secs = secondsSince(t0)
    print(
        "connector → \(Int(Double(books) / secs)) book frames/s applied, \(Int(Double(frames) / secs)) frames/s in all "
            + "(\(books) book frames, \(frames) frames in " + String(format: "%.2f", secs)
            + " s, 3 symbols, decode failures \(connector.stats.decodeFailures))")
    await connector.stop()
    drain.cancel()
    await server.stop()
}

func runOrders() async throws {
    var sc = benchConfig()
    sc.tickMilliseconds = 20
    sc.speed = 1
    sc.credentials = [.init(apiKey: "bench-key", apiSecret: "bench-secret")]
    sc.contractCapacityPerMinute = 100_000_000
    sc.ipCapacityPerFiveMinutes = 100_000_000
    sc.maxActiveOrders = 10_000_000
    let server = try await SimulatorServer.start(sc)
    guard let port = server.port, let low = await server.trueBook(symbol: "BTCUSDT")?.bids.last?.price else { return }
    let price = (low - Price(500)).description
    let counts = ReplyCounts()
    let workers = 4
    let perWorker = Int(seconds * 4_000) + 2_000
    var channels: [any Channel] = []
    let prepared = (0..<workers).map {
        RawOrderClient.requests(port: port, worker: $0, count: perWorker, key: "bench-key", secret: "bench-secret", price: price)
    }
    let t0 = ContinuousClock.now
    for w in 0..<workers {
        channels.append(try await RawOrderClient.connect(
            port: port, requests: prepared[w], counts: counts, group: MultiThreadedEventLoopGroup.singleton))
    }
    try await Task.sleep(for: .seconds(seconds))
    let replies = counts.replies.load(ordering: .relaxed)
    let accepted = counts.accepted.load(ordering: .relaxed)
    let secs = secondsSince(t0)
    print(
        "orders → \(Int(Double(replies) / secs)) signed order requests/s answered (\(accepted) accepted of \(replies) in "
            + String(format: "%.2f", secs) + " s, \(workers) keep-alive connections, create + cancel)")
    for c in channels { try? await c.close() }
    await server.stop()
}

if ["raw", "both", "all"].contains(mode) { try await runRaw() }
if ["connector", "both", "all"].contains(mode) { try await runConnector() }
if ["orders", "all"].contains(mode) { try await runOrders() }
