/// One side of an L2 book indexed by tick: quantities in a ring of `size` slots addressed by
/// `key & (size − 1)`, with an occupancy bitmap, the live count and the best (lowest) and
/// worst (highest) live key. Keys are tick numbers, negated for bids, so the best level is the
/// lowest key on both sides (as in `OrderBookLadder`).
///
/// Invariant: every live key lies in `best…worst` and `worst − best < size`, so a slot holds at
/// most one live key and a key inside `best…worst` is live exactly when its bit is set. An
/// update is O(1) — no search, no shifting — except when it deletes the best or worst level
/// (a bitmap scan to the next one). A level that would break the invariant is refused (the
/// caller then moves the side to the sorted ladder). Storage (quantities then bitmap words) is
/// allocated once, on first use.
@usableFromInline
struct OrderBookTickRing: Sendable {
    /// Slots in the ring (a power of two): the widest span of ticks one side can cover.
    @usableFromInline static let size = 1024
    @usableFromInline static let mask = size - 1
    @usableFromInline static let words = size / 64

    /// Quantities in `0..<size`, bitmap words (bit patterns) in `size..<size + words`.
    @usableFromInline var storage: [Int64] = []
    @usableFromInline var count = 0
    /// Lowest live key (`Int64.max` when empty).
    @usableFromInline var best: Int64 = .max
    /// Highest live key (`Int64.min` when empty).
    @usableFromInline var worst: Int64 = .min

    init() {}

