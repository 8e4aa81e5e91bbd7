import PropertyBased
import Testing

@testable import MarketCore

private func lv(_ p: String, _ q: String) -> BookLevel {
    // Test literals are valid decimals; a bad literal fails the test through the thrown error.
    BookLevel(price: (try? Price(parsing: p)) ?? Price(raw: -1), quantity: (try? Quantity(parsing: q)) ?? Quantity(raw: -1))
}

private func sortedAndClean(_ book: OrderBook) -> Bool {
    let b = book.levels(.buy)
    let a = book.levels(.sell)
    for i in b.indices.dropFirst() where !(b[i - 1].price > b[i].price) { return false }
    for i in a.indices.dropFirst() where !(a[i - 1].price < a[i].price) { return false }
    return (b + a).allSatisfy { $0.quantity.raw > 0 }
}

@Suite struct OrderBookTests {
    @Test func snapshotReplacesWholeBook() {
        var book = OrderBook(symbol: "BTCUSDT", depth: 30)
        #expect(!book.isValid)
        #expect(book.bestBid == nil && book.bestAsk == nil && book.mid == nil)
        book.applySnapshot(sequence: 10, bids: [lv("100", "1"), lv("99.5", "2")], asks: [lv("101", "3")])
        #expect(book.isValid)
        #expect(book.bestBid == lv("100", "1"))
        #expect(book.bestAsk == lv("101", "3"))
        #expect(book.mid == (try? Price(parsing: "100.5")))
        #expect(book.spread == Price(1))
        book.applySnapshot(sequence: 11, bids: [lv("90", "1")], asks: [lv("91", "1"), lv("92", "4")])
        #expect(book.levels(.buy) == [lv("90", "1")])
        #expect(book.levels(.sell) == [lv("91", "1"), lv("92", "4")])
        #expect(book.lastSequence == 11)
    }

    @Test func incrementalUpdatesInsertsDeletesUnsorted() {
        var book = OrderBook(symbol: "BTCUSDT", depth: 30)
        book.applySnapshot(sequence: 1, bids: [lv("100", "1"), lv("99", "1"), lv("98", "1")], asks: [lv("101", "1")])
        let ok = book.applyIncremental(
            sequence: 5, bids: [lv("97", "2"), lv("99", "0"), lv("99.5", "3"), lv("100", "0.5")],
            asks: [lv("103", "1"), lv("102", "1"), lv("150", "0")])
        #expect(ok)
        #expect(book.levels(.buy) == [lv("100", "0.5"), lv("99.5", "3"), lv("98", "1"), lv("97", "2")])
        #expect(book.levels(.sell) == [lv("101", "1"), lv("102", "1"), lv("103", "1")])
        #expect(sortedAndClean(book))
    }

    @Test func trimsEachSideToDepthAfterTheUpdate() {
        var book = OrderBook(symbol: "X", depth: 3)
        book.applySnapshot(sequence: 1, bids: [lv("10", "1"), lv("9", "1"), lv("8", "1")], asks: [lv("11", "1"), lv("12", "1"), lv("13", "1")])
        // A deeper level added and a top level deleted in the same update: the deeper level
        // survives because trimming happens after the whole update.
        book.applyIncremental(sequence: 2, bids: [lv("7", "5"), lv("10", "0")], asks: [lv("10.5", "1")])
        #expect(book.levels(.buy) == [lv("9", "1"), lv("8", "1"), lv("7", "5")])
        #expect(book.levels(.sell) == [lv("10.5", "1"), lv("11", "1"), lv("12", "1")])
        // Many new levels at once (more than the slack) still work.
        var many: [BookLevel] = []
        for i in 0..<100 { many.append(BookLevel(price: Price(raw: Int64(200 + i) * 1_000_000_000), quantity: 1)) }
        book.applyIncremental(sequence: 3, bids: [], asks: many)
        #expect(book.levelCount(.sell) == 3)
        #expect(book.bestAsk == lv("10.5", "1"))
    }

    @Test func staleSequenceIsDroppedAndCountedJumpIsNotAGap() {
        var book = OrderBook(symbol: "X")
        book.applySnapshot(sequence: 100, bids: [lv("10", "1")], asks: [lv("11", "1")])
        let r1 = book.applyIncremental(sequence: 99, bids: [lv("10", "5")], asks: [])
        #expect(r1 == false)
        #expect(book.staleDropped == 1)
        #expect(book.bestBid == lv("10", "1"))
        let r2 = book.applyIncremental(sequence: 100_000, bids: [lv("10", "5")], asks: [])
        #expect(r2)
        #expect(book.bestBid == lv("10", "5"))
        let r3 = book.applyIncremental(sequence: 100_000, bids: [lv("10", "6")], asks: [])
        #expect(r3)  // equal: applied
        let r4 = book.applySnapshot(sequence: 5, bids: [], asks: [])
        #expect(r4 == false)
        #expect(book.staleDropped == 2)
        #expect(book.isValid)
    }

