import MarketCore

/// A synthetic Phemex book capture held in one flat byte buffer with line ranges, generated
/// with the same rules as `scripts/gen-book-stream`: one 30-level snapshot, then incrementals
/// of 1–6 level changes (updates, new levels, deletions, unsorted) on a random-walk book around
/// 60000, with `dts`/`mts` like live USDT-M frames.
public struct BenchStream: Sendable {
    public let bytes: [UInt8]
    public let starts: [Int]
    public let ends: [Int]
    public var count: Int { starts.count }
    public var averageLength: Double { Double(bytes.count - count) / Double(count) }

    public static let usdtm = BenchStream(seed: 1, count: 100_000, coinm: false)
    public static let coinm = BenchStream(seed: 1, count: 100_000, coinm: true)

    public init(seed: UInt64, count: Int, coinm: Bool) {
        var rng = SeededRandom(seed: seed)
        let symbol = coinm ? "BTCUSD" : "BTCUSDT"
        var mid: Int64 = coinm ? 120_000 : 600_000
        var bids: [Int64: Int64] = [:]
        var asks: [Int64: Int64] = [:]
        var sequence: Int64 = 68_604_886_383
        var time: Int64 = 1_760_000_000_123_456_789
        func newSize(_ rng: inout SeededRandom) -> Int64 {
            coinm ? Int64.random(in: 1...50_000, using: &rng) : Int64.random(in: 1...5000, using: &rng)
        }
        func price(_ t: Int64) -> String {
            if coinm { return String(t * 5000) }
            return t % 10 == 0 ? "\"\(t / 10)\"" : "\"\(t / 10).\(t % 10)\""
        }
        func size(_ s: Int64) -> String {
            if coinm { return String(s) }
            return s == 0 ? "\"0\"" : "\"\(s / 1000).\(String(s % 1000 + 1000).dropFirst())\""
        }
        func frame(_ type: String, _ b: [(Int64, Int64)], _ a: [(Int64, Int64)]) -> String {
            let bt = b.map { "[\(price($0.0)),\(size($0.1))]" }.joined(separator: ",")
            let at = a.map { "[\(price($0.0)),\(size($0.1))]" }.joined(separator: ",")
            if coinm {
                return #"{"book":{"asks":[\#(at)],"bids":[\#(bt)]},"depth":30,"sequence":\#(sequence),"symbol":"\#(symbol)","timestamp":\#(time),"type":"\#(type)"}"#
            }
            return #"{"depth":30,"dts":\#(time + 21_000_000),"mts":\#(time + 2_500_000),"orderbook_p":{"asks":[\#(at)],"bids":[\#(bt)]},"sequence":\#(sequence),"symbol":"\#(symbol)","timestamp":\#(time),"type":"\#(type)"}"#
        }
        for i in Int64(0)..<30 {
            bids[mid - 1 - i] = newSize(&rng)
            asks[mid + i] = newSize(&rng)
        }
        var lines: [String] = [
            frame(
                "snapshot", bids.keys.sorted(by: >).map { ($0, bids[$0] ?? 0) },
                asks.keys.sorted().map { ($0, asks[$0] ?? 0) })
        ]
        for _ in 0..<count {
            sequence += Int64.random(in: 1...400, using: &rng)
            time += Int64.random(in: 1_000_000...50_000_000, using: &rng)
            var changes: [(Bool, Int64, Int64)] = []
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
                var t: Int64
                var s: Int64
                if op < 5, let pick = side.keys.sorted().randomElement(using: &rng) {
                    t = pick
                    s = newSize(&rng)
                } else if op < 7, let pick = side.keys.sorted().randomElement(using: &rng) {
                    t = pick
                    s = 0
                } else {
                    let off = Int64.random(in: 0...33, using: &rng)
                    t = isAsk ? mid + off : mid - 1 - off
                    s = newSize(&rng)
                }
                if changes.contains(where: { $0.0 == isAsk && $0.1 == t }) { continue }
                if s == 0 && side[t] == nil { continue }
                changes.append((isAsk, t, s))
            }
            for (isAsk, t, s) in changes {
                if isAsk { asks[t] = s == 0 ? nil : s } else { bids[t] = s == 0 ? nil : s }
            }
            for t in bids.keys.sorted(by: >).dropFirst(30) { bids[t] = nil }
            for t in asks.keys.sorted().dropFirst(30) { asks[t] = nil }
            changes.shuffle(using: &rng)
            lines.append(
                frame(
                    "incremental", changes.filter { !$0.0 }.map { ($0.1, $0.2) },
                    changes.filter { $0.0 }.map { ($0.1, $0.2) }))
        }
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var ends: [Int] = []
        for l in lines {
            starts.append(bytes.count)
            bytes.append(contentsOf: l.utf8)
            ends.append(bytes.count)
            bytes.append(0x0A)
        }
        self.bytes = bytes
        self.starts = starts
        self.ends = ends
    }
}
