import Foundation
import MarketCore
import Testing

@testable import PhemexWire

/// Loads a sample from the test bundle (`Fixtures/phemex`).
func marketFixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/phemex"))
    return try String(contentsOf: url, encoding: .utf8)
}

/// Names (without extension) of every fixture whose name starts with `prefix`, sorted.
func marketFixtureNames(prefix: String) throws -> [String] {
    let dir = try #require(Bundle.module.url(forResource: "Fixtures/phemex", withExtension: nil))
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
}

private func p(_ s: String) -> Price { (try? Price(parsing: s)) ?? Price(raw: -1) }
private func q(_ s: String) -> Quantity { (try? Quantity(parsing: s)) ?? Quantity(raw: -1) }

private func decodeError(_ text: String) -> MarketDataError? {
    var d = MarketDataDecoder()
    do {
        _ = try d.decode(text)
        return nil
    } catch { return error }
}

@Suite struct MarketDataDecoderTests {
    /// Every order-book and trade fixture decodes: data frames to `.book`/`.trades`, the
    /// requests and acks to `.other`; the classifier agrees on WS frames.
    @Test(arguments: ["usdtm-orderbook-", "coinm-orderbook-", "usdtm-trades-", "coinm-trades-"])
    func everyFixtureDecodes(prefix: String) throws {
        let names = try marketFixtureNames(prefix: prefix)
        #expect(names.count >= 6)
        for name in names {
            let text = try marketFixture(name)
            var d = MarketDataDecoder()
            let kind = try d.decode(text)
            let isData = text.contains("\"snapshot\"") || text.contains("\"incremental\"")
            let expected: MarketFrameKind = !isData ? .other : (prefix.contains("trades") ? .trades : .book)
            #expect(kind == expected, "\(name)")
            let isRESTEnvelope = text.contains("\"result\"")
            #expect(MarketFrameClassifier.classify(text) == (isRESTEnvelope ? .other : expected), "\(name)")
            if kind == .book {
                #expect(d.sequence > 0 && d.timestamp.nanos > 0, "\(name)")
                #expect(d.levelCount(.buy) + d.levelCount(.sell) > 0, "\(name)")
            }
        }
    }

    @Test func usdtmSnapshotHeaderAndLevels() throws {
        var d = MarketDataDecoder()
        #expect(try d.decode(marketFixture("usdtm-orderbook-03-snapshot")) == .book)
        #expect(d.contractKind == .linear)
        #expect(d.isSnapshot)
        #expect(d.sequence == 68_604_886_383)
        #expect(d.timestamp == Timestamp(nanos: 1_760_000_000_123_456_789))
        #expect(d.symbol == "BTCUSDT")
        #expect(d.symbolKey == SymbolKey("BTCUSDT"))
        let bids = try d.levels(.buy)
        let asks = try d.levels(.sell)
        #expect(bids.count == 30 && asks.count == 30)
        #expect(bids[0] == BookLevel(price: p("65000"), quantity: q("0.412")))
        #expect(asks[0] == BookLevel(price: p("65000.1"), quantity: q("1.812")))
        #expect(asks[29] == BookLevel(price: p("65005.9"), quantity: q("0.045")))
    }

    /// Samples 03 + 04 + 05 + 06 applied give exactly the periodic snapshot 07.
    @Test func usdtmFixtureChainEqualsPeriodicSnapshot() throws {
        var d = MarketDataDecoder()
        var book = OrderBook(symbol: "BTCUSDT", depth: 30)
        for name in [
            "usdtm-orderbook-03-snapshot", "usdtm-orderbook-04-incremental-update",
            "usdtm-orderbook-05-incremental-delete", "usdtm-orderbook-06-incremental-unsorted-bids-only",
        ] {
            #expect(try d.decode(marketFixture(name)) == .book)
            #expect(try d.apply(to: &book))
        }
        var expected = OrderBook(symbol: "BTCUSDT", depth: 30)
        #expect(try d.decode(marketFixture("usdtm-orderbook-07-periodic-snapshot")) == .book)
        try d.apply(to: &expected)
        #expect(book.levels(.buy) == expected.levels(.buy))
        #expect(book.levels(.sell) == expected.levels(.sell))
        #expect(book.lastSequence == expected.lastSequence)
        #expect(!book.isCrossed)
        // The REST /md/v2/orderbook reply (same envelope-wrapped payload) agrees on the top.
        var rest = OrderBook(symbol: "BTCUSDT", depth: 30)
        #expect(try d.decode(marketFixture("rest-usdtm-10-md-orderbook-response")) == .book)
        try d.apply(to: &rest)
        #expect(rest.levels(.buy) == Array(book.levels(.buy).prefix(3)))
        #expect(rest.levels(.sell) == Array(book.levels(.sell).prefix(3)))
    }

