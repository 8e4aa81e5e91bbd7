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
        let (p, overflow) = dt.multipliedReportingOverflow(by: rate)
        if !overflow {  // 64-bit: the same truncated quotient without the 128-bit division
            let add = p / 1_000_000_000
            return add >= room ? capacity : tokens + add
        }
        let add = Int128(dt) * Int128(rate) / 1_000_000_000
        return add >= Int128(room) ? capacity : tokens + Int64(add)
    }

    /// `nil` when `n` tokens are available at `now`, else the time when they will be.
    func whenAvailable(_ n: Int, now: Timestamp) -> Timestamp? {
        let need = Int64(n) * Self.unit
        let have = available(at: now)
        if have >= need { return nil }
        let missing = need - have
        let (p, overflow) = missing.multipliedReportingOverflow(by: 1_000_000_000)
        if !overflow, p <= Int64.max - rate {  // 64-bit: the same rounded-up quotient
            return Timestamp(nanos: now.nanos &+ (p + rate - 1) / rate)
        }
        let ns = (Int128(missing) * 1_000_000_000 + Int128(rate) - 1) / Int128(rate)
        return Timestamp(nanos: now.nanos &+ Int64(ns))
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
