import MarketCore
import Strategies
import Testing
@testable import TradingEngine

/// `Engine.rehearsal` (the order path run on a throwaway copy to keep it warm) changes
/// nothing: an engine rehearsing before every input gives exactly the outputs and final state
/// of one that never rehearses, and the rehearsal decides what the moved book would decide.
@Suite struct RehearsalTests {
    /// The random market of `DecisionShortcutTests` (`RandomMarketInputs`) through two engines
    /// running the example pure_market_making strategy; `rehearsing` calls `rehearsal` before
    /// each input. Returns the mismatching outputs, the rehearsals that produced commands and
    /// whether the final states are equal.
    static func run(seed: UInt64, steps: Int) -> (mismatches: Int, productive: Int, sameState: Bool) {
        let strategy = DecisionShortcutTests.strategy(minimumSpread: false, hanging: false, priceType: .midPrice)
        var rehearsing = Engine(config: T.config(), strategy: strategy)
        var plain = Engine(config: T.config(), strategy: strategy)
        var inputs = RandomMarketInputs(seed: seed)
        var mismatches = 0
        var productive = 0
        for step in 0..<steps {
            let input = inputs.next(step: step, orders: plain.orders)
            if !rehearsing.rehearsal(now: input.receivedAt, variant: step).isEmpty { productive += 1 }
            let a = rehearsing.handle(input)
            let b = plain.handle(input)
            if a != b { mismatches += 1 }
            inputs.answer(a)
        }
        return (mismatches, productive, rehearsing.snapshot == plain.snapshot)
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func rehearsingChangesNothing(seed: UInt64) {
        let r = Self.run(seed: seed, steps: 4_000)
        #expect(r.mismatches == 0)
        #expect(r.sameState)
        #expect(r.productive > 100)  // the rehearsals really ran the order path
    }

    /// The rehearsal's commands are those the engine would send for the top moved by 0.2 %
    /// of the bid (whole ticks), up for even variants and down for odd ones.
    @Test func rehearsalIsTheMovedBook() {
        let (h, _) = EngineQuotingTests.running()  // quoting around 65000.0 / 65000.1
        for (variant, bid, ask) in [(0, "65130.0", "65130.1"), (1, "64870.0", "64870.1")] {
            var copy = h.engine
            let expected = copy.handle(
                EngineInput(receivedAt: T.at(20), kind: .exchange(.book(T.top(bid, ask, 10)))))
            let rehearsed = h.engine.rehearsal(now: T.at(20), variant: variant)
            #expect(!rehearsed.isEmpty)
            #expect(rehearsed == expected.commands)
        }
    }

    @Test func nothingBeforeTheEngineRunsOrWithoutABook() {
        var h = Harness()
        #expect(h.engine.rehearsal(now: T.at(0), variant: 0).isEmpty)  // not started
        let start = h.feed(.start, at: 0)
        h.ack(start, at: 5)
        #expect(h.engine.state.phase == .running)
        #expect(h.engine.rehearsal(now: T.at(6), variant: 0).isEmpty)  // no book yet
    }
}
