import MarketCore
import Strategies
import Testing
@testable import TradingEngine

/// `Engine.rehearsal` (the order path run on a throwaway copy to keep it warm) changes
/// nothing: an engine rehearsing before every input gives exactly the outputs and final state
/// of one that never rehearses, and the rehearsal decides what the moved book would decide.
@Suite struct RehearsalTests {
    /// Random books (a walk of the touch), trades and timers through two engines running the
    /// example pure_market_making strategy, every command acknowledged; `rehearsing` calls
    /// `rehearsal` before each input. Returns the mismatching outputs and the number of
    /// rehearsals that produced commands.
    static func run(seed: UInt64, steps: Int) -> (mismatches: Int, productive: Int, sameState: Bool) {
        var rng = SeededRandom(seed: seed)
        let strategy = DecisionShortcutTests.strategy(minimumSpread: false, hanging: false, priceType: .midPrice)
        var rehearsing = Engine(config: T.config(), strategy: strategy)
        var plain = Engine(config: T.config(), strategy: strategy)
        var ms: Int64 = 0
        var bid: Int64 = 650_000  // ticks of 0.1
        var timerAt: Timestamp?
        var queue: [EngineInput] = [EngineInput(receivedAt: T.at(0), kind: .start)]
        var mismatches = 0
        var productive = 0
        for step in 0..<steps {
            if queue.isEmpty {
                ms += Int64.random(in: 1...200, using: &rng)
                if let t = timerAt, t <= T.at(ms) {
                    timerAt = nil
                    queue.append(EngineInput(receivedAt: t, kind: .timer))
                }
                let px = { (ticks: Int64) in Price(raw: ticks * 100_000_000) }
                if Int.random(in: 0..<10, using: &rng) < 9 {
                    bid += Int64.random(in: -3...3, using: &rng)
                    let top = TopOfBook(
                        symbol: "BTCUSDT", bidPrice: px(bid), bidSize: T.q("1"), askPrice: px(bid + 1), askSize: T.q("1"),
                        sequence: Int64(step), time: T.at(ms))
                    queue.append(EngineInput(receivedAt: T.at(ms), kind: .exchange(.book(top))))
                } else {
                    let t = TradeTick(symbol: "BTCUSDT", side: .sell, price: px(bid), quantity: T.q("0.01"), time: T.at(ms))
                    queue.append(EngineInput(receivedAt: T.at(ms), kind: .exchange(.trade(t))))
                }
            }
            let input = queue.removeFirst()
            if !rehearsing.rehearsal(now: input.receivedAt, variant: step).isEmpty { productive += 1 }
            let a = rehearsing.handle(input)
            let b = plain.handle(input)
            if a != b { mismatches += 1 }
            for case .scheduleTimer(let at) in a { timerAt = at }
            for case .command(let id, let cmd) in a {
                queue.append(EngineInput(receivedAt: T.at(ms), kind: .exchange(.commandResult(Harness.acknowledged(id, cmd, at: ms)))))
            }
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
