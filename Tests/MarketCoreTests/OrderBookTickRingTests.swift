import PropertyBased
import Testing

@testable import MarketCore

/// A deliberately simple reference book: dictionaries, sort and trim after every message.
private struct ReferenceBook {
    var bids: [Int64: Int64] = [:]
    var asks: [Int64: Int64] = [:]
    let depth: Int

    mutating func apply(snapshot: Bool, _ b: [(Int64, Int64)], _ a: [(Int64, Int64)]) {
        if snapshot {
            bids = [:]
            asks = [:]
        }
        for (p, q) in b { bids[p] = q == 0 ? nil : q }
        for (p, q) in a { asks[p] = q == 0 ? nil : q }
        if depth > 0 {
            for p in bids.keys.sorted(by: >).dropFirst(depth) { bids[p] = nil }
            for p in asks.keys.sorted().dropFirst(depth) { asks[p] = nil }
        }
    }

    func levels(_ side: Side) -> [BookLevel] {
        let d = side == .buy ? bids : asks
        let keys = side == .buy ? d.keys.sorted(by: >) : d.keys.sorted()
        return keys.map { BookLevel(price: Price(raw: $0), quantity: Quantity(raw: d[$0] ?? 0)) }
    }
}

/// The stream shapes the tests mix: on the tick grid near the top (the ring's case), off the
/// grid, far from the book (out of the ring's window), and a coarse snapshot grid.
private struct StreamShape {
    var offGridPercent: Int
    var farPercent: Int
    var coarseSnapshot: Bool
}

private func runAgainstReference(
    seed: Int, depth: Int, shape: StreamShape, messages: Int, fixedTick: Bool, batch: Bool
) -> (matched: Bool, ringMessages: Int) {
    var rng = SeededRandom(seed: UInt64(seed))
    let tick: Int64 = 100_000_000  // 0.1
    var book =
        fixedTick
        ? OrderBook(symbol: "X", depth: depth, tickSize: Price(raw: tick)) : OrderBook(symbol: "X", depth: depth)
    var ref = ReferenceBook(depth: depth)
    var mid: Int64 = 600_000
    var seq: Int64 = 1
    var ringMessages = 0
    func price(_ t: Int64, _ rng: inout SeededRandom) -> Int64 {
        if Int.random(in: 0..<100, using: &rng) < shape.offGridPercent { return t * tick + Int64.random(in: 1...99, using: &rng) }
        return t * tick
    }
    for m in 0..<messages {
        seq += Int64.random(in: 1...9, using: &rng)
        let snapshot = m == 0 || Int.random(in: 0..<60, using: &rng) == 0
        var b: [(Int64, Int64)] = []
        var a: [(Int64, Int64)] = []
        if snapshot {
            let step: Int64 = shape.coarseSnapshot ? 10 : 1
            for i in 0..<Int64(max(depth, 1) + 3) {
                b.append(((mid - (1 + i) * step) * tick, Int64.random(in: 1...5000, using: &rng)))
                a.append(((mid + i * step) * tick, Int64.random(in: 1...5000, using: &rng)))
            }
        } else {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: mid += Int64.random(in: 1...3, using: &rng)
            case 1: mid -= Int64.random(in: 1...3, using: &rng)
            default: break
            }
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                var off = Int64.random(in: 0...40, using: &rng)
                if Int.random(in: 0..<100, using: &rng) < shape.farPercent { off += Int64.random(in: 900...5000, using: &rng) }
                let q = Int.random(in: 0..<3, using: &rng) == 0 ? 0 : Int64.random(in: 1...5000, using: &rng)
                if Bool.random(using: &rng) {
                    let p = price(mid - 1 - off, &rng)
                    if p > 0 { b.append((p, q)) }
                } else {
                    a.append((price(mid + off, &rng), q))
                }
            }
        }
        ref.apply(snapshot: snapshot, b, a)
        if batch {
            let bp = b.flatMap { [$0.0, $0.1] }
            let ap = a.flatMap { [$0.0, $0.1] }
            _ = bp.withUnsafeBufferPointer { bb in
                ap.withUnsafeBufferPointer { aa in
                    book.applyRawPairs(sequence: seq, isSnapshot: snapshot, time: .zero, bids: bb, asks: aa)
                }
            }
        } else {
            book.beginUpdate(sequence: seq, isSnapshot: snapshot, time: .zero)
            for (p, q) in b { book.setLevel(side: .buy, priceRaw: p, quantityRaw: q) }
            for (p, q) in a { book.setLevel(side: .sell, priceRaw: p, quantityRaw: q) }
            book.endUpdate()
        }
        if book.bids.inRing && book.asks.inRing { ringMessages += 1 }
        let refBids = ref.levels(.buy)
        let refAsks = ref.levels(.sell)
        guard book.levels(.buy) == refBids, book.levels(.sell) == refAsks, book.bestBid == refBids.first,
            book.bestAsk == refAsks.first, book.levelCount(.buy) == refBids.count,
            book.level(.sell, at: refAsks.count - 1) == refAsks.last,
            book.cumulativeQuantity(.buy, levels: 5)?.raw == refBids.prefix(5).reduce(0, { $0 + $1.quantity.raw })
        else { return (false, ringMessages) }
    }
    return (true, ringMessages)
}

