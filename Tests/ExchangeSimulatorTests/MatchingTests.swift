import MarketCore
import Testing

@testable import ExchangeSimulator

@Suite struct MatchingTests {
    let t1 = Fixture.t0 + .millis(10)

    @Test func stillBookHasThirtyPlusLevelsAroundStart() throws {
        let sim = try Fixture.still()
        let snap = try #require(sim.bookSnapshot(symbol: "BTCUSDT"))
        #expect(snap.bids.count >= 30)
        #expect(snap.asks.count >= 30)
        #expect(snap.bids.first?.price == Price("64999.9"))
        #expect(snap.asks.first?.price == Price("65000.1"))
        #expect(zip(snap.bids, snap.bids.dropFirst()).allSatisfy { $0.price > $1.price })
        #expect(zip(snap.asks, snap.asks.dropFirst()).allSatisfy { $0.price < $1.price })
    }

    @Test func acceptedOrderAckThenNewEvent() throws {
        var sim = try Fixture.still()
        let ack = try #require(sim.placeOrder(user: Fixture.user1, Fixture.limit("a1", .buy, "65000", "0.01"), now: t1).value)
        #expect(ack.ordStatus == .created)
        #expect(ack.execStatus == .pendingNew)
        let ev = sim.drainEvents().orderEvents(Fixture.user1)
        #expect(ev.count == 1)
        #expect(ev[0].action == .new && ev[0].execStatus == .new && ev[0].order.ordStatus == .new)
        #expect(ev[0].execQty == .zero && ev[0].execID == SimOrderEvent.zeroExecID)
        #expect(sim.bookSnapshot(symbol: "BTCUSDT")?.bids.first == SimLevel(price: 65000, size: Quantity("0.01")!))
    }

    @Test func priceTimePriorityAmongOwnOrders() throws {
        var sim = try Fixture.still()
        _ = sim.placeOrder(user: Fixture.user1, Fixture.limit("first", .buy, "65000", "0.01"), now: t1)
        _ = sim.placeOrder(user: Fixture.user2, Fixture.limit("second", .buy, "65000", "0.01"), now: t1 + .millis(1))
        _ = sim.drainEvents()
        try sim.injectMarketTrade(symbol: "BTCUSDT", side: .sell, quantity: Quantity("0.015")!, now: t1 + .millis(2))
        let ev = sim.drainEvents()
        let f1 = ev.fills(Fixture.user1)
        let f2 = ev.fills(Fixture.user2)
        #expect(f1.count == 1 && f1[0].execQty == Quantity("0.01"))
        #expect(f1[0].order.ordStatus == .filled)
        #expect(f2.count == 1 && f2[0].execQty == Quantity("0.005"))
        #expect(f2[0].order.ordStatus == .partiallyFilled)
        #expect(f2[0].order.leavesQty == Quantity("0.005"))
        #expect(f2[0].execStatus == .makerFill && f2[0].liquidity == .maker && f2[0].tradeType == "Trade")
        #expect(ev.trades.count == 1 && ev.trades[0].side == .sell && ev.trades[0].price == 65000)
    }

    @Test func syntheticLiquidityAheadIsServedFirst() throws {
        var sim = try Fixture.still()
        let before = try #require(sim.bookSnapshot(symbol: "BTCUSDT")?.bids.first)
        _ = sim.placeOrder(user: Fixture.user1, Fixture.limit("b", .buy, "64999.9", "0.01"), now: t1)
        _ = sim.drainEvents()
        // Exactly the liquidity ahead: no fill for us.
        try sim.injectMarketTrade(symbol: "BTCUSDT", side: .sell, quantity: before.size, now: t1 + .millis(1))
        #expect(sim.drainEvents().fills(Fixture.user1).isEmpty)
        try sim.injectMarketTrade(symbol: "BTCUSDT", side: .sell, quantity: Quantity("0.004")!, now: t1 + .millis(2))
        let f = sim.drainEvents().fills(Fixture.user1)
        #expect(f.count == 1 && f[0].execQty == Quantity("0.004") && f[0].order.cumQty == Quantity("0.004"))
    }

