import MarketCore
import Testing

@testable import PhemexWire

/// A deliberately simple reference book: dictionaries, full sort after every message.
private struct ReferenceBook {
    var bids: [Int64: Int64] = [:]
    var asks: [Int64: Int64] = [:]
    var valid = false
    var lastSequence: Int64 = 0
    var stale = 0
    let depth: Int

    mutating func apply(snapshot: Bool, sequence: Int64, bids b: [(Int64, Int64)], asks a: [(Int64, Int64)]) {
        if valid && sequence < lastSequence {
            stale += 1
            return
        }
        if !snapshot && !valid { return }
        if snapshot {
            bids = [:]
            asks = [:]
            valid = true
        }
        for (p, q) in b { if q == 0 { bids[p] = nil } else { bids[p] = q } }
        for (p, q) in a { if q == 0 { asks[p] = nil } else { asks[p] = q } }
        for p in bids.keys.sorted(by: >).dropFirst(depth) { bids[p] = nil }
        for p in asks.keys.sorted().dropFirst(depth) { asks[p] = nil }
        lastSequence = sequence
    }

    func levels(_ side: Side) -> [BookLevel] {
        let d = side == .buy ? bids : asks
        let keys = side == .buy ? d.keys.sorted(by: >) : d.keys.sorted()
        return keys.map { BookLevel(price: Price(raw: $0), quantity: Quantity(raw: d[$0] ?? 0)) }
    }
}

/// Generates a synthetic capture like `scripts/gen-book-stream` (same rules, Swift RNG):
/// one 30-level snapshot, then incrementals of 1–6 changes on a random-walk book.
struct SyntheticBookStream {
    var rng: SeededRandom
    let coinm: Bool
    let symbol: String
    var mid: Int64 = 600_000
    var bids: [Int64: Int64] = [:]  // tick -> size units (thousandths or contracts)
    var asks: [Int64: Int64] = [:]
    var sequence: Int64 = 68_604_886_383
    var time: Int64 = 1_760_000_000_123_456_789

    init(seed: UInt64, coinm: Bool = false, symbol: String = "BTCUSDT") {
        rng = SeededRandom(seed: seed)
        self.coinm = coinm
        self.symbol = symbol
        if coinm { mid = 120_000 }
        for i in Int64(0)..<30 {
            bids[mid - 1 - i] = newSize()
            asks[mid + i] = newSize()
        }
    }

    mutating func newSize() -> Int64 { coinm ? Int64.random(in: 1...50_000, using: &rng) : Int64.random(in: 1...5000, using: &rng) }

    func priceText(_ t: Int64) -> String {
        if coinm { return String(t * 5000) }
        return t % 10 == 0 ? "\"\(t / 10)\"" : "\"\(t / 10).\(t % 10)\""
    }

    func sizeText(_ s: Int64) -> String {
        if coinm { return String(s) }
        let frac = String(s % 1000 + 1000).dropFirst()
        return s == 0 ? "\"0\"" : "\"\(s / 1000).\(frac)\""
    }

    func frame(type: String, sequence: Int64, bids b: [(Int64, Int64)], asks a: [(Int64, Int64)]) -> String {
        let bt = b.map { "[\(priceText($0.0)),\(sizeText($0.1))]" }.joined(separator: ",")
        let at = a.map { "[\(priceText($0.0)),\(sizeText($0.1))]" }.joined(separator: ",")
        let key = coinm ? "book" : "orderbook_p"
        return #"{"depth":30,"dts":\#(time + 21_000_000),"\#(key)":{"asks":[\#(at)],"bids":[\#(bt)]},"sequence":\#(sequence),"symbol":"\#(symbol)","timestamp":\#(time),"type":"\#(type)"}"#
    }

    mutating func snapshot() -> (line: String, bids: [(Int64, Int64)], asks: [(Int64, Int64)]) {
        let b = bids.keys.sorted(by: >).map { ($0, bids[$0] ?? 0) }
        let a = asks.keys.sorted().map { ($0, asks[$0] ?? 0) }
        return (frame(type: "snapshot", sequence: sequence, bids: b, asks: a), b, a)
    }

