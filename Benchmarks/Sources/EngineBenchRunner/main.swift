// Engine benchmarks (print figures, never assert):
//   cd Benchmarks && MMBOT_PURE_ONLY=1 swift build -c release --product EngineBenchRunner &&
//     .build/release/EngineBenchRunner [tick|sign|replay|replay-realistic|rss|replay-file JOURNAL]...
// 1. tick → order: bytes of a book frame → decoder → OrderBook → Engine.handle → strategy →
//    OrderTracker → REST request built and signed (target p99 ≤ 20 µs);
// 2. journal replay: JSON lines → Engine.handle → output lines (target ≥ 2 M events/s);
// 3. RSS with 20 symbols over a long run (target ≤ 32 MB, flat).
import Foundation
import MarketCore
import Strategies
import TradingEngine

let which = Set(CommandLine.arguments.dropFirst())
let all = which.isEmpty

if all || which.contains("tick") {
    for trending in [false, true] {
        for rehearse in [false, true] {
            print("== tick → order decision (pure_market_making, 2 levels, BTCUSDT orderbook_p frames: \(trending ? "10-level snapshots, mid ±2.5 USDT a frame" : "book capture, 1–6 level deltas"))\(rehearse ? ", order path rehearsed between frames" : "")")
            var bench = TickToOrderBench(trending: trending)
            bench.rehearse = rehearse
            _ = bench.run(frames: 50_000)  // warm-up
            if which.contains("census") { print(bench.census(frames: 20_000)) }
            let r = bench.run(frames: 300_000)
            print("every book frame:        \(LatencySummary(r.all).text)")
            print("frames that sent orders: \(LatencySummary(r.ordering).text)  (\(r.signed) signed requests)")
            print("  of which decode+book:  \(LatencySummary(r.orderingDecode).text)")
            print("  of which Engine.handle: \(LatencySummary(r.orderingHandle).text)")
            print("  of which build + sign:  \(LatencySummary(r.orderingSign).text)")
            print("  same frames, thread CPU time (incl. ~0.5 µs of clock reads): \(LatencySummary(r.orderingCPU).text)")
        }
    }
}
if all || which.contains("tick") || which.contains("sign") {
    _ = buildAndSignNanos(count: 20_000)
    print(String(format: "build + sign one place request alone: %.2f µs", buildAndSignNanos(count: 200_000) / 1000))
    let cancels = cancelBuildSignNanos(count: 200_000)
    print(String(format: "build + sign one cancel alone: %.2f µs, one bulk cancel of 4 ids: %.2f µs", cancels.cancel / 1000, cancels.bulk / 1000))
    let parts = buildThenSignPartsNanos(count: 200_000)
    print(String(format: "  of which: build (incl. clOrdID) %.2f µs, sign a built request %.2f µs", parts.build / 1000, parts.sign / 1000))
}
if all || which.contains("replay") || which.contains("replay-realistic") {
    print("== journal replay, realistic mix (example pure_market_making job, input mix of a real simulator run)")
    ReplayBench.run(inputs: 300_000, realistic: true)
}
if all || which.contains("replay") {
    print("== journal replay, ladder quoter chasing the touch (tracker delays + audits nearly every tick)")
    ReplayBench.run(inputs: 300_000, realistic: false)
}
if let k = CommandLine.arguments.firstIndex(of: "replay-file"), k + 1 < CommandLine.arguments.count {
    print("== journal replay of a recorded run (example pure_market_making job)")
    ReplayBench.runFile(CommandLine.arguments[k + 1], rounds: 5)
}
if let k = CommandLine.arguments.firstIndex(of: "replay-loop"), k + 1 < CommandLine.arguments.count {
    // For profiling: only `JournalReplayer.replay` over a journal file, 5 rounds.
    ReplayBench.runFile(CommandLine.arguments[k + 1], rounds: 5, perKind: false)
}
if let k = CommandLine.arguments.firstIndex(of: "handle-loop"), k + 1 < CommandLine.arguments.count {
    // For profiling: only `Engine.handle` over a journal file's pre-decoded inputs, 10 rounds.
    ReplayBench.handleLoop(CommandLine.arguments[k + 1], rounds: 10)
}
if all || which.contains("rss") {
    print("== RSS, 20 symbols")
    RSSBench.run(ticks: 3_000_000, samples: 12)
}
if which.contains("sizes") {
    print("EngineInput \(MemoryLayout<EngineInput>.size) B, JournalHeader \(MemoryLayout<JournalHeader>.size) B, StrategyContext \(MemoryLayout<StrategyContext>.size) B, TopOfBook \(MemoryLayout<TopOfBook>.size) B, EngineOutput \(MemoryLayout<EngineOutput>.size) B")
}
