// A plain runner for the same workloads as the BookBenchmarks target: times each one in
// thread CPU time (best of several rounds) and counts heap allocations with the malloc
// interposer. Run it with the interposer preloaded (Linux):
//   LD_PRELOAD=.build/release/libMallocInterposerSwift.so .build/release/BookBenchRunner
import BookBenchCore
import MallocInterposerSwift
import MarketCore
import PhemexWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time of this thread in nanoseconds: the machine is shared, so wall time would count
/// time spent waiting for a core.
func threadCPUNanos() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1e9 + Double(ts.tv_nsec)
}

struct Measurement {
    var nsPerMessage: Double
    var mallocsPerMessage: Double
}

/// `BOOK_BENCH_ONLY=text` runs only the workloads whose name contains `text` (for profiling).
let only: String? = {
    guard let v = getenv("BOOK_BENCH_ONLY") else { return nil }
    return String(cString: v)
}()

@inline(never)
func measure(_ name: String, messages: Int, rounds: Int = 7, _ body: () -> Int) -> Measurement? {
    if let only, !name.contains(only) { return nil }
    var best = Double.infinity
    var mallocs = 0
    var sink = 0
    for _ in 0..<rounds {
        MallocInterposerSwift.initialize()
        MallocInterposerSwift.hook()
        let start = threadCPUNanos()
        sink &+= body()
        let elapsed = threadCPUNanos() - start
        MallocInterposerSwift.unhook()
        let stats = MallocInterposerSwift.getStatistics()
        let ns = elapsed / Double(messages)
        if ns < best {
            best = ns
            mallocs = stats.mallocCount
        }
    }
    let m = Measurement(nsPerMessage: best, mallocsPerMessage: Double(mallocs) / Double(messages))
    let nsText = String(Int((m.nsPerMessage * 10).rounded())).paddedTenths
    print("\(name.padding(50))  \(nsText.leftPad(9)) ns/msg  \(String(mallocs).leftPad(7)) mallocs / \(messages) msgs  (sink \(sink % 10))")
    return m
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
    /// "1234" (tenths) -> "123.4"
    var paddedTenths: String { count < 2 ? "0." + self : String(dropLast()) + "." + String(suffix(1)) }
}

/// `BookBenchRunner replay-file PATH`: reads a capture (e.g. from `scripts/gen-book-stream`) into
/// memory, then times `BookReplayer.feedAll` over it in thread CPU time and wall time (best of
/// `BOOK_BENCH_ROUNDS`, default 3, each with a fresh replayer) — the same work `mmbot
/// book-replay` times, without the CLI — rounds alternating with the old byte-loop split.
func replayFile(_ path: String) {
    guard let f = fopen(path, "rb") else {
        print("cannot open \(path)")
        exit(1)
    }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let got = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
        if got <= 0 { break }
        bytes.append(contentsOf: chunk[0..<got])
    }
    fclose(f)
    let rounds = getenv("BOOK_BENCH_ROUNDS").flatMap { Int(String(cString: $0)) } ?? 3
    // Rounds alternate between feedAll and the byte-by-byte split it replaced (feeding the
    // same lines through `feed(line:)`), so both see the same machine load.
    var bestCPU = [Double.infinity, Double.infinity]
    var bestWall = [Double.infinity, Double.infinity]
    var messages = 0
    for round in 0..<(2 * rounds) {
        let variant = round % 2
        var r = BookReplayer()
        var wallStart = timespec()
        clock_gettime(CLOCK_MONOTONIC, &wallStart)
        let start = threadCPUNanos()
        bytes.withUnsafeBytes { buf in
            if variant == 0 { r.feedAll(buf) } else { byteLoopReplay(&r, buf) }
        }
        let cpu = threadCPUNanos() - start
        var wallEnd = timespec()
        clock_gettime(CLOCK_MONOTONIC, &wallEnd)
        let wall = Double(wallEnd.tv_sec - wallStart.tv_sec) * 1e9 + Double(wallEnd.tv_nsec - wallStart.tv_nsec)
        messages = r.report.messages
        if round < 2 {
            let rep = r.report
            print("  variant \(variant): best bid \(rep.bestBid.map { "\($0.price) x \($0.quantity)" } ?? "-"), "
                + "best ask \(rep.bestAsk.map { "\($0.price) x \($0.quantity)" } ?? "-"), malformed \(rep.malformed)")
        }
        bestCPU[variant] = min(bestCPU[variant], cpu)
        bestWall[variant] = min(bestWall[variant], wall)
    }
    let m = Double(max(messages, 1))
    print("replay-file \(path): \(messages) msgs, \(bytes.count) bytes; best of \(rounds)")
    for (v, name) in ["BookReplayer.feedAll (memchr)", "byte-loop split + feed(line:)"].enumerated() {
        print(
            "  \(name.padding(32)) \(Int((bestCPU[v] / m).rounded())) ns/msg CPU "
                + "(\(Int((m / bestCPU[v] * 1e9).rounded())) msgs/s), \(Int((bestWall[v] / m).rounded())) ns/msg wall")
    }
}

