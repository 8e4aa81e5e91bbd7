import MarketCore

/// Counts behind the ratio monitors (R9–R13).
public struct RatioCounts: Hashable, Sendable, Codable {
    /// New + amend + cancel requests.
    public var messages: Int64 = 0
    public var fills: Int64 = 0
    public var newOrders: Int64 = 0
    /// Raw (10⁻⁹) quantities ordered and filled.
    public var orderedQty: Int64 = 0
    public var filledQty: Int64 = 0
    /// GTC and post-only orders placed, and those cancelled/amended young.
    public var restingOrders: Int64 = 0
    public var quickCancels: Int64 = 0
    public var iocOrders: Int64 = 0
    public var iocExpired: Int64 = 0
    public var dustOrders: Int64 = 0
    public init() {}

    mutating func add(_ o: RatioCounts, sign: Int64) {
        messages += sign * o.messages
        fills += sign * o.fills
        newOrders += sign * o.newOrders
        orderedQty &+= sign &* o.orderedQty
        filledQty &+= sign &* o.filledQty
        restingOrders += sign * o.restingOrders
        quickCancels += sign * o.quickCancels
        iocOrders += sign * o.iocOrders
        iocExpired += sign * o.iocExpired
        dustOrders += sign * o.dustOrders
    }
}

/// Counts over a rolling window kept in fixed time buckets (no allocation after init).
struct RollingStats: Hashable, Sendable {
    let bucketWidth: Int64
    private var buckets: [RatioCounts]
    private var epochs: [Int64]
    private(set) var total = RatioCounts()
    private var lastEpoch = Int64.min
    /// At most the oldest epoch of a live bucket (`Int64.max` when none is live): while it is
    /// still inside the window, `advance` has nothing to drop and skips its scan of every
    /// bucket (which, run when a request follows a quiet spell, touched all of them cold).
    private var oldestLive = Int64.max

    init(window: Nanoseconds, buckets n: Int) {
        let count = max(1, n)
        bucketWidth = max(1, window.value / Int64(count))
        buckets = [RatioCounts](repeating: RatioCounts(), count: count)
        epochs = [Int64](repeating: Int64.min, count: count)
    }

    /// Drops buckets that left the window.
    mutating func advance(_ now: Timestamp) {
        let e = now.nanos / bucketWidth
        if e == lastEpoch { return }
        lastEpoch = e
        let n = Int64(buckets.count)
        if oldestLive > e - n { return }  // no live bucket left the window
        var oldest = Int64.max
        for i in 0..<buckets.count where epochs[i] != Int64.min {
            if epochs[i] <= e - n {
                total.add(buckets[i], sign: -1)
                buckets[i] = RatioCounts()
                epochs[i] = Int64.min
            } else {
                oldest = min(oldest, epochs[i])
            }
        }
        oldestLive = oldest
    }

    /// Adds counts at `now`.
    mutating func add(_ c: RatioCounts, now: Timestamp) {
        advance(now)
        let e = now.nanos / bucketWidth
        let slot = Int(((e % Int64(buckets.count)) + Int64(buckets.count)) % Int64(buckets.count))
        if epochs[slot] != e {
            if epochs[slot] != Int64.min { total.add(buckets[slot], sign: -1) }
            buckets[slot] = RatioCounts()
            epochs[slot] = e
            oldestLive = min(oldestLive, e)
        }
        buckets[slot].add(c, sign: 1)
        total.add(c, sign: 1)
    }
}
