/// Applies the levels of an incremental to an `OrderBook` while its message is still being
/// parsed, undoably: the market-data decoder sets each level as it reads it (one pass over the
/// bytes, no second loop over decoded levels) before it has seen the message's `sequence` and
/// `type`, which Phemex sends after the levels. Each change is journaled (key, old quantity);
/// `OrderBook.speculate` commits the changes when the message turns out to be an applicable
/// incremental, and otherwise undoes them in reverse order, which restores the rings exactly
/// (a ring's count and best/worst keys are functions of its live keys).
///
/// Works on the tick rings only: `set…` returns `false` — the caller then gives up, the book
/// is rolled back and the message takes the ordinary path — for a price off the grid, a level
/// outside a ring's window, or a full journal.
///
/// The pointers are valid only inside the `OrderBook.speculate` call that created the value.
public struct OrderBookSpeculation {
    @usableFromInline let bidQ: UnsafeMutablePointer<Int64>
    @usableFromInline let bidBits: UnsafeMutablePointer<UInt64>
    @usableFromInline let askQ: UnsafeMutablePointer<Int64>
    @usableFromInline let askBits: UnsafeMutablePointer<UInt64>
    @usableFromInline var bid: OrderBookTickRing.State
    @usableFromInline var ask: OrderBookTickRing.State
    @usableFromInline let grid: OrderBookPriceGrid
    /// (key, old quantity) pairs; bid keys are negative, ask keys positive.
    @usableFromInline let journal: UnsafeMutablePointer<Int64>
    @usableFromInline let journalCapacity: Int
    @usableFromInline var journalCount = 0
    /// Multipliers of `setScaled` (wire units → 10⁻⁹ counts).
    @usableFromInline let priceMultiplier: Int64
    @usableFromInline let quantityMultiplier: Int64

    @inlinable
    init(
        bids: UnsafeMutablePointer<Int64>, bid: OrderBookTickRing.State, asks: UnsafeMutablePointer<Int64>,
        ask: OrderBookTickRing.State, grid: OrderBookPriceGrid, journal: UnsafeMutablePointer<Int64>, capacity: Int,
        priceMultiplier: Int64, quantityMultiplier: Int64
    ) {
        self.priceMultiplier = priceMultiplier
        self.quantityMultiplier = quantityMultiplier
        bidQ = bids
        bidBits = UnsafeMutableRawPointer(bids + OrderBookTickRing.size).assumingMemoryBound(to: UInt64.self)
        askQ = asks
        askBits = UnsafeMutableRawPointer(asks + OrderBookTickRing.size).assumingMemoryBound(to: UInt64.self)
        self.bid = bid
        self.ask = ask
        self.grid = grid
        self.journal = journal
        journalCapacity = capacity
    }

    /// Sets a level (raw 10⁻⁹ price and quantity; quantity 0 deletes) on the bid (`isBid`) or
    /// ask side; `false`, changing nothing, when the level cannot be applied speculatively.
    @_transparent
    public mutating func set(isBid: Bool, price: Int64, quantity: Int64) -> Bool {
        guard journalCount < journalCapacity, let n = grid.number(of: price) else { return false }
        let key = isBid ? 0 &- n : n
        let old: Int64?
        if isBid {
            old = Self.set(bidQ, bidBits, &bid, key: key, quantity: quantity)
        } else {
            old = Self.set(askQ, askBits, &ask, key: key, quantity: quantity)
        }
        guard let old else { return false }
        journal[2 &* journalCount] = key
        journal[2 &* journalCount &+ 1] = old
        journalCount &+= 1
        return true
    }

    /// `set` for a level in wire units (COIN-M `priceEp`, contracts), multiplied by the
    /// multipliers given to `OrderBook.speculate`; `false` also when a product overflows.
    @_transparent
    public mutating func setScaled(isBid: Bool, price: Int64, quantity: Int64) -> Bool {
        let (p, o1) = price.multipliedReportingOverflow(by: priceMultiplier)
        let (q, o2) = quantity.multipliedReportingOverflow(by: quantityMultiplier)
        if o1 || o2 { return false }
        return set(isBid: isBid, price: p, quantity: q)
    }

