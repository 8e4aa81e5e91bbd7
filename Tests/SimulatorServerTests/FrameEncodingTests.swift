import ExchangeSimulator
import MarketCore
import NIOCore
import Testing
@testable import SimulatorServer

extension SimulatorServerLoopbackSuites {
/// The byte-level frame encoder and the merge diff of the publishing hot path agree with the
/// plain implementations they replace.
@Suite("Frame encoding") struct FrameEncodingTests {
    @Test func fixedPointDigitsMatchTheFormatter() {
        var rng = SeededRandom(seed: 42)
        var values: [Int64] = [0, 1, -1, 9, 10, 100_000_000, 1_000_000_000, -1_000_000_000, 65_000_100_000_000,
                               412_000_000, -3_500_000_000, Int64.max, Int64.min, Int64.min + 1]
        for _ in 0..<2000 {
            let v = Int64(bitPattern: rng.next())
            values.append(v)
            values.append(v % 1_000_000_000_000)
            values.append((v % 10_000_000) * 100)
        }
        for v in values {
            var j = FrameBytes(capacity: 32)
            j.fixed(v)
            var k = FrameBytes(capacity: 32)
            k.int(v)
            #expect(String(buffer: j.buffer) == FixedPointFormatter.format(v), "raw \(v)")
            #expect(String(buffer: k.buffer) == String(v))
        }
    }

    static func level(_ p: Int64, _ q: Int64) -> SimLevel {
        SimLevel(price: Price(raw: p * 100_000_000), size: Quantity(raw: q * 1_000_000))
    }

    /// Applying a delta (size 0 deletes) to `old` gives `new`.
    static func apply(_ delta: [SimLevel], to old: [SimLevel]) -> [Int64: Int64] {
        var book: [Int64: Int64] = [:]
        for l in old { book[l.price.raw] = l.size.raw }
        for l in delta { book[l.price.raw] = l.size.isZero ? nil : l.size.raw }
        return book
    }

    @Test func mergeDiffMatchesHashedDiff() {
        var rng = SeededRandom(seed: 9)
        for round in 0..<400 {
            let descending = round % 2 == 0
            func side() -> [SimLevel] {
                var prices = Set<Int64>()
                let n = Int(rng.next() % 40)
                for _ in 0..<n { prices.insert(Int64(rng.next() % 60) + 1000) }
                let sorted = descending ? prices.sorted(by: >) : prices.sorted()
                return sorted.map { Self.level($0, Int64(rng.next() % 5) + 1) }
            }
            let old = side(), new = side()
            let merged = SimulatorCore.diff(old: old, new: new, descending: descending)
            let hashed = SimulatorCore.hashedDiff(old: old, new: new)
            #expect(Set(merged.map { "\($0.price.raw):\($0.size.raw)" }) == Set(hashed.map { "\($0.price.raw):\($0.size.raw)" }))
            var target: [Int64: Int64] = [:]
            for l in new { target[l.price.raw] = l.size.raw }
            #expect(Self.apply(merged, to: old) == target)
        }
        // Unsorted input falls back to the hashed diff and stays correct.
        let old = [Self.level(5, 1), Self.level(7, 1), Self.level(6, 1)]
        let new = [Self.level(7, 2), Self.level(5, 1)]
        let d = SimulatorCore.diff(old: old, new: new, descending: true)
        #expect(Self.apply(d, to: old) == [Self.level(7, 2).price.raw: Self.level(7, 2).size.raw, Self.level(5, 1).price.raw: Self.level(5, 1).size.raw])
    }

    @Test func bookFrameBytesAreTheDocumentedShape() throws {
        let spec = SimInstruments.btcusdt.spec
        let frame = MarketEncoding.bookFrame(
            spec: spec, snapshot: false, depth: 30, bids: [Self.level(650_001, 5)], asks: [Self.level(650_002, 0)],
            sequence: 77, timestamp: Timestamp(nanos: 1_760_000_000_000_000_001), sendTime: Timestamp(nanos: 1_760_000_000_000_000_002))
        #expect(String(buffer: frame) == #"{"depth":30,"dts":1760000000000000002,"mts":1760000000000000001,"orderbook_p":{"asks":[["65000.2","0"]],"bids":[["65000.1","0.005"]]},"sequence":77,"symbol":"BTCUSDT","timestamp":1760000000000000001,"type":"incremental"}"#)
        let inv = SimInstruments.btcusd.spec
        let coin = MarketEncoding.bookFrame(
            spec: inv, snapshot: true, depth: 30, bids: [SimLevel(price: Price(raw: 65_000_500_000_000), size: Quantity(raw: 12_000_000_000))],
            asks: [], sequence: 5, timestamp: Timestamp(nanos: 9), sendTime: Timestamp(nanos: 9))
        #expect(String(buffer: coin) == #"{"book":{"asks":[],"bids":[[650005000,12]]},"depth":30,"sequence":5,"symbol":"BTCUSD","timestamp":9,"type":"snapshot"}"#)
        try expectExact("usdtm-orderbook-04-incremental-update.json", try JSONValue.parse(String(buffer: frame)))
    }
}
}

extension SimulatorServerLoopbackSuites {
@Suite("WebSocket compression") struct WebSocketCompressionTests {
    /// With permessage-deflate offered and negotiated, the client's compressed requests are
    /// understood and the server's (uncompressed, RSV1 clear) frames are read as usual.
    @Test func deflateNegotiatedFramesStillFlow() async throws {
        try await withServer(testConfig { $0.webSocketCompression = true }) { _, port in
            let ws = WSProbe(port: port, deflate: true)
            defer { ws.close() }
            ws.send(#"{"id":1,"method":"server.ping","params":[]}"#)
            let pong = try await ws.waitFor { $0["id"]?.intValue == 1 }
            #expect(pong["result"]?.stringValue == "pong")
            ws.send(#"{"id":2,"method":"orderbook_p.subscribe","params":["BTCUSDT"]}"#)
            let snap = try await ws.waitFor { $0["type"]?.stringValue == "snapshot" && $0["orderbook_p"] != nil }
            #expect(snap["orderbook_p"]?["bids"]?.arrayValue?.count == 30)
            _ = try await ws.waitFor { $0["type"]?.stringValue == "incremental" && $0["orderbook_p"] != nil }
        }
    }
}
}