    @Test func invalidUntilSnapshotAndAfterInvalidate() {
        var book = OrderBook(symbol: "X")
        let r5 = book.applyIncremental(sequence: 1, bids: [lv("10", "1")], asks: [])
        #expect(r5 == false)
        #expect(book.ignoredWhileInvalid == 1)
        #expect(book.levelCount(.buy) == 0)
        book.applySnapshot(sequence: 50, bids: [lv("10", "1")], asks: [lv("11", "1")])
        book.invalidate()
        #expect(!book.isValid)
        #expect(book.bestBid == nil)
        let r6 = book.applyIncremental(sequence: 60, bids: [lv("10", "1")], asks: [])
        #expect(r6 == false)
        // Any snapshot revalidates, even with a lower sequence (resubscribe).
        let r7 = book.applySnapshot(sequence: 7, bids: [lv("10", "1")], asks: [lv("11", "1")])
        #expect(r7)
        #expect(book.isValid && book.lastSequence == 7)
    }

    @Test func crossedDetectionAndTop() {
        var book = OrderBook(symbol: "BTCUSDT")
        book.applySnapshot(sequence: 1, bids: [lv("10", "1")], asks: [lv("11", "2")], time: Timestamp(nanos: 5))
        #expect(!book.isCrossed)
        book.applyIncremental(sequence: 2, bids: [lv("11", "1")], asks: [])
        #expect(book.isCrossed)
        let top = book.top(time: Timestamp(nanos: 9))
        #expect(top.symbol == "BTCUSDT")
        #expect(top.bidPrice == Price(11) && top.bidSize == Quantity(1))
        #expect(top.askPrice == Price(11) && top.askSize == Quantity(2))
        #expect(top.sequence == 2 && top.time == Timestamp(nanos: 9))
        let empty = OrderBook(symbol: "E").top(time: .zero)
        #expect(empty.bidPrice == nil && empty.askPrice == nil && empty.mid == nil)
    }

    @Test func cumulativeQueries() {
        var book = OrderBook(symbol: "X")
        book.applySnapshot(
            sequence: 1, bids: [lv("10", "1"), lv("9", "2"), lv("8", "4")], asks: [lv("11", "0.5"), lv("12", "1.5")])
        #expect(book.cumulativeQuantity(.buy, levels: 2) == Quantity(3))
        #expect(book.cumulativeQuantity(.buy, levels: 99) == Quantity(7))
        #expect(book.cumulativeQuantity(.buy, levels: 0) == Quantity(0))
        #expect(book.cumulativeQuantity(.buy, through: Price(9)) == Quantity(3))
        #expect(book.cumulativeQuantity(.sell, through: Price(11)) == lv("0", "0.5").quantity)
        #expect(book.cumulativeQuantity(.sell, through: Price(100)) == Quantity(2))
        #expect(book.cumulativeQuantity(.sell, through: Price(5)) == Quantity(0))
        #expect(book.level(.buy, at: 2) == lv("8", "4"))
        #expect(book.level(.buy, at: 3) == nil)
        #expect(book.level(.sell, at: -1) == nil)
    }

    @Test func lowLevelAPIIgnoresLevelsOutsideAnUpdate() {
        var book = OrderBook(symbol: "X")
        book.setLevel(side: .buy, priceRaw: 10, quantityRaw: 1)
        #expect(book.levelCount(.buy) == 0)
        let r8 = book.beginUpdate(sequence: 1, isSnapshot: true, time: .zero)
        #expect(r8)
        book.setLevel(side: .buy, priceRaw: 10, quantityRaw: 1)
        book.setLevel(side: .sell, priceRaw: 20, quantityRaw: 1)
        book.endUpdate()
        #expect(book.levelCount(.buy) == 1 && book.levelCount(.sell) == 1)
        #expect(book.updatesApplied == 1)
    }

