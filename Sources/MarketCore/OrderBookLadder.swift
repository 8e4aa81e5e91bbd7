/// One side of an L2 book as a flat, ascending-sorted ladder of raw `Int64` keys with their
/// raw quantities.
///
/// Asks store the price as the key and bids store the negated price, so the best level is
/// always at index 0 and both sides share one code path. Storage is allocated once with room
/// for the subscribed depth plus slack; `count` tracks the live prefix, so inserts, deletes and
/// trims never allocate once the ladder has reached its working size.
@usableFromInline
struct OrderBookLadder: Sendable {
    @usableFromInline var keys: [Int64]
    @usableFromInline var quantities: [Int64]
    @usableFromInline var count: Int

    @usableFromInline
    init(capacity: Int) {
        let c = max(capacity, 4)
        keys = [Int64](repeating: 0, count: c)
        quantities = [Int64](repeating: 0, count: c)
        count = 0
    }

    /// Index of the first key that is not below `key` (lower bound) within the live prefix.
    @inlinable
    func lowerBound(_ key: Int64) -> Int {
        keys.withUnsafeBufferPointer { k in
            var lo = 0
            var hi = count
            while lo < hi {
                let mid = (lo &+ hi) >> 1
                if k[mid] < key { lo = mid &+ 1 } else { hi = mid }
            }
            return lo
        }
    }

    /// Sets the quantity of `key`; a zero quantity deletes it. Returns nothing: deleting a
    /// missing level is a no-op (exchanges repeat deletes).
    @inlinable
    mutating func set(key: Int64, quantity: Int64) {
        let i = lowerBound(key)
        let n = count
        if i < n && keys[i] == key {
            if quantity == 0 {
                remove(at: i)
            } else {
                quantities[i] = quantity
            }
            return
        }
        if quantity == 0 { return }
        if n == keys.count { grow() }
        keys.withUnsafeMutableBufferPointer { k in
            var j = n
            while j > i {
                k[j] = k[j &- 1]
                j &-= 1
            }
            k[i] = key
        }
        quantities.withUnsafeMutableBufferPointer { q in
            var j = n
            while j > i {
                q[j] = q[j &- 1]
                j &-= 1
            }
            q[i] = quantity
        }
        count = n &+ 1
    }

    @inlinable
    mutating func remove(at i: Int) {
        let n = count
        keys.withUnsafeMutableBufferPointer { k in
            var j = i
            while j &+ 1 < n {
                k[j] = k[j &+ 1]
                j &+= 1
            }
        }
        quantities.withUnsafeMutableBufferPointer { q in
            var j = i
            while j &+ 1 < n {
                q[j] = q[j &+ 1]
                j &+= 1
            }
        }
        count = n &- 1
    }

    /// Doubles the storage (only when an update carries more new levels than the slack).
    @usableFromInline
    mutating func grow() {
        let extra = max(keys.count, 4)
        keys.append(contentsOf: repeatElement(0, count: extra))
        quantities.append(contentsOf: repeatElement(0, count: extra))
    }

    @inlinable
    mutating func trim(to depth: Int) {
        if depth > 0 && count > depth { count = depth }
    }

    @inlinable
    mutating func removeAll() { count = 0 }
}
