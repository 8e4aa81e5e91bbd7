import Foundation
import MarketCore
import Testing
@testable import TradingEngine

/// The book-line template decoder accepts every two-sided book line `JournalCodec` writes,
/// and whatever it accepts — well-formed or damaged — decodes exactly as the general decoder
/// (and so as `JSONDecoder`) decodes it.
@Suite struct JournalBookLineDecoderTests {
    static func randomDecimal(_ rng: inout SeededRandom) -> Int64 {
        switch rng.next() % 6 {
        case 0: return 0
        case 1: return Int64(rng.next() % 1_000) * 1_000_000_000
        case 2: return Int64(rng.next() % 10_000_000_000_000)
        case 3: return -Int64(rng.next() % 1_000_000_000_000)
        case 4: return Int64.max - Int64(rng.next() % 3)
        default: return Int64(rng.next() % 100_000_000) * 100_000_000
        }
    }

    static func randomInteger(_ rng: inout SeededRandom) -> Int64 {
        switch rng.next() % 5 {
        case 0: return Int64(rng.next() % 10)
        case 1: return Int64.max - Int64(rng.next() % 3)
        case 2: return Int64.min + Int64(rng.next() % 3)
        case 3: return -Int64(rng.next() % 1_000_000)
        default: return 1_760_000_000_000_000_000 + Int64(rng.next() % 1_000_000_000_000)
        }
    }

    static func randomLine(_ rng: inout SeededRandom) throws -> (line: String, input: EngineInput) {
        let symbols: [Symbol] = ["BTCUSDT", "ETHUSDT", "BTCUSD", "X", "sBTCUSDT"]
        let top = TopOfBook(
            symbol: symbols[Int(rng.next() % UInt64(symbols.count))],
            bidPrice: Price(raw: randomDecimal(&rng)), bidSize: Quantity(raw: randomDecimal(&rng)),
            askPrice: Price(raw: randomDecimal(&rng)), askSize: Quantity(raw: randomDecimal(&rng)),
            sequence: randomInteger(&rng), time: Timestamp(nanos: randomInteger(&rng)))
        let input = EngineInput(receivedAt: Timestamp(nanos: randomInteger(&rng)), kind: .exchange(.book(top)))
        return (try JournalCodec().line(.input(input)), input)
    }

    static func decode(_ line: String, with decoder: inout JournalBookLineDecoder) -> EngineInput? {
        var line = line
        return line.withUTF8 { decoder.decode(UnsafeRawBufferPointer($0)) }
    }

    @Test func acceptsEveryTwoSidedBookLineAndAgrees() throws {
        var rng = SeededRandom(seed: 61)
        var decoder = JournalBookLineDecoder()
        for _ in 0..<5_000 {
            let (line, input) = try Self.randomLine(&rng)
            let fast = Self.decode(line, with: &decoder)
            #expect(fast == input, "\(line)")
            #expect(fast == JournalFastDecoder.decode(Substring(line)))
        }
    }

    /// `line` with one to three random bytes replaced, removed or inserted (from `alphabet`).
    static func damaged(_ line: String, alphabet: [UInt8], _ rng: inout SeededRandom) -> String {
        var bytes = Array(line.utf8)
        for _ in 0..<(1 + Int(rng.next() % 3)) {
            let at = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 3 {
            case 0: bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
            case 1: bytes.remove(at: at)
            default: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func damagedLinesAreRefusedOrDecodedLikeTheGeneralDecoder() throws {
        var rng = SeededRandom(seed: 62)
        var decoder = JournalBookLineDecoder()
        let alphabet = Array(#"0123456789.-"\,:{}eE x"#.utf8)
        var accepted = 0
        for _ in 0..<20_000 {
            let line = Self.damaged(try Self.randomLine(&rng).line, alphabet: alphabet, &rng)
            guard let fast = Self.decode(line, with: &decoder) else { continue }
            accepted += 1
            #expect(fast == JournalFastDecoder.decode(Substring(line)), "\(line)")
            #expect(JournalRecord.input(fast) == (try? JSONDecoder().decode(JournalRecord.self, from: Data(line.utf8))), "\(line)")
        }
        #expect(accepted > 0)
    }

    @Test func oneSidedAndOddLinesFallBack() throws {
        var decoder = JournalBookLineDecoder()
        let lines = [
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{"askPrice":"1","askSize":"1","sequence":1,"symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{"askPrice":"1","askSize":"1","bidPrice":"1","bidSize":"1","sequence":1,"symbol":"X\u0041","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{"askPrice":"1","askSize":"1","bidPrice":"1","bidSize":"1","sequence":01,"symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{"askPrice":"1e3","askSize":"1","bidPrice":"1","bidSize":"1","sequence":1,"symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{"askPrice":"1","askSize":"1","bidPrice":"1","bidSize":"1","sequence":1,"symbol":"X","time":1}}}}},"receivedAt":1}}} "#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{"askPrice":"1","askSize":"1","bidPrice":"1","bidSize":"1","sequence":99999999999999999999,"symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
        ]
        for l in lines { #expect(Self.decode(l, with: &decoder) == nil, "\(l)") }
    }

