import MarketCore
import PropertyBased
import Testing
@testable import PhemexWire

/// Hostile input never traps: random bytes, truncations and byte flips of real frames either
/// decode or give a `PhemexWireError`.
@Suite struct WireRobustnessTests {
    static let frames = [
        "usdtm-aop-06-order-partial-fill", "coinm-aop-05-order-filled", "session-04-perp-market24h-pack-snapshot",
        "rest-usdtm-07-active-list-response", "rest-usdtm-08-products-response-trimmed",
        "rest-coinm-05-account-positions-response", "wire-rest-usdtm-closed-orders-v2-response",
        "session-07-coinm-market24h", "error-ws-01-invalid-argument",
    ]

    /// Runs every decoder over `bytes`; any thrown error must be a `PhemexWireError`.
    static func exerciseAll(_ bytes: [UInt8]) {
        let cat = WireTestInstruments.catalog
        func check(_ f: () throws -> Void) {
            do { try f() } catch is PhemexWireError {} catch { Issue.record("untyped error \(error)") }
        }
        check { _ = try JSONValue.parse(bytes) }
        check { _ = try PrivateStreamDecoder(kind: .linear).decode(bytes) }
        check { _ = try PrivateStreamDecoder(kind: .inverse, catalog: cat).decode(bytes) }
        check { _ = try TickerDecoder(catalog: cat).decodePerpMarket24hPack(try JSONValue.parse(bytes)) }
        check { _ = try TickerDecoder(catalog: cat).decodeMarket24h(try JSONValue.parse(bytes)) }
        check { _ = try WSReply.decode(json: try JSONValue.parse(bytes)) }
        check { _ = try RestDecoder(kind: .linear).activeOrders(bytes) }
        check { _ = try RestDecoder(kind: .inverse, catalog: cat).accountPositions(bytes, receivedAt: .zero) }
        check { _ = try RestDecoder(kind: .linear).orderHistory(bytes) }
        check { _ = try RestDecoder(kind: .linear).fills(bytes) }
        check { _ = try ProductsDecoder.decode(bytes) }
        check { _ = try MDEnvelope.decode(bytes) }
        _ = RestOutcome.classify(httpStatus: 200, headers: [], body: bytes)
    }