    mutating func incremental() -> (line: String, bids: [(Int64, Int64)], asks: [(Int64, Int64)]) {
        sequence += Int64.random(in: 1...400, using: &rng)
        time += Int64.random(in: 1_000_000...50_000_000, using: &rng)
        var changes: [(Bool, Int64, Int64)] = []  // (isAsk, tick, size)
        func has(_ isAsk: Bool, _ t: Int64) -> Bool { changes.contains { $0.0 == isAsk && $0.1 == t } }
        let r = Int.random(in: 0..<100, using: &rng)
        if r < 8 {
            mid += 1
            for t in asks.keys.sorted() where t < mid { changes.append((true, t, 0)) }
        } else if r < 16 {
            mid -= 1
            for t in bids.keys.sorted() where t > mid - 1 { changes.append((false, t, 0)) }
        }
        let target = Int.random(in: 1...6, using: &rng)
        var attempts = 0
        while changes.count < target && attempts < 50 {
            attempts += 1
            let isAsk = Bool.random(using: &rng)
            let side = isAsk ? asks : bids
            var op = Int.random(in: 0..<10, using: &rng)
            if side.count < 20 { op = 9 }
            let t: Int64
            let size: Int64
            if op < 5, let pick = side.keys.sorted().randomElement(using: &rng) {
                t = pick
                size = newSize()
            } else if op < 7, let pick = side.keys.sorted().randomElement(using: &rng) {
                t = pick
                size = 0
            } else {
                let off = Int64.random(in: 0...33, using: &rng)
                t = isAsk ? mid + off : mid - 1 - off
                size = newSize()
            }
            if has(isAsk, t) { continue }
            if size == 0 && side[t] == nil { continue }
            changes.append((isAsk, t, size))
        }
        for (isAsk, t, s) in changes {
            if isAsk { asks[t] = s == 0 ? nil : s } else { bids[t] = s == 0 ? nil : s }
        }
        for t in bids.keys.sorted(by: >).dropFirst(30) { bids[t] = nil }
        for t in asks.keys.sorted().dropFirst(30) { asks[t] = nil }
        changes.shuffle(using: &rng)
        let b = changes.filter { !$0.0 }.map { ($0.1, $0.2) }
        let a = changes.filter { $0.0 }.map { ($0.1, $0.2) }
        return (frame(type: "incremental", sequence: sequence, bids: b, asks: a), b, a)
    }
}

