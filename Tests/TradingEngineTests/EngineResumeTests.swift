import MarketCore
import Testing
@testable import TradingEngine

/// Resume after `kill -9`: own orders found live are settled before the first quote goes out.
@Suite struct EngineResumeTests {
    /// Position of the first command matching `f` in `outs` (nil if none).
    func index(_ outs: [EngineOutput], _ f: (ExchangeCommand) -> Bool) -> Int? {
        outs.firstIndex { if case .command(_, let c) = $0 { return f(c) } else { return false } }
    }

    @Test func adoptedOrdersAreKeptAsQuotesOrCancelledBeforeNewQuotes() {
        // Run 1 placed a bid and an ask, then died before its state file listed them.
        let (_, ids) = EngineQuotingTests.running()
        var config = T.config()
        config.sessionTag = "s2"
        var r = Harness(config: config, state: nil)
        let start = r.feed(.start, at: 10_000)
        r.feed(.exchange(.book(T.top("65000.0", "65000.1", 10_005))), at: 10_005)
        // The exchange lists both: the bid where the strategy wants it, the ask far away.
        let bid = Harness.report(.status, ids[0], side: .buy, price: T.p("64999.5"), qty: T.q("0.01"), ms: 10_010)
        let ask = Harness.report(.status, ids[1], side: .sell, price: T.p("65100.0"), qty: T.q("0.01"), ms: 10_010)
        var out: [EngineOutput] = []
        for case .command(let id, let cmd) in start {
            let reports: [ExecutionReport] = if case .fetchOpenOrders = cmd { [bid, ask] } else { [] }
            let result = CommandResult(commandID: id, command: cmd, outcome: .acknowledged, reports: reports, time: T.at(10_010))
            out += r.feed(.exchange(.commandResult(result)), at: 10_010)
        }
        #expect(r.engine.state.phase == .running)
        // The unwanted ask is cancelled at once (no resting-time delay), before the new ask.
        #expect(out.cancels == [ids[1]])
        let cancelAt = index(out) { if case .cancel = $0 { return true } else { return false } }
        let placeAt = index(out) { if case .place = $0 { return true } else { return false } }
        #expect(cancelAt != nil && placeAt != nil && cancelAt! < placeAt!)
        // The bid is the strategy's level-0 bid: only the ask is placed anew.
        #expect(out.places.map(\.side) == [.sell])
        #expect(out.places.first?.price == T.p("65000.6"))
        let kept = r.engine.orders.first { $0.clientOrderID == ids[0] }
        #expect(kept?.level == 0)
        #expect(kept?.isQuote == true)
        #expect(!out.audits.contains { $0.verdict == "delay" })
        // Acks settle it: one bid, one ask, no duplicate.
        r.ack(out, at: 10_020)
        let live = r.engine.orders.filter { $0.status == .open }
        #expect(live.count == 2)
        #expect(Set(live.map(\.side)) == [.buy, .sell])
    }

    @Test func restoredQuotesTheStrategyNoLongerWantsAreCancelledFirst() throws {
        // Run 1 quoted two levels a side; run 2 (same state file) quotes only one.
        var h = Harness(strategy: TestQuoter(levels: 2))
        let start = h.feed(.start, at: 0)
        h.feed(.exchange(.book(T.top("65000.0", "65000.1", 10))), at: 10)
        let first = h.ack(start, at: 20)
        #expect(first.places.count == 4)
        h.ack(first, at: 30)
        let state = h.engine.snapshot
        let open = h.engine.orders.map { o in
            Harness.report(.status, o.clientOrderID, side: o.side, price: o.price, qty: o.quantity, ms: 1_000)
        }
        var config = T.config()
        config.sessionTag = "s2"
        var r = Harness(config: config, state: state, strategy: TestQuoter(levels: 1))
        let restart = r.feed(.start, at: 1_000)
        r.feed(.exchange(.book(T.top("65000.0", "65000.1", 1_005))), at: 1_005)
        let out = r.ack(restart, at: 1_010, open: open)
        let outer = h.engine.orders.filter { $0.level == 1 }.map(\.clientOrderID)
        #expect(Set(out.cancels) == Set(outer))
        #expect(out.places.isEmpty)  // the level-0 quotes stay as they are
        #expect(!out.audits.contains { $0.verdict == "delay" && $0.action == "cancel" })
        r.ack(out, at: 1_020)
        #expect(r.engine.orders.count == 2)
        #expect(r.engine.orders.allSatisfy { $0.level == 0 })
    }
}
