/// One price level of a book: a price and the total quantity resting there.
public struct BookLevel: Hashable, Sendable, Codable, CustomStringConvertible {
    public var price: Price
    public var quantity: Quantity
    public init(price: Price, quantity: Quantity) {
        self.price = price
        self.quantity = quantity
    }
    public var description: String { "\(quantity)@\(price)" }
}

/// An L2 order book of one symbol, kept to the subscribed depth.
///
/// * `applySnapshot` replaces the whole book and makes it valid; `applyIncremental` applies
///   level changes (quantity 0 deletes, levels may arrive unsorted) and then trims each side
///   to `depth`. Incrementals before the first snapshot (or after `invalidate()`) are ignored.
/// * A message whose sequence is lower than the last applied one is dropped and counted in
///   `staleDropped`. Phemex sequences are shared across symbols, so a jump is not a gap.
/// * Each side is tick-indexed (`OrderBookTickRing`: a level is a slot addressed by its tick
///   number, so an update is O(1)) once the book knows its price grid — given as `tickSize`, or
///   learned at each snapshot as the coarsest grid the snapshot's prices share — and falls back
///   to a flat sorted ladder (`OrderBookLadder`) for prices off the grid or spread wider than the
///   ring, until the next snapshot. Results are the same either way; applying an incremental
///   allocates nothing in steady state.
///
/// The decoder drives the low-level API `beginUpdate` / `setLevel` / `endUpdate` with raw
/// fixed-point values so that no per-level value is built.
public struct OrderBook: Sendable {
    /// The symbol this book belongs to.
    public let symbol: Symbol
    /// Levels kept per side; 0 keeps every level (full-book subscriptions).
    public let depth: Int

    @usableFromInline var bids: OrderBookSide
    @usableFromInline var asks: OrderBookSide
    /// The price grid in use (fixed by `tickSize`, else learned at each snapshot).
    @usableFromInline var grid: OrderBookPriceGrid?
    let fixedGrid: OrderBookPriceGrid?

    /// Sequence of the last applied snapshot or incremental (0 before the first).
    public private(set) var lastSequence: Int64 = 0
    /// Messages dropped because their sequence was lower than `lastSequence`.
    public private(set) var staleDropped: Int = 0
    /// Incrementals ignored because no snapshot had been applied yet (or after `invalidate()`).
    public private(set) var ignoredWhileInvalid: Int = 0
    /// Snapshots and incrementals applied.
    public private(set) var updatesApplied: Int = 0
    /// `false` until the first snapshot and after `invalidate()`.
    public private(set) var isValid: Bool = false
    /// Exchange time of the last applied message.
    public private(set) var lastUpdateTime: Timestamp = .zero

    @usableFromInline var inUpdate: Bool = false
    var pendingSnapshot: Bool = false
    var pendingSequence: Int64 = 0
    var pendingTime: Timestamp = .zero

    /// Extra ladder room above `depth` so that one update can add levels before the trim.
    public static let slack = 34

    /// An empty, invalid book keeping `depth` levels per side (0 = unlimited).
    public init(symbol: Symbol, depth: Int = 30) {
        self.init(symbol: symbol, depth: depth, grid: nil)
    }

    /// An empty, invalid book whose prices lie on multiples of `tickSize` (the instrument's
    /// tick): the grid is then fixed instead of learned from each snapshot. Prices off the grid
    /// still work (that side falls back to the sorted ladder until the next snapshot).
    public init(symbol: Symbol, depth: Int = 30, tickSize: Price) {
        self.init(symbol: symbol, depth: depth, grid: OrderBookPriceGrid(tick: tickSize.raw))
    }

    init(symbol: Symbol, depth: Int, grid: OrderBookPriceGrid?) {
        self.symbol = symbol
        self.depth = max(depth, 0)
        let capacity = depth > 0 ? depth + Self.slack : 256
        bids = OrderBookSide(capacity: capacity, negate: true)
        asks = OrderBookSide(capacity: capacity, negate: false)
        fixedGrid = grid
        self.grid = grid
    }

    /// The tick of the grid in use as a raw count (1 when none: ladder keys are raw prices).
    @inlinable
    var tickRaw: Int64 { grid?.tick ?? 1 }

    // MARK: low-level update API (allocation-free)

    /// Starts an update. Returns `false` — and the following `setLevel` calls are ignored — when
    /// the message is stale (sequence below `lastSequence`, counted) or is an incremental while
    /// the book is invalid. A snapshot on an invalid book is always accepted.
    @discardableResult
    public mutating func beginUpdate(sequence: Int64, isSnapshot: Bool, time: Timestamp) -> Bool {
        inUpdate = false
        if isValid && sequence < lastSequence {
            staleDropped &+= 1
            return false
        }
        if !isSnapshot && !isValid {
            ignoredWhileInvalid &+= 1
            return false
        }
        if isSnapshot {
            bids.removeAll()
            asks.removeAll()
        }
        inUpdate = true
        pendingSnapshot = isSnapshot
        pendingSequence = sequence
        pendingTime = time
        return true
    }

