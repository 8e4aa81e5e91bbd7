import MarketCore
import Testing

@testable import ExchangeSimulator

@Suite struct StopOrderTests {
    let t1 = Fixture.t0 + .millis(10)

    @Test func markTriggeredStopBecomesMarketOrder() throws {
        var sim = try Fixture.still()
        let stop = SimPlaceOrder(
            symbol: "BTCUSDT", clOrdID: "stp", side: .buy, ordType: .stop, price: nil, stopPx: Price("65100"),
            trigger: .markPrice, quantity: Quantity("0.01")!)
        let ack = try #require(sim.placeOrder(user: Fixture.user1, stop, now: t1).value)
        #expect(ack.ordStatus == .untriggered && ack.execStatus == .registered && ack.stopDirection == .rising)
        let accepted = sim.drainEvents().orderEvents(Fixture.user1)
        #expect(accepted.count == 1 && accepted[0].order.ordStatus == .untriggered)
        try sim.setMarkPrice(symbol: "BTCUSDT", price: Price("65099.9")!, now: t1)
        #expect(sim.drainEvents().orderEvents(Fixture.user1).isEmpty)
        try sim.setMarkPrice(symbol: "BTCUSDT", price: 65100, now: t1)
        let ev = sim.drainEvents().orderEvents(Fixture.user1)
        #expect(ev.first?.order.ordStatus == .triggered)
        #expect(ev.contains { $0.execStatus == .takerFill })
        #expect(ev.last?.order.ordStatus == .filled)
        #expect(ev.last?.order.ordType == .stop)
    }

    @Test func lastPriceTriggeredStopLimitRestsOrFills() throws {
        var sim = try Fixture.still()
        let book = try #require(sim.bookSnapshot(symbol: "BTCUSDT"))
        let sl = SimPlaceOrder(
            symbol: "BTCUSDT", clOrdID: "sl", side: .sell, ordType: .stopLimit, price: Price("64999.5"),
            stopPx: Price("64999.5"), trigger: .lastPrice, quantity: Quantity("0.01")!)
        _ = try #require(sim.placeOrder(user: Fixture.user1, sl, now: t1).value)
        _ = sim.drainEvents()
        // A sell sweep of the top 5 bid levels prints last = 64999.5 → trigger.
        let q = book.bids.prefix(5).reduce(Int64(0)) { $0 + $1.size.raw }
        try sim.injectMarketTrade(symbol: "BTCUSDT", side: .sell, quantity: Quantity(raw: q), now: t1)
        let ev = sim.drainEvents()
        #expect(ev.trades.last?.price == Price("64999.5"))
        let mine = ev.orderEvents(Fixture.user1)
        #expect(mine.first?.order.ordStatus == .triggered)
        // Best bid is now 64999.4 < limit: the stop-limit rests as the best ask.
        #expect(mine.last?.order.ordStatus == .new)
        #expect(sim.bookSnapshot(symbol: "BTCUSDT")?.asks.first?.price == Price("64999.5"))
    }

    @Test func stopDirectionRejects() throws {
        var sim = try Fixture.still()
        let buy = SimPlaceOrder(
            symbol: "BTCUSDT", clOrdID: "b", side: .buy, ordType: .stop, price: nil, stopPx: Price("64000"),
            quantity: Quantity("0.01")!)
        #expect(sim.placeOrder(user: Fixture.user1, buy, now: t1).rejectCode == 11043)
        let sell = SimPlaceOrder(
            symbol: "BTCUSDT", clOrdID: "s", side: .sell, ordType: .stop, price: nil, stopPx: Price("66000"),
            quantity: Quantity("0.01")!)
        #expect(sim.placeOrder(user: Fixture.user1, sell, now: t1).rejectCode == 11044)
        var noStop = sell
        noStop.stopPx = nil
        #expect(sim.placeOrder(user: Fixture.user1, noStop, now: t1).rejectCode == 10500)
    }

    @Test func amendStopPriceAndCancelDeactivates() throws {
        var sim = try Fixture.still()
        let stop = SimPlaceOrder(
            symbol: "BTCUSDT", clOrdID: "s", side: .sell, ordType: .stop, price: nil, stopPx: Price("64000"),
            quantity: Quantity("0.01")!)
        _ = sim.placeOrder(user: Fixture.user1, stop, now: t1)
        let a = sim.amendOrder(user: Fixture.user1, SimAmendOrder(symbol: "BTCUSDT", ref: .clOrdID("s"), stopPx: Price("64500")), now: t1)
        #expect(a.value != nil)
        #expect(sim.openOrders(user: Fixture.user1, symbol: "BTCUSDT").value?.first?.stopPx == Price("64500"))
        _ = sim.cancelOrder(user: Fixture.user1, symbol: "BTCUSDT", ref: .clOrdID("s"), now: t1)
        #expect(sim.drainEvents().orderEvents(Fixture.user1).last?.order.ordStatus == .deactivated)
    }
}

@Suite struct CreateRejectedTests {
    @Test func triggeredStopWithoutMarginIsRejectedOnTheStream() throws {
        var sim = try Fixture.still()
        let t1 = Fixture.t0 + .millis(1)
        // 1.2 BTC at 10x needs ~7800 USDT: fits now, not after a big resting order takes margin.
        let stop = SimPlaceOrder(
            symbol: "BTCUSDT", clOrdID: "s", side: .buy, ordType: .stop, price: nil, stopPx: Price("65100"),
            quantity: Quantity("1.2")!)
        _ = try #require(sim.placeOrder(user: Fixture.user1, stop, now: t1).value)
        _ = try #require(sim.placeOrder(user: Fixture.user1, Fixture.limit("big", .buy, "60000", "1"), now: t1).value)
        _ = sim.drainEvents()
        try sim.setMarkPrice(symbol: "BTCUSDT", price: 65100, now: t1)
        let ev = sim.drainEvents().orderEvents(Fixture.user1)
        let last = try #require(ev.last)
        #expect(last.order.ordStatus == .rejected && last.execStatus == .createRejected && last.code == 11001)
        #expect(last.executionReport.kind == .rejected)
    }
}
