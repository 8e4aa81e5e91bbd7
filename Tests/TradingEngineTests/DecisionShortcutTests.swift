import MarketCore
import Strategies
import Testing
@testable import TradingEngine

/// `Strategy.unchangedDecision` is a pure shortcut: an engine using it gives exactly the
/// outputs of one that always calls `decide`. The same runs prove the engine's hot-path reuse
/// (live-quote list kept while the tracker's orders are unchanged, the market-through scan
/// without copies) exact: the reference engine has both switched off.
@Suite struct DecisionShortcutTests {
    /// The example job's strategy (strategies/pure_mm_btcusdt.yml), with optional extras.
    static func strategy(minimumSpread: Bool, hanging: Bool, priceType: PriceType) -> PureMarketMakingStrategy {
        var c = PureMarketMakingConfig(
            symbol: "BTCUSDT", bidSpread: Fraction(raw: 100_000), askSpread: Fraction(raw: 100_000),
            orderAmount: Quantity(raw: 10_000_000))
        c.orderLevels = 2
        c.orderLevelSpread = Fraction(raw: 100_000)
        c.orderRefreshTime = .seconds(5)
        c.orderRefreshTolerancePct = Fraction(raw: 50_000)
        c.maxOrderAge = .seconds(30)
        c.filledOrderDelay = .seconds(2)
        c.inventorySkewEnabled = true
        c.priceType = priceType
        if minimumSpread { c.minimumSpread = Fraction(raw: 50_000) }
        if hanging {
            c.hangingOrdersEnabled = true
            c.hangingOrdersCancelPct = Fraction(raw: 200_000)
        }
        return PureMarketMakingStrategy(config: c)
    }

    /// Runs `steps` random inputs (books, trades, marks, fills, timers, command results)
    /// through two engines, one with the shortcut and one without, and compares every output.
    /// With `jumps`, one book update in 50 jumps by about 1 % (through the quotes, which rest
    /// 0.1 % from the mid), so the market-through cancel runs often.
    /// Returns how many decisions the shortcut answered.
    static func run(seed: UInt64, steps: Int, strategy: PureMarketMakingStrategy, jumps: Bool = false) -> (UInt64, Int) {
        var rng = SeededRandom(seed: seed)
        var fast = Engine(config: T.config(), strategy: strategy)
        var slow = Engine(config: T.config(), strategy: strategy)
        slow.decisionShortcut = false
        slow.hotPathReuse = false
        var ms: Int64 = 0
        var bid: Int64 = 650_000  // in ticks of 0.1
        var timerAt: Timestamp?
        var queue: [EngineInput] = [EngineInput(receivedAt: T.at(0), kind: .start)]
        var mismatches = 0
        var fills = 0
        for step in 0..<steps {
            if queue.isEmpty {
                ms += Int64.random(in: 1...120, using: &rng)
                if let t = timerAt, t <= T.at(ms) {
                    timerAt = nil
                    queue.append(EngineInput(receivedAt: t, kind: .timer))
                }
                let r = Int.random(in: 0..<100, using: &rng)
                let px = { (ticks: Int64) in Price(raw: ticks * 100_000_000) }
                if r < 80 {
                    bid += Int64.random(in: -2...2, using: &rng)
                    if jumps, Int.random(in: 0..<50, using: &rng) == 0 {
                        bid += Int64.random(in: 600...900, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)
                    }
                    let spread = Int64.random(in: 1...3, using: &rng)
                    let top = TopOfBook(
                        symbol: "BTCUSDT", bidPrice: px(bid), bidSize: T.q("1"), askPrice: px(bid + spread),
                        askSize: T.q("1"), sequence: Int64(step), time: T.at(ms))
                    queue.append(EngineInput(receivedAt: T.at(ms), kind: .exchange(.book(top))))
                } else if r < 88 {
                    let t = TradeTick(symbol: "BTCUSDT", side: .buy, price: px(bid), quantity: T.q("0.01"), time: T.at(ms))
                    queue.append(EngineInput(receivedAt: T.at(ms), kind: .exchange(.trade(t))))
                } else if r < 92 {
                    let m = MarkPriceTick(symbol: "BTCUSDT", markPrice: px(bid), time: T.at(ms))
                    queue.append(EngineInput(receivedAt: T.at(ms), kind: .exchange(.mark(m))))
                } else if r < 96, let o = fast.orders.first(where: { $0.status == .open }), let price = o.price {
                    fills += 1
                    let f = Fill(executionID: "x\(step)", quantity: o.remaining, price: price, fee: Money("0.01")!, liquidity: .maker)
                    let rep = Harness.report(
                        .fill, o.clientOrderID, side: o.side, price: price, qty: o.quantity, ms: ms, status: .filled,
                        cum: o.quantity, fill: f)
                    queue.append(EngineInput(receivedAt: T.at(ms), kind: .exchange(.execution(rep))))
                } else {
                    queue.append(EngineInput(receivedAt: T.at(ms), kind: .timer))
                }
            }
            let input = queue.removeFirst()
            let a = fast.handle(input)
            let b = slow.handle(input)
            if a != b { mismatches += 1 }
            for case .scheduleTimer(let at) in a { timerAt = at }
            for case .command(let id, let cmd) in a {
                queue.append(EngineInput(receivedAt: T.at(ms), kind: .exchange(.commandResult(Harness.acknowledged(id, cmd, at: ms)))))
            }
        }
        let sameState = fast.snapshot == slow.snapshot
        #expect(sameState)
        #expect(!jumps || fast.state.counters.marketThroughCancels > 20)
        #expect(fills > 0)
        #expect(slow.decisionsSkipped == 0)
        return (fast.decisionsSkipped, mismatches)
    }

    @Test(arguments: [
        (UInt64(1), false, false, PriceType.midPrice), (UInt64(2), true, false, PriceType.midPrice),
        (UInt64(3), false, true, PriceType.lastPrice), (UInt64(4), true, true, PriceType.bestBid),
    ])
    func shortcutGivesIdenticalOutputs(seed: UInt64, minimumSpread: Bool, hanging: Bool, priceType: PriceType) {
        let (skipped, mismatches) = Self.run(
            seed: seed, steps: 12_000, strategy: Self.strategy(minimumSpread: minimumSpread, hanging: hanging, priceType: priceType))
        #expect(mismatches == 0)
        #expect(skipped > 200)
    }

    /// The market-through check answered from the tracker view (`marketMayHaveMovedThrough`)
    /// cancels exactly when the reference scan does.
    @Test(arguments: [UInt64(5), 6, 7])
    func marketThroughShortcutGivesIdenticalOutputs(seed: UInt64) {
        let (skipped, mismatches) = Self.run(
            seed: seed, steps: 12_000, strategy: Self.strategy(minimumSpread: false, hanging: seed == 6, priceType: .midPrice),
            jumps: true)
        #expect(mismatches == 0)
        #expect(skipped > 200)
    }
}