    /// Sets one level of the update in progress; quantity 0 deletes the level. Raw values are
    /// counts of 10⁻⁹. Ignored outside an accepted update.
    public mutating func setLevel(side: Side, priceRaw: Int64, quantityRaw: Int64) {
        guard inUpdate else { return }
        if side == .buy {
            bids.set(price: priceRaw, quantity: quantityRaw, grid: grid)
        } else {
            asks.set(price: priceRaw, quantity: quantityRaw, grid: grid)
        }
    }

    /// Finishes the update in progress: trims both sides to `depth`, records the sequence and
    /// time, and marks the book valid after a snapshot.
    public mutating func endUpdate() {
        guard inUpdate else { return }
        inUpdate = false
        bids.trim(to: depth)
        asks.trim(to: depth)
        lastSequence = pendingSequence
        lastUpdateTime = pendingTime
        updatesApplied &+= 1
        if pendingSnapshot {
            isValid = true
            enterRings()
        }
    }

    /// After a snapshot: fixes or learns the grid (the greatest common divisor of every price)
    /// and moves each side that fits into its tick ring.
    mutating func enterRings() {
        if fixedGrid == nil {
            var g: UInt64 = 0
            var positive = true
            for i in 0..<bids.ladder.count {
                let p = 0 &- bids.ladder.key(i)
                if p <= 0 { positive = false }
                g = OrderBookPriceGrid.gcd(g, p.magnitude)
            }
            for i in 0..<asks.ladder.count {
                let p = asks.ladder.key(i)
                if p <= 0 { positive = false }
                g = OrderBookPriceGrid.gcd(g, p.magnitude)
            }
            grid = positive && g > 0 && g <= UInt64(Int64.max) ? OrderBookPriceGrid(tick: Int64(g)) : nil
        }
        guard let grid else { return }
        bids.enterRing(grid: grid)
        asks.enterRing(grid: grid)
    }

    /// Applies one whole message in a single call: `bids` and `asks` hold interleaved raw
    /// `(price, quantity)` pairs (10⁻⁹ counts after multiplying by `priceMultiplier` /
    /// `quantityMultiplier`; quantity 0 deletes; any order). Equivalent to `beginUpdate`, one
    /// `setLevel` per pair, `endUpdate`, but touches each side's storage once — the hot path
    /// of the market-data decoder. The multiplications wrap: callers check for overflow first.
    /// Returns `false` when the message was dropped (stale, or incremental while invalid).
    @discardableResult
    public mutating func applyRawPairs(
        sequence: Int64, isSnapshot: Bool, time: Timestamp, bids: UnsafeBufferPointer<Int64>,
        asks: UnsafeBufferPointer<Int64>, priceMultiplier: Int64 = 1, quantityMultiplier: Int64 = 1
    ) -> Bool {
        guard beginUpdate(sequence: sequence, isSnapshot: isSnapshot, time: time) else { return false }
        let g = isSnapshot ? nil : grid
        if let b = bids.baseAddress {
            self.bids.apply(pairs: b, count: bids.count >> 1, pm: priceMultiplier, qm: quantityMultiplier, depth: depth, grid: g)
        }
        if let a = asks.baseAddress {
            self.asks.apply(pairs: a, count: asks.count >> 1, pm: priceMultiplier, qm: quantityMultiplier, depth: depth, grid: g)
        }
        endUpdate()
        return true
    }

    /// The bookkeeping of `endUpdate` for a committed `speculate` (ring states from the
    /// speculation; no trim left to do, never a snapshot).
    @usableFromInline
    mutating func commitSpeculation(
        bid: OrderBookTickRing.State, ask: OrderBookTickRing.State, sequence: Int64, time: Timestamp
    ) {
        bids.ring.count = bid.count
        bids.ring.best = bid.best
        bids.ring.worst = bid.worst
        asks.ring.count = ask.count
        asks.ring.best = ask.best
        asks.ring.worst = ask.worst
        inUpdate = false
        pendingSnapshot = false
        pendingSequence = sequence
        pendingTime = time
        lastSequence = sequence
        lastUpdateTime = time
        updatesApplied &+= 1
    }

    // MARK: value API

    /// Replaces the whole book. Returns `false` if dropped as stale (the book was valid and
    /// `sequence` is lower than the last applied one).
    @discardableResult
    public mutating func applySnapshot(
        sequence: Int64, bids: [BookLevel], asks: [BookLevel], time: Timestamp = .zero
    ) -> Bool {
        guard beginUpdate(sequence: sequence, isSnapshot: true, time: time) else { return false }
        for l in bids { setLevel(side: .buy, priceRaw: l.price.raw, quantityRaw: l.quantity.raw) }
        for l in asks { setLevel(side: .sell, priceRaw: l.price.raw, quantityRaw: l.quantity.raw) }
        endUpdate()
        return true
    }