@Suite struct BookReplayerTests {
    /// Replaying a generated stream (with stale frames, trades, junk lines mixed in) gives
    /// the same final book as the simple reference implementation, message by message.
    @Test(arguments: [(UInt64(1), false), (UInt64(2), true), (UInt64(99), false)])
    func replayMatchesReferenceImplementation(seed: UInt64, coinm: Bool) throws {
        var gen = SyntheticBookStream(seed: seed, coinm: coinm, symbol: coinm ? "BTCUSD" : "BTCUSDT")
        var reference = ReferenceBook(depth: 30)
        var replayer = BookReplayer()
        let scale: (Int64) -> Int64 = { gen.coinm ? $0 * 500_000_000 : $0 * 100_000_000 }
        let sizeScale: (Int64) -> Int64 = { gen.coinm ? $0 * 1_000_000_000 : $0 * 1_000_000 }
        func feed(_ f: (line: String, bids: [(Int64, Int64)], asks: [(Int64, Int64)]), snapshot: Bool, sequence: Int64) {
            replayer.feed(f.line)
            reference.apply(
                snapshot: snapshot, sequence: sequence, bids: f.bids.map { (scale($0.0), sizeScale($0.1)) },
                asks: f.asks.map { (scale($0.0), sizeScale($0.1)) })
        }
        var expectedMalformed = 0
        var expectedTrades = 0
        var lines = 0
        // Incrementals before the snapshot are ignored by both.
        let early = gen.frame(type: "incremental", sequence: 1, bids: [(599_000, 5)], asks: [])
        feed((early, [(599_000, 5)], []), snapshot: false, sequence: 1)
        lines += 1
        let snap = gen.snapshot()
        feed(snap, snapshot: true, sequence: gen.sequence)
        lines += 1
        var rng = SeededRandom(seed: seed &+ 1000)
        for i in 0..<2000 {
            let f = gen.incremental()
            feed(f, snapshot: false, sequence: gen.sequence)
            lines += 1
            let r = Int.random(in: 0..<100, using: &rng)
            if r < 3 {
                // A stale frame: lower sequence, must be dropped and counted.
                let stale = gen.frame(type: "incremental", sequence: gen.sequence - 5, bids: [(gen.mid - 1, 77)], asks: [])
                feed((stale, [(gen.mid - 1, 77)], []), snapshot: false, sequence: gen.sequence - 5)
                lines += 1
            } else if r < 6 {
                replayer.feed(#"{"sequence":\#(gen.sequence),"symbol":"\#(gen.symbol)","trades_p":[[\#(i),"Buy","60000.1","0.001"]],"type":"incremental"}"#)
                expectedTrades += 1
                lines += 1
            } else if r < 8 {
                replayer.feed(#"{"orderbook_p":{"asks":[["NaN","1"]],"bids":[]},"sequence":1,"symbol":"X","timestamp":1,"type":"incremental"}"#)
                expectedMalformed += 1
                lines += 1
            } else if r < 9 {
                replayer.feed("")  // blank lines are skipped, not counted
            }
            if i % 500 == 0, let book = replayer.book(for: Symbol(gen.symbol)) {
                #expect(book.levels(.buy) == reference.levels(.buy))
                #expect(book.levels(.sell) == reference.levels(.sell))
            }
        }
        let book = try #require(replayer.book(for: Symbol(gen.symbol)))
        #expect(book.levels(.buy) == reference.levels(.buy))
        #expect(book.levels(.sell) == reference.levels(.sell))
        #expect(!book.isCrossed)
        let report = replayer.report
        #expect(report.messages == lines)
        #expect(report.stale == reference.stale)
        #expect(report.stale > 0)
        #expect(report.malformed == expectedMalformed)
        #expect(report.trades == expectedTrades)
        #expect(report.firstErrors.count == min(5, expectedMalformed))
        #expect(report.bestBid == reference.levels(.buy).first)
        #expect(report.bestAsk == reference.levels(.sell).first)
        #expect(report.symbol == Symbol(gen.symbol))
    }

    @Test func feedAllSplitsLinesAndReportsLineNumbers() throws {
        let capture = [
            try marketFixture("usdtm-orderbook-02-subscribe-ack").replacingOccurrences(of: "\n", with: ""),
            #"{"orderbook_p":{"asks":[["65000.1","1"]],"bids":[["65000","2"]]},"sequence":5,"symbol":"BTCUSDT","timestamp":1,"type":"snapshot"}"#,
            "",
            "not json",
            #"{"orderbook_p":{"asks":[["64000","1"]],"bids":[]},"sequence":4,"symbol":"BTCUSDT","timestamp":2,"type":"incremental"}"#,
            #"{"book":{"asks":[[650005000,3]],"bids":[]},"sequence":9,"symbol":"BTCUSD","timestamp":3,"type":"snapshot"}"#,
            #"{"orderbook_p":{"asks":[],"bids":[["65000","0.5"]]},"sequence":6,"symbol":"BTCUSDT","timestamp":4,"type":"incremental"}"#,
        ].joined(separator: "\n")
        var replayer = BookReplayer()
        var bytes = Array(capture.utf8)
        bytes.withUnsafeMutableBytes { replayer.feedAll(UnsafeRawBufferPointer($0)) }
        let r = replayer.report
        #expect(r.messages == 6)
        #expect(r.otherFrames == 1)
        #expect(r.bookFrames == 4)
        #expect(r.malformed == 1)
        #expect(r.firstErrors.first?.line == 4)
        #expect(r.stale == 1)
        #expect(r.symbol == "BTCUSDT")
        #expect(r.bestBid == BookLevel(price: Price(65000), quantity: Quantity(raw: 500_000_000)))
        #expect(r.bestAsk?.price == (try? Price(parsing: "65000.1")))
        #expect(replayer.books.map(\.symbol) == ["BTCUSDT", "BTCUSD"])
        var chosen = BookReplayer(symbol: "BTCUSD")
        bytes.withUnsafeMutableBytes { chosen.feedAll(UnsafeRawBufferPointer($0)) }
        #expect(chosen.report.bestAsk == BookLevel(price: (try? Price(parsing: "65000.5")) ?? 0, quantity: 3))
        #expect(chosen.report.bestBid == nil)
        var unknown = BookReplayer(symbol: "NOPE")
        unknown.feed("{}")
        #expect(unknown.report.bestBid == nil && unknown.report.symbol == "NOPE")
    }

    /// `feedAll` (memchr-based split) must see exactly the lines a plain split on `\n` gives:
    /// empty and blank lines, CRLF endings, a last line with or without its newline, a capture
    /// that is only newlines, and an empty capture.
    @Test func feedAllSplitMatchesLineByLineFeeding() {
        let book = #"{"orderbook_p":{"asks":[["65000.1","1"]],"bids":[["65000","2"]]},"sequence":5,"symbol":"BTCUSDT","timestamp":1,"type":"snapshot"}"#
        let pieces = [book, "", " ", "\r", book + "\r", "not json", "{", book, "x"]
        var rng = SeededRandom(seed: 42)
        var captures = ["", "\n", "\n\n", book, book + "\n", "\n" + book, "bad\r\n" + book + "\r\n\r\n"]
        for _ in 0..<200 {
            let n = Int.random(in: 1...12, using: &rng)
            var text = (0..<n).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &rng)] }.joined(separator: "\n")
            if Bool.random(using: &rng) { text += "\n" }
            captures.append(text)
        }
        for text in captures {
            var whole = BookReplayer(maxReportedErrors: 100)
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBytes { whole.feedAll(UnsafeRawBufferPointer($0)) }
            // Split the bytes, not the String: Swift reads "\r\n" as one Character.
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
            if bytes.last == 0x0A || bytes.isEmpty { lines.removeLast() }
            var byLine = BookReplayer(maxReportedErrors: 100)
            for l in lines { l.withUnsafeBytes { byLine.feed(line: $0) } }
            #expect(whole.report == byLine.report, "capture \(text.debugDescription)")
        }
        // The last line counts without a newline, and line numbers include empty lines.
        var r = BookReplayer()
        var bytes = Array("\n\r\n\nbad".utf8)
        bytes.withUnsafeMutableBytes { r.feedAll(UnsafeRawBufferPointer($0)) }
        #expect(r.report.messages == 1)
        #expect(r.report.firstErrors.map(\.line) == [4])
    }
}
