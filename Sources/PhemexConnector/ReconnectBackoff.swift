import MarketCore

/// Exponential reconnect back-off with jitter (pure): attempt 0 waits about `initial`, each
/// further attempt doubles up to `maximum`; the actual delay is drawn uniformly from
/// [delay/2, delay] so many clients do not reconnect in lockstep.
public struct ReconnectBackoff: Sendable {
    public var initial: Duration
    public var maximum: Duration
    private var attempt: Int = 0
    private var random: SeededRandom

    public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(60), seed: UInt64) {
        self.initial = initial
        self.maximum = max(initial, maximum)
        self.random = SeededRandom(seed: seed)
    }

    /// Consecutive failures so far.
    public var attempts: Int { attempt }

    /// The un-jittered ceiling for the current attempt.
    public var currentCeiling: Duration {
        var d = initial
        var i = 0
        while i < attempt && d < maximum {
            d = d * 2
            i += 1
        }
        return min(d, maximum)
    }

    /// The delay before the next reconnect; advances the attempt counter.
    public mutating func nextDelay() -> Duration {
        let ceiling = currentCeiling
        attempt += 1
        let ns = Self.nanos(ceiling)
        let half = ns / 2
        let jitter = half > 0 ? Int64(random.next() % UInt64(half + 1)) : 0
        return .nanoseconds(half + jitter)
    }

    /// Call after a connection proved healthy: the next failure starts from `initial` again.
    public mutating func reset() { attempt = 0 }

    static func nanos(_ d: Duration) -> Int64 {
        let c = d.components
        return c.seconds &* 1_000_000_000 &+ c.attoseconds / 1_000_000_000
    }
}
