import Foundation
import MarketCore
import Testing

@testable import PhemexWire

/// Runs only the canonical-order template on `bytes`: `nil` when it refused the frame, else the
/// header and levels it read (wire values).
private func canonical(_ bytes: [UInt8]) -> String? {
    var bids = [Int64](repeating: 0, count: 128)
    var asks = [Int64](repeating: 0, count: 128)
    var h = MarketDataDecoder.FastHeader()
    var none = NoLevelSink()
    let ok = bytes.withUnsafeBufferPointer { buf -> Bool in
        guard let base = buf.baseAddress, buf.count > 0 else { return false }
        return bids.withUnsafeMutableBufferPointer { b in
            asks.withUnsafeMutableBufferPointer { a in
                MarketDataDecoder.canonicalParse(
                    base, buf.count,
                    MarketDataDecoder.FastScratch(bids: b.baseAddress, bidCapacity: 64, asks: a.baseAddress, askCapacity: 64),
                    &h, &none)
            }
        }
    }
    guard ok else { return nil }
    return "\(h.inverse) \(h.snapshot) \(h.sequence) \(h.timestamp) \(String(describing: h.key?.symbol)) "
        + "\(bids.prefix(2 * h.bidCount)) \(asks.prefix(2 * h.askCount))"
}

/// The same frame through the general parser, in the template's output format.
private func general(_ bytes: [UInt8]) -> String? {
    var d = MarketDataDecoder()
    let kind: MarketFrameKind? = bytes.withUnsafeBytes { buf in
        do throws(MarketDataError) { return try d.decodeGeneral(buf) } catch { return nil }
    }
    guard kind == .book else { return nil }
    let bids = (0..<2 * d.bidCount).map { d.bidPairs[$0] }
    let asks = (0..<2 * d.askCount).map { d.askPairs[$0] }
    return "\(d.contractKind == .inverse) \(d.isSnapshot) \(d.sequence) \(d.timestamp.nanos) \(String(describing: d.symbolKey?.symbol)) "
        + "\(bids[...]) \(asks[...])"
}

