import ExchangeSimulator
import MarketCore

/// Candles of one symbol at one resolution, built by the server from the simulated trades
/// (PROTOCOL.md §3.4 "Klines"): oldest first, at most `KlineSeries.capacity` kept, buckets
/// aligned to multiples of the interval, quiet buckets filled flat with the previous close.
struct KlineSeries: Sendable {
    /// One candle; `lastClose` is the previous candle's close.
    struct Candle: Sendable, Equatable {
        var start: Int64
        var lastClose: Price
        var open: Price
        var high: Price
        var low: Price
        var close: Price
        var volume: Quantity
        var turnover: Money
    }

    /// Resolutions Phemex serves (seconds).
    static let resolutions: Set<Int64> = [60, 300, 900, 1800, 3600, 14400, 86400, 604800, 2_592_000, 7_776_000, 31_104_000]
    static let capacity = 1000

    let interval: Int64
    let inverse: Bool
    private(set) var candles: [Candle] = []

    /// A series whose first candle opens flat at `price` in the bucket of `now`.
    init(interval: Int64, inverse: Bool, price: Price, now: Timestamp) {
        self.interval = interval
        self.inverse = inverse
        let start = now.seconds - now.seconds % interval
        candles = [Candle(start: start, lastClose: price, open: price, high: price, low: price, close: price,
                          volume: .zero, turnover: .zero)]
    }

    /// Opens flat candles up to the bucket of `now` (at most `capacity` new ones).
    mutating func roll(to now: Timestamp) {
        guard var last = candles.last else { return }
        let bucket = now.seconds - now.seconds % interval
        guard bucket > last.start else { return }
        let missing = min(Int64(Self.capacity), (bucket - last.start) / interval)
        var start = bucket - (missing - 1) * interval
        for _ in 0..<missing {
            let p = last.close
            last = Candle(start: start, lastClose: p, open: p, high: p, low: p, close: p, volume: .zero, turnover: .zero)
            candles.append(last)
            start += interval
        }
        if candles.count > Self.capacity { candles.removeFirst(candles.count - Self.capacity) }
    }

    /// Adds one trade (trades older than the current candle are folded into it). Turnover is
    /// quote value for linear symbols, settle-coin value (contracts / price) for inverse ones.
    mutating func add(_ t: SimTrade) {
        roll(to: t.time)
        guard var c = candles.last else { return }
        if c.volume.isZero { c.open = t.price; c.high = t.price; c.low = t.price }
        c.high = max(c.high, t.price)
        c.low = min(c.low, t.price)
        c.close = t.price
        c.volume = c.volume + t.size
        let value = inverse ? Money.quotient(t.size, t.price) : Money.product(t.price, t.size)
        c.turnover = c.turnover + (value ?? .zero)
        candles[candles.count - 1] = c
    }

    /// The newest `limit` candles, newest first (the order of a `kline_p` snapshot).
    func newestFirst(limit: Int = capacity) -> [Candle] {
        Array(candles.suffix(max(0, limit)).reversed())
    }
}

/// `kline_p`/`kline` frames and `/exchange/public/md/v2/kline/last` rows.
enum KlineEncoding {
    /// `[timestampSeconds, interval, lastClose, open, high, low, close, volume, turnover]`:
    /// USDT-M decimal strings, COIN-M Ep prices, integer contracts and Ev turnover.
    static func row(_ c: KlineSeries.Candle, interval: Int64, spec: InstrumentSpec) -> String {
        var s = "[" + String(c.start) + "," + String(interval)
        if spec.kind == .linear {
            for v in [c.lastClose, c.open, c.high, c.low, c.close] { s += ",\"" + v.description + "\"" }
            s += ",\"" + c.volume.description + "\",\"" + c.turnover.description + "\"]"
        } else {
            for v in [c.lastClose, c.open, c.high, c.low, c.close] { s += "," + String(WireEncoding.ep(v, spec)) }
            s += "," + String(WireEncoding.contracts(c.volume)) + "," + String(WireEncoding.ev(c.turnover, spec)) + "]"
        }
        return s
    }

    static func frame(_ candles: [KlineSeries.Candle], interval: Int64, spec: InstrumentSpec, snapshot: Bool, sequence: Int64) -> String {
        var j = JSONObject(capacity: 120 + candles.count * 90)
        j.raw(spec.kind == .linear ? "kline_p" : "kline", JSONObject.array(candles.map { row($0, interval: interval, spec: spec) }))
        j.int("sequence", sequence)
        j.string("symbol", spec.symbol.name)
        j.string("type", snapshot ? "snapshot" : "incremental")
        return j.finished
    }
}
