import Foundation
import MarketCore
import PhemexWire
import Testing

@testable import PhemexConnector

/// Manual benchmark (not part of CI): `MMBOT_BENCH=1 swift test --filter ConnectorBenchmark`:
/// the resident memory per subscribed 30-level book. The loopback latency benchmark is the
/// `ConnectorBenchRunner` executable (release builds of this test target crash Swift 6.3.1).
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

