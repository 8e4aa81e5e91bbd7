// Loopback benchmark of the connector's market-data path (issue 4).
//
// Latency: a local WebSocket server sends `orderbook_p` incrementals at 1,000 frames/s, each
// stamped with CLOCK_REALTIME ns in `timestamp` immediately before it is written (the writer
// runs on the server connection's own event loop, so the write and flush happen right after the
// stamp); the connector records CLOCK_REALTIME after the frame has been applied to its book
// (`measureLatency`). So a sample is: frame written by the server → book updated, including
// the kernel loopback, the client's event loop and the decode+apply.
//
// Memory: RSS growth of a connector subscribed to 1 symbol and to 60 symbols (30-level books,
// snapshots received), and the per-symbol difference.
//
//   swift build -c release --product ConnectorBenchRunner
//   .build/release/ConnectorBenchRunner [seconds per run, default 10] [runs, default 3]
//
// Prints percentiles per run and the median over runs; never asserts.
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import MarketCore
import NIOCore
import NIOPosix
import PhemexConnector
import PhemexWire
import Synchronization

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

/// One incremental moving one bid level; stamped last thing before the write.
func incrementalFrame(seq: Int64, step: Int) -> String {
    let px = 65000 - (step % 30)
    let qty = 1 + step % 7
    return "{\"depth\":30,\"orderbook_p\":{\"asks\":[],\"bids\":[[\"\(px)\",\"\(qty).25\"]]},\"sequence\":\(seq),"
        + "\"symbol\":\"BTCUSDT\",\"timestamp\":\(realtimeNanos()),\"type\":\"incremental\"}"
}

/// Runs the server's per-connection writer on the connection's event loop (one-thread group), so
/// `outbound.write` writes and flushes the frame synchronously instead of hopping threads.
final class LoopExecutor: TaskExecutor {
    let loop: any EventLoop
    init(loop: any EventLoop) { self.loop = loop }
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Opened once the connection has subscribed BTCUSDT (and received its snapshot).
final class FeedGate: Sendable {
    private let flag = Atomic<Bool>(false)
    func open() { flag.store(true, ordering: .releasing) }
    var isOpen: Bool { flag.load(ordering: .acquiring) }
}

let args = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let seconds = args.first ?? 10
let runs = args.dropFirst().first ?? 3
let feedSeconds = Atomic<Int>(0)  // 0: snapshots only (memory phase)
let serverOnLoop = Atomic<Bool>(true)
let boundPort = Mutex<Int>(0)
let serverGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let serverExecutor = LoopExecutor(loop: serverGroup.next())

let router = Router(context: BasicWebSocketRequestContext.self)
router.ws("/ws") { _, _ in .upgrade([:]) } onUpgrade: { inbound, outbound, _ in
    let feedStart = FeedGate()
    let writer: (any TaskExecutor)? = serverOnLoop.load(ordering: .relaxed) ? serverExecutor : nil
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask(executorPreference: writer) {
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let t) = message, case .object(let o)? = try? JSONValue.parse(t) else { continue }
                let id = o["id"].flatMap { if case .number(let n) = $0 { return n } else { return nil } } ?? "0"
                if case .string("server.ping")? = o["method"] {
                    try await outbound.write(.text("{\"error\":null,\"id\":\(id),\"result\":\"pong\"}"))
                    continue
                }
                try await outbound.write(.text("{\"error\":null,\"id\":\(id),\"result\":{\"status\":\"success\"}}"))
                guard case .string("orderbook_p.subscribe")? = o["method"], case .array(let p)? = o["params"],
                    case .string(let symbol)? = p.first
                else { continue }
                try await outbound.write(.text(snapshotFrame(symbol: symbol, seq: 1_000_000)))
                if symbol == "BTCUSDT" { feedStart.open() }
            }
        }
        group.addTask(executorPreference: writer) {
            while !feedStart.isOpen { try await Task.sleep(for: .milliseconds(5)) }
            let total = feedSeconds.load(ordering: .relaxed) * 1000
            guard total > 0 else { return try await Task.sleep(for: .seconds(3600)) }
            var seq: Int64 = 1_000_000
            let clock = ContinuousClock()
            var next = clock.now
            for step in 1...total {
                next = next + .milliseconds(1)
                try await Task.sleep(until: next, clock: clock)
                seq += 1 + Int64(step % 5)
                try await outbound.write(.text(incrementalFrame(seq: seq, step: step)))
            }
            try await Task.sleep(for: .seconds(3600))
        }
        try await group.next()
        group.cancelAll()
    }
}
let logger = {
    var l = Logger(label: "bench")
    l.logLevel = .critical
    return l
}()
let app = Application(
    router: router,
    server: .http1WebSocketUpgrade(
        webSocketRouter: router,
        configuration: .init(ws: WebSocketServerConfiguration(maxFrameSize: 1 << 22, autoPing: .disabled))),
    configuration: .init(address: .hostname("127.0.0.1", port: 0)),
    onServerRunning: { ch in boundPort.withLock { $0 = ch.localAddress?.port ?? 0 } },
    eventLoopGroupProvider: .shared(serverGroup), logger: logger)
