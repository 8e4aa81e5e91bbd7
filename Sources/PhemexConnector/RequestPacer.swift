/// Keeps one connection under its requests-per-second budget (pure): a sliding one-second
/// window over the send times of the last requests. Times are any monotonic nanosecond count.
public struct RequestPacer: Sendable {
    /// Requests allowed in any one-second window.
    public let limit: Int
    private var sent: [Int64] = []
    private static let window: Int64 = 1_000_000_000

    public init(limitPerSecond: Int) { self.limit = max(1, limitPerSecond) }

    /// Nanoseconds to wait at `now` before the next request may go out (0 = now).
    public mutating func delay(now: Int64) -> Int64 {
        while let first = sent.first, now - first >= Self.window { sent.removeFirst() }
        guard sent.count >= limit, let first = sent.first else { return 0 }
        return first + Self.window - now
    }

    /// Records a request sent at `now`.
    public mutating func record(now: Int64) {
        sent.append(now)
        if sent.count > limit { sent.removeFirst() }
    }
}
