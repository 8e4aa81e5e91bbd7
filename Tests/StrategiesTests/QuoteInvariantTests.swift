import MarketCore
import Testing
@testable import Strategies

/// Seeded random markets and configs: every proposed quote is valid for the instrument and
/// never crosses the book, whatever the strategy's inputs.
@Suite struct QuoteInvariantTests {
    typealias F = Fixture

    static func check(_ quotes: [QuoteProposal], _ ctx: StrategyContext) {
        let spec = ctx.instrument
        for q in quotes {
            #expect(q.price.isMultiple(of: spec.tickSize))
            #expect(q.quantity.isMultiple(of: spec.quantityStep) && q.quantity.raw > 0)
            #expect(q.quantity <= spec.maxOrderQuantity)
            #expect((spec.quoteNotional(price: q.price, quantity: q.quantity) ?? .zero) >= spec.minOrderValue)
            if q.timeInForce == .postOnly, let bid = ctx.top?.bidPrice, let ask = ctx.top?.askPrice {
                if q.side == .buy { #expect(q.price < ask) } else { #expect(q.price > bid) }
            }
        }
        let bids = quotes.filter { $0.side == .buy && !$0.reduceOnly }.map(\.price)
        let asks = quotes.filter { $0.side == .sell && !$0.reduceOnly }.map(\.price)
        if let b = bids.max(), let a = asks.min() { #expect(b < a) }
    }

    static func market(_ rng: inout SeededRandom, _ clock: Clock, spec: InstrumentSpec) -> StrategyContext {
        let mid = Int64.random(in: 1_000...100_000, using: &rng)
        let halfTicks = Int64.random(in: 1...20, using: &rng)
        let tick = spec.tickSize
        let bid = Price(units: mid)! - Price(raw: tick.raw * halfTicks)
        let ask = Price(units: mid)! + Price(raw: tick.raw * halfTicks)
        let pos = Quantity(raw: Int64.random(in: -50...50, using: &rng) * spec.quantityStep.raw)
        return StrategyContext(
            now: clock.now, instrument: spec,
            top: TopOfBook(symbol: spec.symbol, bidPrice: bid, bidSize: 1, askPrice: ask, askSize: 1, sequence: 1, time: clock.now),
            lastTrade: TradeTick(symbol: spec.symbol, side: .buy, price: bid, quantity: 1, time: clock.now),
            position: pos, averageEntryPrice: Price(units: mid + Int64.random(in: -500...500, using: &rng)),
            equity: Money(units: Int64.random(in: 0...100_000, using: &rng))!,
            makerFeeRate: Money(raw: Int64.random(in: -100_000...500_000, using: &rng)))
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func pureAndPerpetualQuotesAreAlwaysValid(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let clock = Clock()
        for round in 0..<60 {
            let spec = round % 2 == 0 ? F.btc : F.eth
            var c = PureMarketMakingConfig(
                symbol: spec.symbol, bidSpread: Fraction(raw: Int64.random(in: 0...20_000_000, using: &rng)),
                askSpread: Fraction(raw: Int64.random(in: 0...20_000_000, using: &rng)),
                orderAmount: Quantity(raw: Int64.random(in: 1...5_000, using: &rng) * 1_000_000))
            c.orderLevels = Int.random(in: 1...5, using: &rng)
            c.orderLevelSpread = Fraction(raw: Int64.random(in: 0...5_000_000, using: &rng))
            c.orderLevelAmount = Quantity(raw: Int64.random(in: 0...10, using: &rng) * 1_000_000)
            c.inventorySkewEnabled = Bool.random(using: &rng)
            c.addTransactionCosts = Bool.random(using: &rng)
            c.priceType = PriceType.allCases.randomElement(using: &rng) ?? .midPrice
            c.pingPongEnabled = Bool.random(using: &rng)
            var pmm = PureMarketMakingStrategy(config: c)
            var perp = PerpetualMarketMakingStrategy(config: PerpetualMarketMakingConfig(quoting: c))
            for _ in 0..<5 {
                clock.advance(Int64.random(in: 1...40, using: &rng))
                let ctx = Self.market(&rng, clock, spec: spec)
                Self.check(pmm.decide(ctx).quotes ?? [], ctx)
                let d = perp.decide(ctx)
                Self.check(d.quotes ?? [], ctx)
                for o in d.orders {
                    #expect(o.reduceOnly && o.isRiskReducing && o.quantity.isMultiple(of: spec.quantityStep))
                    #expect(o.price.map { $0.isMultiple(of: spec.tickSize) } ?? false)
                }
            }
        }
    }

    @Test(arguments: [7, 8, 9])
    func avellanedaQuotesAreAlwaysValid(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let clock = Clock()
        var c = AvellanedaMarketMakingConfig(symbol: "BTCUSDT", orderAmount: Quantity("0.01")!)
        c.volatilityBufferSize = 5
        c.tradingIntensityBufferSize = 5
        c.riskFactor = Money(raw: Int64.random(in: 1_000_000...2_000_000_000, using: &rng))
        c.orderAmountShapeFactor = Money(raw: Int64.random(in: 0...1_000_000_000, using: &rng))
        c.orderLevels = 2
        c.levelDistances = Fraction(percent: 50)
        c.orderRefreshTime = .seconds(1)
        var s = AvellanedaMarketMakingStrategy(config: c)
        for _ in 0..<200 {
            clock.advance(1)
            let ctx = Self.market(&rng, clock, spec: F.btc)
            Self.check(s.decide(ctx).quotes ?? [], ctx)
            if let mid = ctx.top?.mid {
                s.onTrade(TradeTick(symbol: "BTCUSDT", side: .sell, price: mid - Price(units: Int64.random(in: 0...30, using: &rng))!, quantity: 1, time: clock.now))
            }
        }
        #expect(s.isModelReady)
    }
}

@Suite struct ExtremeInputTests {
    @Test func absurdConfigsDoNotTrap() throws {
        let json = #"{"strategy":"pure_market_making","symbol":"BTCUSDT","bid_spread":90000000,"ask_spread":90000000,"order_amount":9000000000,"order_levels":50,"order_level_amount":9000000000,"order_level_spread":90000000,"inventory_skew_enabled":true,"add_transaction_costs":true,"inventory_range_multiplier":9000000000}"#
        guard case .pureMarketMaking(let c) = try Fixture.decodeConfig(json) else {
            Issue.record("wrong case")
            return
        }
        #expect(!c.validate().isEmpty)  // bid_spread ≥ 100 %
        var s = PureMarketMakingStrategy(config: c)
        var ctx = Fixture.context(Clock(), position: Quantity(raw: Int64.max / 2), equity: Money(raw: Int64.max))
        ctx.makerFeeRate = Money(raw: Int64.max)
        _ = s.decide(ctx)
        var perp = PerpetualMarketMakingStrategy(config: PerpetualMarketMakingConfig(quoting: c))
        ctx.averageEntryPrice = Price(raw: Int64.max)
        _ = perp.decide(ctx)
        var a = AvellanedaMarketMakingConfig(symbol: "BTCUSDT", orderAmount: Quantity(raw: Int64.max))
        a.orderAmountShapeFactor = Money(raw: Int64.max)
        a.minSpread = Fraction(raw: Int64.max)
        var av = AvellanedaMarketMakingStrategy(config: a)
        _ = av.decide(ctx)
    }
}
