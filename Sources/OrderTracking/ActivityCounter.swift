import MarketCore

/// Kraken-style decaying activity score (R8), in milli-points with lazy linear decay.
struct ActivityCounter: Hashable, Sendable {
    /// Milli-points lost per second.
    let decayPerSecond: Int64
    private(set) var value: Int64 = 0
    private(set) var last: Int64 = 0

    init(decayPerSecond: Double) {
        self.decayPerSecond = max(0, Int64((decayPerSecond * 1000).rounded()))
    }

    /// Score in milli-points at `now`.
    func score(at now: Timestamp) -> Int64 {
        let dt = now.nanos &- last
        if dt <= 0 || value == 0 { return value }
        return value - TrackerMath.mulDiv(dt, decayPerSecond, 1_000_000_000, cappedAt: value)
    }

    /// Whole points at `now` (rounded up, conservative).
    func points(at now: Timestamp) -> Int { Int((score(at: now) + 999) / 1000) }

    /// Adds points at `now`.
    mutating func add(points: Int, now: Timestamp) {
        value = score(at: now) + Int64(points) * 1000
        if now.nanos > last { last = now.nanos }
    }

    /// The earliest time the score is at most `target` points.
    func timeWhenAtMost(_ target: Int, now: Timestamp) -> Timestamp {
        let s = score(at: now)
        let t = Int64(target) * 1000
        if s <= t { return now }
        guard decayPerSecond > 0 else { return Timestamp(nanos: Int64.max / 2) }
        return Timestamp(nanos: now.nanos &+ TrackerMath.mulDivRoundingUp(s - t, 1_000_000_000, decayPerSecond))
    }

    /// The surcharge for an order of age `age` from a table (first entry whose bound exceeds the age).
    static func surcharge(_ table: [AgeCost], age: Nanoseconds) -> Int {
        let ms = age.millis
        var best = 0
        var bound = Int.max
        for e in table where Int64(e.underMs) > ms && e.underMs < bound {
            bound = e.underMs
            best = e.points
        }
        return best
    }
}