    @Test func partialFillsFromLiveMarketFlow() throws {
        var sim = try Fixture.live(seed: 11)
        var t = Fixture.t0
        _ = sim.advance(to: t)
        let bid = try #require(sim.bookSnapshot(symbol: "BTCUSDT")?.bids.first?.price)
        _ = sim.placeOrder(user: Fixture.user1, Fixture.limit("mm-b", .buy, bid.description, "0.3"), now: t)
        var fills: [SimOrderEvent] = []
        for _ in 0..<3000 where fills.isEmpty || fills.last?.order.ordStatus != .filled {
            t = t + .millis(20)
            fills += sim.advance(to: t).fills(Fixture.user1)
        }
        #expect(!fills.isEmpty)
        #expect(fills.allSatisfy { $0.execStatus == .makerFill })
        let total = fills.reduce(Int64(0)) { $0 + $1.execQty.raw }
        #expect(total <= Quantity("0.3")!.raw)
        #expect(Set(fills.map(\.execID)).count == fills.count)
    }

    @Test func takerLimitSweepsLevelsAndRests() throws {
        var sim = try Fixture.still()
        let book = try #require(sim.bookSnapshot(symbol: "BTCUSDT"))
        let two = book.asks[0].size + book.asks[1].size
        let qty = Quantity(raw: two.raw + Quantity("0.001")!.raw)
        let req = SimPlaceOrder(
            symbol: "BTCUSDT", clOrdID: "t1", side: .buy, price: book.asks[1].price, quantity: qty)
        _ = try #require(sim.placeOrder(user: Fixture.user1, req, now: t1).value)
        let ev = sim.drainEvents()
        let f = ev.fills(Fixture.user1)
        #expect(f.count == 2)
        #expect(f.allSatisfy { $0.execStatus == .takerFill && $0.liquidity == .taker })
        #expect(f[0].execPrice == book.asks[0].price && f[1].execPrice == book.asks[1].price)
        #expect(f[1].order.leavesQty == Quantity("0.001"))
        // Remainder rests as best bid.
        #expect(sim.bookSnapshot(symbol: "BTCUSDT")?.bids.first?.price == book.asks[1].price)
        #expect(ev.trades.count == 2 && ev.trades.allSatisfy { $0.side == .buy })
    }

    @Test func marketAndIOCRemainderCancelled() throws {
        var sim = try Fixture.still()
        let ask = try #require(sim.bookSnapshot(symbol: "BTCUSDT")?.asks.first)
        let req = SimPlaceOrder(
            symbol: "BTCUSDT", clOrdID: "ioc", side: .buy, timeInForce: .immediateOrCancel, price: ask.price,
            quantity: Quantity(raw: ask.size.raw + 1_000_000))
        _ = sim.placeOrder(user: Fixture.user1, req, now: t1)
        let ev = sim.drainEvents().orderEvents(Fixture.user1)
        #expect(ev.last?.order.ordStatus == .canceled)
        #expect(ev.last?.execQty == Quantity("0.001"))
        #expect(ev.fills(user: true).count == 1)
        _ = sim.placeOrder(user: Fixture.user1, Fixture.market("mkt", .sell, "0.002"), now: t1)
        let m = sim.drainEvents().orderEvents(Fixture.user1)
        #expect(m.last?.order.ordStatus == .filled)
    }

    @Test func fillOrKillKilledWhenBookTooThin() throws {
        var sim = try Fixture.still()
        let ask = try #require(sim.bookSnapshot(symbol: "BTCUSDT")?.asks.first)
        let req = SimPlaceOrder(
            symbol: "BTCUSDT", clOrdID: "fok", side: .buy, timeInForce: .fillOrKill, price: ask.price,
            quantity: Quantity(raw: ask.size.raw + 1_000_000))
        _ = sim.placeOrder(user: Fixture.user1, req, now: t1)
        let ev = sim.drainEvents().orderEvents(Fixture.user1)
        #expect(ev.count == 1 && ev[0].order.ordStatus == .canceled && ev[0].cxlRejReason == 100)
    }

    @Test func postOnlyCrossAcceptedThenCancelled() throws {
        var sim = try Fixture.still()
        let r = sim.placeOrder(user: Fixture.user1, Fixture.limit("po", .buy, "65000.1", "0.01", tif: .postOnly), now: t1)
        #expect(r.value?.ordStatus == .created)
        let ev = sim.drainEvents().orderEvents(Fixture.user1)
        #expect(ev.count == 1)
        #expect(ev[0].order.ordStatus == .canceled && ev[0].execStatus == .canceled && ev[0].cxlRejReason == 101)
        #expect(sim.openOrders(user: Fixture.user1, symbol: "BTCUSDT").value?.isEmpty == true)
    }

