import MarketCore
import Testing

@testable import ExchangeSimulator

@Suite struct AccountTests {
    let t1 = Fixture.t0 + .millis(10)

    /// user2 rests `side` at `price`, user1 takes it with a market order.
    func trade(_ sim: inout ExchangeSimulator, symbol: Symbol, user1Side: Side, price: String, qty: String, at t: Timestamp) {
        let maker = SimPlaceOrder(
            symbol: symbol, clOrdID: "mk\(t.nanos)", side: user1Side.opposite, price: Price(price),
            quantity: Quantity(qty)!)
        _ = sim.placeOrder(user: Fixture.user2, maker, now: t)
        _ = sim.placeOrder(user: Fixture.user1, Fixture.market("tk\(t.nanos)", user1Side, qty, symbol: symbol), now: t)
    }

    func balance(_ sim: ExchangeSimulator, _ user: Int64, _ cur: String) -> Money? {
        sim.accountPositions(user: user, currency: cur, now: Fixture.t0).value?.account.balance
    }

    @Test func linearFeesAndRealizedAndUnrealizedPnL() throws {
        var sim = try Fixture.still()
        trade(&sim, symbol: "BTCUSDT", user1Side: .buy, price: "65000", qty: "0.1", at: t1)
        let ev = sim.drainEvents()
        let taker = try #require(ev.fills(Fixture.user1).first)
        #expect(taker.execPrice == 65000 && taker.execValue == 6500)
        #expect(taker.execFee == Money("3.9") && taker.feeRate == Money("0.0006"))
        let maker = try #require(ev.fills(Fixture.user2).first)
        #expect(maker.execFee == Money("0.65") && maker.feeRate == Money("0.0001"))
        #expect(balance(sim, Fixture.user1, "USDT") == Money("9996.1"))
        let pos = try #require(ev.positions(Fixture.user1).last)
        #expect(pos.side == .buy && pos.size == Quantity("0.1") && pos.avgEntryPrice == 65000)
        #expect(pos.posMode == .oneWay && pos.posSide == .merged)
        // Mark up 1000: unrealized +100 for the long, −100 for the short.
        try sim.setFairPrice(symbol: "BTCUSDT", price: 66000, now: t1)
        try sim.setMarkPrice(symbol: "BTCUSDT", price: 66000, now: t1)
        let t2 = t1 + .millis(20)
        _ = sim.advance(to: t2)
        let rows = try #require(sim.accountPositions(user: Fixture.user1, currency: "USDT", now: t2).value)
        let btc = try #require(rows.positions.first { $0.symbol == "BTCUSDT" })
        #expect(btc.unrealizedPnl == 100 && btc.markPrice == 66000)
        #expect(rows.positions.contains { $0.symbol == "ETHUSDT" && $0.size == .zero })
        #expect(sim.accountPositions(user: Fixture.user2, currency: "USDT", now: t2).value?.positions.first?.unrealizedPnl == -100)
        // Close at 66000: realized +100, fee 3.96.
        trade(&sim, symbol: "BTCUSDT", user1Side: .sell, price: "66000", qty: "0.1", at: t2)
        let close = sim.drainEvents()
        let f = try #require(close.fills(Fixture.user1).last)
        #expect(f.order.closedPnl == 100 && f.order.closedSize == Quantity("0.1"))
        #expect(f.curPosSize == .zero && f.curPosSide == nil)
        #expect(balance(sim, Fixture.user1, "USDT") == Money("10092.14"))
        #expect(balance(sim, Fixture.user2, "USDT") == Money("9898.69"))
        let flat = try #require(close.positions(Fixture.user1).last)
        #expect(flat.size == .zero && flat.cumClosedPnl == 100 && flat.cumTransactFee == Money("7.86"))
    }

