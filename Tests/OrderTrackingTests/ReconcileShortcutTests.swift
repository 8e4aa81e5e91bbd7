import MarketCore
import Strategies
import Testing
@testable import OrderTracking

/// The reconcile path's shortcuts give exactly what the code they replace gave: 64-bit
/// mul-div fast paths against the 128-bit formulas, the placing-order scan against a sort,
/// the kept proposal set against the side/level filter.
@Suite struct ReconcileShortcutTests {
    /// A value of random magnitude (0 to 63 significant bits), random sign when `signed`.
    static func value(_ rng: inout SeededRandom, signed: Bool = true) -> Int64 {
        let bits = rng.next() % 64
        var v = Int64(bitPattern: rng.next() >> (64 - bits)) & Int64.max
        if bits == 0 { v = 0 }
        return signed && rng.next() % 2 == 0 ? -v : v
    }

    @Test func mulDivMatchesInt128() {
        var rng = SeededRandom(seed: 11)
        for _ in 0..<50_000 {
            let a = Self.value(&rng), b = Self.value(&rng)
            let d: Int64 = [10_000, 1_000_000_000, max(1, Self.value(&rng, signed: false))][Int(rng.next() % 3)]
            let q = Int128(a) * Int128(b) / Int128(d)
            guard q >= Int128(Int64.min), q <= Int128(Int64.max) else { continue }
            #expect(TrackerMath.mulDiv(a, b, d) == Int64(q))
        }
    }

    /// `ActivityCounter.score` and `timeWhenAtMost` as they were computed (128-bit only).
    static func referenceScore(_ c: ActivityCounter, at now: Timestamp) -> Int64 {
        let dt = now.nanos &- c.last
        if dt <= 0 || c.value == 0 { return c.value }
        let dec = Int128(dt) * Int128(c.decayPerSecond) / 1_000_000_000
        return dec >= Int128(c.value) ? 0 : c.value - Int64(dec)
    }

    @Test func activityCounterMatchesInt128() {
        var rng = SeededRandom(seed: 12)
        for _ in 0..<20_000 {
            var c = ActivityCounter(decayPerSecond: Double(rng.next() % 5_000) / 10)
            var t = Timestamp(nanos: Int64(rng.next() % 1_000_000_000_000))
            for _ in 0..<Int(rng.next() % 4) {
                c.add(points: Int(rng.next() % 50), now: t)
                t = Timestamp(nanos: t.nanos + Int64(rng.next() % 3_000_000_000))
            }
            let later = Timestamp(nanos: t.nanos + Self.value(&rng, signed: false) % (Int64.max / 4))
            for now in [t, later] {
                let s = Self.referenceScore(c, at: now)
                #expect(c.score(at: now) == s)
                let target = Int(rng.next() % 60)
                var expected = now
                if s > Int64(target) * 1000 {
                    if c.decayPerSecond > 0 {
                        let ns = (Int128(s - Int64(target) * 1000) * 1_000_000_000 + Int128(c.decayPerSecond) - 1) / Int128(c.decayPerSecond)
                        expected = Timestamp(nanos: now.nanos &+ Int64(ns))
                    } else {
                        expected = Timestamp(nanos: Int64.max / 2)
                    }
                }
                #expect(c.timeWhenAtMost(target, now: now) == expected)
            }
        }
    }

    @Test func tokenBucketMatchesInt128() {
        var rng = SeededRandom(seed: 13)
        for _ in 0..<20_000 {
            let rule = TokenBucketRule(ratePerSecond: Double(rng.next() % 100_000) / 100, burst: Int(rng.next() % 20))
            var t = Timestamp(nanos: Int64(rng.next() % 1_000_000_000_000))
            var b = TokenBucket(rule, now: t)
            for _ in 0..<Int(rng.next() % 6) {
                b.take(Int(rng.next() % 5), now: t)
                t = Timestamp(nanos: t.nanos + Int64(rng.next() % 500_000_000))
            }
            let later = Timestamp(nanos: t.nanos + Self.value(&rng, signed: false) % (Int64.max / 4))
            for now in [t, later] {
                let dt = now.nanos &- b.last
                var have = b.tokens
                if dt > 0 {
                    let add = Int128(dt) * Int128(b.rate) / 1_000_000_000
                    have = add >= Int128(b.capacity - b.tokens) ? b.capacity : b.tokens + Int64(add)
                }
                #expect(b.available(at: now) == have)
                let n = Int(rng.next() % 8)
                let need = Int64(n) * TokenBucket.unit
                var expected: Timestamp?
                if have < need {
                    let ns = (Int128(need - have) * 1_000_000_000 + Int128(b.rate) - 1) / Int128(b.rate)
                    expected = Timestamp(nanos: now.nanos &+ Int64(ns))
                }
                #expect(b.whenAvailable(n, now: now) == expected)
            }
        }
    }

    /// Random proposal sets: up to 4 levels, both sides, some for another symbol, some
    /// repeated sides and levels.
    static func proposals(_ rng: inout SeededRandom) -> [QuoteProposal] {
        (0..<Int(rng.next() % 9)).map { _ in
            QuoteProposal(
                symbol: rng.next() % 8 == 0 ? "ETHUSDT" : "BTCUSDT", side: rng.next() % 2 == 0 ? .buy : .sell,
                level: Int(rng.next() % 4), price: Price(raw: Int64(rng.next() % 1000) * 100_000_000),
                quantity: Quantity(raw: 1_000_000))
        }
    }

