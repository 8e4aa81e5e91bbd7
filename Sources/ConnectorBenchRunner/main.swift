// Loopback benchmark of the connector's market-data path (issue 4).
//
// Latency: a minimal SwiftNIO WebSocket server (FeedServer.swift) sends `orderbook_p`
// incrementals for BTCUSDT at 1,000 frames/s from its event loop timer; each frame carries
// CLOCK_REALTIME ns in `timestamp`, taken immediately before it is written and flushed. The
// connector (`measureLatency`) records CLOCK_REALTIME when the frame has been applied to its book
// ("sent → book updated") and when the frame reached its reader before decoding ("→ reader").
// "sender" is stamp → writeAndFlush returned (includes the loopback send syscall).
// Both connector paths are measured, interleaved, under the same machine load.
//
// Memory: RSS growth of a connector subscribed to 1 symbol and to 60 symbols (30-level books,
// snapshots received), and the per-symbol difference.
//
//   swift build -c release --product ConnectorBenchRunner
//   .build/release/ConnectorBenchRunner [seconds per run, default 10] [runs, default 3]
//
// Prints percentiles per run and the median over runs; never asserts.
import Foundation
import Logging
import MarketCore
import NIOCore
import NIOPosix
import PhemexConnector

func realtimeNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

func snapshotFrame(symbol: String, seq: Int64) -> String {
    let bids = (0..<30).map { "[\"\(65000 - $0)\",\"1.5\"]" }.joined(separator: ",")
    let asks = (0..<30).map { "[\"\(65001 + $0)\",\"1.5\"]" }.joined(separator: ",")
    return "{\"depth\":30,\"orderbook_p\":{\"asks\":[\(asks)],\"bids\":[\(bids)]},\"sequence\":\(seq),"
        + "\"symbol\":\"\(symbol)\",\"timestamp\":\(realtimeNanos()),\"type\":\"snapshot\"}"
}

/// One incremental moving one bid level, stamped `ts` (taken last thing before the write).
func incrementalFrame(seq: Int64, step: Int, ts: Int64) -> String {
    let px = 65000 - (step % 30)
    let qty = 1 + step % 7
    return "{\"depth\":30,\"orderbook_p\":{\"asks\":[],\"bids\":[[\"\(px)\",\"\(qty).25\"]]},\"sequence\":\(seq),"
        + "\"symbol\":\"BTCUSDT\",\"timestamp\":\(ts),\"type\":\"incremental\"}"
}

let args = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let seconds = args.first ?? 10
let runs = args.dropFirst().first ?? 3
let plan = FeedPlan()
let serverGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let port = try await FeedServer.start(group: serverGroup, plan: plan)
let logger = {
    var l = Logger(label: "bench")
    l.logLevel = .critical
    return l
}()

func makeConnector(_ symbols: [Symbol], direct: Bool = true) -> PhemexConnector {
    var cfg = PhemexConnectorConfiguration(
        network: .custom(restURL: "http://127.0.0.1:\(port)", wsURL: "ws://127.0.0.1:\(port)/ws"),
        linearSymbols: symbols)
    cfg.subscribeTrades = false
    cfg.subscribeTickers = false
    cfg.syncServerTime = false
    cfg.measureLatency = true
    cfg.directMarketDataSocket = direct
    return PhemexConnector(configuration: cfg, logger: logger)
}

func loadAverage() -> String {
    ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3)
        .joined(separator: " ")
}

/// CPU time (user + system) of the whole process so far, ns.
func cpuNanos() -> Int64 {
    var u = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
    func ns(_ t: timeval) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_usec) * 1000 }
    return ns(u.ru_utime) + ns(u.ru_stime)
}

func us(_ v: Int64?) -> String { v.map { String(format: "%.1f", Double($0) / 1000) } ?? "-" }

// MARK: latency

