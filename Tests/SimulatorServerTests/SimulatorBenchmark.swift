import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
@testable import SimulatorServer
import MarketCore

/// Throughput figures, not assertions. Run manually:
/// `SIM_BENCH=1 swift test --filter SimulatorBenchmark` (add `-c release` for release figures).
@Suite("SimulatorBenchmark", .enabled(if: ProcessInfo.processInfo.environment["SIM_BENCH"] != nil))
struct SimulatorBenchmark {
    @Test func bookFramesPerSecondToOneClient() async throws {
        let cfg = testConfig {
            $0.tickMilliseconds = 0  // driver steps as fast as it can (benchmark mode)
            $0.speed = 20
            $0.maxRequestsPerSecondPerConnection = 1000
        }
        try await withServer(cfg) { _, port in
            let ws = WSProbe(port: port)
            defer { ws.close() }
            var id = 1
            for sym in ["BTCUSDT", "ETHUSDT"] {
                for depth in [0, 1, 5, 10, 30] {
                    ws.send(#"{"id":\#(id),"method":"orderbook_p.subscribe","params":["\#(sym)",false,\#(depth)]}"#)
                    id += 1
                }
            }
            for depth in [0, 1, 5, 10, 30] {
                ws.send(#"{"id":\#(id),"method":"orderbook.subscribe","params":["BTCUSD",false,\#(depth)]}"#)
                id += 1
            }
            try await Task.sleep(for: .milliseconds(500))
            let start = ws.messages.count
            let t0 = ContinuousClock.now
            try await Task.sleep(for: .seconds(3))
            let n = ws.messages.count - start
            let d = ContinuousClock.now - t0
            let secs = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            print("BENCH book frames/s to one client: \(Int(Double(n) / secs)) (\(n) frames in \(secs) s, 15 streams)")
        }
    }

    @Test func orderRequestsPerSecond() async throws {
        let cfg = testConfig {
            $0.contractCapacityPerMinute = 10_000_000
            $0.ipCapacityPerFiveMinutes = 10_000_000
            $0.maxActiveOrders = 1_000_000
        }
        try await withServer(cfg) { server, port in
            let bid = try #require(await server.trueBook(symbol: "BTCUSDT")?.bids.last).price - Price(500)
            let perWorker = 100, workers = 4
            let t0 = ContinuousClock.now
            try await withThrowingTaskGroup(of: Int.self) { g in
                for w in 0..<workers {
                    g.addTask {
                        var ok = 0
                        for i in 0..<perWorker {
                            let r = try await http(port, "PUT", "/g-orders/create",
                                query: "clOrdID=b-\(w)-\(i)&symbol=BTCUSDT&side=Buy&posSide=Merged&ordType=Limit&orderQtyRq=0.001&priceRp=\(bid)", sign: true)
                            if r.json?["code"]?.intValue == 0 { ok += 1 }
                        }
                        return ok
                    }
                }
                var total = 0
                for try await n in g { total += n }
                let d = ContinuousClock.now - t0
                let secs = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
                print("BENCH state: \(await server.stateJSON().prefix(220))")
                print("BENCH order requests/s: \(Int(Double(workers * perWorker) / secs)) (\(total) accepted of \(workers * perWorker) in \(secs) s, \(workers) connections)")
            }
        }
    }
}

extension SimulatorBenchmark {
    @Test func plainRequestsPerSecond() async throws {
        let cfg = testConfig {
            $0.othersCapacityPerMinute = 10_000_000
            $0.ipCapacityPerFiveMinutes = 10_000_000
        }
        try await withServer(cfg) { _, port in
            let n = 300
            let t0 = ContinuousClock.now
            for _ in 0..<n { _ = try await http(port, "GET", "/public/time") }
            let d = ContinuousClock.now - t0
            let secs = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            print("BENCH sequential GET /public/time per second: \(Int(Double(n) / secs))")
        }
    }
}
