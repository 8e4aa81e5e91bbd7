import MarketCore

/// Online estimate of the order-arrival intensity λ(δ) = A·e^(−κδ) from public trades.
///
/// Each trade contributes its distance δ from the mid at the time it printed (price units). If
/// arrivals follow λ(δ) = A·e^(−κδ), the distances are exponentially distributed with rate
/// κ, whose maximum-likelihood estimate is 1 / mean(δ); A is the arrival rate (trades per
/// second over the buffer's time span). Distances are floored at half a tick so κ stays finite.
/// Ready once `capacity` trades were seen.
public struct TradingIntensityEstimator: Sendable, Equatable {
    public let capacity: Int
    var distances: [Double] = []
    var times: [Timestamp] = []
    var next = 0

    public init(capacity: Int) { self.capacity = max(capacity, 2) }

    /// Records a trade at `price` while the mid was `mid`.
    public mutating func observe(price: Price, mid: Price, tick: Price, at time: Timestamp) {
        let d = max(abs(SignalMath.double(price) - SignalMath.double(mid)), SignalMath.double(tick) / 2)
        if distances.count < capacity {
            distances.append(d)
            times.append(time)
        } else {
            distances[next] = d
            times[next] = time
        }
        next = (next + 1) % capacity
    }

    public var count: Int { distances.count }
    public var isReady: Bool { distances.count >= capacity }

    /// κ (per price unit), or `nil` without data.
    public var kappa: Double? {
        guard !distances.isEmpty else { return nil }
        let mean = distances.reduce(0, +) / Double(distances.count)
        return mean > 0 ? 1 / mean : nil
    }

    /// A (trades per second), or `nil` if the buffer spans no time.
    public var arrivalRate: Double? {
        guard let lo = times.min(), let hi = times.max(), hi > lo else { return nil }
        return Double(distances.count) / (Double((hi - lo).value) / 1e9)
    }
}
