import Foundation
import MarketCore
import Testing

@testable import PhemexWire

/// Everything observable about a book.
private func fingerprint(_ b: OrderBook) -> String {
    "\(b.levels(.buy)) \(b.levels(.sell)) seq \(b.lastSequence) stale \(b.staleDropped) "
        + "ignored \(b.ignoredWhileInvalid) applied \(b.updatesApplied) valid \(b.isValid) time \(b.lastUpdateTime.nanos)"
}

/// Everything observable about the decoder's last frame.
private func decoded(_ d: MarketDataDecoder) -> String {
    guard d.kind == .book else { return "\(d.kind) trades \(d.tradeCount)" }
    return "\(d.kind) \(d.contractKind) \(d.isSnapshot) \(d.sequence) \(d.timestamp.nanos) \(d.symbol) "
        + "\((try? d.levels(.buy, priceScale: 4)) ?? []) \((try? d.levels(.sell, priceScale: 4)) ?? [])"
}

/// A `SyntheticBookStream` line in Phemex's own key order (what the single-pass path takes).
private func phemexOrder(_ line: String, coinm: Bool) -> String {
    if !coinm { return line.replacingOccurrences(of: #","orderbook_p":"#, with: #","mts":1760000000125956789,"orderbook_p":"#) }
    guard let open = line.range(of: #""book":"#), let close = line.range(of: #"},"sequence":"#) else { return line }
    return #"{"book":"# + line[open.upperBound..<close.lowerBound] + #"},"depth":30,"sequence":"# + line[close.upperBound...]
}

/// Feeds the same frames to `decode(_:applyingTo:key:priceScale:)` and to `decode` + `apply`.
private struct Twin {
    var fused = MarketDataDecoder()
    var plain = MarketDataDecoder()
    var fusedBook: OrderBook
    var plainBook: OrderBook
    let key: SymbolKey
    var speculated = 0

    init(symbol: Symbol) {
        fusedBook = OrderBook(symbol: symbol, depth: 30)
        plainBook = OrderBook(symbol: symbol, depth: 30)
        key = SymbolKey(symbol) ?? SymbolKey(low: 0, high: 0, length: 0)
    }

    /// Feeds one frame both ways and checks that results, decoders and books agree.
    mutating func feed(_ bytes: [UInt8], _ note: @autoclosure () -> String) {
        let couldSpeculate = fusedBook.canSpeculate
        let sequenceBefore = fusedBook.updatesApplied
        let r1: Result<String, MarketDataError> = bytes.withUnsafeBytes { buf in
            do throws(MarketDataError) {
                let r = try fused.decode(buf, applyingTo: &fusedBook, key: key, priceScale: 4)
                return .success("\(r.kind) \(String(describing: r.applied))")
            } catch { return .failure(error) }
        }
        let r2: Result<String, MarketDataError> = bytes.withUnsafeBytes { buf in
            do throws(MarketDataError) {
                let k = try plain.decode(buf)
                guard k == .book, plain.symbolKey == key else { return .success("\(k) nil") }
                return .success("\(k) \(String(describing: Optional(try plain.apply(to: &plainBook, priceScale: 4))))")
            } catch { return .failure(error) }
        }
        #expect(r1 == r2, "\(note())")
        if case .success = r1 { #expect(decoded(fused) == decoded(plain), "\(note())") }
        #expect(fingerprint(fusedBook) == fingerprint(plainBook), "\(note())")
        if couldSpeculate && fusedBook.updatesApplied != sequenceBefore { speculated += 1 }
    }
}

@Suite struct MarketDataFusedPathTests {
    /// Generated streams (USDT-M and COIN-M, Phemex's key order) with periodic snapshots, stale
    /// frames, another symbol's frames and trades mixed in: the single pass gives exactly the
    /// results, decoder state and book of `decode` then `apply`.
    @Test(arguments: [false, true])
    func singlePassEqualsDecodeThenApply(coinm: Bool) {
        let symbol: Symbol = coinm ? "BTCUSD" : "BTCUSDT"
        var stream = SyntheticBookStream(seed: 31, coinm: coinm, symbol: symbol.name)
        var other = SyntheticBookStream(seed: 32, coinm: coinm, symbol: "ETHUSDT")
        var twin = Twin(symbol: symbol)
        var rng = SeededRandom(seed: 33)
        var old: [String] = []
        // An incremental before any snapshot is ignored both ways.
        twin.feed(Array(phemexOrder(stream.incremental().line, coinm: coinm).utf8), "early")
        for i in 0..<3000 {
            let line: String
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<2: line = stream.snapshot().line
            case 2..<4 where !old.isEmpty: line = old[Int.random(in: 0..<old.count, using: &rng)]  // stale
            case 4..<8: line = other.incremental().line
            case 8: line = #"{"sequence":1,"symbol":"BTCUSDT","trades_p":[[1,"Buy","1.5","2"]],"type":"incremental"}"#
            default: line = i == 0 ? stream.snapshot().line : stream.incremental().line
            }
            let text = phemexOrder(line, coinm: coinm)
            if old.count < 50 { old.append(line) }
            twin.feed(Array(text.utf8), text)
        }
        #expect(twin.fusedBook.staleDropped > 10)
        #expect(twin.speculated > 2000)
    }

    /// Random edits and truncations of frames that continue a valid book: a malformed frame
    /// leaves the book untouched (the speculative levels are undone), and results agree.
    @Test func corruptedFramesLeaveTheBookAsDecodeThenApply() {
        var rng = SeededRandom(seed: 41)
        var stream = SyntheticBookStream(seed: 42)
        var twin = Twin(symbol: "BTCUSDT")
        twin.feed(Array(phemexOrder(stream.snapshot().line, coinm: false).utf8), "snapshot")
        let alphabet = Array(#"0123456789.-+eE"{}[],: \atbpsk"#.utf8) + [0, 0x80, 0xFF]
        for i in 0..<4000 {
            // A snapshot now and then re-seeds the book (an edit may have moved a side to the
            // ladder or pushed the sequence far ahead).
            if i % 25 == 0 {
                twin.fusedBook.invalidate()
                twin.plainBook.invalidate()
            }
            let line = i % 25 == 0 ? stream.snapshot().line : stream.incremental().line
            var b = Array(phemexOrder(line, coinm: false).utf8)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: b.removeLast(Int.random(in: 1..<b.count, using: &rng))
            case 1: b.remove(at: Int.random(in: 0..<b.count, using: &rng))
            case 2: b.insert(alphabet.randomElement(using: &rng) ?? 0, at: Int.random(in: 0...b.count, using: &rng))
            case 3: b[Int.random(in: 0..<b.count, using: &rng)] = alphabet.randomElement(using: &rng) ?? 0
            default: break
            }
            twin.feed(b, String(decoding: b, as: UTF8.self))
        }
        #expect(twin.speculated > 300)
    }

    /// Levels the rings refuse (a price off the 0.1 grid, a price far outside the ring's
    /// window, more levels than the journal holds) undo the pass; the ordinary path then
    /// applies the frame exactly as before.
    @Test func refusedLevelsFallBackToTheOrdinaryPath() {
        var stream = SyntheticBookStream(seed: 51)
        var twin = Twin(symbol: "BTCUSDT")
        twin.feed(Array(phemexOrder(stream.snapshot().line, coinm: false).utf8), "snapshot")
        let many = (0..<200).map { #"["\#(60000 + $0).5","1"]"# }.joined(separator: ",")
        let odd = [
            #"[["60000.05","1.5"],["60001.1","2"]]"#, #"[["60002.2","1"],["1.5","3"]]"#, #"[["60003.3","1"],["9000000","3"]]"#,
            "[" + many + "]",
        ]
        var seq: Int64 = 70_000_000_000
        for asks in odd {
            for _ in 0..<3 { twin.feed(Array(phemexOrder(stream.incremental().line, coinm: false).utf8), "normal") }
            seq += 1_000_000
            let text = #"{"depth":30,"dts":1,"mts":2,"orderbook_p":{"asks":\#(asks),"bids":[["59000.1","4"]]},"sequence":\#(seq),"symbol":"BTCUSDT","timestamp":5,"type":"incremental"}"#
            twin.feed(Array(text.utf8), text)
            twin.feed(Array(phemexOrder(stream.snapshot().line, coinm: false).utf8), "resync")
        }
    }
}

/// `BookReplayer` (which decodes and applies in one pass against the previous frame's book)
/// against the two-call path it replaced, on interleaved symbols and scaling errors.
@Suite struct BookReplayerSinglePassTests {
    @Test func replayerMatchesDecodeThenApplyPerSymbol() throws {
        var a = SyntheticBookStream(seed: 61, symbol: "BTCUSDT")
        var b = SyntheticBookStream(seed: 62, symbol: "ETHUSDT")
        var c = SyntheticBookStream(seed: 63, coinm: true, symbol: "BTCUSD")
        var rng = SeededRandom(seed: 64)
        var lines = [a.snapshot().line, b.snapshot().line, c.snapshot().line].map { phemexOrder($0, coinm: $0.contains(#""book""#)) }
        for _ in 0..<3000 {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<6: lines.append(phemexOrder(a.incremental().line, coinm: false))
            case 6..<8: lines.append(phemexOrder(b.incremental().line, coinm: false))
            case 8: lines.append(phemexOrder(c.incremental().line, coinm: true))
            default:
                // COIN-M scaling overflow: decodes, then `apply` throws.
                lines.append(#"{"book":{"asks":[[9223372036854775807,1]],"bids":[]},"depth":30,"sequence":\#(c.sequence + 1),"symbol":"BTCUSD","timestamp":1,"type":"incremental"}"#)
            }
        }
        var replayer = BookReplayer()
        for l in lines { replayer.feed(l) }
        // The two-call reference.
        var d = MarketDataDecoder()
        var books: [String: OrderBook] = [:]
        var bookFrames = 0
        var malformed = 0
        for l in lines {
            do throws(MarketDataError) {
                if try d.decode(l) == .book {
                    bookFrames += 1
                    let s = d.symbol.name
                    var book = books[s] ?? OrderBook(symbol: d.symbol, depth: 30)
                    defer { books[s] = book }
                    try d.apply(to: &book, priceScale: 4)
                }
            } catch { malformed += 1 }
        }
        let r = replayer.report
        #expect(r.bookFrames == bookFrames)
        #expect(r.malformed == malformed)
        #expect(malformed > 100)
        #expect(r.stale == books.values.reduce(0) { $0 + $1.staleDropped })
        for (s, book) in books {
            let mine = try #require(replayer.book(for: Symbol(s)))
            #expect(fingerprint(mine) == fingerprint(book), "\(s)")
        }
    }
}