/// The connector paths compared under the same load, interleaved run by run.
let variants: [(name: String, direct: Bool)] = [
    ("swift-websocket client, reader task on the connection's event loop (default)", false),
    ("direct NIO WebSocket, frames handled in the channel handler (market_data_client: direct)", true),
]
let points: [(String, Double)] = [("p50", 50), ("p90", 90), ("p99", 99), ("p99.9", 99.9), ("max", 100)]
var perVariant = Array(repeating: [[Int64]](), count: variants.count)
var floors: [[Int64]] = []
for run in 1...runs {
    for (v, variant) in variants.enumerated() {
        plan.feedSeconds = seconds
        plan.senderLatency.reset()
        let connector = makeConnector(["BTCUSDT"], direct: variant.direct)
        let drain = Task { for await _ in connector.events {} }
        let load = loadAverage()
        try await connector.start()
        let cpuBefore = cpuNanos()
        let threadsBefore = ThreadCPU.now()
        try await Task.sleep(for: .seconds(seconds + 1))
        let cpu = cpuNanos() - cpuBefore
        let threads = ThreadCPU.now() - threadsBefore
        let lat = connector.stats.bookLatency
        let values = points.map { lat.percentile($0.1) ?? 0 }
        let frames = Int64(max(1, lat.count))
        perVariant[v].append(values)
        print(
            "run \(run) [\(v)] \(lat.count) frames at 1,000/s, sent → book updated µs: "
                + zip(points, values).map { "\($0.0) \(us($1))" }.joined(separator: " ")
                + " | → reader p50 \(us(connector.stats.arrivalLatency.percentile(50))) p99 "
                + "\(us(connector.stats.arrivalLatency.percentile(99))) | sender p50 \(us(plan.senderLatency.percentile(50)))"
                + " p99 \(us(plan.senderLatency.percentile(99))) | CPU per frame: all \(us(cpu / frames)) = client loop "
                + "\(us(threads.client / frames)) + server loop \(us(threads.server / frames)) + other \(us(threads.other / frames))"
                + "  (load \(load))")
        await connector.stop()
        drain.cancel()
    }
    let load = loadAverage()
    if let floor = SocketFloor.measure(frames: seconds * 1000) {
        let values = points.map { floor.percentile($0.1) ?? 0 }
        floors.append(values)
        print(
            "run \(run) [floor] \(floor.count) plain TCP loopback messages, write → read µs: "
                + zip(points, values).map { "\($0.0) \(us($1))" }.joined(separator: " ") + "  (load \(load))")
    }
}
for (v, variant) in variants.enumerated() {
    let runsOf = perVariant[v]
    let medians = points.indices.map { i in runsOf.map { $0[i] }.sorted()[runsOf.count / 2] }
    print(
        "[\(v)] \(variant.name): median of \(runs) runs µs: "
            + zip(points, medians).map { "\($0.0) \(us($1))" }.joined(separator: " "))
}
if !floors.isEmpty {
    let medians = points.indices.map { i in floors.map { $0[i] }.sorted()[floors.count / 2] }
    print(
        "[floor] plain TCP loopback, no framework: median of \(floors.count) runs µs: "
            + zip(points, medians).map { "\($0.0) \(us($1))" }.joined(separator: " "))
}

// MARK: memory per subscribed symbol

func rssBytes() -> Int {
    let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
    let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// RSS growth from before creating a connector until every one of `symbols` has a valid book.
/// The connector is kept running (returned) so freed memory is not reused by the next one.
func rssGrowth(_ symbols: [Symbol]) async throws -> (Int, PhemexConnector, Task<Void, Never>) {
    plan.feedSeconds = 0
    let before = rssBytes()
    let connector = makeConnector(symbols)
    let drain = Task { for await _ in connector.events {} }
    try await connector.start()
    let deadline = ContinuousClock.now + .seconds(30)
    while symbols.contains(where: { connector.book($0)?.isValid != true }) && ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(20))
    }
    try await Task.sleep(for: .milliseconds(200))
    return (rssBytes() - before, connector, drain)
}

var running: [(PhemexConnector, Task<Void, Never>)] = []
var one: [Int] = []
var sixty: [Int] = []
for r in 0..<4 {
    let (g1, c1, t1) = try await rssGrowth([Symbol("ONE\(r)USDT")])
    let (g60, c60, t60) = try await rssGrowth((0..<60).map { Symbol("S\($0)R\(r)USDT") })
    running += [(c1, t1), (c60, t60)]
    if r > 0 {  // round 0 warms up first-use allocations (HTTP client, event loops)
        one.append(g1)
        sixty.append(g60)
    }
}
for (c, t) in running {
    await c.stop()
    t.cancel()
}
let d1 = one.sorted()[1]
let d60 = sixty.sorted()[1]
print(
    "memory: RSS growth per connector 1 symbol \(d1 / 1024) KiB, 60 symbols \(d60 / 1024) KiB (medians of 3) → "
        + String(format: "%.1f KiB per extra subscribed symbol", Double(d60 - d1) / 59 / 1024)
        + "; book: \(MemoryLayout<OrderBook>.size) B inline + 2 ladders of depth+\(OrderBook.slack) levels "
        + "× \(MemoryLayout<BookLevel>.stride) B  (load \(loadAverage()))")
