import BookBenchCore
import Foundation
import MarketCore
import PhemexWire
import Strategies
import TradingEngine

/// Journal replay throughput: a journal recorded from a driven engine (book tops from the
/// synthetic capture, command replies, fills, timers) is replayed the way `mmbot replay` does
/// it (`JournalReplayer`: decode each JSON line → `Engine.handle` → encode each output line).
///
/// Two mixes. `realistic`: the example job's pure_market_making settings
/// (strategies/pure_mm_btcusdt.yml) and the input mix of a real simulator run's journal
/// (a book top every 20 ms, a public trade every 9th frame, a mark every 46th: 82 % book,
/// 9 % trade, 2 % mark, the rest command results, executions, timers). `ladder`: a quoter
/// chasing the touch on every frame (the tracker delays and audits almost every tick).
enum ReplayBench {
    /// The example job's strategy (strategies/pure_mm_btcusdt.yml).
    static func exampleStrategy() -> PureMarketMakingStrategy {
        var c = PureMarketMakingConfig(symbol: "BTCUSDT", bidSpread: Fraction(raw: 100_000), askSpread: Fraction(raw: 100_000), orderAmount: Quantity(raw: 10_000_000))
        c.orderLevels = 2
        c.orderLevelSpread = Fraction(raw: 100_000)
        c.orderRefreshTime = .seconds(5)
        c.orderRefreshTolerancePct = Fraction(raw: 50_000)
        c.maxOrderAge = .seconds(300)
        c.filledOrderDelay = .seconds(2)
        c.inventorySkewEnabled = true
        return PureMarketMakingStrategy(config: c)
    }

    static func strategy(realistic: Bool) -> any Strategy {
        realistic ? exampleStrategy() : LadderQuoter(symbols: ["BTCUSDT"])
    }

    /// Records a journal of about `inputs` inputs; returns its text and the input count.
    static func record(inputs target: Int, realistic: Bool) -> (text: String, inputs: [EngineInput], header: JournalHeader) {
        let spec = linearSpec("BTCUSDT")
        let config = EngineConfig(botName: "bench", sessionTag: "b1", instruments: [spec], summaryInterval: .seconds(10))
        var driver = Driver(engine: Engine(config: config, strategy: strategy(realistic: realistic)), record: true)
        driver.venue.fillEvery = 40
        var frame = 0
        var now = Timestamp.millis(1_760_000_000_000)
        driver.feed(EngineInput(receivedAt: now, kind: .start))
        var book = OrderBook(symbol: "BTCUSDT", depth: 30)
        var decoder = MarketDataDecoder()
        let stream = BenchStream.usdtm
        var cursor = 0
        stream.bytes.withUnsafeBytes { buf in
            guard let base = buf.baseAddress else { return }
            while driver.inputs.count < target {
                if cursor == stream.count {
                    cursor = 0
                    book.invalidate()
                }
                let line = UnsafeRawBufferPointer(start: base + stream.starts[cursor], count: stream.ends[cursor] - stream.starts[cursor])
                cursor += 1
                now = now + .millis(20)
                driver.fireTimer(upTo: now)
                if (try? decoder.decode(line)) == .book, (try? decoder.apply(to: &book, priceScale: 4)) == true {
                    driver.feed(EngineInput(receivedAt: now, kind: .exchange(.book(book.top(time: now)))))
                    frame += 1
                    guard realistic, let bid = book.bestBid?.price else { continue }
                    if frame % 9 == 0 {
                        let t = TradeTick(symbol: "BTCUSDT", side: frame % 2 == 0 ? .buy : .sell, price: bid,
                                          quantity: Quantity(raw: Int64(1 + frame % 50) * 1_000_000), time: now)
                        driver.feed(EngineInput(receivedAt: now, kind: .exchange(.trade(t))))
                    }
                    if frame % 46 == 0 {
                        let m = MarkPriceTick(symbol: "BTCUSDT", markPrice: bid, indexPrice: bid, fundingRate: Money(raw: 100_000), time: now)
                        driver.feed(EngineInput(receivedAt: now, kind: .exchange(.mark(m))))
                    }
                }
            }
        }
        let header = JournalHeader(config: config, strategyConfig: realistic ? "pure_mm_btcusdt" : "ladder_quoter", state: nil)
        let codec = JournalCodec()
        var text = (try? codec.line(.header(header))) ?? ""
        text += "\n"
        for i in driver.inputs { text += ((try? codec.line(.input(i))) ?? "") + "\n" }
        return (text, driver.inputs, header)
    }

