import Synchronization

/// Keeps the last `capacity` latency samples (nanoseconds) for percentiles; used by the
/// benchmark (`PhemexConnectorConfiguration.measureLatency`) to time frame → book update.
public final class LatencyRecorder: Sendable {
    private struct Ring {
        var samples: [Int64]
        var next = 0
        var count = 0
    }
    private let ring: Mutex<Ring>
    public let capacity: Int

    public init(capacity: Int = 100_000) {
        self.capacity = max(1, capacity)
        ring = Mutex(Ring(samples: Array(repeating: 0, count: max(1, capacity))))
    }

    /// Adds one sample.
    public func record(_ nanos: Int64) {
        ring.withLock { r in
            r.samples[r.next] = nanos
            r.next = (r.next + 1) % r.samples.count
            r.count = min(r.count + 1, r.samples.count)
        }
    }

    /// Number of samples kept.
    public var count: Int { ring.withLock { $0.count } }

    /// The `p`-th percentile (0…100) of the kept samples, nil when empty.
    public func percentile(_ p: Double) -> Int64? {
        let sorted = ring.withLock { r in Array(r.samples.prefix(r.count)) }.sorted()
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count - 1)).rounded())
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// Forgets every sample.
    public func reset() { ring.withLock { $0.count = 0; $0.next = 0 } }
}
