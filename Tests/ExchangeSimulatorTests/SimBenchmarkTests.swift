import MarketCore
import Testing

@testable import ExchangeSimulator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CPU time of the current thread in nanoseconds (unaffected by other processes on a busy host).
func threadCPUNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// Throughput figures (not assertions). Run with
/// `MMBOT_BENCH=1 MMBOT_PURE_ONLY=1 swift test -c release --filter SimBenchmark`.
@Suite(.enabled(if: getenv("MMBOT_BENCH") != nil)) struct SimBenchmark {
    @Test func advanceAndOrderThroughput() throws {
        var sim = try Fixture.live(seed: 1)
        var t = Fixture.t0
        let clock = ContinuousClock()
        let steps = 50_000
        var frames = 0
        let c1 = threadCPUNanos()
        let d1 = clock.measure {
            for _ in 0..<steps {
                t = t + .millis(20)
                for e in sim.advance(to: t) { if case .book = e { frames += 1 } }
            }
        }
        let perStep = Double(d1.components.attoseconds) / 1e9 / Double(steps) + Double(d1.components.seconds) * 1e9 / Double(steps)
        let cpu1 = threadCPUNanos() - c1
        print("advance: \(steps) steps (3 symbols) in \(d1) wall; \(Int(perStep)) ns/step wall, \(cpu1 / Int64(steps)) ns/step CPU; \(frames) book frames")
        let orders = 100_000
        var placed = 0
        let c2 = threadCPUNanos()
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
        let cpu2 = threadCPUNanos() - c2
        print("place+cancel: \(orders) pairs in \(d2) wall, \(cpu2 / Int64(orders)) ns/pair CPU (\(placed) placed)")
    }
}