    @Test func symbolReuseFollowsTheBytes() throws {
        var decoder = JournalBookLineDecoder()
        let codec = JournalCodec()
        for name in ["BTCUSDT", "BTCUSDT", "ETHUSDT", "BTCUSDT", "BTCUSD", "BTCUSDT"] {
            let top = TopOfBook(symbol: Symbol(name), bidPrice: Price("1"), bidSize: Quantity("1"), askPrice: Price("2"), askSize: Quantity("1"), sequence: 1, time: .zero)
            let line = try codec.line(.input(EngineInput(receivedAt: .zero, kind: .exchange(.book(top)))))
            #expect(Self.decode(line, with: &decoder).map { i -> Symbol? in
                if case .exchange(.book(let t)) = i.kind { return t.symbol }
                return nil
            } == Symbol(name))
        }
    }

    /// The word-at-a-time digit check and conversion agree with byte-by-byte reading for
    /// digit runs, near-digits (`/`, `:`) and arbitrary bytes in every position.
    @Test func eightDigitsAgreeWithBytes() {
        var rng = SeededRandom(seed: 63)
        let special: [UInt8] = [0x2F, 0x30, 0x39, 0x3A, 0x00, 0xFA, 0xFF, 0x22, 0x2E, 0x2D]
        for round in 0..<50_000 {
            var bytes = (0..<8).map { _ in UInt8(48 + rng.next() % 10) }
            if round % 2 == 1 {
                let at = Int(rng.next() % 8)
                bytes[at] = round % 4 == 1 ? special[Int(rng.next() % UInt64(special.count))] : UInt8(truncatingIfNeeded: rng.next())
            }
            let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let digits = bytes.allSatisfy { $0 >= 48 && $0 <= 57 }
            #expect(EightDigits.areDigits(word) == digits, "\(bytes)")
            if digits {
                #expect(EightDigits.value(word) == bytes.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 48) }, "\(bytes)")
            }
        }
    }

    /// `Engine.handleBook` (what replay calls for template lines) gives exactly the outputs
    /// and state of `handle` with the same book input.
    @Test func handleBookEqualsHandle() throws {
        var rng = SeededRandom(seed: 64)
        let strategy = DecisionShortcutTests.strategy(minimumSpread: false, hanging: false, priceType: .midPrice)
        var a = Engine(config: T.config(), strategy: strategy)
        var b = Engine(config: T.config(), strategy: strategy)
        let both = { (input: EngineInput) -> [EngineOutput] in
            let outputs = a.handle(input)
            #expect(outputs == b.handle(input))
            return outputs
        }
        var acks = both(EngineInput(receivedAt: T.at(0), kind: .start))
        var bid: Int64 = 650_000
        var sent = 0
        for step in 1...3_000 {
            let ms = Int64(step) * 20
            // Acknowledge the previous step's commands (reconciliation fetches, placements).
            for case .command(let id, let cmd) in acks {
                sent += 1
                _ = both(EngineInput(receivedAt: T.at(ms), kind: .exchange(.commandResult(Harness.acknowledged(id, cmd, at: ms)))))
            }
            bid += Int64(rng.next() % 5) - 2
            let top = TopOfBook(
                symbol: "BTCUSDT", bidPrice: Price(raw: bid * 100_000_000), bidSize: T.q("1"),
                askPrice: Price(raw: (bid + 1) * 100_000_000), askSize: T.q("1"), sequence: Int64(step), time: T.at(ms))
            acks = a.handle(EngineInput(receivedAt: T.at(ms), kind: .exchange(.book(top))))
            #expect(acks == b.handleBook(top, receivedAt: T.at(ms)))
            if step % 100 == 0 { acks += both(EngineInput(receivedAt: T.at(ms), kind: .timer)) }
        }
        #expect(a.snapshot == b.snapshot)
        #expect(sent > 10)
        #expect(b.decisionsSkipped > 1_000)
    }

    /// Decimal fields repeated from the previous line are answered from the decoder's memo:
    /// values drawn from a small pool (prefixes of each other, other lengths, 15 and 16+
    /// characters) decode exactly as the general decoder decodes them, line after line.
    @Test func repeatedDecimalsDecodeLikeTheGeneralDecoder() throws {
        var rng = SeededRandom(seed: 65)
        let pool: [Int64] = [
            1_000_000_000, 1_500_000_000, 10_000_000_000, 15_000_000_000, 100_000_000, 0, -1_000_000_000,
            60_000_000_000_000, 59_999_900_000_000, 123_456_789_012_345_678, 100_000_000_000_000_001, 1,
        ]
        var decoder = JournalBookLineDecoder()
        var hits = 0
        var last: TopOfBook?
        for n in 0..<20_000 {
            let pick = { Price(raw: pool[Int(rng.next() % UInt64(pool.count))]) }
            let top = TopOfBook(
                symbol: "BTCUSDT", bidPrice: pick(), bidSize: Quantity(raw: pick().raw), askPrice: pick(),
                askSize: Quantity(raw: pick().raw), sequence: Int64(n), time: Timestamp(nanos: 1_760_000_000_000_000_000 + Int64(n)))
            if let last, last.askPrice == top.askPrice { hits += 1 }
            last = top
            let line = try JournalCodec().line(.input(EngineInput(receivedAt: top.time, kind: .exchange(.book(top)))))
            let fast = Self.decode(line, with: &decoder)
            #expect(fast == JournalFastDecoder.decode(Substring(line)), "\(line)")
            #expect(fast == EngineInput(receivedAt: top.time, kind: .exchange(.book(top))), "\(line)")
        }
        #expect(hits > 1_000)
    }

    static func randomTradeLine(_ rng: inout SeededRandom) throws -> (line: String, input: EngineInput) {
        let symbols: [Symbol] = ["BTCUSDT", "ETHUSDT", "BTCUSD", "X"]
        let trade = TradeTick(
            symbol: symbols[Int(rng.next() % UInt64(symbols.count))], side: rng.next() % 2 == 0 ? .buy : .sell,
            price: Price(raw: randomDecimal(&rng)), quantity: Quantity(raw: randomDecimal(&rng)),
            time: Timestamp(nanos: randomInteger(&rng)))
        let input = EngineInput(receivedAt: Timestamp(nanos: randomInteger(&rng)), kind: .exchange(.trade(trade)))
        return (try JournalCodec().line(.input(input)), input)
    }

    /// The trade-line template accepts every trade line `JournalCodec` writes and, for damaged
    /// lines, refuses them or decodes them exactly as the general decoder and `JSONDecoder` do.
    @Test func tradeLinesDecodeLikeTheGeneralDecoder() throws {
        var rng = SeededRandom(seed: 66)
        var decoder = JournalBookLineDecoder()
        for _ in 0..<5_000 {
            let (line, input) = try Self.randomTradeLine(&rng)
            var copy = line
            let fast = copy.withUTF8 { decoder.decodeTrade(UnsafeRawBufferPointer($0)) }
            #expect(fast == input, "\(line)")
        }
        let alphabet = Array(#"0123456789.-"\,:{}eE xBuySl"#.utf8)
        var accepted = 0
        for _ in 0..<20_000 {
            let line = Self.damaged(try Self.randomTradeLine(&rng).line, alphabet: alphabet, &rng)
            var copy = line
            guard let fast = copy.withUTF8({ decoder.decodeTrade(UnsafeRawBufferPointer($0)) }) else { continue }
            accepted += 1
            #expect(fast == JournalFastDecoder.decode(Substring(line)), "\(line)")
            #expect(JournalRecord.input(fast) == (try? JSONDecoder().decode(JournalRecord.self, from: Data(line.utf8))), "\(line)")
        }
        #expect(accepted > 0)
        // Book lines and other inputs are not trades.
        var book = try Self.randomLine(&rng).line
        #expect(book.withUTF8 { decoder.decodeTrade(UnsafeRawBufferPointer($0)) } == nil)
    }
}
