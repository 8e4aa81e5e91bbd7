/// One side of an `OrderBook`: a tick-indexed ring (`OrderBookTickRing`, O(1) updates) while
/// the book knows its price grid and the side fits the ring, otherwise the sorted ladder
/// (`OrderBookLadder`, any prices). A snapshot always lands in the ladder; the book then moves
/// each side to the ring when it fits (`useRing`). An incremental level the ring refuses (off
/// the grid, or stretching the side past the ring's window) moves the side back to the ladder
/// until the next snapshot. Keys are raw prices in the ladder and tick numbers in the ring,
/// negated for bids in both, so the best level is the lowest key; queries return ladder keys.
@usableFromInline
struct OrderBookSide: Sendable {
    @usableFromInline var ladder: OrderBookLadder
    @usableFromInline var ring = OrderBookTickRing()
    /// `true` while the ring holds the levels (the ladder is then stale).
    @usableFromInline var inRing = false
    /// `true` for bids (keys are negated prices).
    @usableFromInline let negate: Bool

    init(capacity: Int, negate: Bool) {
        ladder = OrderBookLadder(capacity: capacity)
        self.negate = negate
    }

    /// Number of live levels.
    @inlinable
    var count: Int { inRing ? ring.count : ladder.count }

    /// Empties the side and leaves it in the ladder.
    mutating func removeAll() {
        inRing = false
        ladder.removeAll()
    }

    /// The best level's key (ladder form) and quantity; caller checks `count > 0`.
    @inlinable
    func best(tick: Int64) -> (key: Int64, quantity: Int64) {
        if inRing { return (ring.best &* tick, ring.quantity(ofKey: ring.best)) }
        return (ladder.key(0), ladder.quantity(0))
    }

    /// Calls `body` with each level's key (ladder form) and quantity, best first, until it
    /// returns `false`.
    func forEach(tick: Int64, _ body: (Int64, Int64) -> Bool) {
        if inRing {
            var k = ring.best
            for i in 0..<ring.count {
                if i > 0 { k = ring.key(after: k) }
                if !body(k &* tick, ring.quantity(ofKey: k)) { return }
            }
        } else {
            for i in 0..<ladder.count where !body(ladder.key(i), ladder.quantity(i)) { return }
        }
    }

    /// The level at `index` (0 = best) as (key, quantity); caller checks the index.
    func level(at index: Int, tick: Int64) -> (key: Int64, quantity: Int64) {
        if !inRing { return (ladder.key(index), ladder.quantity(index)) }
        var k = ring.best
        for _ in 0..<index { k = ring.key(after: k) }
        return (k &* tick, ring.quantity(ofKey: k))
    }

    /// Moves the ring's levels into the ladder (a refused level; rare).
    mutating func leaveRing(tick: Int64) {
        guard inRing else { return }
        ladder.removeAll()
        ladder.reserve(extra: ring.count)
        var k = ring.best
        for i in 0..<ring.count {
            if i > 0 { k = ring.key(after: k) }
            ladder.append(key: k &* tick, quantity: ring.quantity(ofKey: k))
        }
        inRing = false
    }

    /// Moves the ladder's levels into the ring when all are on `grid` and span fewer ticks
    /// than the ring holds (after a snapshot); otherwise stays in the ladder.
    mutating func enterRing(grid: OrderBookPriceGrid) {
        guard !inRing, ladder.count > 0 else { return }
        let sign: Int64 = negate ? -1 : 1
        guard let first = grid.number(of: ladder.key(0) &* sign),
            let last = grid.number(of: ladder.key(ladder.count &- 1) &* sign),
            (last &- first).magnitude < UInt64(OrderBookTickRing.size)
        else { return }
        ring.reset()
        for i in 0..<ladder.count {
            guard let n = grid.number(of: ladder.key(i) &* sign),
                ring.set(key: n &* sign, quantity: ladder.quantity(i))
            else {
                // Not all on the grid (cannot happen for a learned grid): stay in the ladder.
                ring.reset()
                return
            }
        }
        inRing = true
    }

    /// Sets one level (`price` raw; 0 quantity deletes).
    mutating func set(price: Int64, quantity: Int64, grid: OrderBookPriceGrid?) {
        if inRing, let grid {
            if let n = grid.number(of: price), ring.set(key: negate ? 0 &- n : n, quantity: quantity) { return }
            leaveRing(tick: grid.tick)
        }
        ladder.set(key: negate ? 0 &- price : price, quantity: quantity)
    }

    /// Applies `n` raw pairs and trims to `depth` (the batch hot path).
    @inline(__always)
    mutating func apply(
        pairs: UnsafePointer<Int64>, count n: Int, pm: Int64, qm: Int64, depth: Int, grid: OrderBookPriceGrid?
    ) {
        var start = 0
        if inRing, let grid {
            start = ring.apply(pairs: pairs, count: n, negate: negate, pm: pm, qm: qm, depth: depth, grid: grid)
            if start == n { return }
            leaveRing(tick: grid.tick)
        }
        ladder.apply(pairs: pairs + 2 &* start, count: n &- start, negate: negate, pm: pm, qm: qm, depth: depth)
    }

    /// Trims to `depth` (0: no limit).
    mutating func trim(to depth: Int) {
        if inRing { ring.trim(to: depth) } else { ladder.trim(to: depth) }
    }
}