    /// COIN-M: integer priceEp (scale 4) and contracts; 03 + 04 + 05 matches the REST reply's
    /// top three levels.
    @Test func coinmFixtureChain() throws {
        var d = MarketDataDecoder()
        var book = OrderBook(symbol: "BTCUSD", depth: 30)
        for name in [
            "coinm-orderbook-03-snapshot", "coinm-orderbook-04-incremental-update",
            "coinm-orderbook-05-incremental-delete",
        ] {
            #expect(try d.decode(marketFixture(name)) == .book)
            #expect(d.contractKind == .inverse)
            #expect(try d.apply(to: &book, priceScale: 4))
        }
        #expect(book.bestBid == BookLevel(price: p("65000"), quantity: q("1520")))
        #expect(book.bestAsk == BookLevel(price: p("65001.5"), quantity: q("25000")))
        #expect(book.levelCount(.buy) == 30 && book.levelCount(.sell) == 30)
        var rest = OrderBook(symbol: "BTCUSD", depth: 30)
        #expect(try d.decode(marketFixture("coinm-orderbook-07-rest-md-orderbook-response")) == .book)
        try d.apply(to: &rest, priceScale: 4)
        #expect(rest.levels(.buy) == Array(book.levels(.buy).prefix(3)))
        #expect(rest.levels(.sell) == Array(book.levels(.sell).prefix(3)))
        #expect(rest.lastSequence == book.lastSequence)
    }

