import MarketCore
import Testing

@testable import ExchangeSimulator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Throughput figures (not assertions). Run with
/// `MMBOT_BENCH=1 MMBOT_PURE_ONLY=1 swift test -c release --filter SimBenchmark`.
@Suite(.enabled(if: getenv("MMBOT_BENCH") != nil)) struct SimBenchmark {
    @Test func advanceAndOrderThroughput() throws {
        var sim = try Fixture.live(seed: 1)
        var t = Fixture.t0
        let clock = ContinuousClock()
        let steps = 50_000
        var frames = 0
        let d1 = clock.measure {
            for _ in 0..<steps {
                t = t + .millis(20)
                for e in sim.advance(to: t) { if case .book = e { frames += 1 } }
            }
        }
        let perStep = Double(d1.components.attoseconds) / 1e9 / Double(steps) + Double(d1.components.seconds) * 1e9 / Double(steps)
        print("advance: \(steps) steps (3 symbols) in \(d1); \(Int(perStep)) ns/step; \(frames) book frames")
        let orders = 100_000
        var placed = 0
        let d2 = clock.measure {
            for i in 0..<orders {
                let px = 60000 + Int64(i % 1000)
                let r = sim.placeOrder(
                    user: Fixture.user1, Fixture.limit("b\(i % 150)", .buy, "\(px)", "0.001"), now: t)
                if r.value != nil { placed += 1 }
                _ = sim.cancelOrder(user: Fixture.user1, symbol: "BTCUSDT", ref: .clOrdID("b\(i % 150)"), now: t)
                _ = sim.drainEvents()
            }
        }
        print("place+cancel: \(orders) pairs in \(d2) (\(placed) placed)")
    }
}
