import MarketCore
import Testing
@testable import TradingEngine

@Suite struct EngineQuotingTests {
    /// Start, reconcile and get the first two quotes resting.
    static func running() -> (Harness, [ClientOrderID]) {
        var h = Harness()
        let start = h.feed(.start, at: 0)
        #expect(start.commands.count == 2)  // open orders + positions
        #expect(h.engine.state.phase == .reconciling)
        h.feed(.exchange(.book(T.top("65000.0", "65000.1", 10))), at: 10)
        #expect(h.engine.orders.isEmpty)  // no quote before reconciliation
        let after = h.ack(start, at: 20)
        #expect(h.engine.state.phase == .running)
        let places = after.places
        #expect(places.count == 2)
        h.ack(after, at: 30)
        #expect(h.engine.orders.allSatisfy { $0.status == .open })
        return (h, places.map(\.clientOrderID))
    }

    @Test func startReconcilesThenQuotes() {
        let (h, ids) = Self.running()
        #expect(ids.map(\.value) == ["testbot-1009001", "testbot-1009002"])
        let prices = h.engine.orders.compactMap(\.price)
        #expect(prices == [T.p("64999.5"), T.p("65000.6")])
    }

    @Test func staleBookPullsQuotes() {
        var (h, ids) = Self.running()
        // No book update for more than staleAfter (5 s): the housekeeping timer pulls quotes.
        let out = h.feed(.timer, at: 6_000)
        #expect(Set(out.cancels) == Set(ids))
        #expect(out.audits.contains { $0.rule == "lag_monitor" })
        #expect(h.engine.state.markets[0].pulled)
        h.ack(out, at: 6_010)
        #expect(h.engine.orders.isEmpty)
        // A fresh book brings quoting back.
        let back = h.feed(.exchange(.book(T.top("65001.0", "65001.1", 6_100))), at: 6_100)
        #expect(back.places.count == 2)
    }

    @Test func adapterStaleSignalPullsAtOnce() {
        var (h, ids) = Self.running()
        let out = h.feed(.exchange(.bookStale(symbol: "BTCUSDT", reason: "ws drop")), at: 100)
        #expect(Set(out.cancels) == Set(ids))
        // Book frames while invalid do not requote…
        h.ack(out, at: 110)
        #expect(h.feed(.exchange(.book(T.top("65000.0", "65000.1", 120))), at: 120).places.isEmpty)
        // …until the adapter says the book is valid again.
        #expect(h.feed(.exchange(.bookValid(symbol: "BTCUSDT")), at: 130).places.count == 2)
    }

    @Test func marketThroughQuoteCancelsImmediately() {
        var (h, ids) = Self.running()
        // The ask collapses through our bid at 64999.5 just 40 ms after placement: no resting-time
        // rule may delay this cancel.
        let out = h.feed(.exchange(.book(T.top("64998.0", "64999.0", 70, seq: 2))), at: 70)
        #expect(out.cancels.first == ids[0])
        let audit = out.audits.first { $0.clientOrderID == ids[0] }
        #expect(audit?.rule == "market_through")
        #expect(h.engine.state.counters.marketThroughCancels == 1)
    }

    @Test func unknownPlaceOutcomeIsQueriedNeverResent() {
        var h = Harness()
        let start = h.feed(.start, at: 0)
        h.feed(.exchange(.book(T.top("65000.0", "65000.1", 10))), at: 10)
        let placed = h.ack(start, at: 20)
        guard case .command(let id, let cmd) = placed.first(where: { if case .command = $0 { return true } else { return false } })
        else { Issue.record("no command"); return }
        let r = CommandResult(commandID: id, command: cmd, outcome: .unknown(reason: "timeout"), time: T.at(30))
        let out = h.feed(.exchange(.commandResult(r)), at: 30)
        #expect(out.places.isEmpty)
        // The query by clOrdID goes out now or after the tracker's back-off (R18).
        let retry = h.feed(.timer, at: 1_000)
        #expect((out + retry).commands.contains { if case .queryOrder = $0 { return true } else { return false } })
        // Book moves: the level with the unknown order is not re-placed.
        let later = h.feed(.exchange(.book(T.top("65000.0", "65000.1", 1_040, seq: 2))), at: 1_040)
        var placedID: ClientOrderID?
        if case .place(let req) = cmd { placedID = req.clientOrderID }
        #expect(!later.places.contains { $0.clientOrderID == placedID })
    }

