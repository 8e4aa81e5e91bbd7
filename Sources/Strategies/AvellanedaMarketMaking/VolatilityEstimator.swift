import MarketCore

/// Online σ of the mid price: a ring buffer of mid changes sampled at most once per
/// `sampleInterval` (1 s, like Hummingbot's tick); σ = √(mean of squared changes), in price
/// units per sample. Ready once the buffer is full.
public struct VolatilityEstimator: Sendable, Equatable {
    public let capacity: Int
    public let sampleInterval: Nanoseconds
    var changes: [Double] = []
    var next = 0
    var lastMid: Price?
    var lastSampleAt: Timestamp?

    public init(capacity: Int, sampleInterval: Nanoseconds = .seconds(1)) {
        self.capacity = max(capacity, 1)
        self.sampleInterval = sampleInterval
    }

    /// Offers a mid observation; it is sampled if `sampleInterval` passed since the last one.
    public mutating func observe(mid: Price, at time: Timestamp) {
        if let t = lastSampleAt, time - t < sampleInterval { return }
        if let m = lastMid {
            let d = SignalMath.double(mid) - SignalMath.double(m)
            if changes.count < capacity { changes.append(d) } else { changes[next] = d }
            next = (next + 1) % capacity
        }
        lastMid = mid
        lastSampleAt = time
    }

    /// Number of changes collected (≤ capacity).
    public var count: Int { changes.count }
    /// `true` once `capacity` changes were collected.
    public var isReady: Bool { changes.count >= capacity }

    /// σ in price units per sample (0 before the first change).
    public var sigma: Double {
        guard !changes.isEmpty else { return 0 }
        var s = 0.0
        for d in changes { s += d * d }
        return (s / Double(changes.count)).squareRoot()
    }
}