    /// A book fed a consistent random stream (bids strictly below asks in the source) is never
    /// crossed, and both sides stay sorted, unique, positive and within depth.
    @Test func randomConsistentStreamNeverCrossesAndStaysSorted() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...30)) { seed, depth in
            var rng = SeededRandom(seed: UInt64(seed))
            var book = OrderBook(symbol: "X", depth: depth)
            var mid: Int64 = 600_000  // ticks of 0.1
            let tick: Int64 = 100_000_000
            var bids: [BookLevel] = []
            var asks: [BookLevel] = []
            for i in 0..<Int64(depth) {
                bids.append(BookLevel(price: Price(raw: (mid - 1 - i) * tick), quantity: Quantity(raw: 1_000_000)))
                asks.append(BookLevel(price: Price(raw: (mid + i) * tick), quantity: Quantity(raw: 1_000_000)))
            }
            book.applySnapshot(sequence: 1, bids: bids, asks: asks)
            var seq: Int64 = 1
            for _ in 0..<300 {
                seq += Int64.random(in: 1...50, using: &rng)
                var b: [BookLevel] = []
                var a: [BookLevel] = []
                let move = Int.random(in: 0..<10, using: &rng)
                if move == 0 {
                    mid += 1
                    for l in book.levels(.sell) where l.price.raw < mid * tick { a.append(BookLevel(price: l.price, quantity: 0)) }
                } else if move == 1 {
                    mid -= 1
                    for l in book.levels(.buy) where l.price.raw > (mid - 1) * tick { b.append(BookLevel(price: l.price, quantity: 0)) }
                }
                for _ in 0..<Int.random(in: 1...6, using: &rng) {
                    let off = Int64.random(in: 0...40, using: &rng)
                    let q = Quantity(raw: Int64.random(in: 0...3, using: &rng) * 1_000_000)
                    if Bool.random(using: &rng) {
                        b.append(BookLevel(price: Price(raw: (mid - 1 - off) * tick), quantity: q))
                    } else {
                        a.append(BookLevel(price: Price(raw: (mid + off) * tick), quantity: q))
                    }
                }
                b.shuffle(using: &rng)
                a.shuffle(using: &rng)
                let r9 = book.applyIncremental(sequence: seq, bids: b, asks: a)
                #expect(r9)
                #expect(!book.isCrossed)
                #expect(sortedAndClean(book))
                #expect(book.levelCount(.buy) <= depth && book.levelCount(.sell) <= depth)
            }
        }
    }

    /// An unlimited-depth book grown far past its initial storage, one level at a time and in
    /// big batches (`applyRawPairs`), matches a dictionary reference; extreme prices work.
    @Test func growthAndBatchApplyMatchAReference() {
        var rng = SeededRandom(seed: 9)
        var single = OrderBook(symbol: "X", depth: 0)
        var batch = OrderBook(symbol: "X", depth: 0)
        var bids: [Int64: Int64] = [:]
        var asks: [Int64: Int64] = [:]
        single.applySnapshot(sequence: 1, bids: [], asks: [])
        batch.applySnapshot(sequence: 1, bids: [], asks: [])
        for round in 0..<40 {
            var bp: [Int64] = []
            var ap: [Int64] = []
            for _ in 0..<Int.random(in: 1...120, using: &rng) {
                var price = Int64.random(in: 1...2000, using: &rng)
                if Int.random(in: 0..<50, using: &rng) == 0 { price = Int64.max - Int64.random(in: 0...3, using: &rng) }
                let q = Int.random(in: 0..<3, using: &rng) == 0 ? 0 : Int64.random(in: 1...9, using: &rng)
                if Bool.random(using: &rng) {
                    bp += [price, q]
                    bids[price] = q == 0 ? nil : q
                    single.setLevelsForTest(side: .buy, price, q, sequence: Int64(round + 2))
                } else {
                    ap += [price, q]
                    asks[price] = q == 0 ? nil : q
                    single.setLevelsForTest(side: .sell, price, q, sequence: Int64(round + 2))
                }
            }
            let ok = bp.withUnsafeBufferPointer { b in
                ap.withUnsafeBufferPointer { a in
                    batch.applyRawPairs(sequence: Int64(round + 2), isSnapshot: false, time: .zero, bids: b, asks: a)
                }
            }
            #expect(ok)
            let refBids = bids.keys.sorted(by: >).map { BookLevel(price: Price(raw: $0), quantity: Quantity(raw: bids[$0] ?? 0)) }
            let refAsks = asks.keys.sorted().map { BookLevel(price: Price(raw: $0), quantity: Quantity(raw: asks[$0] ?? 0)) }
            #expect(batch.levels(.buy) == refBids)
            #expect(batch.levels(.sell) == refAsks)
            #expect(single.levels(.buy) == refBids)
            #expect(single.levels(.sell) == refAsks)
        }
        #expect(batch.levelCount(.buy) > 300)
    }
}

extension OrderBook {
    /// One level as its own incremental (the per-level API path).
    fileprivate mutating func setLevelsForTest(side: Side, _ price: Int64, _ q: Int64, sequence: Int64) {
        beginUpdate(sequence: sequence, isSnapshot: false, time: .zero)
        setLevel(side: side, priceRaw: price, quantityRaw: q)
        endUpdate()
    }
}