/// The newline scan `feedAll` used before memchr, kept as the baseline of `replay-file`.
@inline(never)
func byteLoopReplay(_ r: inout BookReplayer, _ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress else { return }
    let n = bytes.count
    var start = 0
    var i = 0
    while i < n {
        if bytes[i] == 0x0A {
            r.feed(line: UnsafeRawBufferPointer(start: base + start, count: i - start))
            start = i + 1
        }
        i += 1
    }
    if start < n { r.feed(line: UnsafeRawBufferPointer(start: base + start, count: n - start)) }
}

func main() {
    let args = CommandLine.arguments
    if args.count >= 3 && args[1] == "replay-file" {
        replayFile(args[2])
        return
    }
    let n = 1_000_000
    let usdtm = ReplayState(.usdtm, symbol: "BTCUSDT")
    let coinm = ReplayState(.coinm, symbol: "BTCUSD")
    let apply = ReplayState(.usdtm, symbol: "BTCUSDT")
    apply.predecode()
    let decode = ReplayState(.usdtm, symbol: "BTCUSDT")
    let classify = ReplayState(.usdtm, symbol: "BTCUSDT")
    // The same rules on 2,001 frames (~520 KB, fits the L2 cache): the memory-stall share.
    let resident = ReplayState(BenchStream(seed: 1, count: 2000, coinm: false), symbol: "BTCUSDT")
    print("USDT-M stream: \(usdtm.stream.count) frames, \(Int(usdtm.stream.averageLength)) bytes average")
    print("COIN-M stream: \(coinm.stream.count) frames, \(Int(coinm.stream.averageLength)) bytes average")
    // Warm-up: one pass each so scratch and ladders reach their working size.
    _ = bytesToBook(usdtm, usdtm.stream.count)
    _ = bytesToBook(coinm, coinm.stream.count)
    _ = applyOnly(apply, apply.stream.count)
    _ = decodeOnly(decode, decode.stream.count)
    _ = bytesToBook(resident, resident.stream.count)
    _ = measure("bytes→book USDT-M orderbook_p", messages: n) { bytesToBook(usdtm, n) }
    _ = measure("bytes→book USDT-M, 2k frames (cache-resident)", messages: n) { bytesToBook(resident, n) }
    _ = measure("bytes→book USDT-M, decode(_:) then apply(to:)", messages: n) { decodeThenApply(usdtm, n) }
    _ = measure("bytes→book COIN-M book", messages: n) { bytesToBook(coinm, n) }
    _ = measure("decode orderbook_p frame", messages: n) { decodeOnly(decode, n) }
    _ = measure("decode one frame over and over (predictor best case)", messages: n) { decodeSameFrame(decode, n) }
    _ = measure("apply pre-decoded levels to OrderBook", messages: n) { applyOnly(apply, n) }
    _ = measure("classify frame", messages: n) { classifyOnly(classify, n) }
    let frames = BenchStream.usdtm.count
    _ = measure("BookReplayer.feedAll (fresh replayer, 100k capture)", messages: frames, rounds: 5) { replayer(.usdtm) }
}

main()
