import MarketCore
import OrderTracking
import Testing
@testable import TradingEngine

/// The engine routes every order through the `OrderTracker`: strategies only propose.
@Suite struct EngineTrackerTests {
    @Test func desiredQuoteBecomesTrackerPlace() {
        let (h, ids) = EngineQuotingTests.running()
        #expect(ids.count == 2)
        #expect(ids.allSatisfy { $0.value.hasPrefix(h.engine.config.sessionPrefix + "-") })
        #expect(h.engine.config.sessionPrefix == "testbot")
        // The tracker's allow records come out as engine audit lines.
        #expect(h.outputs.audits.contains { $0.action == "new" && $0.verdict == "allow" && $0.clientOrderID == ids[0] })
        #expect(h.engine.orderTracker.openOrders.count == 2)
    }

    @Test func capDenialIsAuditedAndNotSent() {
        var strategy = TestQuoter()
        strategy.levels = 7  // the standard profile allows 5 open orders per side (R5)
        var h = Harness(strategy: strategy)
        let start = h.feed(.start, at: 0)
        h.feed(.exchange(.book(T.top("65000.0", "65000.1", 10))), at: 10)
        let after = h.ack(start, at: 20)
        let buys = after.places.filter { $0.side == .buy }
        let sells = after.places.filter { $0.side == .sell }
        #expect(buys.count == 5)
        #expect(sells.count == 5)
        let denials = after.audits.filter { $0.verdict == "deny" && $0.rule == "R5" }
        #expect(denials.count == 4)
        #expect(denials.allSatisfy { $0.clientOrderID == nil || !after.places.map(\.clientOrderID).contains($0.clientOrderID!) })
        #expect(h.engine.state.counters.denied >= 4)
    }

    @Test func youngQuoteAmendWaitsForMinRest() {
        var strategy = TestQuoter()
        strategy.offset = T.p("50")
        var h = Harness(strategy: strategy)
        let start = h.feed(.start, at: 0)
        h.feed(.exchange(.book(T.top("65000.0", "65000.1", 10))), at: 10)
        let placed = h.ack(start, at: 20)
        #expect(placed.places.count == 2)
        h.ack(placed, at: 30)
        // The book moves 20 (past hysteresis, not through the quotes) 70 ms later: R6 delays.
        let early = h.feed(.exchange(.book(T.top("65020.0", "65020.1", 100, seq: 2))), at: 100)
        #expect(early.commands.isEmpty)
        #expect(early.audits.contains { $0.verdict == "delay" && $0.rule == "R6" })
        // Once the quotes rested long enough the tracker's timer moves them.
        h.feed(.exchange(.book(T.top("65020.0", "65020.1", 4_000, seq: 3))), at: 4_000)
        let later = h.feed(.timer, at: 5_100)
        #expect(!later.commands.isEmpty)
        #expect(Set(later.amends + later.cancels) == Set(placed.places.map(\.clientOrderID)))
    }

    @Test func marketThroughCancelIsImmediateInsideMinRest() {
        var (h, ids) = EngineQuotingTests.running()
        let out = h.feed(.exchange(.book(T.top("64998.0", "64999.0", 70, seq: 2))), at: 70)
        #expect(out.cancels.contains(ids[0]))
        #expect(!out.audits.contains { $0.verdict == "delay" && $0.clientOrderID == ids[0] })
        #expect(out.audits.contains { $0.rule == "market_through" })
    }

    @Test func stopCancelsOnlyOwnOrders() {
        var (h, ids) = EngineQuotingTests.running()
        let foreignID = ClientOrderID("manual-1")!
        let foreign = ExecutionReport(
            kind: .status, clientOrderID: foreignID, orderID: "F1", symbol: "BTCUSDT", side: .buy, status: .new,
            price: T.p("60000.0"), orderQuantity: T.q("0.01"), cumulativeQuantity: .zero, leavesQuantity: T.q("0.01"),
            time: T.at(100))
        let own = ids.map { Harness.report(.status, $0, side: .buy, price: T.p("64999.5"), qty: T.q("0.01"), ms: 100) }
        h.feed(.exchange(.accountSynced(openOrders: own + [foreign], positions: [], balances: [], time: T.at(100))), at: 100)
        let out = h.feed(.operatorStop, at: 500)
        #expect(Set(out.cancels) == Set(ids))
        #expect(!out.cancels.contains(foreignID))
        #expect(h.ack(out, at: 510).isStopped)
    }

    @Test func freshStartAdoptsOwnOrderFromEarlierRun() {
        var h = Harness()
        let start = h.feed(.start, at: 0)
        let old = ClientOrderID("testbot-5")!
        let listed = Harness.report(.status, old, side: .buy, price: T.p("64000.0"), qty: T.q("0.01"), ms: 0)
        let out = h.ack(start, at: 20, open: [listed])
        #expect(out.audits.contains { $0.clientOrderID == old && $0.reason.contains("adopted") })
        #expect(h.engine.orders.contains { $0.clientOrderID == old })
        // Operator stop cancels it like any own order.
        let stop = h.feed(.operatorStop, at: 100)
        #expect(stop.cancels.contains(old))
    }

    @Test func snapshotCarriesTrackerState() throws {
        let (h, ids) = EngineQuotingTests.running()
        let snap = h.engine.snapshot
        #expect(snap.tracker?.orders.map(\.clientOrderID).sorted() == ids.sorted())
        #expect(Set(snap.orders.map(\.clientOrderID)) == Set(ids))
        let resumed = Engine(config: T.config(), strategy: TestQuoter(), state: snap)
        #expect(Set(resumed.orders.map(\.clientOrderID)) == Set(ids))
    }

    @Test func webhookAnswersWithClOrdIDOrDenyRule() {
        var (h, _) = EngineQuotingTests.running()
        let ok = h.feed(.webhook(order: .init(symbol: "BTCUSDT", side: .sell, type: .market, quantity: T.q("0.01"), tag: "tv1"),
                                 requestID: "r1"), at: 200)
        let sent = ok.places.first { $0.type == .market }
        #expect(sent != nil)
        #expect(ok.contains(.webhookResponse(requestID: "r1", accepted: true, clientOrderID: sent?.clientOrderID, message: "sent")))
        // 0.0001 BTC is below the quantity step (and the minimum notional): denied, nothing sent.
        let tiny = h.feed(.webhook(order: .init(symbol: "BTCUSDT", side: .sell, type: .market, quantity: T.q("0.0001"), tag: "tv2"),
                                   requestID: "r2"), at: 300)
        #expect(tiny.places.isEmpty)
        let answer = tiny.compactMap { o -> (Bool, String)? in
            if case .webhookResponse("r2", let accepted, _, let message) = o { return (accepted, message) } else { return nil }
        }.first
        #expect(answer?.0 == false)
        #expect(answer?.1.hasPrefix("denied by ") == true)
        #expect(tiny.audits.contains { $0.verdict == "deny" })
    }
}
