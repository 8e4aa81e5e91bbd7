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
        var fast = Engine(config: T.config(), strategy: strategy)
        var slow = Engine(config: T.config(), strategy: strategy)
        slow.decisionShortcut = false
        slow.hotPathReuse = false
        var inputs = RandomMarketInputs(seed: seed, jumps: jumps)
        var mismatches = 0
        for step in 0..<steps {
            let input = inputs.next(step: step, orders: fast.orders)
            let a = fast.handle(input)
            let b = slow.handle(input)
            if a != b { mismatches += 1 }
            inputs.answer(a)
        }
        let sameState = fast.snapshot == slow.snapshot
        #expect(sameState)
        #expect(!jumps || fast.state.counters.marketThroughCancels > 20)
        #expect(inputs.fills > 0)
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