    /// Empties the ring (allocating its storage the first time).
    mutating func reset() {
        count = 0
        best = .max
        worst = .min
        if storage.isEmpty {
            storage = [Int64](repeating: 0, count: Self.size + Self.words)
            return
        }
        storage.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            for w in 0..<Self.words { base[Self.size &+ w] = 0 }
        }
    }

    /// The quantity of a live key.
    @inlinable
    func quantity(ofKey key: Int64) -> Int64 { storage[Int(truncatingIfNeeded: key) & Self.mask] }

    /// The live key after `key` (caller knows one exists).
    func key(after key: Int64) -> Int64 {
        storage.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return key }
            return Self.next(UnsafeRawPointer(base + Self.size).assumingMemoryBound(to: UInt64.self), after: key, limit: worst)
        }
    }

    /// The state carried through a batch (kept in registers by the compiler).
    @usableFromInline
    struct State {
        @usableFromInline var count: Int
        @usableFromInline var best: Int64
        @usableFromInline var worst: Int64

        @inlinable
        init(count: Int, best: Int64, worst: Int64) {
            self.count = count
            self.best = best
            self.worst = worst
        }
    }

    /// The lowest live key above `key`, at most `limit` (which must be live).
    @inlinable @inline(__always)
    static func next(_ bits: UnsafePointer<UInt64>, after key: Int64, limit: Int64) -> Int64 {
        var pos = (Int(truncatingIfNeeded: key) &+ 1) & mask
        var dist: Int64 = 1
        var steps = 0
        while steps <= words {
            let off = pos & 63
            let w = bits[pos &>> 6] &>> UInt64(off)
            if w != 0 { return key &+ dist &+ Int64(w.trailingZeroBitCount) }
            dist &+= Int64(64 &- off)
            pos = (pos &+ 64 &- off) & mask
            steps &+= 1
        }
        return limit
    }

    /// The highest live key below `key`, at least `limit` (which must be live).
    @inlinable @inline(__always)
    static func previous(_ bits: UnsafePointer<UInt64>, before key: Int64, limit: Int64) -> Int64 {
        var pos = (Int(truncatingIfNeeded: key) &- 1) & mask
        var dist: Int64 = 1
        var steps = 0
        while steps <= words {
            let off = pos & 63
            let w = bits[pos &>> 6] &<< UInt64(63 &- off)
            if w != 0 { return key &- dist &- Int64(w.leadingZeroBitCount) }
            dist &+= Int64(off &+ 1)
            pos = (pos &- off &- 1) & mask
            steps &+= 1
        }
        return limit
    }

    /// Sets `key` to `quantity` (0 deletes; deleting a missing level is a no-op). Returns
    /// `false`, changing nothing, when the key would stretch the side to `size` ticks or more.
    /// Setting a quantity takes no data-dependent branch: the range and count update by
    /// min/max and the presence bit (an empty side has `best = .max`, `worst = .min`).
    @inlinable @inline(__always)
    static func set(
        _ q: UnsafeMutablePointer<Int64>, _ bits: UnsafeMutablePointer<UInt64>, _ s: inout State, key k: Int64,
        quantity: Int64
    ) -> Bool {
        let slot = Int(truncatingIfNeeded: k) & mask
        let w = slot &>> 6
        let sh = UInt64(slot & 63)
        let word = bits[w]
        let present = Int(truncatingIfNeeded: (word &>> sh) & 1)
        if quantity != 0 {
            let lo = min(s.best, k)
            let hi = max(s.worst, k)
            // Keys of one side share their sign: the difference cannot overflow.
            if hi &- lo >= Int64(size) { return false }
            // In the window, a set bit in this slot can only be `k` itself.
            bits[w] = word | (1 &<< sh)
            q[slot] = quantity
            s.count &+= 1 &- present
            s.best = lo
            s.worst = hi
            return true
        }
        // A set bit belongs to `k` only inside best…worst (outside, `k` is not live).
        if present == 0 || k < s.best || k > s.worst { return true }
        bits[w] = word & ~(1 &<< sh)
        s.count &-= 1
        if s.count == 0 {
            s.best = .max
            s.worst = .min
        } else if k == s.best {
            s.best = next(bits, after: k, limit: s.worst)
        } else if k == s.worst {
            s.worst = previous(bits, before: k, limit: s.best)
        }
        return true
    }

    /// Drops the worst levels until at most `depth` remain (0: no limit).
    @inlinable @inline(__always)
    static func trim(_ bits: UnsafeMutablePointer<UInt64>, _ s: inout State, depth: Int) {
        guard depth > 0 else { return }
        while s.count > depth {
            let slot = Int(truncatingIfNeeded: s.worst) & mask
            bits[slot &>> 6] &= ~(1 &<< UInt64(slot & 63))
            s.count &-= 1
            s.worst = previous(bits, before: s.worst, limit: s.best)
        }
    }

    /// Applies `n` (price, quantity) pairs as `OrderBookLadder.apply` does, then trims to
    /// `depth`. Returns how many pairs were applied: fewer than `n` when a price is off `grid`
    /// or out of the window (the rest is for the caller, after moving the side to a ladder;
    /// no trim is done then).
    @inline(__always)
    mutating func apply(
        pairs: UnsafePointer<Int64>, count n: Int, negate: Bool, pm: Int64, qm: Int64, depth: Int,
        grid: OrderBookPriceGrid
    ) -> Int {
        var s = State(count: count, best: best, worst: worst)
        let done = storage.withUnsafeMutableBufferPointer { buf -> Int in
            guard let q = buf.baseAddress else { return 0 }
            let bits = UnsafeMutableRawPointer(q + Self.size).assumingMemoryBound(to: UInt64.self)
            var i = 0
            while i < n {
                guard let num = grid.number(of: pairs[2 &* i] &* pm) else { return i }
                if !Self.set(q, bits, &s, key: negate ? 0 &- num : num, quantity: pairs[2 &* i &+ 1] &* qm) {
                    return i
                }
                i &+= 1
            }
            Self.trim(bits, &s, depth: depth)
            return n
        }
        count = s.count
        best = s.best
        worst = s.worst
        return done
    }

    /// Sets one key (see `set`); `false` when it does not fit.
    mutating func set(key: Int64, quantity: Int64) -> Bool {
        var s = State(count: count, best: best, worst: worst)
        let ok = storage.withUnsafeMutableBufferPointer { buf -> Bool in
            guard let q = buf.baseAddress else { return false }
            let bits = UnsafeMutableRawPointer(q + Self.size).assumingMemoryBound(to: UInt64.self)
            return Self.set(q, bits, &s, key: key, quantity: quantity)
        }
        count = s.count
        best = s.best
        worst = s.worst
        return ok
    }

    /// Trims to `depth` (0: no limit).
    mutating func trim(to depth: Int) {
        guard depth > 0, count > depth else { return }
        var s = State(count: count, best: best, worst: worst)
        storage.withUnsafeMutableBufferPointer { buf in
            guard let q = buf.baseAddress else { return }
            Self.trim(UnsafeMutableRawPointer(q + Self.size).assumingMemoryBound(to: UInt64.self), &s, depth: depth)
        }
        count = s.count
        best = s.best
        worst = s.worst
    }
}
