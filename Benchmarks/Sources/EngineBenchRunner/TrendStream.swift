import MarketCore

/// A busier capture than `BenchStream`: every frame is a 10-level `orderbook_p` snapshot whose
/// mid takes a random step of up to ±25 ticks (2.5 USDT), so quotes keep moving out of the
/// tracker's hysteresis and the engine amends, cancels and places often.
struct TrendStream {
    let bytes: [UInt8]
    let starts: [Int]
    let ends: [Int]
    var count: Int { starts.count }

    init(seed: UInt64, count: Int) {
        var rng = SeededRandom(seed: seed)
        var mid: Int64 = 600_000  // tenths
        var sequence: Int64 = 1_000
        var time: Int64 = 1_760_000_000_000_000_000
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var ends: [Int] = []
        func px(_ t: Int64) -> String { t % 10 == 0 ? "\"\(t / 10)\"" : "\"\(t / 10).\(t % 10)\"" }
        for _ in 0..<count {
            mid += Int64.random(in: -25...25, using: &rng)
            sequence += 1
            time += 20_000_000
            let bids = (0..<10).map { "[\(px(mid - 1 - Int64($0))),\"0.\(Int.random(in: 100...999, using: &rng))\"]" }.joined(separator: ",")
            let asks = (0..<10).map { "[\(px(mid + Int64($0))),\"0.\(Int.random(in: 100...999, using: &rng))\"]" }.joined(separator: ",")
            let line = #"{"depth":30,"orderbook_p":{"asks":[\#(asks)],"bids":[\#(bids)]},"sequence":\#(sequence),"symbol":"BTCUSDT","timestamp":\#(time),"type":"snapshot"}"#
            starts.append(bytes.count)
            bytes += Array(line.utf8)
            ends.append(bytes.count)
            bytes.append(10)
        }
        self.bytes = bytes
        self.starts = starts
        self.ends = ends
    }
}