    @Test func usdtmTrades() throws {
        var d = MarketDataDecoder()
        #expect(try d.decode(marketFixture("usdtm-trades-05-incremental-multi")) == .trades)
        #expect(!d.isSnapshot && d.sequence == 68_604_886_756)
        let ticks = try d.tradeTicks()
        #expect(
            ticks == [
                TradeTick(symbol: "BTCUSDT", side: .sell, price: p("65000"), quantity: q("0.25"), time: Timestamp(nanos: 1_760_000_000_263_456_789)),
                TradeTick(symbol: "BTCUSDT", side: .sell, price: p("64999.8"), quantity: q("0.017"), time: Timestamp(nanos: 1_760_000_000_263_456_789)),
            ])
        #expect(try d.decode(marketFixture("usdtm-trades-03-snapshot")) == .trades)
        #expect(d.isSnapshot && d.tradeCount == 5)
        #expect(d.rawTrade(at: 1)?.side == .buy)
        #expect(d.rawTrade(at: 5) == nil)
    }

    @Test func coinmTrades() throws {
        var d = MarketDataDecoder()
        #expect(try d.decode(marketFixture("coinm-trades-04-incremental")) == .trades)
        #expect(d.contractKind == .inverse)
        #expect(
            try d.trade(at: 0, priceScale: 4)
                == TradeTick(symbol: "BTCUSD", side: .buy, price: p("65000.5"), quantity: q("500"), time: Timestamp(nanos: 1_760_000_003_162_456_000)))
        #expect(try d.decode(marketFixture("coinm-trades-03-snapshot")) == .trades)
        #expect(try d.tradeTicks(priceScale: 4).map(\.side) == [.buy, .sell, .sell])
    }

    @Test func keyOrderAndUnknownKeysAndWhitespaceAreTolerated() throws {
        let text = """
             { "type" : "incremental", "symbol":"ETHUSDT","extra":{"a":[1,{"b":"]}"}],"c":null},"flag":true,
              "orderbook_p" : { "note":"x", "bids" : [ [ "3000.01" , "1.5" ] ] , "asks":[]},"depth":0,
              "timestamp":5,"n":-1.5e+3,"sequence":7 }\r\n
            """
        var d = MarketDataDecoder()
        #expect(try d.decode(text) == .book)
        #expect(d.symbol == "ETHUSDT" && d.sequence == 7 && d.timestamp == Timestamp(nanos: 5) && !d.isSnapshot)
        #expect(try d.levels(.buy) == [BookLevel(price: p("3000.01"), quantity: q("1.5"))])
        #expect(MarketFrameClassifier.classify(text) == .book)
    }

    @Test func longSymbolsFallBackToString() throws {
        var d = MarketDataDecoder()
        let text = #"{"orderbook_p":{"asks":[],"bids":[]},"sequence":1,"symbol":"ABCDEFGHIJKLMNOPQRSTUSDT","timestamp":1,"type":"snapshot"}"#
        #expect(try d.decode(text) == .book)
        #expect(d.symbolKey == nil)
        #expect(d.symbol == "ABCDEFGHIJKLMNOPQRSTUSDT")
    }

    @Test func otherFramesAreOther() throws {
        for name in ["session-02-pong-response", "session-06-tick-p-mark-price", "usdtm-aop-06-order-partial-fill",
                     "session-04-perp-market24h-pack-snapshot", "error-ws-01-invalid-argument"] {
            var d = MarketDataDecoder()
            #expect(try d.decode(marketFixture(name)) == .other, "\(name)")
            #expect(MarketFrameClassifier.classify(try marketFixture(name)) == .other, "\(name)")
        }
        #expect(MarketFrameClassifier.classify("garbage") == .other)
        #expect(MarketFrameClassifier.classify("") == .other)
        #expect(MarketFrameClassifier.classify(#"{"trades":[]}"#) == .trades)
    }

    @Test func applyingAStaleFrameReturnsFalse() throws {
        var d = MarketDataDecoder()
        var book = OrderBook(symbol: "BTCUSDT")
        _ = try d.decode(marketFixture("usdtm-orderbook-07-periodic-snapshot"))
        try d.apply(to: &book)
        _ = try d.decode(marketFixture("usdtm-orderbook-04-incremental-update"))  // lower sequence
        #expect(try d.apply(to: &book) == false)
        #expect(book.staleDropped == 1)
        _ = try d.decode(marketFixture("usdtm-trades-04-incremental-single"))
        #expect(throws: MarketDataError.self) { try d.apply(to: &book) }
    }

    static let base = #"{"orderbook_p":{"asks":[["65000.1","1.5"]],"bids":[["65000","0.4"]]},"sequence":9,"symbol":"BTCUSDT","timestamp":11,"type":"incremental"}"#

    /// Malformed input: every case is a typed error, never a crash, never a silent value.
    @Test(arguments: [
        ("", MarketDataError.empty),
        ("   \n", .empty),
        ("{", .truncated(offset: 1)),
        (#"{"orderbook_p":{"asks":[["65000.1","1.5"]"#, .truncated(offset: 41)),
        (#"{"orderbook_p":{"asks":[["65000.1","1.5"#, .truncated(offset: 39)),
        (#"{"orderbook_p":{"asks":[[65000.1,"1.5"]],"bids":[]},"sequence":1,"symbol":"B","timestamp":1,"type":"snapshot"}"#,
         .wrongType(field: .price, offset: 25)),
        (#"{"orderbook_p":{"asks":[["NaN","1.5"]],"bids":[]},"sequence":1,"symbol":"B","timestamp":1,"type":"snapshot"}"#,
         .invalidDecimal(field: .price, offset: 26, reason: .invalidCharacter(offset: 0))),
        (#"{"orderbook_p":{"asks":[["1e5","1.5"]],"bids":[]},"sequence":1,"symbol":"B","timestamp":1,"type":"snapshot"}"#,
         .invalidDecimal(field: .price, offset: 26, reason: .invalidCharacter(offset: 1))),
        (#"{"orderbook_p":{"asks":[["99999999999999","1"]],"bids":[]},"sequence":1,"symbol":"B","timestamp":1,"type":"snapshot"}"#,
         .invalidDecimal(field: .price, offset: 26, reason: .overflow)),
        (#"{"orderbook_p":{"asks":[["1","-1"]],"bids":[]},"sequence":1,"symbol":"B","timestamp":1,"type":"snapshot"}"#,
         .invalidValue(field: .size, offset: 25)),
        (#"{"orderbook_p":{"asks":[["0","1"]],"bids":[]},"sequence":1,"symbol":"B","timestamp":1,"type":"snapshot"}"#,
         .invalidValue(field: .price, offset: 25)),
        (#"{"orderbook_p":{"asks":[],"bids":[]},"sequence":99999999999999999999,"symbol":"B","timestamp":1,"type":"snapshot"}"#,
         .numberOutOfRange(field: .sequence, offset: 48)),
        (#"{"orderbook_p":{"asks":[],"bids":[]},"sequence":"1","symbol":"B","timestamp":1,"type":"snapshot"}"#,
         .wrongType(field: .sequence, offset: 48)),
        (#"{"orderbook_p":{"asks":[],"bids":[]},"sequence":1.5,"symbol":"B","timestamp":1,"type":"snapshot"}"#,
         .wrongType(field: .sequence, offset: 48)),
        (#"{"orderbook_p":{"asks":[],"bids":[]},"symbol":"B","timestamp":1,"type":"snapshot"}"#, .missingField(.sequence)),
        (#"{"orderbook_p":{"asks":[],"bids":[]},"sequence":1,"timestamp":1,"type":"snapshot"}"#, .missingField(.symbol)),
        (#"{"orderbook_p":{"asks":[],"bids":[]},"sequence":1,"symbol":"B","type":"snapshot"}"#, .missingField(.timestamp)),
        (#"{"orderbook_p":{"asks":[],"bids":[]},"sequence":1,"symbol":"B","timestamp":1}"#, .missingField(.type)),
        (#"{"orderbook_p":{"asks":[],"bids":[]},"sequence":1,"symbol":"B","timestamp":1,"type":"delta"}"#,
         .invalidValue(field: .type, offset: 85)),
        (#"{"orderbook_p":[],"sequence":1}"#, .wrongType(field: .levels, offset: 15)),
        (#"{"orderbook_p":{"asks":{}}}"#, .wrongType(field: .asks, offset: 23)),
        (#"{"book":{"asks":[[650005000.5,1]]}}"#, .wrongType(field: .price, offset: 18)),
        (#"{"book":{"asks":[["650005000",1]]}}"#, .wrongType(field: .price, offset: 18)),
        (#"{"trades_p":[[1,"Hold","1","1"]]}"#, .invalidValue(field: .side, offset: 17)),
        (#"{"trades_p":[[1,"Buy","1"]]}"#, .unexpectedByte(UInt8(ascii: "]"), offset: 25)),
        (#"{"trades":[["x","Buy",1,1]]}"#, .wrongType(field: .tradeTime, offset: 12)),
        (#"{"a":1} x"#, .trailingData(offset: 8)),
        (#"{"a":[1,2}"#, .unexpectedByte(UInt8(ascii: "}"), offset: 9)),
        ("\u{0}\u{1}\u{FF}binary", .unexpectedByte(0, offset: 0)),
        ("[1,2]", .unexpectedByte(UInt8(ascii: "["), offset: 0)),
        (#"{"a":tru}"#, .unexpectedByte(UInt8(ascii: "}"), offset: 8)),
        (#"{"symbol":"BTC\"USDT"}"#, .invalidValue(field: .symbol, offset: 11)),
        (#"{"orderbook_p":{},"book":{}}"#, .duplicateField(.levels)),
        (#"{"sequence":1,"sequence":2}"#, .duplicateField(.sequence)),
    ])
    func malformedInputIsATypedError(input: String, expected: MarketDataError) {
        #expect(decodeError(input) == expected, "\(input)")
    }

    /// Every truncation of a valid frame is an error, never a crash or a partial success.
    @Test func everyTruncationFails() {
        let bytes = Array(Self.base.utf8)
        for n in 0..<bytes.count {
            var d = MarketDataDecoder()
            let r = bytes[0..<n].withUnsafeBytes { buf in Result { () throws(MarketDataError) in try d.decode(buf) } }
            if case .success = r { Issue.record("prefix of \(n) bytes decoded") }
        }
        var d = MarketDataDecoder()
        #expect((try? d.decode(Self.base)) == .book)
    }

    /// Random byte corruption never crashes (the result may or may not be an error).
    @Test func randomCorruptionNeverCrashes() {
        var rng = SeededRandom(seed: 42)
        let bytes = Array(Self.base.utf8)
        var d = MarketDataDecoder()
        var book = OrderBook(symbol: "BTCUSDT")
        book.applySnapshot(sequence: 1, bids: [], asks: [])
        for _ in 0..<5000 {
            var b = bytes
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            b.withUnsafeBytes { buf in
                if (try? d.decode(buf)) == .book { _ = try? d.apply(to: &book, priceScale: 4) }
                _ = MarketFrameClassifier.classify(buf)
            }
        }
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(decodeError(#"{"x":"# + deep + "}") == .nestingTooDeep(offset: 69))
    }

    @Test func coinmScaleOverflowIsAnError() throws {
        var d = MarketDataDecoder()
        var book = OrderBook(symbol: "BTCUSD")
        let text = #"{"book":{"asks":[[9223372036854775807,1]],"bids":[]},"sequence":1,"symbol":"BTCUSD","timestamp":1,"type":"snapshot"}"#
        #expect(try d.decode(text) == .book)
        #expect(throws: MarketDataError.numberOutOfRange(field: .price, offset: 0)) { try d.apply(to: &book, priceScale: 4) }
        #expect(!book.isValid)
        #expect(throws: MarketDataError.self) { try d.apply(to: &book, priceScale: 12) }
    }

    /// Everything observable about a decode: the result or error, the header, the levels.
    private struct Outcome: Equatable {
        var result: Result<MarketFrameKind, MarketDataError>
        var header = ""
        var bids: [BookLevel] = []
        var asks: [BookLevel] = []
        var trades: [RawTrade] = []
    }

    private static func outcome(_ d: MarketDataDecoder, _ r: Result<MarketFrameKind, MarketDataError>) -> Outcome {
        var o = Outcome(result: r)
        guard case .success(let k) = r, k != .other else { return o }
        o.header = "\(d.kind) \(d.contractKind) \(d.isSnapshot) \(d.sequence) \(d.timestamp.nanos) \(d.symbol) \(String(describing: d.symbolKey))"
        o.bids = (try? d.levels(.buy, priceScale: 4)) ?? []
        o.asks = (try? d.levels(.sell, priceScale: 4)) ?? []
        o.trades = (0..<d.tradeCount).compactMap { d.rawTrade(at: $0) }
        return o
    }

    /// Decodes with the public entry point (fast path, general fallback) and with the general
    /// parser alone.
    private static func bothWays(_ bytes: [UInt8]) -> (full: Outcome, general: Outcome, fast: Bool) {
        var full = MarketDataDecoder()
        var general = MarketDataDecoder()
        var probe = MarketDataDecoder()
        return bytes.withUnsafeBytes { buf in
            let r1: Result<MarketFrameKind, MarketDataError>
            do throws(MarketDataError) { r1 = .success(try full.decode(buf)) } catch { r1 = .failure(error) }
            let r2: Result<MarketFrameKind, MarketDataError>
            do throws(MarketDataError) { r2 = .success(try general.decodeGeneral(buf)) } catch { r2 = .failure(error) }
            var fast = false
            if let base = buf.baseAddress, buf.count > 0 {
                fast = probe.fastDecode(base.assumingMemoryBound(to: UInt8.self), buf.count)
            }
            return (outcome(full, r1), outcome(general, r2), fast)
        }
    }

    /// Canonical generated frames (USDT-M and COIN-M) take the fast path, and it yields exactly
    /// what the general parser yields.
    @Test(arguments: [false, true])
    func fastPathTakesGeneratedFramesAndAgreesWithGeneralParser(coinm: Bool) {
        var stream = SyntheticBookStream(seed: 11, coinm: coinm)
        var lines = [stream.snapshot().line]
        for _ in 0..<1500 { lines.append(stream.incremental().line) }
        for line in lines {
            let r = Self.bothWays(Array(line.utf8))
            #expect(r.fast, "\(line)")
            #expect(r.full == r.general, "\(line)")
        }
    }

    /// Random byte edits and truncations of canonical frames: the public decoder (fast path
    /// plus fallback) and the general parser give the same result or the same typed error.
    @Test func fastPathAgreesWithGeneralParserOnCorruptedFrames() {
        var rng = SeededRandom(seed: 5)
        var stream = SyntheticBookStream(seed: 3)
        var coin = SyntheticBookStream(seed: 4, coinm: true)
        var bases = [Array(stream.snapshot().line.utf8), Array(coin.snapshot().line.utf8)]
        for _ in 0..<20 {
            bases.append(Array(stream.incremental().line.utf8))
            bases.append(Array(coin.incremental().line.utf8))
        }
        let alphabet = Array(#"0123456789.-+eE"{}[],: \atbpsk"#.utf8) + [0, 0x80, 0xFF]
        var fastTaken = 0
        for _ in 0..<20_000 {
            var b = bases[Int.random(in: 0..<bases.count, using: &rng)]
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: b.removeLast(Int.random(in: 1..<b.count, using: &rng))
            case 1: b.remove(at: Int.random(in: 0..<b.count, using: &rng))
            case 2: b.insert(alphabet.randomElement(using: &rng) ?? 0, at: Int.random(in: 0...b.count, using: &rng))
            default: b[Int.random(in: 0..<b.count, using: &rng)] = alphabet.randomElement(using: &rng) ?? 0
            }
            let r = Self.bothWays(b)
            if r.fast { fastTaken += 1 }
            #expect(r.full == r.general, "\(String(decoding: b, as: UTF8.self))")
        }
        #expect(fastTaken > 1000)
    }

    /// Frames with more levels than the scratch holds fall back and still decode.
    @Test func framesLargerThanTheScratchStillDecode() throws {
        var d = MarketDataDecoder(levelCapacity: 2, tradeCapacity: 0)
        let levels = (1...40).map { "[\"\($0).5\",\"1\"]" }.joined(separator: ",")
        let text = #"{"orderbook_p":{"asks":["# + levels + #"],"bids":[]},"sequence":1,"symbol":"X","timestamp":1,"type":"snapshot"}"#
        #expect(try d.decode(text) == .book)
        #expect(d.levelCount(.sell) == 40)
        #expect(try d.decode(text) == .book)
        #expect(try d.levels(.sell).last == BookLevel(price: p("40.5"), quantity: q("1")))
    }

    /// Symbols of every packable length, before and at the end of the frame; integers of every
    /// length (chunked digit parsing) and decimals of every shape: fast path and general parser
    /// agree, and the fast path takes what it should.
    @Test func fastPathFieldShapesAgreeWithGeneralParser() {
        let letters = "ABCDEFGHIJKLMNOPQRSTU"
        for n in 1...18 {
            let sym = String(letters.prefix(n))
            let front = #"{"orderbook_p":{"asks":[["1.5","2"]],"bids":[]},"sequence":1,"symbol":"\#(sym)","timestamp":1,"type":"snapshot"}"#
            let back = #"{"orderbook_p":{"asks":[["1.5","2"]],"bids":[]},"sequence":1,"timestamp":1,"type":"snapshot","symbol":"\#(sym)"}"#
            for text in [front, back] {
                let r = Self.bothWays(Array(text.utf8))
                #expect(r.full == r.general, "\(text)")
                #expect(r.fast == (n <= 16), "\(text)")
            }
        }
        for sym in [#"AB\"CD"#, #"ABCDEFGHI\\J"#, #"\u0041"#, "", "ABCDEFGHIJKLMNOP\u{7F}"] {
            let text = #"{"orderbook_p":{"asks":[],"bids":[]},"sequence":1,"symbol":"\#(sym)","timestamp":1,"type":"snapshot"}"#
            let r = Self.bothWays(Array(text.utf8))
            #expect(r.full == r.general, "\(text)")
        }
        for n in 1...21 {
            let digits = String(String(repeating: "9182736450", count: 3).prefix(n))
            for field in ["sequence", "timestamp", "dts"] {
                let text = #"{"dts":5,"orderbook_p":{"asks":[],"bids":[[1,2]]},"sequence":3,"symbol":"S","timestamp":4,"type":"incremental"}"#
                    .replacingOccurrences(of: #""\#(field)":\#(field == "dts" ? "5" : field == "sequence" ? "3" : "4")"#, with: #""\#(field)":\#(digits)"#)
                let r = Self.bothWays(Array(text.utf8))
                #expect(r.full == r.general, "\(text)")
                #expect(r.fast == false || n <= 19, "\(text)")
            }
        }
        for int in ["0", "7", "65000", "123456789", "1234567890", "00012"] {
            for frac in ["", ".1", ".123", ".000000001", ".1234567890", "."] {
                let text = #"{"orderbook_p":{"asks":[["\#(int)\#(frac)","\#(int)\#(frac)"]],"bids":[]},"sequence":1,"symbol":"S","timestamp":1,"type":"snapshot"}"#
                let r = Self.bothWays(Array(text.utf8))
                #expect(r.full == r.general, "\(text)")
            }
        }
    }
}