@Suite struct OrderBookTickRingTests {
    @Test func gridDividesExactlyAndRefusesOffGrid() throws {
        for tick: Int64 in [1, 2, 5, 100_000_000, 500_000_000, 10_000_000, 3, 7_000, 1_000_000_000] {
            let g = try #require(OrderBookPriceGrid(tick: tick))
            for n: Int64 in [1, 2, 3, 599_999, 600_000, 1_234_567, Int64.max / tick] {
                #expect(g.number(of: n * tick) == n)
                if tick > 1 {
                    #expect(g.number(of: n * tick + 1) == nil)
                    #expect(g.number(of: n * tick - 1) == nil || n * tick - 1 == 0)
                }
            }
            #expect(g.number(of: 0) == nil)
            #expect(g.number(of: -tick) == nil)
            #expect(g.number(of: Int64.min) == nil)
        }
        #expect(OrderBookPriceGrid(tick: 0) == nil)
        #expect(OrderBookPriceGrid(tick: -5) == nil)
        #expect(OrderBookPriceGrid.gcd(600_001_000_000_000, 599_999_900_000_000) == 100_000_000)
    }

    @Test func snapshotOnAGridUsesTheRing() {
        var book = OrderBook(symbol: "X", depth: 30)
        let t: Int64 = 100_000_000
        book.applySnapshot(
            sequence: 1,
            bids: [BookLevel(price: Price(raw: 599_999 * t), quantity: 1), BookLevel(price: Price(raw: 599_990 * t), quantity: 2)],
            asks: [BookLevel(price: Price(raw: 600_001 * t), quantity: 3)])
        #expect(book.bids.inRing && book.asks.inRing)
        #expect(book.grid?.tick == t)
        #expect(book.bestBid == BookLevel(price: Price(raw: 599_999 * t), quantity: 1))
        // Off the grid: that side falls back to the ladder, the other stays in the ring.
        book.applyIncremental(sequence: 2, bids: [BookLevel(price: Price(raw: 599_995 * t + 7), quantity: 4)], asks: [])
        #expect(!book.bids.inRing && book.asks.inRing)
        #expect(book.levels(.buy).map(\.price.raw) == [599_999 * t, 599_995 * t + 7, 599_990 * t])
        // Far outside the window: the ask side falls back too.
        book.applyIncremental(sequence: 3, bids: [], asks: [BookLevel(price: Price(raw: 700_000 * t), quantity: 5)])
        #expect(!book.asks.inRing)
        #expect(book.levels(.sell).map(\.price.raw) == [600_001 * t, 700_000 * t])
        // The next snapshot learns the finer grid and returns to the ring for both sides.
        book.applySnapshot(
            sequence: 4, bids: [BookLevel(price: Price(raw: 599_995 * t + 7), quantity: 4)],
            asks: [BookLevel(price: Price(raw: 600_001 * t), quantity: 3)])
        #expect(book.bids.inRing && book.asks.inRing)
        #expect(book.grid.map { (599_995 * t + 7) % $0.tick == 0 && (600_001 * t) % $0.tick == 0 } == true)
    }

    @Test func deletingBestAndWorstAndTrimScanAcrossWords() {
        // Tick 1 raw unit and levels 300 ticks apart: the scans cross bitmap words and the
        // ring wraps around.
        var book = OrderBook(symbol: "X", depth: 3, tickSize: Price(raw: 1))
        func asks(_ p: [Int64], _ q: Int64) -> [BookLevel] { p.map { BookLevel(price: Price(raw: $0), quantity: Quantity(raw: q)) } }
        book.applySnapshot(sequence: 1, bids: [], asks: asks([5000, 5300, 5600, 5900, 6200], 1))
        #expect(book.asks.inRing)
        #expect(book.levels(.sell).map(\.price.raw) == [5000, 5300, 5600])
        book.applyIncremental(sequence: 2, bids: [], asks: asks([5000], 0))
        #expect(book.levels(.sell).map(\.price.raw) == [5300, 5600])
        book.applyIncremental(sequence: 3, bids: [], asks: asks([5600], 0))
        #expect(book.levels(.sell).map(\.price.raw) == [5300])
        #expect(book.bestAsk?.price.raw == 5300)
        book.applyIncremental(sequence: 4, bids: [], asks: asks([4800, 4900, 5800], 2))
        #expect(book.levels(.sell).map(\.price.raw) == [4800, 4900, 5300])
        #expect(book.asks.inRing)
        // 1024 ticks or more from the best: out of the window, the side moves to the ladder.
        book.applyIncremental(sequence: 5, bids: [], asks: asks([5824], 2))
        #expect(!book.asks.inRing)
        #expect(book.levels(.sell).map(\.price.raw) == [4800, 4900, 5300])
    }

    /// The tick ring (learned or fixed grid, batch or per-level API) matches the reference on
    /// random streams, including off-grid prices, far levels and coarse snapshot grids.
    @Test func randomStreamsMatchTheReference() async {
        let shapes = [
            StreamShape(offGridPercent: 0, farPercent: 0, coarseSnapshot: false),
            StreamShape(offGridPercent: 1, farPercent: 0, coarseSnapshot: false),
            StreamShape(offGridPercent: 0, farPercent: 2, coarseSnapshot: false),
            StreamShape(offGridPercent: 0, farPercent: 0, coarseSnapshot: true),
        ]
        await propertyCheck(
            count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...30), Gen.int(in: 0...3), Gen.int(in: 0...3)
        ) { seed, depth, shapeIndex, mode in
            let r = runAgainstReference(
                seed: seed, depth: depth, shape: shapes[shapeIndex], messages: 150, fixedTick: mode & 1 == 1,
                batch: mode & 2 == 2)
            #expect(r.matched)
        }
        // The clean shape really runs in the ring.
        let clean = runAgainstReference(
            seed: 3, depth: 30, shape: shapes[0], messages: 300, fixedTick: false, batch: true)
        #expect(clean.matched && clean.ringMessages == 300)
    }
}
