import PropertyBased
import Testing

@testable import MarketCore

@Suite struct FixedPointPropertyTests {
    /// parse(format(x)) == x for every raw value, for all three fixed-point types.
    @Test func parseFormatRoundTrips() async {
        await propertyCheck(count: 500, input: Gen.int(in: Int(Int64.min + 1)...Int(Int64.max)), Gen.int(in: 0...9)) { raw, cut in
            // Also exercise values with few fraction digits (typical prices and sizes).
            let p = FixedPointScale.powersOfTen[cut]
            let v = Int64(raw) / p * p
            #expect((try? Price(parsing: Price(raw: v).description)) == Price(raw: v))
            #expect((try? Quantity(parsing: Quantity(raw: v).description)) == Quantity(raw: v))
            #expect((try? Money(parsing: Money(raw: v).description)) == Money(raw: v))
        }
    }

    @Test func extremesRoundTrip() throws {
        for raw in [Int64.max, Int64.min, 0, 1, -1, 1_000_000_000, -999_999_999] {
            #expect(try Price(parsing: Price(raw: raw).description).raw == raw)
        }
    }

    /// format(parse(s)) is the canonical text of s (trailing fraction zeros dropped).
    @Test func formatOfParseIsCanonical() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...99_999_999), Gen.int(in: 0...999)) { units, thousandths in
            let text = "\(units).\(String(thousandths + 1000).dropFirst())"
            var canonical = text
            while canonical.hasSuffix("0") { canonical.removeLast() }
            if canonical.hasSuffix(".") { canonical.removeLast() }
            #expect((try? Quantity(parsing: text))?.description == canonical)
        }
    }

    /// Side-aware rounding always lands on the tick grid and never makes a quote more
    /// aggressive (bids down, asks up), by less than one tick.
    @Test func roundingNeverLeavesTheTickGrid() async throws {
        let specs = [
            try InstrumentSpec(
                symbol: "BTCUSDT", kind: .linear, tickSize: Price(raw: 100_000_000), quantityStep: Quantity(raw: 1_000_000),
                minOrderValue: 1, maxOrderQuantity: 100_000, minPrice: Price(raw: 100_000_000), maxPrice: 2_000_000,
                settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "BTC"),
            try InstrumentSpec(
                symbol: "BTCUSD", kind: .inverse, tickSize: Price(raw: 500_000_000), quantityStep: 1, minOrderValue: 0,
                maxOrderQuantity: 1_000_000, minPrice: Price(raw: 500_000_000), maxPrice: 2_000_000, priceScale: 4,
                valueScale: 8, settleCurrency: "BTC", quoteCurrency: "USD", baseCurrency: "BTC"),
        ]
        await propertyCheck(count: 400, input: Gen.int(in: -2_000_000_000_000_000...2_000_000_000_000_000), Gen.int(in: 0...1)) {
            raw, which in
            let spec = specs[which]
            let p = Price(raw: Int64(raw))
            let bid = spec.roundPrice(p, side: .buy)
            let ask = spec.roundPrice(p, side: .sell)
            #expect(bid.isMultiple(of: spec.tickSize))
            #expect(ask.isMultiple(of: spec.tickSize))
            #expect(bid <= p && p <= ask)
            #expect(p.raw - bid.raw < spec.tickSize.raw)
            #expect(ask.raw - p.raw < spec.tickSize.raw)
            let q = spec.roundQuantity(Quantity(raw: Int64(raw).magnitude > 0 ? Int64(raw.magnitude) : 0))
            #expect(q.isMultiple(of: spec.quantityStep))
        }
    }
}