    @Test func inversePnLInCoin() throws {
        var sim = try Fixture.still()
        trade(&sim, symbol: "BTCUSD", user1Side: .buy, price: "65000", qty: "1000", at: t1)
        let ev = sim.drainEvents()
        let f = try #require(ev.fills(Fixture.user1).first)
        #expect(f.execValue == Money("0.01538461"))
        #expect(f.execFee == Money("0.00000923"))
        let pos = try #require(ev.positions(Fixture.user1).last)
        #expect(pos.currency == "BTC" && pos.size == 1000 && pos.avgEntryPrice == 65000)
        var kinds: [ContractKind] = []
        for e in ev { if case .privateUpdate(let u) = e { kinds.append(u.kind) } }
        #expect(kinds.allSatisfy { $0 == .inverse })
        try sim.setFairPrice(symbol: "BTCUSD", price: 66000, now: t1)
        let t2 = t1 + .millis(20)
        _ = sim.advance(to: t2)
        trade(&sim, symbol: "BTCUSD", user1Side: .sell, price: "66000", qty: "1000", at: t2)
        let close = try #require(sim.drainEvents().fills(Fixture.user1).last)
        // 1000/65000 − 1000/66000 = 0.0002331 BTC.
        #expect(close.order.closedPnl == Money("0.0002331"))
        #expect(balance(sim, Fixture.user1, "BTC") == Money("1.00021478"))
    }

    @Test func inverseUnrealizedShort() throws {
        var sim = try Fixture.still()
        trade(&sim, symbol: "BTCUSD", user1Side: .sell, price: "65000", qty: "650", at: t1)
        try sim.setMarkPrice(symbol: "BTCUSD", price: 65000, now: t1)
        try sim.setMarkPrice(symbol: "BTCUSD", price: 62500, now: t1)
        let p = try #require(sim.accountPositions(user: Fixture.user1, currency: "BTC", now: t1).value?.positions.first)
        // short: 650/62500 − 650/65000 = 0.0104 − 0.01 = 0.0004
        #expect(p.side == .sell && p.signedSize == -650)
        #expect(p.unrealizedPnl == Money("0.0004"))
    }

    @Test func makerRebate() throws {
        var sim = try Fixture.still { $0.makerFeeRate = Money("-0.00025")! }
        trade(&sim, symbol: "BTCUSDT", user1Side: .buy, price: "65000", qty: "0.1", at: t1)
        let m = try #require(sim.drainEvents().fills(Fixture.user2).first)
        #expect(m.execFee == Money("-1.625"))
        #expect(balance(sim, Fixture.user2, "USDT") == Money("10001.625"))
    }

    @Test func reduceOnlyRules() throws {
        var sim = try Fixture.still()
        let ro = Fixture.limit("ro", .sell, "65000", "0.02", reduceOnly: true)
        #expect(sim.placeOrder(user: Fixture.user1, ro, now: t1).rejectCode == 11057)
        trade(&sim, symbol: "BTCUSDT", user1Side: .buy, price: "65000", qty: "0.01", at: t1)
        _ = sim.drainEvents()
        // Reduce-only sell of 0.02 against a 0.01 long: fills 0.01 then the rest is cancelled.
        _ = try #require(sim.placeOrder(user: Fixture.user1, ro, now: t1).value)
        try sim.injectMarketTrade(symbol: "BTCUSDT", side: .buy, quantity: Quantity("0.05")!, now: t1)
        let ev = sim.drainEvents()
        let fills = ev.fills(Fixture.user1)
        #expect(fills.count == 1 && fills[0].execQty == Quantity("0.01"))
        let last = try #require(ev.orderEvents(Fixture.user1).last)
        #expect(last.order.ordStatus == .canceled && last.code == 11011)
        #expect(ev.positions(Fixture.user1).last?.size == .zero)
        // A reduce-only market with no position is refused too.
        #expect(sim.placeOrder(user: Fixture.user1, Fixture.market("m", .sell, "0.01", reduceOnly: true), now: t1).rejectCode == 11057)
    }