    @Test func postOnlyCrossRejectedWhenConfigured() throws {
        var sim = try Fixture.still { $0.postOnlyCross = .rejectOnCreate }
        let r = sim.placeOrder(user: Fixture.user1, Fixture.limit("po", .buy, "65000.1", "0.01", tif: .postOnly), now: t1)
        #expect(r.rejectCode == 10500)
        #expect(sim.drainEvents().isEmpty)
    }

    @Test func amendKeepsPriorityOnQtyDecreaseLosesItOnIncrease() throws {
        var sim = try Fixture.still()
        _ = sim.placeOrder(user: Fixture.user1, Fixture.limit("a", .buy, "65000", "0.02"), now: t1)
        _ = sim.placeOrder(user: Fixture.user2, Fixture.limit("b", .buy, "65000", "0.02"), now: t1)
        let ack = sim.amendOrder(
            user: Fixture.user1, SimAmendOrder(symbol: "BTCUSDT", ref: .clOrdID("a"), quantity: Quantity("0.01")), now: t1)
        #expect(ack.value?.execStatus == .pendingReplace)
        let rep = sim.drainEvents().orderEvents(Fixture.user1)
        #expect(rep.last?.action == .replace && rep.last?.execStatus == .replaced)
        #expect(rep.last?.order.orderQty == Quantity("0.01") && rep.last?.order.leavesQty == Quantity("0.01"))
        try sim.injectMarketTrade(symbol: "BTCUSDT", side: .sell, quantity: Quantity("0.001")!, now: t1)
        #expect(sim.drainEvents().fills(Fixture.user1).count == 1)  // still first
        _ = sim.amendOrder(
            user: Fixture.user1, SimAmendOrder(symbol: "BTCUSDT", ref: .clOrdID("a"), quantity: Quantity("0.03")), now: t1)
        _ = sim.drainEvents()
        try sim.injectMarketTrade(symbol: "BTCUSDT", side: .sell, quantity: Quantity("0.001")!, now: t1)
        let ev = sim.drainEvents()
        #expect(ev.fills(Fixture.user1).isEmpty)
        #expect(ev.fills(Fixture.user2).count == 1)  // user2 now ahead
    }

    @Test func amendPriceMovesOrderAndRejectsNoChange() throws {
        var sim = try Fixture.still()
        _ = sim.placeOrder(user: Fixture.user1, Fixture.limit("a", .sell, "65001", "0.01"), now: t1)
        let same = sim.amendOrder(
            user: Fixture.user1, SimAmendOrder(symbol: "BTCUSDT", ref: .clOrdID("a"), price: Price("65001")), now: t1)
        #expect(same.rejectCode == 11065)
        let moved = sim.amendOrder(
            user: Fixture.user1, SimAmendOrder(symbol: "BTCUSDT", ref: .clOrdID("a"), price: Price("65000")), now: t1)
        #expect(moved.value != nil)
        #expect(sim.bookSnapshot(symbol: "BTCUSDT")?.asks.first == SimLevel(price: 65000, size: Quantity("0.01")!))
        let unknown = sim.amendOrder(
            user: Fixture.user1, SimAmendOrder(symbol: "BTCUSDT", ref: .clOrdID("zz"), price: Price("65000")), now: t1)
        #expect(unknown.rejectCode == 10002)
    }