    /// Applies level changes (quantity 0 deletes; any order) and trims to depth. Returns
    /// `false` when the message was dropped: stale sequence (counted in `staleDropped`) or no
    /// snapshot yet.
    @discardableResult
    public mutating func applyIncremental(
        sequence: Int64, bids: [BookLevel], asks: [BookLevel], time: Timestamp = .zero
    ) -> Bool {
        guard beginUpdate(sequence: sequence, isSnapshot: false, time: time) else { return false }
        for l in bids { setLevel(side: .buy, priceRaw: l.price.raw, quantityRaw: l.quantity.raw) }
        for l in asks { setLevel(side: .sell, priceRaw: l.price.raw, quantityRaw: l.quantity.raw) }
        endUpdate()
        return true
    }

    /// Marks the book untrustworthy (disconnect, crossed, resubscribe) and clears it; the next
    /// snapshot makes it valid again whatever its sequence.
    public mutating func invalidate() {
        isValid = false
        inUpdate = false
        bids.removeAll()
        asks.removeAll()
    }

    // MARK: queries

    /// Best (highest) bid, if any.
    @inlinable
    public var bestBid: BookLevel? {
        guard bids.count > 0 else { return nil }
        let l = bids.best(tick: tickRaw)
        return BookLevel(price: Price(raw: 0 &- l.key), quantity: Quantity(raw: l.quantity))
    }

    /// Best (lowest) ask, if any.
    @inlinable
    public var bestAsk: BookLevel? {
        guard asks.count > 0 else { return nil }
        let l = asks.best(tick: tickRaw)
        return BookLevel(price: Price(raw: l.key), quantity: Quantity(raw: l.quantity))
    }

    /// Midpoint of best bid and ask (rounded down to 10⁻⁹); nil unless both sides exist.
    public var mid: Price? {
        guard let b = bestBid?.price.raw, let a = bestAsk?.price.raw else { return nil }
        return Price(raw: b / 2 + a / 2 + ((b % 2 + a % 2) / 2))
    }

    /// Best ask minus best bid; nil unless both sides exist.
    public var spread: Price? {
        guard let b = bestBid?.price, let a = bestAsk?.price else { return nil }
        return a.subtracting(b)
    }

    /// `true` when the best bid is at or above the best ask (a locked or crossed book cannot
    /// be real and means a lost update).
    public var isCrossed: Bool {
        guard let b = bestBid?.price, let a = bestAsk?.price else { return false }
        return b >= a
    }

    /// Number of levels on a side (`.buy` = bids, `.sell` = asks).
    public func levelCount(_ side: Side) -> Int { side == .buy ? bids.count : asks.count }

    /// The level at `index` (0 = best) of a side, if present.
    public func level(_ side: Side, at index: Int) -> BookLevel? {
        let s = side == .buy ? bids : asks
        guard index >= 0, index < s.count else { return nil }
        let l = s.level(at: index, tick: tickRaw)
        return BookLevel(price: Price(raw: side == .buy ? 0 &- l.key : l.key), quantity: Quantity(raw: l.quantity))
    }

    /// All levels of a side, best first (bids descending, asks ascending). Allocates.
    public func levels(_ side: Side) -> [BookLevel] {
        let s = side == .buy ? bids : asks
        var out: [BookLevel] = []
        out.reserveCapacity(s.count)
        s.forEach(tick: tickRaw) { k, q in
            out.append(BookLevel(price: Price(raw: side == .buy ? 0 &- k : k), quantity: Quantity(raw: q)))
            return true
        }
        return out
    }

    /// Total quantity of the best `levels` levels of a side; nil on overflow.
    public func cumulativeQuantity(_ side: Side, levels: Int) -> Quantity? {
        var sum: Int64 = 0
        var left = levels
        var overflow = false
        (side == .buy ? bids : asks).forEach(tick: tickRaw) { _, q in
            guard left > 0 else { return false }
            left -= 1
            let (s, o) = sum.addingReportingOverflow(q)
            overflow = o
            sum = s
            return !o
        }
        return overflow ? nil : Quantity(raw: sum)
    }

    /// Total quantity of a side at prices at least as good as `price` (bids ≥ price, asks ≤
    /// price); nil on overflow.
    public func cumulativeQuantity(_ side: Side, through price: Price) -> Quantity? {
        let key = side == .buy ? 0 &- price.raw : price.raw
        var sum: Int64 = 0
        var overflow = false
        (side == .buy ? bids : asks).forEach(tick: tickRaw) { k, q in
            guard k <= key else { return false }
            let (s, o) = sum.addingReportingOverflow(q)
            overflow = o
            sum = s
            return !o
        }
        return overflow ? nil : Quantity(raw: sum)
    }

    /// The top of the book for strategies and the engine, stamped with `time`.
    public func top(time: Timestamp) -> TopOfBook {
        let b = bestBid
        let a = bestAsk
        return TopOfBook(
            symbol: symbol, bidPrice: b?.price, bidSize: b?.quantity, askPrice: a?.price, askSize: a?.quantity,
            sequence: lastSequence, time: time)
    }
}