/// A `SyntheticBookStream` line rewritten into Phemex's own key order: `mts` after `dts` for
/// USDT-M; for COIN-M the `book` payload first and no `dts`.
private func canonicalLine(_ line: String, coinm: Bool) -> String {
    if !coinm { return line.replacingOccurrences(of: #","orderbook_p":"#, with: #","mts":1760000000125956789,"orderbook_p":"#) }
    guard let open = line.range(of: #""book":"#), let close = line.range(of: #"},"sequence":"#) else { return line }
    let body = line[open.upperBound..<close.lowerBound]
    return #"{"book":"# + body + #"},"depth":30,"sequence":"# + line[close.upperBound...]
}

@Suite struct MarketDataCanonicalPathTests {
    /// Generated frames in Phemex's order take the template and read exactly what the general
    /// parser reads; the public decoder agrees too.
    @Test(arguments: [false, true])
    func generatedFramesTakeTheTemplate(coinm: Bool) throws {
        var stream = SyntheticBookStream(seed: 21, coinm: coinm)
        var lines = [stream.snapshot().line]
        for _ in 0..<1500 { lines.append(stream.incremental().line) }
        for raw in lines {
            let bytes = Array(canonicalLine(raw, coinm: coinm).utf8)
            let c = canonical(bytes)
            #expect(c != nil, "\(String(decoding: bytes, as: UTF8.self))")
            #expect(c == general(bytes), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    /// Random edits and truncations of canonical frames: whatever the template accepts, the
    /// general parser accepts with the same result.
    @Test func corruptedFramesNeverDisagree() {
        var rng = SeededRandom(seed: 77)
        var usdt = SyntheticBookStream(seed: 5)
        var coin = SyntheticBookStream(seed: 6, coinm: true)
        var bases = [
            Array(canonicalLine(usdt.snapshot().line, coinm: false).utf8),
            Array(canonicalLine(coin.snapshot().line, coinm: true).utf8),
        ]
        for _ in 0..<30 {
            bases.append(Array(canonicalLine(usdt.incremental().line, coinm: false).utf8))
            bases.append(Array(canonicalLine(coin.incremental().line, coinm: true).utf8))
        }
        let alphabet = Array(#"0123456789.-+eE"{}[],: \atbpsk"#.utf8) + [0, 0x80, 0xFF]
        var taken = 0
        for _ in 0..<30_000 {
            var b = bases[Int.random(in: 0..<bases.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: b.removeLast(Int.random(in: 1..<max(b.count, 2), using: &rng))
                case 1: b.remove(at: Int.random(in: 0..<b.count, using: &rng))
                case 2: b.insert(alphabet.randomElement(using: &rng) ?? 0, at: Int.random(in: 0...b.count, using: &rng))
                default: b[Int.random(in: 0..<b.count, using: &rng)] = alphabet.randomElement(using: &rng) ?? 0
                }
                if b.isEmpty { b = [0x7B] }
            }
            guard let c = canonical(b) else { continue }
            taken += 1
            #expect(c == general(b), "\(String(decoding: b, as: UTF8.self))")
        }
        #expect(taken > 500)
    }

    /// Every length of every integer field, decimals of every shape, symbols of every length:
    /// the template either refuses or agrees with the general parser, and takes the usual ones.
    @Test func fieldShapesAgreeWithTheGeneralParser() {
        let usdt = #"{"depth":%D%,"dts":%T%,"mts":%M%,"orderbook_p":{"asks":[["%PX%","%SZ%"]],"bids":[]},"sequence":%Q%,"symbol":"%SYM%","timestamp":%TS%,"type":"snapshot"}"#
        let coin = #"{"book":{"asks":[[%PX%,%SZ%]],"bids":[]},"depth":%D%,"sequence":%Q%,"symbol":"%SYM%","timestamp":%TS%,"type":"incremental"}"#
        let defaults = ["D": "30", "T": "1760000000144456789", "M": "1760000000125956789", "Q": "68604886383", "TS": "1760000000123456789", "SYM": "BTCUSDT"]
        func frame(_ template: String, _ values: [String: String], px: String, sz: String) -> [UInt8] {
            var t = template.replacingOccurrences(of: "%PX%", with: px).replacingOccurrences(of: "%SZ%", with: sz)
            for k in ["TS", "SYM", "D", "T", "M", "Q"] { t = t.replacingOccurrences(of: "%\(k)%", with: values[k] ?? "") }
            return Array(t.utf8)
        }
        func check(_ b: [UInt8], expectTaken: Bool? = nil) {
            let c = canonical(b)
            if c != nil { #expect(c == general(b), "\(String(decoding: b, as: UTF8.self))") }
            if let expectTaken { #expect((c != nil) == expectTaken, "\(String(decoding: b, as: UTF8.self))") }
        }
        for n in 1...21 {
            let digits = String(String(repeating: "9182736450", count: 3).prefix(n))
            for field in ["D", "T", "M", "Q", "TS"] {
                var v = defaults
                v[field] = digits
                check(frame(usdt, v, px: "65000.5", sz: "1.25"), expectTaken: n <= 19)
                check(frame(coin, v, px: "650005000", sz: "12"))
            }
            check(frame(coin, defaults, px: digits, sz: "3"))
            check(frame(coin, defaults, px: "650005000", sz: digits))
        }
        for int in ["0", "7", "65000", "123456789", "1234567890", "00012", ""] {
            for frac in ["", ".1", ".123", ".000000001", ".1234567890", "."] {
                check(frame(usdt, defaults, px: int + frac, sz: int + frac))
                check(frame(usdt, defaults, px: "65000.5", sz: int + frac))
            }
        }
        let letters = "ABCDEFGHIJKLMNOPQRSTU"
        for n in 0...18 {
            var v = defaults
            v["SYM"] = String(letters.prefix(n))
            check(frame(usdt, v, px: "1.5", sz: "2"), expectTaken: n >= 1 && n <= 16)
            check(frame(coin, v, px: "15000", sz: "2"), expectTaken: n >= 1 && n <= 16)
        }
        for sym in [#"AB\"CD"#, #"ABCDEFGHI\\J"#, #"\u0041"#] {
            var v = defaults
            v["SYM"] = sym
            check(frame(usdt, v, px: "1.5", sz: "2"), expectTaken: false)
        }
        // Trailing bytes, a missing final brace, another type: refused.
        let good = frame(usdt, defaults, px: "1.5", sz: "2")
        check(good, expectTaken: true)
        check(good + [0x20], expectTaken: false)
        check(Array(good.dropLast()), expectTaken: false)
        check(Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "snapshot", with: "snapshop").utf8), expectTaken: false)
    }
}
