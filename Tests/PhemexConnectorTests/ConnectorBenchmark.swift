import Foundation
import HummingbirdWebSocket
import Hummingbird
import Logging
import MarketCore
import PhemexWire
import Synchronization
import Testing

@testable import PhemexConnector

/// Manual benchmark (not part of CI): `MMBOT_BENCH=1 swift test -c release --filter ConnectorBenchmark`.
///
/// A loopback WebSocket server sends `orderbook_p` incrementals at 1,000 frames/s, each stamped
/// with its send time (CLOCK_REALTIME ns) in `timestamp`; the connector records book-updated
/// time − send time. Also reports the resident memory per subscribed book.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["MMBOT_BENCH"] == "1"))
struct ConnectorBenchmark {
    static func realtimeNanos() -> Int64 { WallClockProbe.now() }

    /// The 1,000 frames/s feed: snapshot on subscribe, then incrementals that move one level.
    static func frame(seq: Int64, snapshot: Bool, step: Int) -> String {
        let ts = realtimeNanos()
        if snapshot {
            var bids: [String] = []
            var asks: [String] = []
            for i in 0..<30 {
                bids.append("[\"\(65000 - i)\",\"1.5\"]")
                asks.append("[\"\(65001 + i)\",\"1.5\"]")
            }
            return "{\"depth\":30,\"orderbook_p\":{\"asks\":[\(asks.joined(separator: ","))],\"bids\":[\(bids.joined(separator: ","))]},\"sequence\":\(seq),\"symbol\":\"BTCUSDT\",\"timestamp\":\(ts),\"type\":\"snapshot\"}"
        }
        let px = 65000 - (step % 30)
        let qty = 1 + step % 7
        return "{\"depth\":30,\"orderbook_p\":{\"asks\":[],\"bids\":[[\"\(px)\",\"\(qty).25\"]]},\"sequence\":\(seq),\"symbol\":\"BTCUSDT\",\"timestamp\":\(ts),\"type\":\"incremental\"}"
    }

    @Test func frameToBookLatencyAt1000FramesPerSecond() async throws {
        let seconds = Int(ProcessInfo.processInfo.environment["MMBOT_BENCH_SECONDS"] ?? "10") ?? 10
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.ws("/ws") { _, _ in .upgrade([:]) } onUpgrade: { inbound, outbound, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                let subscribed = Flag()
                group.addTask {
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let t) = message, let json = try? JSONValue.parse(t) else { continue }
                        let id = JSONRow(json)?.int("id") ?? 0
                        if JSONRow(json)?.string("method") == "server.ping" {
                            try await outbound.write(.text("{\"error\":null,\"id\":\(id),\"result\":\"pong\"}"))
                        } else {
                            try await outbound.write(.text("{\"error\":null,\"id\":\(id),\"result\":{\"status\":\"success\"}}"))
                            subscribed.value.store(true, ordering: .relaxed)
                        }
                    }
                }
                group.addTask {
                    while !subscribed.value.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(5)) }
                    var seq: Int64 = 1_000_000
                    try await outbound.write(.text(Self.frame(seq: seq, snapshot: true, step: 0)))
                    let clock = ContinuousClock()
                    var next = clock.now
                    for step in 1...(seconds * 1000) {
                        next = next + .milliseconds(1)
                        try await Task.sleep(until: next, clock: clock)
                        seq += 1 + Int64(step % 5)
                        try await outbound.write(.text(Self.frame(seq: seq, snapshot: false, step: step)))
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
        let port = PortBox()
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: router,
                configuration: .init(ws: WebSocketServerConfiguration(maxFrameSize: 1 << 22, autoPing: .disabled))),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { ch in port.value.withLock { $0 = ch.localAddress?.port ?? 0 } }, logger: logger)
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        while port.value.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        let p = port.value.withLock { $0 }

        var cfg = PhemexConnectorConfiguration(
            network: .custom(restURL: "http://127.0.0.1:\(p)", wsURL: "ws://127.0.0.1:\(p)/ws"), linearSymbols: ["BTCUSDT"])
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
        print("BENCH frames=\(lat.count) p50=\(us(lat.percentile(50))) p90=\(us(lat.percentile(90))) p99=\(us(lat.percentile(99))) max=\(us(lat.percentile(100)))")
        #expect(lat.count >= seconds * 900)
        await connector.stop()
        drain.cancel()
        server.cancel()
    }

    @Test func memoryPerSubscribedBook() throws {
        func rss() -> Int {
            guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
            let parts = s.split(separator: " ")
            return parts.count > 1 ? (Int(parts[1]) ?? 0) * 4096 : 0
        }
        let n = 2000
        let before = rss()
        var books: [OrderBook] = []
        books.reserveCapacity(n)
        var decoder = MarketDataDecoder()
        for i in 0..<n {
            var b = OrderBook(symbol: Symbol("S\(i)USDT"), depth: 30)
            _ = try decoder.decode(Self.frame(seq: 1, snapshot: true, step: 0))
            _ = try decoder.apply(to: &b, priceScale: 0)
            books.append(b)
        }
        let after = rss()
        print("BENCH memory per 30-level book: \((after - before) / n) bytes (RSS delta over \(n) books)")
        #expect(books.count == n)
    }
}

/// CLOCK_REALTIME for the benchmark sender (same clock the connector stamps with).
enum WallClockProbe {
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}

final class Flag: Sendable { let value = Atomic<Bool>(false) }
final class PortBox: Sendable { let value = Mutex<Int>(0) }
