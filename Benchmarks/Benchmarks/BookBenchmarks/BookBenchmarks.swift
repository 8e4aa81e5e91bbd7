import Benchmark
import BookBenchCore
import MarketCore
import PhemexWire

let benchmarks: @Sendable () -> Void = {
    // One iteration = 1000 messages (scalingFactor .kilo): report per-message figures with
    // `swift package benchmark --scale` (see docs/book.md).
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds, warmupIterations: 5, scalingFactor: .kilo, maxDuration: .seconds(3),
        maxIterations: 100_000)

    let usdtm = ReplayState(.usdtm, symbol: "BTCUSDT")
    let coinm = ReplayState(.coinm, symbol: "BTCUSD")
    let applyState = ReplayState(.usdtm, symbol: "BTCUSDT")
    applyState.predecode()
    let decodeState = ReplayState(.usdtm, symbol: "BTCUSDT")
    let classifyState = ReplayState(.usdtm, symbol: "BTCUSDT")
    // Warm: one full pass so scratch and ladders have their working size.
    _ = bytesToBook(usdtm, usdtm.stream.count)
    _ = bytesToBook(coinm, coinm.stream.count)
    _ = applyOnly(applyState, applyState.stream.count)
    _ = decodeOnly(decodeState, decodeState.stream.count)

    Benchmark("bytes→book USDT-M orderbook_p (per message)", configuration: config) { benchmark in
        blackHole(bytesToBook(usdtm, benchmark.scaledIterations.count))
    }
    Benchmark("bytes→book COIN-M book (per message)", configuration: config) { benchmark in
        blackHole(bytesToBook(coinm, benchmark.scaledIterations.count))
    }
    Benchmark("decode orderbook_p frame (per message)", configuration: config) { benchmark in
        blackHole(decodeOnly(decodeState, benchmark.scaledIterations.count))
    }
    Benchmark("apply pre-decoded levels to OrderBook (per message)", configuration: config) { benchmark in
        blackHole(applyOnly(applyState, benchmark.scaledIterations.count))
    }
    Benchmark("classify frame (per message)", configuration: config) { benchmark in
        blackHole(classifyOnly(classifyState, benchmark.scaledIterations.count))
    }
    Benchmark(
        "BookReplayer.feedAll 100k-message USDT-M capture (per capture)",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, warmupIterations: 1,
            maxDuration: .seconds(5), maxIterations: 20)
    ) { _ in
        blackHole(replayer(.usdtm))
    }
}