    @Test func randomGarbage() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000)) { seed in
            var rng = SeededRandom(seed: UInt64(seed))
            let n = Int(rng.next() % 64)
            let alphabet = Array("{}[]\":,0123456789-.eEtruefalsn \\u".utf8)
            let bytes = (0..<n).map { _ in
                rng.next() % 3 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : alphabet[Int(rng.next() % UInt64(alphabet.count))]
            }
            Self.exerciseAll(bytes)
        }
    }

    @Test func truncatedAndFlippedFrames() async throws {
        var base: [[UInt8]] = []
        for f in Self.frames { base.append(try WireFixture.data(f)) }
        let fixtures = base
        await propertyCheck(count: 150, input: Gen.int(in: 0...1_000_000)) { seed in
            var rng = SeededRandom(seed: UInt64(seed))
            let src = fixtures[Int(rng.next() % UInt64(fixtures.count))]
            let cut = Int(rng.next() % UInt64(src.count))
            Self.exerciseAll(Array(src[..<cut]))
            var flipped = src
            let pos = Int(rng.next() % UInt64(src.count))
            flipped[pos] = UInt8(truncatingIfNeeded: rng.next())
            Self.exerciseAll(flipped)
        }
    }

    @Test func specificHostileInputs() {
        let cases = [
            "", " ", "\n", "nul", "tru", "[", "]", "{\"a\"", "{\"a\":}", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "1e+",
            "\"\\u12\"", "\"\\ud800\"", "\"\\x\"", "\"abc", String(repeating: "[", count: 500), "{\"orders_p\":[1e999999]}",
            "{\"code\":\"NaN\"}", "{\"orders_p\":[{\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderQty\":\"99999999999999999999\"}]}",
            "\u{0}\u{1}\u{2}",
        ]
        for c in cases { Self.exerciseAll(Array(c.utf8)) }
        #expect(throws: PhemexWireError.self) { try JSONValue.parse(String(repeating: "[", count: 500)) }
    }

    @Test func jsonParserValues() throws {
        #expect(
            try JSONValue.parse(#" {"a":[1,-2.5e3,true,false,null,"x\"\u00e9\ud83d\ude00"]} "#)
                == .object(["a": .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null, .string("x\"é😀")])]))
        #expect(try JSONValue.parse("1760000000123456789") == .number("1760000000123456789"))
        #expect(JSONNumbers.plainDecimal(fromJSONNumber: "1.5e-3") == "0.0015")
        #expect(JSONNumbers.plainDecimal(fromJSONNumber: "-2.5E3") == "-2500")
        #expect(JSONNumbers.plainDecimal(fromJSONNumber: "65000.0") == "65000.0")
        #expect(JSONNumbers.plainDecimal(fromJSONNumber: "1e400") == nil)
        #expect(JSONNumbers.parseInt64("9223372036854775807") == Int64.max)
        #expect(JSONNumbers.parseInt64("-9223372036854775808") == Int64.min)
        #expect(JSONNumbers.parseInt64("9223372036854775808") == nil)
        #expect(JSONNumbers.parseInt64("1.0") == nil && JSONNumbers.parseInt64("") == nil && JSONNumbers.parseInt64("-") == nil)
        let f = try JSONFields(try JSONValue.parse(#"{"p":1e-8,"q":"0.5","i":"12"}"#), context: "r")
        #expect(try f.decimal("p", as: Money.self) == Money(raw: 10))
        #expect(try f.int64("i") == 12)
        #expect(throws: PhemexWireError.wrongType(field: "r.q", expected: "bool", found: "string")) { try f.bool("q") }
        #expect(throws: PhemexWireError.missingField("r.zz")) { try f.string("zz") }
    }

    @Test func writerRoundTripsStrings() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000)) { seed in
            var rng = SeededRandom(seed: UInt64(seed))
            var s = ""
            for _ in 0..<Int(rng.next() % 20) {
                let choices: [UInt32] = [0x01, 0x0A, 0x22, 0x5C, 0x41, 0xE9, 0x1F600, 0x7F, 0x2F]
                let v = rng.next() % 3 == 0 ? choices[Int(rng.next() % UInt64(choices.count))] : UInt32(0x20 + rng.next() % 90)
                s.unicodeScalars.append(Unicode.Scalar(v) ?? "x")
            }
            var w = JSONWriter()
            w.beginObject()
            w.field("k", string: s)
            w.endObject()
            #expect((try? JSONValue.parse(w.text)) == .object(["k": .string(s)]))
        }
    }

    @Test func builtOrdersDecodeBackExactly() async {
        // A POST body built from an order, read back as an order row, keeps price and quantity.
        let b = PhemexRequestBuilder(catalog: WireTestInstruments.catalog, createStyle: .postBody)
        await propertyCheck(count: 200, input: Gen.int(in: 1...20_000_000), Gen.int(in: 1...100_000)) { ticks, steps in
            let price = Price(raw: Int64(ticks) * 100_000_000)  // multiples of 0.1
            let q = Quantity(raw: Int64(steps) * 1_000_000)  // multiples of 0.001
            let o = OrderRequest(clientOrderID: ClientOrderID("p-\(ticks)")!, symbol: "BTCUSDT", side: .sell, price: price, quantity: q)
            guard let r = try? b.create(o), let json = try? JSONValue.parse(r.body), let f = try? JSONFields(json, context: "")
            else {
                Issue.record("build failed")
                return
            }
            #expect((try? f.decimal("priceRp", as: Price.self)) == price)
            #expect((try? f.decimal("orderQtyRq", as: Quantity.self)) == q)
        }
    }
}