    @Test func keptSetAndPlacingOrderMatchFilterAndSort() {
        var rng = SeededRandom(seed: 14)
        for _ in 0..<5_000 {
            let desired = Self.proposals(&rng)
            var seen: [(Side, Int)] = []
            var filtered: [QuoteProposal] = []
            for d in desired where d.symbol == "BTCUSDT" && !seen.contains(where: { $0 == (d.side, d.level) }) {
                seen.append((d.side, d.level))
                filtered.append(d)
            }
            #expect(OrderTracker.isOwnUniqueSet(desired, symbol: "BTCUSDT") == (filtered == desired))
            for reducingSide in [nil, Side.buy, Side.sell] {
                let sorted = filtered.sorted {
                    ($0.level, $0.side == reducingSide ? 0 : 1, $0.side == .buy ? 0 : 1)
                        < ($1.level, $1.side == reducingSide ? 0 : 1, $1.side == .buy ? 0 : 1)
                }
                var scanned: [QuoteProposal] = []
                var last: OrderTracker.QuoteOrderKey?
                for _ in filtered.indices {
                    let t = OrderTracker.nextInQuoteOrder(filtered, after: last, reducingSide: reducingSide)
                    last = OrderTracker.quoteOrderKey(filtered, t, reducingSide: reducingSide)
                    scanned.append(filtered[t])
                }
                #expect(scanned == sorted)
            }
        }
    }

    @Test func cancelDetailsMatchInterpolation() {
        for (n, reason) in [(0, ""), (4, "market_through: market moved through 60006.2 (touch 60006.1)"), (-3, "x"), (123_456, "é ü")] {
            #expect(TrackerText.ownOrders(n, reason: reason) == "\(n) own orders: \(reason)")
        }
        let ids = ["mm-1", "mm-22", "abcdefghijklmnopqrstuvwxyz0123456789-_AB"].compactMap { ClientOrderID($0) }
        for k in 0...ids.count {
            let some = Array(ids.prefix(k))
            #expect(TrackerText.bulkCancel(some) == "bulk cancel \(some.map { $0.value }.joined(separator: ","))")
        }
    }

    /// `RollingStats` as it was: every epoch change scans all buckets.
    struct ReferenceStats {
        let width: Int64
        var buckets: [RatioCounts]
        var epochs: [Int64]
        var total = RatioCounts()
        var lastEpoch = Int64.min
        init(width: Int64, n: Int) {
            self.width = width
            buckets = Array(repeating: RatioCounts(), count: n)
            epochs = Array(repeating: Int64.min, count: n)
        }
        mutating func advance(_ now: Timestamp) {
            let e = now.nanos / width
            if e == lastEpoch { return }
            lastEpoch = e
            let n = Int64(buckets.count)
            for i in 0..<buckets.count where epochs[i] != Int64.min && epochs[i] <= e - n {
                total.add(buckets[i], sign: -1)
                buckets[i] = RatioCounts()
                epochs[i] = Int64.min
            }
        }
        mutating func add(_ c: RatioCounts, now: Timestamp) {
            advance(now)
            let e = now.nanos / width
            let slot = Int(((e % Int64(buckets.count)) + Int64(buckets.count)) % Int64(buckets.count))
            if epochs[slot] != e {
                if epochs[slot] != Int64.min { total.add(buckets[slot], sign: -1) }
                buckets[slot] = RatioCounts()
                epochs[slot] = e
            }
            buckets[slot].add(c, sign: 1)
            total.add(c, sign: 1)
        }
    }

    @Test func rollingStatsMatchFullScan() {
        var rng = SeededRandom(seed: 15)
        for _ in 0..<300 {
            let n = 1 + Int(rng.next() % 12)
            var stats = RollingStats(window: .seconds(Int64(n) * 10), buckets: n)
            var reference = ReferenceStats(width: stats.bucketWidth, n: n)
            var t = Int64(rng.next() % 1_000_000_000_000)
            for _ in 0..<200 {
                t += Int64(rng.next() % UInt64(rng.next() % 4 == 0 ? 200_000_000_000 : 8_000_000_000))
                let now = Timestamp(nanos: t)
                if rng.next() % 3 == 0 {
                    stats.advance(now)
                    reference.advance(now)
                } else {
                    var c = RatioCounts()
                    c.messages = Int64(rng.next() % 3)
                    c.fills = Int64(rng.next() % 2)
                    c.newOrders = Int64(rng.next() % 2)
                    stats.add(c, now: now)
                    reference.add(c, now: now)
                }
                #expect(stats.total == reference.total)
            }
        }
    }

    @Test func positionBandsMatchTheFormula() {
        var rng = SeededRandom(seed: 16)
        for _ in 0..<5_000 {
            var k = RuleProfile.standard.kill
            k.maxPositionUsd = Money(raw: Self.value(&rng, signed: false))
            k.reducingPositionPct = Int(rng.next() % 120)
            let bands = TrackerSettings.positionBands(k)
            if let soft = Money.product(k.maxPositionUsd, Money(raw: Int64(k.reducingPositionPct) * 10_000_000)) {
                #expect(bands?.soft == soft)
                #expect(bands?.leave == (Money.product(soft, Money(raw: 900_000_000)) ?? soft))
            } else {
                #expect(bands == nil)
            }
        }
        // A flat position's notional is zero on every instrument kind (the shortcut in `observeInternal`).
        for kind in [ContractKind.linear, .inverse] {
            let spec = try? InstrumentSpec(
                symbol: "X", kind: kind, tickSize: Price(raw: 100_000_000), quantityStep: Quantity(raw: 1_000_000),
                minOrderValue: 1, maxOrderQuantity: 100_000, minPrice: Price(raw: 100_000_000), maxPrice: 2_000_000,
                settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "BTC")
            for _ in 0..<1_000 {
                let ref = Price(raw: Self.value(&rng, signed: false))
                #expect(spec?.quoteNotional(price: ref, quantity: .zero) == Money.zero)
            }
        }
    }
}