    static func run(inputs target: Int, realistic: Bool) {
        let (text, inputs, header) = record(inputs: target, realistic: realistic)
        if let path = ProcessInfo.processInfo.environment["MMBOT_BENCH_JOURNAL_OUT"] {
            _ = FileManager.default.createFile(atPath: path + (realistic ? ".realistic" : ".ladder"), contents: Data(text.utf8))
        }
        var kinds: [String: Int] = [:]
        for i in inputs {
            switch i.kind {
            case .exchange(.book): kinds["book", default: 0] += 1
            case .exchange(.trade): kinds["trade", default: 0] += 1
            case .exchange(.mark): kinds["mark", default: 0] += 1
            case .exchange(.commandResult): kinds["commandResult", default: 0] += 1
            case .exchange(.execution): kinds["execution", default: 0] += 1
            case .timer: kinds["timer", default: 0] += 1
            default: kinds["other", default: 0] += 1
            }
        }
        let mix = kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("journal: \(inputs.count) inputs, \(text.utf8.count / 1024) KiB (\(mix))")
        let serial = JournalReplayer(makeStrategy: { _ in strategy(realistic: realistic) }, pipelineMinimumBytes: .max)
        let piped = JournalReplayer(makeStrategy: { _ in strategy(realistic: realistic) }, pipelineMinimumBytes: 0)

        // The whole `mmbot replay` path, on one thread and pipelined.
        let one = measure(serial, [text], rounds: 3, expect: inputs.count)
        report("replay, one thread (decode + handle + encode)", inputs.count, one.thread, extra: "\(one.outBytes / 1024) KiB of output lines")
        let two = measure(piped, [text], rounds: 3, expect: inputs.count)
        report("replay, pipelined: wall clock", inputs.count, two.wall, extra: "(decoding on a second thread)")
        report("  pipelined: CPU of both threads", inputs.count, two.process)

        // The same journal from a file, read the way `mmbot replay` reads it.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mmbot-replay-bench-\(getpid()).jsonl").path
        if FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) {
            defer { try? FileManager.default.removeItem(atPath: path) }
            let file = measureFile(path, rounds: 3, expect: inputs.count) { strategy(realistic: realistic) }
            report("replay from a file (as mmbot replay)", inputs.count, file, extra: "(1 MiB chunks, one thread)")
            report("  (before: whole file read + String)", inputs.count, loadAsString(path, rounds: 3), extra: "(on top of the replay)")
        }

        // Parts: decoding lines only, handling pre-decoded inputs only, encoding outputs only.
        let codec = JournalCodec()
        var best = Int64.max
        for _ in 0..<3 {
            let t0 = threadCPUNanos()
            let k = JournalReplayer.decodeOnly([text])
            best = min(best, threadCPUNanos() - t0)
            precondition(k == inputs.count)
        }
        report("  split + decode journal lines", inputs.count, best)
        best = .max
        var allOutputs: [EngineOutput] = []
        for round in 0..<3 {
            var e = Engine(config: header.config, strategy: strategy(realistic: realistic))
            let t0 = threadCPUNanos()
            var count = 0
            for i in inputs {
                let o = e.handle(i)
                count &+= o.count
                if round == 0 { allOutputs += o }
            }
            best = min(best, threadCPUNanos() - t0)
        }
        report("  Engine.handle (pre-decoded inputs)", inputs.count, best, extra: "\(allOutputs.count) outputs")
        var outKinds: [String: Int] = [:]
        for o in allOutputs {
            switch o {
            case .command: outKinds["command", default: 0] += 1
            case .audit(let a): outKinds["audit \(a.action) \(a.verdict) \(a.rule)", default: 0] += 1
            case .log(let l): outKinds["log \(l.component) \(l.message.prefix(12))", default: 0] += 1
            case .scheduleTimer: outKinds["scheduleTimer", default: 0] += 1
            default: outKinds["other", default: 0] += 1
            }
        }
        print("  outputs: " + outKinds.sorted { $0.value > $1.value }.prefix(12).map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        best = .max
        for _ in 0..<3 {
            let t0 = threadCPUNanos()
            var bytes = 0
            for o in allOutputs { bytes &+= ((try? codec.line(o)) ?? "").utf8.count }
            best = min(best, threadCPUNanos() - t0)
        }
        report("  encode output lines", inputs.count, best)
    }

