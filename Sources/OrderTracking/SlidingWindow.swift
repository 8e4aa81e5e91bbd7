import MarketCore

/// A rolling window of weighted events (a sliding log in a fixed ring: no allocation after
/// init). An event at `t` counts while `now < t + window`.
struct SlidingWindow: Hashable, Sendable {
    let window: Int64
    private var times: [Int64]
    private var weights: [Int]
    private var head = 0
    private(set) var count = 0
    /// Sum of the weights in the window (after `expire`).
    private(set) var total = 0

    init(window: Nanoseconds, capacity: Int) {
        self.window = max(1, window.value)
        let cap = max(1, capacity)
        times = [Int64](repeating: 0, count: cap)
        weights = [Int](repeating: 0, count: cap)
    }

    /// Drops events that left the window at `now`.
    mutating func expire(_ now: Timestamp) {
        let cut = now.nanos &- window
        while count > 0 && times[head] <= cut {
            total -= weights[head]
            weights[head] = 0
            head = head + 1 == times.count ? 0 : head + 1
            count -= 1
        }
    }

    /// Weight in the window at `now` without mutating (for read-only evaluation).
    func used(at now: Timestamp) -> Int {
        let cut = now.nanos &- window
        var t = total
        var i = head
        var n = count
        while n > 0 && times[i] <= cut {
            t -= weights[i]
            i = i + 1 == times.count ? 0 : i + 1
            n -= 1
        }
        return t
    }

    /// Records an event. When the ring is full the weight joins the newest event (conservative:
    /// it then expires later than it would).
    mutating func add(_ now: Timestamp, weight: Int) {
        expire(now)
        guard weight > 0 else { return }
        if count == times.count {
            let last = (head + count - 1) % times.count
            weights[last] += weight
            times[last] = max(times[last], now.nanos)
        } else {
            let slot = (head + count) % times.count
            times[slot] = now.nanos
            weights[slot] = weight
            count += 1
        }
        total += weight
    }

    /// The earliest time at which the window weight is at most `target` (now if already so).
    func timeWhenUsed(atMost target: Int, now: Timestamp) -> Timestamp {
        let cut = now.nanos &- window
        var t = total
        var i = head
        var n = count
        // Skip what already expired.
        while n > 0 && times[i] <= cut {
            t -= weights[i]
            i = i + 1 == times.count ? 0 : i + 1
            n -= 1
        }
        if t <= target { return now }
        while n > 0 {
            t -= weights[i]
            if t <= target { return Timestamp(nanos: times[i] &+ window) }
            i = i + 1 == times.count ? 0 : i + 1
            n -= 1
        }
        return now
    }

    /// Empties the window.
    mutating func reset() {
        head = 0
        count = 0
        total = 0
    }
}
