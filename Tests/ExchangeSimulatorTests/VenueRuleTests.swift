import MarketCore
import Testing

@testable import ExchangeSimulator

@Suite struct VenueRuleTests {
    let t1 = Fixture.t0 + .millis(10)

    func code(_ r: SimPlaceOrder, _ sim: inout ExchangeSimulator) -> Int? {
        sim.placeOrder(user: Fixture.user1, r, now: t1).rejectCode
    }

    @Test func priceQuantityAndValueRules() throws {
        var sim = try Fixture.still()
        #expect(code(Fixture.limit("a", .buy, "65000.05", "0.01"), &sim) == 10500)
        #expect(code(Fixture.limit("a", .sell, "2000000.1", "0.01"), &sim) == 11053)
        #expect(code(Fixture.limit("a", .buy, "0", "0.01"), &sim) == 11055)
        #expect(code(Fixture.limit("a", .buy, "64000", "100001"), &sim) == 11056)
        #expect(code(Fixture.limit("a", .buy, "64000", "0"), &sim) == 11058)
        #expect(code(Fixture.limit("a", .buy, "64000", "0.0005"), &sim) == 10500)
        #expect(code(Fixture.limit("a", .buy, "100", "0.001"), &sim) == 11115)
        #expect(code(Fixture.limit("a", .buy, "64000", "0.01", symbol: "XRPUSDT"), &sim) == 11027)
        #expect(code(Fixture.limit("a", .buy, "64000", "0.01", posSide: .long), &sim) == 20004)
        #expect(code(Fixture.limit("a", .buy, "64000.5", "10", symbol: "BTCUSD"), &sim) == nil)
        #expect(code(Fixture.limit("b", .buy, "64000.3", "10", symbol: "BTCUSD"), &sim) == 10500)
        #expect(code(Fixture.limit("b", .buy, "64000", "1.5", symbol: "BTCUSD"), &sim) == 10500)
        let long = String(repeating: "x", count: 41)
        #expect(code(Fixture.limit(long, .buy, "64000", "0.01"), &sim) == 10500)
        var noPrice = Fixture.limit("np", .buy, "64000", "0.01")
        noPrice.price = nil
        #expect(code(noPrice, &sim) == 10500)
        // Nothing was published for synchronous rejects.
        #expect(sim.drainEvents().orderEvents(Fixture.user1).count == 1)
    }

    @Test func offTickCodeConfigurable() throws {
        var sim = try Fixture.still { $0.offTickRejectCode = 11055 }
        #expect(code(Fixture.limit("a", .buy, "65000.05", "0.01"), &sim) == 11055)
    }

    @Test func duplicateClientIDAmongOpenOrdersOnly() throws {
        var sim = try Fixture.still()
        #expect(code(Fixture.limit("dup", .buy, "64000", "0.01"), &sim) == nil)
        #expect(code(Fixture.limit("dup", .buy, "64001", "0.01"), &sim) == 11085)
        _ = sim.cancelOrder(user: Fixture.user1, symbol: "BTCUSDT", ref: .clOrdID("dup"), now: t1)
        #expect(code(Fixture.limit("dup", .buy, "64001", "0.01"), &sim) == nil)
    }

    @Test func openOrderCaps() throws {
        var sim = try Fixture.still {
            $0.maxActiveOrdersPerSymbol = 3
            $0.maxConditionalOrdersPerSymbol = 2
        }
        for i in 0..<3 { #expect(code(Fixture.limit("c\(i)", .buy, "6400\(i)", "0.01"), &sim) == nil) }
        #expect(code(Fixture.limit("c3", .buy, "64003", "0.01"), &sim) == 11032)
        #expect(code(Fixture.limit("e0", .buy, "3000", "0.01", symbol: "ETHUSDT"), &sim) == nil)  // per symbol
        for i in 0..<2 {
            let s = SimPlaceOrder(
                symbol: "BTCUSDT", clOrdID: "s\(i)", side: .buy, ordType: .stop, price: nil, stopPx: Price("6600\(i)"),
                quantity: Quantity("0.01")!)
            #expect(code(s, &sim) == nil)
        }
        let s = SimPlaceOrder(
            symbol: "BTCUSDT", clOrdID: "s9", side: .buy, ordType: .stop, price: nil, stopPx: Price("66009"),
            quantity: Quantity("0.01")!)
        #expect(code(s, &sim) == 11031)
        _ = sim.cancelOrder(user: Fixture.user1, symbol: "BTCUSDT", ref: .clOrdID("c0"), now: t1)
        #expect(code(Fixture.limit("c3", .buy, "64003", "0.01"), &sim) == nil)
    }

    @Test func amendRestrictions() throws {
        var sim = try Fixture.still()
        _ = sim.placeOrder(user: Fixture.user1, Fixture.limit("a", .buy, "64000", "0.01"), now: t1)
        func amend(_ q: String?, _ p: String?) -> Int? {
            sim.amendOrder(
                user: Fixture.user1,
                SimAmendOrder(symbol: "BTCUSDT", ref: .clOrdID("a"), price: p.flatMap { Price($0) },
                              quantity: q.flatMap { Quantity($0) }), now: t1
            ).rejectCode
        }
        #expect(amend("100001", nil) == 11056)
        #expect(amend(nil, "64000.01") == 10500)
        #expect(amend("0.02", "64000.5") == nil)
        _ = sim.cancelOrder(user: Fixture.user1, symbol: "BTCUSDT", ref: .clOrdID("a"), now: t1)
        #expect(amend("0.03", nil) == 11066)
    }
}