    /// Replays a journal file of a real run of the example job (strategies/pure_mm_btcusdt.yml)
    /// `rounds` times; prints events/s and the decode time per input kind.
    static func runFile(_ path: String, rounds: Int, perKind showKinds: Bool = true) {
        if let sizes = ProcessInfo.processInfo.environment["MMBOT_BENCH_CHUNKS"] {
            // Chunk sizes compared alternately (same process, same file): the file replay only.
            let n = (try? JournalReplayer(makeStrategy: { _ in exampleStrategy() }).replay(
                [String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)]) { _ in }) ?? 0
            let chunks = sizes.split(separator: ",").compactMap { Int($0) }
            var all: [Int: [Int64]] = [:]
            for _ in 0..<rounds {
                for c in chunks { all[c, default: []].append(measureFile(path, rounds: 1, expect: n, chunkSize: c) { exampleStrategy() }) }
            }
            for c in chunks {
                let t = all[c, default: []].sorted()
                report("file replay, \(c)-byte chunks: median", n, t[t.count / 2], extra: "best \(String(format: "%.1f", Double(t[0]) / Double(n))) ns")
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            print("cannot read \(path)")
            return
        }
        let text = String(decoding: data, as: UTF8.self)
        let serial = JournalReplayer(makeStrategy: { _ in exampleStrategy() }, pipelineMinimumBytes: .max)
        let one = measure(serial, [text], rounds: rounds, expect: nil)
        let n = one.count
        let outBytes = one.outBytes
        let best = one.thread
        print("journal \(path): \(n) inputs, \(data.count / 1024) KiB")
        report("replay, one thread (decode + handle + encode)", n, best, extra: "\(outBytes / 1024) KiB of output lines")
        let file = measureFile(path, rounds: rounds, expect: n) { exampleStrategy() }
        report("replay from the file (as mmbot replay)", n, file, extra: "(1 MiB chunks, one thread)")
        report("  (before: whole file read + String)", n, loadAsString(path, rounds: rounds), extra: "(on top of the replay)")
        let piped = JournalReplayer(makeStrategy: { _ in exampleStrategy() }, pipelineMinimumBytes: 0)
        let two = measure(piped, [text], rounds: rounds, expect: n)
        report("replay, pipelined: wall clock", n, two.wall, extra: "(decoding on a second thread)")
        report("  pipelined: CPU of both threads", n, two.process)
        guard showKinds else { return }
        let codec = JournalCodec()
        var perKind: [String: (count: Int, nanos: Int64)] = [:]
        for line in text.split(separator: "\n") {
            let kind = kindName(line)
            let t0 = threadCPUNanos()
            for _ in 0..<10 { _ = try? codec.record(line, number: 1) }
            let dt = (threadCPUNanos() - t0) / 10
            perKind[kind, default: (0, 0)].count += 1
            perKind[kind, default: (0, 0)].nanos += dt
        }
        for (k, v) in perKind.sorted(by: { $0.value.nanos > $1.value.nanos }) {
            print("  decode \(k.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(format: "%6d", v.count)) lines  \(String(format: "%9.1f", Double(v.nanos) / Double(v.count))) ns/line  \(String(format: "%6.1f", Double(v.nanos) / 1e6)) ms total")
        }
    }

