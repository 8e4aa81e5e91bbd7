import MarketCore
import Testing

@testable import ExchangeSimulator

@Suite struct CommandAdapterTests {
    @Test func commandsRoundTrip() throws {
        var sim = try Fixture.still()
        let t1 = Fixture.t0 + .millis(1)
        let id = try #require(ClientOrderID("mm-1"))
        let place = ExchangeCommand.place(
            OrderRequest(clientOrderID: id, symbol: "BTCUSDT", side: .buy, price: 65000, quantity: Quantity("0.01")!))
        let r = sim.execute(place, commandID: 1, user: Fixture.user1, now: t1)
        #expect(r.outcome == .acknowledged && r.reports.first?.status == .created && r.commandID == 1)
        let events = sim.exchangeEvents(sim.drainEvents(), user: Fixture.user1)
        #expect(events.contains { if case .execution(let x) = $0 { return x.kind == .accepted } else { return false } })
        #expect(sim.execute(place, commandID: 2, user: Fixture.user1, now: t1).outcome == .rejected(code: 11085, message: "TE_CL_ORD_ID_DUPLICATE"))
        let q = sim.execute(.queryOrder(clientOrderID: id, symbol: "BTCUSDT"), commandID: 3, user: Fixture.user1, now: t1)
        #expect(q.reports.first?.status == .new)
        #expect(sim.execute(.fetchOpenOrders(symbol: "BTCUSDT"), commandID: 4, user: Fixture.user1, now: t1).reports.count == 1)
        let amend = sim.execute(
            .amend(clientOrderID: id, symbol: "BTCUSDT", positionSide: .merged, price: Price("64990"), quantity: nil),
            commandID: 5, user: Fixture.user1, now: t1)
        #expect(amend.outcome == .acknowledged)
        let cancel = sim.execute(.cancel(clientOrderID: id, symbol: "BTCUSDT", positionSide: .merged), commandID: 6, user: Fixture.user1, now: t1)
        #expect(cancel.outcome == .acknowledged)
        let bulk = sim.execute(.cancelBulk(clientOrderIDs: [id], symbol: "BTCUSDT", positionSide: .merged), commandID: 7, user: Fixture.user1, now: t1)
        #expect(bulk.outcome == .rejected(code: 11062, message: "TE_ORD_ALREADY_CANCELED"))
        let pos = sim.execute(.fetchPositions(currency: "USDT"), commandID: 8, user: Fixture.user1, now: t1)
        #expect(pos.balances.first?.balance == 10000 && pos.positions.count == 2)
        let id2 = try #require(ClientOrderID("mm-2"))
        let place2 = ExchangeCommand.place(
            OrderRequest(clientOrderID: id2, symbol: "BTCUSDT", side: .buy, price: 65000, quantity: Quantity("0.01")!))
        #expect(sim.execute(place2, commandID: 9, user: Fixture.user1, now: t1).outcome == .acknowledged)
        let book = sim.exchangeEvents(sim.advance(to: t1 + .millis(20)), user: Fixture.user1)
        #expect(book.contains { if case .book(let t) = $0 { return t.bidPrice == 65000 } else { return false } })
    }
}