    @Test func cancelBulkAndCancelAll() throws {
        var sim = try Fixture.still()
        var ids: [String] = []
        for i in 0..<4 {
            let r = sim.placeOrder(user: Fixture.user1, Fixture.limit("c\(i)", .buy, "6499\(i)", "0.01"), now: t1)
            ids.append(try #require(r.value?.orderID))
        }
        let ack = sim.cancelOrder(user: Fixture.user1, symbol: "BTCUSDT", ref: .orderID(ids[0]), now: t1)
        #expect(ack.value?.execStatus == .pendingCancel)
        let ev = sim.drainEvents().orderEvents(Fixture.user1)
        #expect(ev.last?.action == .cancel && ev.last?.order.ordStatus == .canceled && ev.last?.execQty == Quantity("0.01"))
        #expect(ev.last?.order.leavesQty == .zero)
        #expect(sim.cancelOrder(user: Fixture.user1, symbol: "BTCUSDT", ref: .orderID(ids[0]), now: t1).rejectCode == 11062)
        #expect(sim.cancelOrder(user: Fixture.user1, symbol: "BTCUSDT", ref: .clOrdID("nope"), now: t1).rejectCode == 10002)
        let bulk = sim.cancelOrders(
            user: Fixture.user1, symbol: "BTCUSDT", refs: [.orderID(ids[1]), .clOrdID("c2"), .clOrdID("nope")], now: t1)
        #expect(bulk.map { $0.result.value != nil } == [true, true, false])
        // A conditional survives cancel-all(untriggered: false).
        let stop = SimPlaceOrder(
            symbol: "BTCUSDT", clOrdID: "s", side: .buy, ordType: .stop, price: nil, stopPx: Price("66000"),
            quantity: Quantity("0.01")!)
        _ = try #require(sim.placeOrder(user: Fixture.user1, stop, now: t1).value)
        #expect(sim.cancelAll(user: Fixture.user1, symbol: "BTCUSDT", untriggered: false, now: t1).value == 1)
        #expect(sim.openOrders(user: Fixture.user1, symbol: nil).value?.count == 1)
        #expect(sim.cancelAll(user: Fixture.user1, symbol: nil, untriggered: true, now: t1).value == 1)
        let last = sim.drainEvents().orderEvents(Fixture.user1).last
        #expect(last?.order.ordStatus == .deactivated)
        #expect(sim.openOrders(user: Fixture.user1, symbol: nil).value?.isEmpty == true)
    }

    @Test func filledOrderCannotBeCancelled() throws {
        var sim = try Fixture.still()
        _ = sim.placeOrder(user: Fixture.user1, Fixture.market("m", .buy, "0.001"), now: t1)
        #expect(sim.cancelOrder(user: Fixture.user1, symbol: "BTCUSDT", ref: .clOrdID("m"), now: t1).rejectCode == 11063)
        #expect(sim.queryOrders(user: Fixture.user1, symbol: "BTCUSDT", refs: [.clOrdID("m")]).value?.first?.ordStatus == .filled)
    }
}

extension Array where Element == SimOrderEvent {
    func fills(user _: Bool) -> [SimOrderEvent] { filter { $0.execStatus == .makerFill || $0.execStatus == .takerFill } }
}

@Suite struct AmendCrossTests {
    let t1 = Fixture.t0 + .millis(10)

    @Test func amendAcrossTheSpreadTakesLiquidity() throws {
        var sim = try Fixture.still()
        _ = sim.placeOrder(user: Fixture.user1, Fixture.limit("g", .buy, "64990", "0.001"), now: t1)
        _ = sim.placeOrder(user: Fixture.user1, Fixture.limit("p", .buy, "64990.5", "0.001", tif: .postOnly), now: t1)
        _ = sim.drainEvents()
        _ = sim.amendOrder(user: Fixture.user1, SimAmendOrder(symbol: "BTCUSDT", ref: .clOrdID("g"), price: Price("65000.1")), now: t1)
        let g = sim.drainEvents().orderEvents(Fixture.user1)
        #expect(g.first?.action == .replace)
        #expect(g.contains { $0.execStatus == .takerFill && $0.execPrice == Price("65000.1") })
        _ = sim.amendOrder(user: Fixture.user1, SimAmendOrder(symbol: "BTCUSDT", ref: .clOrdID("p"), price: Price("65000.2")), now: t1)
        let p = sim.drainEvents().orderEvents(Fixture.user1)
        #expect(p.last?.order.ordStatus == .canceled && p.last?.cxlRejReason == 101)
    }

    @Test func staleQuotePickedOffWhenFairMovesThroughIt() throws {
        var sim = try Fixture.still()
        _ = sim.placeOrder(user: Fixture.user1, Fixture.limit("ask", .sell, "65000", "0.01"), now: t1)
        _ = sim.drainEvents()
        try sim.setFairPrice(symbol: "BTCUSDT", price: 65100, now: t1)
        let ev = sim.advance(to: t1 + .millis(20))
        let f = ev.fills(Fixture.user1)
        #expect(f.count == 1 && f[0].execStatus == .makerFill && f[0].order.ordStatus == .filled)
        let snap = try #require(sim.bookSnapshot(symbol: "BTCUSDT"))
        #expect(snap.bids.first?.price == Price("65099.9") && snap.asks.first?.price == Price("65100.1"))
    }
}