    @Test func fillsUpdatePositionAndPnL() {
        var (h, ids) = Self.running()
        let buy = Fill(executionID: "e1", quantity: T.q("0.01"), price: T.p("64999.5"), fee: Money(raw: 0), liquidity: .maker)
        h.feed(.exchange(.execution(Harness.report(.fill, ids[0], side: .buy, price: T.p("64999.5"), qty: T.q("0.01"),
            ms: 200, status: .filled, cum: T.q("0.01"), fill: buy))), at: 200)
        // Duplicate delivery is ignored.
        h.feed(.exchange(.execution(Harness.report(.fill, ids[0], side: .buy, price: T.p("64999.5"), qty: T.q("0.01"),
            ms: 201, status: .filled, cum: T.q("0.01"), fill: buy))), at: 201)
        #expect(h.engine.state.positions[0].size == T.q("0.01"))
        let sell = Fill(executionID: "e2", quantity: T.q("0.01"), price: T.p("65000.6"), fee: Money(raw: 0), liquidity: .maker)
        h.feed(.exchange(.execution(Harness.report(.fill, ids[1], side: .sell, price: T.p("65000.6"), qty: T.q("0.01"),
            ms: 300, status: .filled, cum: T.q("0.01"), fill: sell))), at: 300)
        #expect(h.engine.state.positions[0].size == .zero)
        #expect(h.engine.state.positions[0].realizedPnL == Money("0.011")!)
        #expect(h.engine.state.fillCount == 2)
    }

    @Test func operatorStopCancelsOwnOrdersAndWaitsForAcks() {
        var (h, ids) = Self.running()
        let out = h.feed(.operatorStop, at: 500)
        #expect(Set(out.cancels) == Set(ids))
        #expect(out.isStopped == false)
        #expect(h.engine.state.stopDeadline == T.at(5_500))
        let done = h.ack(out, at: 510)
        #expect(done.isStopped == true)
        #expect(h.engine.state.phase == .stopped)
    }

    @Test func operatorStopEndsAtDeadlineWithoutAcks() {
        var (h, _) = Self.running()
        _ = h.feed(.operatorStop, at: 500)
        #expect(h.feed(.timer, at: 1_500).isStopped == false)
        #expect(h.feed(.timer, at: 5_500).isStopped == true)
        #expect(h.engine.orders.count == 2)  // kept for the next start to resolve
    }

    @Test func resumeAdoptsOwnOrdersAndQueriesMissingOnes() throws {
        let (h, ids) = Self.running()
        let state = try roundTrip(h.engine.snapshot)
        #expect(state.strategyState["decisions"] != nil)
        var config = T.config()
        config.sessionTag = "s2"
        var r = Harness(config: config, state: state)
        let start = r.feed(.start, at: 10_000)
        // The exchange still lists the bid; the ask vanished (filled while we were away).
        let bid = Harness.report(.status, ids[0], side: .buy, price: T.p("64999.5"), qty: T.q("0.01"), ms: 10_000)
        let out = r.ack(start, at: 10_010, open: [bid])
        let queries = out.commands.compactMap { c -> ClientOrderID? in
            if case .queryOrder(let id, _) = c { return id } else { return nil }
        }
        #expect(queries == [ids[1]])
        #expect(r.engine.orders.first { $0.clientOrderID == ids[0] }?.status == .open)
        // New ids use the new session tag: never a duplicate of an old one.
        let placed = r.feed(.exchange(.book(T.top("65000.0", "65000.1", 10_020))), at: 10_020).places
        #expect(placed.allSatisfy { $0.clientOrderID.value.hasPrefix("testbot-") && !ids.contains($0.clientOrderID) })
    }

    func roundTrip(_ s: EngineState) throws -> EngineState {
        let data = try JSONEncoder().encode(s)
        return try JSONDecoder().decode(EngineState.self, from: data)
    }
}

import Foundation