let server = Task { try await app.runService(gracefulShutdownSignals: []) }
while boundPort.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(10)) }
let port = boundPort.withLock { $0 }

func makeConnector(_ symbols: [Symbol], readOnEventLoop: Bool = true) -> PhemexConnector {
    var cfg = PhemexConnectorConfiguration(
        network: .custom(restURL: "http://127.0.0.1:\(port)", wsURL: "ws://127.0.0.1:\(port)/ws"),
        linearSymbols: symbols)
    cfg.subscribeTrades = false
    cfg.subscribeTickers = false
    cfg.syncServerTime = false
    cfg.measureLatency = true
    cfg.readOnEventLoop = readOnEventLoop
    return PhemexConnector(configuration: cfg, logger: logger)
}

func loadAverage() -> String {
    ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3)
        .joined(separator: " ")
}

func us(_ v: Int64?) -> String { v.map { String(format: "%.1f", Double($0) / 1000) } ?? "-" }

// MARK: latency

/// The variants compared under the same load, interleaved run by run.
struct Variant {
    var name: String
    /// The connector decodes and applies on the connection's event loop.
    var clientOnLoop: Bool
    /// The server writes each frame from its connection's event loop (written and flushed at once).
    var serverOnLoop: Bool
}
let variants = [
    Variant(name: "previous path (reader on the global pool, server writes via a hop)", clientOnLoop: false, serverOnLoop: false),
    Variant(name: "reader on the event loop, server writes via a hop", clientOnLoop: true, serverOnLoop: false),
    Variant(name: "reader on the event loop, server writes on its loop", clientOnLoop: true, serverOnLoop: true),
]
let points: [(String, Double)] = [("p50", 50), ("p90", 90), ("p99", 99), ("p99.9", 99.9), ("max", 100)]
var perVariant = Array(repeating: [[Int64]](), count: variants.count)
for run in 1...runs {
    for (v, variant) in variants.enumerated() {
        feedSeconds.store(seconds, ordering: .relaxed)
        serverOnLoop.store(variant.serverOnLoop, ordering: .relaxed)
        let connector = makeConnector(["BTCUSDT"], readOnEventLoop: variant.clientOnLoop)
        let drain = Task { for await _ in connector.events {} }
        let load = loadAverage()
        try await connector.start()
        try await Task.sleep(for: .seconds(seconds + 1))
        let lat = connector.stats.bookLatency
        let values = points.map { lat.percentile($0.1) ?? 0 }
        perVariant[v].append(values)
        print(
            "run \(run) [\(v)] \(lat.count) frames at 1,000/s, sent → book updated µs: "
                + zip(points, values).map { "\($0.0) \(us($1))" }.joined(separator: " ")
                + " | → reader p50 \(us(connector.stats.arrivalLatency.percentile(50))) p99 "
                + "\(us(connector.stats.arrivalLatency.percentile(99)))  (load \(load))")
        await connector.stop()
        drain.cancel()
    }
}
for (v, variant) in variants.enumerated() {
    let runsOf = perVariant[v]
    let medians = points.indices.map { i in runsOf.map { $0[i] }.sorted()[runsOf.count / 2] }
    print(
        "[\(v)] \(variant.name): median of \(runs) runs µs: "
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
    feedSeconds.store(0, ordering: .relaxed)
    serverOnLoop.store(true, ordering: .relaxed)
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
server.cancel()
_ = await server.result