    /// `Engine.handle` alone over the inputs of a journal file (decoded once), `rounds` times.
    static func handleLoop(_ path: String, rounds: Int) {
        guard let data = FileManager.default.contents(atPath: path) else {
            print("cannot read \(path)")
            return
        }
        let codec = JournalCodec()
        var header: JournalHeader?
        var inputs: [EngineInput] = []
        for (n, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            switch try? codec.record(line, number: n + 1) {
            case .header(let h)?: if header == nil { header = h }
            case .input(let i)?: inputs.append(i)
            case nil: break
            }
        }
        guard let header else { return }
        var best = Int64.max
        for _ in 0..<rounds {
            var e = Engine(config: header.config, strategy: exampleStrategy())
            let t0 = threadCPUNanos()
            for i in inputs { _ = e.handle(i) }
            best = min(best, threadCPUNanos() - t0)
        }
        report("Engine.handle (pre-decoded inputs)", inputs.count, best)
    }

    /// Best of `rounds` replays of the file at `path` (with `strategy`) as `mmbot replay` runs them
    /// (`ReplayRunner`: POSIX `read` of 1 MiB chunks into `JournalReplayer.replay(files:…)`),
    /// in thread CPU nanoseconds (reading included).
    static func measureFile(_ path: String, rounds: Int, expect: Int, chunkSize: Int = 1 << 20, strategy: @escaping @Sendable () -> any Strategy) -> Int64 {
        let replayer = JournalReplayer(makeStrategy: { _ in strategy() })
        var best = Int64.max
        for _ in 0..<rounds {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { return .max }
            defer { close(fd) }
            var bytes = 0
            let t0 = threadCPUNanos()
            let n = (try? replayer.replay(files: 1, chunkSize: chunkSize, read: { _, into in read(fd, into.baseAddress, into.count) }) { bytes &+= $0.utf8.count }) ?? 0
            best = min(best, threadCPUNanos() - t0)
            precondition(n == expect, "file replay count \(n) != \(expect)")
        }
        return best
    }

    /// Best of `rounds` times (thread CPU) to read the file at `path` whole and make it a
    /// `String`, as `mmbot replay` did before it read in chunks.
    static func loadAsString(_ path: String, rounds: Int) -> Int64 {
        var best = Int64.max
        for _ in 0..<rounds {
            let t0 = threadCPUNanos()
            let count = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self).utf8.count } ?? 0
            best = min(best, threadCPUNanos() - t0)
            precondition(count > 0)
        }
        return best
    }

    /// Best of `rounds` replays: thread CPU, process CPU and wall time (nanoseconds), inputs
    /// replayed and output bytes.
    static func measure(_ replayer: JournalReplayer, _ texts: [String], rounds: Int, expect: Int?)
        -> (thread: Int64, process: Int64, wall: Int64, count: Int, outBytes: Int)
    {
        var best = (thread: Int64.max, process: Int64.max, wall: Int64.max, count: 0, outBytes: 0)
        for _ in 0..<rounds {
            var bytes = 0
            let (t0, p0, w0) = (threadCPUNanos(), processCPUNanos(), monoNanos())
            let n = (try? replayer.replay(texts) { bytes &+= $0.utf8.count }) ?? 0
            let (t1, p1, w1) = (threadCPUNanos(), processCPUNanos(), monoNanos())
            if let expect { precondition(n == expect, "replay count \(n) != \(expect)") }
            best.thread = min(best.thread, t1 - t0)
            best.process = min(best.process, p1 - p0)
            best.wall = min(best.wall, w1 - w0)
            best.count = n
            best.outBytes = bytes
        }
        return best
    }

    static func kindName(_ line: Substring) -> String {
        let head = line.prefix(60)
        if head.hasPrefix(#"{"header""#) { return "header" }
        if head.hasPrefix(#"{"input":{"_0":{"kind":{"exchange":{"_0":{""#) {
            return String(head.dropFirst(43).prefix { $0 != "\"" })
        }
        if head.hasPrefix(#"{"input":{"_0":{"kind":{""#) { return String(head.dropFirst(25).prefix { $0 != "\"" }) }
        return "?"
    }

    static func report(_ name: String, _ n: Int, _ nanos: Int64, extra: String = "") {
        let perSecond = Double(n) / (Double(nanos) / 1e9)
        let ns = Double(nanos) / Double(n)
        print("\(name.padding(toLength: 46, withPad: " ", startingAt: 0)) \(String(format: "%10.0f", perSecond)) events/s  \(String(format: "%8.1f", ns)) ns/event  \(extra)")
    }
}