    /// Sets `key` in one ring; returns its old quantity (0 when it was not live), or nil when
    /// the ring refused it.
    @_transparent @usableFromInline
    static func set(
        _ q: UnsafeMutablePointer<Int64>, _ bits: UnsafeMutablePointer<UInt64>, _ s: inout OrderBookTickRing.State,
        key: Int64, quantity: Int64
    ) -> Int64? {
        let slot = Int(truncatingIfNeeded: key) & OrderBookTickRing.mask
        // Inside best…worst a set bit belongs to `key` itself (the ring's invariant). Computed
        // without branches: whether a level is new or known is data, not a pattern.
        let bit = Int64(truncatingIfNeeded: (bits[slot &>> 6] &>> UInt64(slot & 63)) & 1)
        let inside: Int64 = (key >= s.best ? 1 : 0) & (key <= s.worst ? 1 : 0)
        let old = q[slot] & (0 &- (bit & inside))
        guard OrderBookTickRing.set(q, bits, &s, key: key, quantity: quantity) else { return nil }
        return old
    }

    /// Undoes every journaled change, newest first.
    @usableFromInline
    mutating func rollback() {
        var i = journalCount
        while i > 0 {
            i &-= 1
            let key = journal[2 &* i]
            let old = journal[2 &* i &+ 1]
            // Each step returns the ring to a state it had before, so it always fits.
            if key < 0 {
                _ = OrderBookTickRing.set(bidQ, bidBits, &bid, key: key, quantity: old)
            } else {
                _ = OrderBookTickRing.set(askQ, askBits, &ask, key: key, quantity: old)
            }
        }
        journalCount = 0
    }

    /// Trims both sides to `depth`, as the end of an ordinary update does.
    @inlinable
    mutating func trim(depth: Int) {
        OrderBookTickRing.trim(bidBits, &bid, depth: depth)
        OrderBookTickRing.trim(askBits, &ask, depth: depth)
    }
}

extension OrderBook {
    /// `true` when `speculate` can run: the book is valid, knows its grid and holds both sides
    /// in their tick rings.
    @inlinable
    public var canSpeculate: Bool { isValid && grid != nil && bids.inRing && asks.inRing }

    /// Runs `body`, which sets the levels of one message through the `OrderBookSpeculation`
    /// and returns the message's sequence and time when it turned out to be an incremental to
    /// apply (nil otherwise). The changes are committed — exactly as `applyIncremental` with
    /// the same levels would have left the book — when `body` returned a header whose sequence
    /// is not below `lastSequence`; otherwise (nil, a stale sequence, a level `set` refused)
    /// they are undone and the book is unchanged, not even counters. Returns whether it
    /// committed; `false` without calling `body` unless `canSpeculate`.
    ///
    /// `journal` must hold `2 × capacity` values (one pair per level set); the multipliers are
    /// those of `OrderBookSpeculation.setScaled`.
    @inlinable
    public mutating func speculate(
        journal: UnsafeMutablePointer<Int64>, capacity: Int, priceMultiplier: Int64 = 1, quantityMultiplier: Int64 = 1,
        _ body: (inout OrderBookSpeculation) -> (sequence: Int64, time: Timestamp)?
    ) -> Bool {
        guard canSpeculate, let grid else { return false }
        let last = lastSequence
        let trimDepth = depth
        let bidState = OrderBookTickRing.State(count: bids.ring.count, best: bids.ring.best, worst: bids.ring.worst)
        let askState = OrderBookTickRing.State(count: asks.ring.count, best: asks.ring.best, worst: asks.ring.worst)
        var outcome: (bid: OrderBookTickRing.State, ask: OrderBookTickRing.State, sequence: Int64, time: Timestamp)?
        bids.ring.storage.withUnsafeMutableBufferPointer { b in
            asks.ring.storage.withUnsafeMutableBufferPointer { a in
                guard let bq = b.baseAddress, let aq = a.baseAddress else { return }
                var w = OrderBookSpeculation(
                    bids: bq, bid: bidState, asks: aq, ask: askState, grid: grid, journal: journal, capacity: capacity,
                    priceMultiplier: priceMultiplier, quantityMultiplier: quantityMultiplier)
                guard let header = body(&w), header.sequence >= last else {
                    w.rollback()
                    return
                }
                w.trim(depth: trimDepth)
                outcome = (w.bid, w.ask, header.sequence, header.time)
            }
        }
        guard let outcome else { return false }
        commitSpeculation(bid: outcome.bid, ask: outcome.ask, sequence: outcome.sequence, time: outcome.time)
        return true
    }
}
