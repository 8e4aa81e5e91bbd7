/// One side of an L2 book as a flat, ascending-sorted ladder of raw `Int64` keys with their
/// raw quantities.
///
/// Asks store the price as the key and bids store the negated price, so the best level is
/// always at index 0 and both sides share one code path. Storage is one array allocated once
/// with room for the subscribed depth plus slack — keys in `0..<capacity`, quantities in
/// `capacity..<2·capacity` — and `count` tracks the live prefix, so inserts, deletes and trims
/// never allocate once the ladder has reached its working size. Batch updates take the storage
/// pointer once per message (one uniqueness check) and then work on raw memory. The key slot
/// just past the live prefix always holds `Int64.max`, a sentinel that ends the search loop
/// without a bounds test (so there is always one spare slot).
@usableFromInline
struct OrderBookLadder: Sendable {
    /// Keys in `0..<capacity`, quantities in `capacity..<2·capacity`.
    @usableFromInline var storage: [Int64]
    @usableFromInline var capacity: Int
    @usableFromInline var count: Int

    @usableFromInline
    init(capacity: Int) {
        let c = max(capacity, 4)
        storage = [Int64](repeating: 0, count: 2 &* c)
        storage[0] = Int64.max
        self.capacity = c
        count = 0
    }

    /// The key at `i` (caller checks `i < count`).
    @inlinable
    func key(_ i: Int) -> Int64 { storage[i] }

    /// The quantity at `i` (caller checks `i < count`).
    @inlinable
    func quantity(_ i: Int) -> Int64 { storage[capacity &+ i] }

    /// Makes room for `extra` more levels than `count`, plus the sentinel (only grows when an
    /// update carries more new levels than the slack).
    @usableFromInline
    mutating func reserve(extra: Int) {
        let needed = count &+ extra &+ 1
        if needed <= capacity { return }
        var c = capacity
        while c < needed { c &*= 2 }
        var s = [Int64](repeating: 0, count: 2 &* c)
        for i in 0..<count {
            s[i] = storage[i]
            s[c &+ i] = storage[capacity &+ i]
        }
        s[count] = Int64.max
        storage = s
        capacity = c
    }

    /// Sets the quantity of `key`; a zero quantity deletes it (deleting a missing level is a
    /// no-op: exchanges repeat deletes).
    @usableFromInline
    mutating func set(key: Int64, quantity: Int64) {
        reserve(extra: 1)
        let cap = capacity
        count = storage.withUnsafeMutableBufferPointer { buf in
            // Capacity was reserved above, so the base address exists.
            guard let k = buf.baseAddress else { return 0 }
            return Self.set(keys: k, quantities: k + cap, count: count, key: key, quantity: quantity)
        }
    }

    /// Applies `n` (price, quantity) pairs, then trims to `depth` (0: no trim); `negate` turns
    /// prices into bid keys. Quantities are multiplied by `qm` and prices by `pm` (callers have
    /// checked for overflow).
    @usableFromInline
    mutating func apply(pairs: UnsafePointer<Int64>, count n: Int, negate: Bool, pm: Int64, qm: Int64, depth: Int) {
        if n == 0 { return }
        reserve(extra: n)
        let cap = capacity
        var c = count
        storage.withUnsafeMutableBufferPointer { buf in
            guard let k = buf.baseAddress else { return }
            let q = k + cap
            var i = 0
            while i < n {
                let price = pairs[2 &* i] &* pm
                c = Self.set(
                    keys: k, quantities: q, count: c, key: negate ? 0 &- price : price,
                    quantity: pairs[2 &* i &+ 1] &* qm)
                i &+= 1
            }
            if depth > 0 && c > depth {
                c = depth
                k[depth] = Int64.max
            }
        }
        count = c
    }

    /// `true` for `-2^62 ≤ x < 2^62`.
    @inline(__always)
    static func isSmall(_ x: Int64) -> Bool { UInt64(bitPattern: x &+ (1 &<< 62)) < (1 &<< 63) }

    /// The core update on raw memory with room for one more level; returns the new count.
    @inline(__always)
    static func set(
        keys k: UnsafeMutablePointer<Int64>, quantities q: UnsafeMutablePointer<Int64>, count n: Int, key: Int64,
        quantity: Int64
    ) -> Int {
        var i = 0
        if n > 1 && Self.isSmall(k[0]) && Self.isSmall(k[n &- 1]) && Self.isSmall(key) {
            // Branch-free binary search. Every key lies in [-2^62, 2^62), so a difference
            // cannot overflow and its sign bit is the comparison — plain arithmetic that the
            // compiler cannot turn back into a (mispredicting) branch.
            var base = 0
            var len = n
            while len > 1 {
                let half = len &>> 1
                let less = Int(truncatingIfNeeded: UInt64(bitPattern: k[base &+ half] &- key) &>> 63)
                base &+= half & (0 &- less)
                len &-= half
            }
            i = base &+ Int(truncatingIfNeeded: UInt64(bitPattern: k[base] &- key) &>> 63)
        } else {
            // Linear from the best level; the sentinel `k[n] == Int64.max` stops it at `n`.
            while k[i] < key { i &+= 1 }
        }
        if i < n && k[i] == key {
            if quantity == 0 {
                // Shifts the sentinel down too.
                var j = i
                while j < n {
                    k[j] = k[j &+ 1]
                    q[j] = q[j &+ 1]
                    j &+= 1
                }
                return n &- 1
            }
            q[i] = quantity
            return n
        }
        if quantity == 0 { return n }
        // Shifts the sentinel up too (the caller reserved room for it).
        var j = n &+ 1
        while j > i {
            k[j] = k[j &- 1]
            q[j] = q[j &- 1]
            j &-= 1
        }
        k[i] = key
        q[i] = quantity
        return n &+ 1
    }

    /// Appends a level above every live key (callers add levels in ascending key order).
    mutating func append(key: Int64, quantity: Int64) {
        reserve(extra: 1)
        storage[count] = key
        storage[capacity &+ count] = quantity
        count &+= 1
        storage[count] = Int64.max
    }

    @inlinable
    mutating func trim(to depth: Int) {
        if depth > 0 && count > depth {
            count = depth
            storage[depth] = Int64.max
        }
    }

    @inlinable
    mutating func removeAll() {
        count = 0
        storage[0] = Int64.max
    }
}
