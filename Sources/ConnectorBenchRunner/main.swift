// Loopback latency benchmark of the connector's market-data path (issue 4): a local WebSocket
// server sends `orderbook_p` incrementals at 1,000 frames/s, each stamped with its send time
// (CLOCK_REALTIME ns) in `timestamp`; the connector records book-updated time − send time.
//
//   swift build -c release --product ConnectorBenchRunner
//   .build/release/ConnectorBenchRunner [seconds]      # default 10
//
// Prints one line of percentiles; never asserts (speed lives here, not in tests).
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import PhemexConnector
import PhemexWire
import Synchronization

func realtimeNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// The 1,000 frames/s feed: a 30-level snapshot on subscribe, then incrementals moving one level.
func frame(seq: Int64, snapshot: Bool, step: Int) -> String {
    let ts = realtimeNanos()
    if snapshot {
        let bids = (0..<30).map { "[\"\(65000 - $0)\",\"1.5\"]" }.joined(separator: ",")
        let asks = (0..<30).map { "[\"\(65001 + $0)\",\"1.5\"]" }.joined(separator: ",")
        return "{\"depth\":30,\"orderbook_p\":{\"asks\":[\(asks)],\"bids\":[\(bids)]},\"sequence\":\(seq),\"symbol\":\"BTCUSDT\",\"timestamp\":\(ts),\"type\":\"snapshot\"}"
    }
    let px = 65000 - (step % 30)
    let qty = 1 + step % 7
    return "{\"depth\":30,\"orderbook_p\":{\"asks\":[],\"bids\":[[\"\(px)\",\"\(qty).25\"]]},\"sequence\":\(seq),\"symbol\":\"BTCUSDT\",\"timestamp\":\(ts),\"type\":\"incremental\"}"
}

let seconds = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 10
let subscribed = Atomic<Bool>(false)
let boundPort = Mutex<Int>(0)

let router = Router(context: BasicWebSocketRequestContext.self)
router.ws("/ws") { _, _ in .upgrade([:]) } onUpgrade: { inbound, outbound, _ in
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let t) = message, case .object(let o)? = try? JSONValue.parse(t) else { continue }
                let id = o["id"].flatMap { if case .number(let n) = $0 { return n } else { return nil } } ?? "0"
                if case .string("server.ping")? = o["method"] {
                    try await outbound.write(.text("{\"error\":null,\"id\":\(id),\"result\":\"pong\"}"))
                } else {
                    try await outbound.write(.text("{\"error\":null,\"id\":\(id),\"result\":{\"status\":\"success\"}}"))
                    subscribed.store(true, ordering: .relaxed)
                }
            }
        }
        group.addTask {
            while !subscribed.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(5)) }
            var seq: Int64 = 1_000_000
            try await outbound.write(.text(frame(seq: seq, snapshot: true, step: 0)))
            let clock = ContinuousClock()
            var next = clock.now
            for step in 1...(seconds * 1000) {
                next = next + .milliseconds(1)
                try await Task.sleep(until: next, clock: clock)
                seq += 1 + Int64(step % 5)
                try await outbound.write(.text(frame(seq: seq, snapshot: false, step: step)))
            }
        }
        try await group.next()
        group.cancelAll()
    }
}
var logger = Logger(label: "bench")
logger.logLevel = .error
let app = Application(
    router: router,
    server: .http1WebSocketUpgrade(
        webSocketRouter: router,
        configuration: .init(ws: WebSocketServerConfiguration(maxFrameSize: 1 << 22, autoPing: .disabled))),
    configuration: .init(address: .hostname("127.0.0.1", port: 0)),
    onServerRunning: { ch in boundPort.withLock { $0 = ch.localAddress?.port ?? 0 } }, logger: logger)
let server = Task { try await app.runService(gracefulShutdownSignals: []) }
while boundPort.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(10)) }
let port = boundPort.withLock { $0 }

var cfg = PhemexConnectorConfiguration(
    network: .custom(restURL: "http://127.0.0.1:\(port)", wsURL: "ws://127.0.0.1:\(port)/ws"), linearSymbols: ["BTCUSDT"])
cfg.subscribeTrades = false
cfg.subscribeTickers = false
cfg.syncServerTime = false
cfg.measureLatency = true
let connector = PhemexConnector(configuration: cfg, logger: logger)
let drain = Task { for await _ in connector.events {} }
try await connector.start()
try await Task.sleep(for: .seconds(seconds + 1))
let lat = connector.stats.bookLatency
func us(_ v: Int64?) -> String { v.map { String(format: "%.1f µs", Double($0) / 1000) } ?? "-" }
print(
    "frame sent → book updated, \(lat.count) frames at 1,000/s: p50 \(us(lat.percentile(50))) p90 \(us(lat.percentile(90))) "
        + "p99 \(us(lat.percentile(99))) max \(us(lat.percentile(100)))")
await connector.stop()
drain.cancel()
server.cancel()
