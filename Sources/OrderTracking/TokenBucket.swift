import MarketCore

/// A token bucket in integer micro-tokens with lazy refill (R1 smoothing, R7 mutation rate).
struct TokenBucket: Hashable, Sendable {
    static let unit: Int64 = 1_000_000
    /// Micro-tokens per second.
    let rate: Int64
    let capacity: Int64
    private(set) var tokens: Int64
    private(set) var last: Int64

    init(_ rule: TokenBucketRule, now: Timestamp) {
        rate = max(1, Int64((rule.ratePerSecond * Double(Self.unit)).rounded()))
        capacity = Int64(max(1, rule.burst)) * Self.unit
        tokens = capacity
        last = now.nanos
    }

    /// Micro-tokens available at `now`.
    func available(at now: Timestamp) -> Int64 {
        let dt = now.nanos &- last
        if dt <= 0 { return tokens }
        let room = capacity - tokens
        // time to fill the room, to avoid overflow on long gaps
        return tokens + TrackerMath.mulDiv(dt, rate, 1_000_000_000, cappedAt: room)
    }

    /// `nil` when `n` tokens are available at `now`, else the time when they will be.
    func whenAvailable(_ n: Int, now: Timestamp) -> Timestamp? {
        let need = Int64(n) * Self.unit
        let have = available(at: now)
        if have >= need { return nil }
        let missing = need - have
        return Timestamp(nanos: now.nanos &+ TrackerMath.mulDivRoundingUp(missing, 1_000_000_000, rate))
    }

    /// Takes `n` tokens (never below zero).
    mutating func take(_ n: Int, now: Timestamp) {
        if now.nanos > last {
            tokens = available(at: now)
            last = now.nanos
        }
        tokens = max(0, tokens - Int64(n) * Self.unit)
    }
}