    @Test func hedgedModeOpenAndClose() throws {
        var sim = try Fixture.still()
        #expect(sim.setPositionMode(user: Fixture.user1, symbol: "BTCUSDT", mode: .hedged, now: t1).value == true)
        #expect(sim.positionMode(user: Fixture.user1, symbol: "BTCUSDT") == .hedged)
        #expect(sim.placeOrder(user: Fixture.user1, Fixture.limit("x", .buy, "64000", "0.01"), now: t1).rejectCode == 20004)
        #expect(
            sim.placeOrder(user: Fixture.user1, Fixture.limit("x", .sell, "66000", "0.01", posSide: .long), now: t1)
                .rejectCode == 11057)
        _ = sim.placeOrder(user: Fixture.user2, Fixture.limit("mk", .sell, "65000", "0.01"), now: t1)
        let open = SimPlaceOrder(
            symbol: "BTCUSDT", clOrdID: "open", side: .buy, posSide: .long, ordType: .market,
            timeInForce: .immediateOrCancel, price: nil, quantity: Quantity("0.01")!)
        _ = try #require(sim.placeOrder(user: Fixture.user1, open, now: t1).value)
        let rows = try #require(sim.accountPositions(user: Fixture.user1, currency: "USDT", now: t1).value?.positions)
        let btc = rows.filter { $0.symbol == "BTCUSDT" }
        #expect(btc.map(\.posSide) == [.long, .short])
        #expect(btc[0].size == Quantity("0.01") && btc[1].size == .zero && btc[0].posMode == .hedged)
        // Mode switch refused with a position.
        #expect(sim.setPositionMode(user: Fixture.user1, symbol: "BTCUSDT", mode: .oneWay, now: t1).rejectCode == 20004)
        // Sell + Long closes.
        _ = sim.placeOrder(user: Fixture.user2, Fixture.limit("mk2", .buy, "65000", "0.01"), now: t1)
        let close = SimPlaceOrder(
            symbol: "BTCUSDT", clOrdID: "close", side: .sell, posSide: .long, ordType: .market,
            timeInForce: .immediateOrCancel, price: nil, quantity: Quantity("0.01")!)
        _ = try #require(sim.placeOrder(user: Fixture.user1, close, now: t1).value)
        let after = try #require(sim.accountPositions(user: Fixture.user1, currency: "USDT", now: t1).value?.positions)
        #expect(after.filter { $0.symbol == "BTCUSDT" }.allSatisfy { $0.size == .zero })
        // Inverse symbols stay one-way.
        #expect(sim.setPositionMode(user: Fixture.user1, symbol: "BTCUSD", mode: .hedged, now: t1).rejectCode == 20004)
    }

    @Test func leverageAndInsufficientBalance() throws {
        var sim = try Fixture.still()
        // 10 BTC at 65000 = 650000 USDT; at 10x that needs 65000 USDT > 10000.
        #expect(sim.placeOrder(user: Fixture.user1, Fixture.limit("big", .buy, "64000", "10"), now: t1).rejectCode == 11001)
        #expect(sim.setLeverage(user: Fixture.user1, SimSetLeverage(symbol: "BTCUSDT", leverage: 200), now: t1).rejectCode == 11004)
        #expect(sim.setLeverage(user: Fixture.user1, SimSetLeverage(symbol: "BTCUSDT", leverage: 100), now: t1).value == true)
        let upd = sim.drainEvents().positions(Fixture.user1)
        #expect(upd.last?.leverage == 100)
        #expect(sim.placeOrder(user: Fixture.user1, Fixture.limit("big", .buy, "64000", "1"), now: t1).value != nil)
        let acct = try #require(sim.accountPositions(user: Fixture.user1, currency: "USDT", now: t1).value?.account)
        #expect(acct.totalUsedBalance == Money("640"))
        #expect(
            sim.setLeverage(user: Fixture.user1, SimSetLeverage(symbol: "BTCUSDT", longLeverage: 5, shortLeverage: 5), now: t1)
                .rejectCode == 20004)
    }
}

@Suite struct ConversionTests {
    @Test func eventsConvertToMarketCoreReports() throws {
        var sim = try Fixture.still()
        let t1 = Fixture.t0 + .millis(1)
        _ = sim.placeOrder(user: Fixture.user2, Fixture.limit("mk", .sell, "65000", "0.01"), now: t1)
        _ = sim.placeOrder(user: Fixture.user1, Fixture.limit("po", .buy, "65000", "0.01", tif: .postOnly), now: t1)
        _ = sim.placeOrder(user: Fixture.user1, Fixture.market("tk", .buy, "0.01"), now: t1)
        let ev = sim.drainEvents()
        let reports = ev.orderEvents(Fixture.user1).map(\.executionReport)
        #expect(reports.map(\.kind) == [.canceled, .accepted, .fill])
        #expect(reports[0].errorCode == 101 && reports[0].clientOrderID?.value == "po")
        let fill = try #require(reports[2].fill)
        #expect(fill.liquidity == .taker && fill.price == 65000 && fill.quantity == Quantity("0.01"))
        #expect(reports[2].status == .filled)
        let pos = try #require(ev.positions(Fixture.user1).last?.positionReport)
        #expect(pos.size == Quantity("0.01") && pos.averageEntryPrice == 65000)
        let top = try #require(sim.bookSnapshot(symbol: "BTCUSDT")?.topOfBook)
        #expect(top.bidPrice == Price("64999.9") && top.askPrice == Price("65000.1"))
    }
}
