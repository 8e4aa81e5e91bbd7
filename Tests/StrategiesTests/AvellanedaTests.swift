import MarketCore
import Testing
@testable import Strategies

@Suite struct AvellanedaTests {
    typealias F = Fixture

    static func config() -> AvellanedaMarketMakingConfig {
        var c = AvellanedaMarketMakingConfig(symbol: "BTCUSDT", orderAmount: F.q("0.01"))
        c.minSpread = F.pct("0.1")
        c.riskFactor = Money("0.01")!
        c.volatilityBufferSize = 4
        c.tradingIntensityBufferSize = 4
        c.orderRefreshTime = .seconds(1)
        return c
    }

    /// Feeds mids alternating 65000/65010 once per second and trades 5 USDT from the mid;
    /// the clock stays at the last sample so the next decision adds none.
    static func warm(_ s: inout AvellanedaMarketMakingStrategy, _ clock: Clock) {
        for i in 0..<5 {
            if i > 0 { clock.advance(1) }
            let up = i % 2 == 1
            _ = s.decide(F.context(clock, bid: up ? "65009.9" : "64999.9", ask: up ? "65010.1" : "65000.1"))
            let mid = up ? "65010" : "65000"
            s.onTrade(TradeTick(symbol: "BTCUSDT", side: .buy, price: F.p(mid) + 5, quantity: 1, time: clock.now))
        }
    }

    @Test func fallsBackToMinSpreadUntilBuffersFill() {
        var s = AvellanedaMarketMakingStrategy(config: Self.config())
        let d = s.decide(F.context(Clock()))
        let q = d.quotes ?? []
        #expect(q.side(.buy).first?.price == F.p("64967.5"))
        #expect(q.side(.sell).first?.price == F.p("65032.5"))
        #expect(d.notes.contains { $0.contains("warming up") })
        #expect(!s.isModelReady)
    }

    @Test func estimatesSigmaAndKappa() {
        var s = AvellanedaMarketMakingStrategy(config: Self.config())
        let clock = Clock()
        Self.warm(&s, clock)
        #expect(s.isModelReady)
        #expect(abs(s.volatility.sigma - 10) < 1e-9)
        #expect(abs((s.intensity.kappa ?? 0) - 0.2) < 1e-9)
    }

    @Test func quotesAroundReservationPriceSkewedByInventory() {
        var flat = AvellanedaMarketMakingStrategy(config: Self.config())
        let clock = Clock()
        Self.warm(&flat, clock)
        let q0 = flat.decide(F.context(clock)).quotes ?? []
        let m0 = flat.lastModel
        // r = s; δ = γσ² + (2/γ)·ln(1 + γ/κ) = 1 + 200·ln(1.05)
        #expect(m0 != nil)
        #expect(abs((m0?.reservationPrice ?? 0) - 65000) < 1e-6)
        let expectedDelta = 1 + 200 * 0.048790164169432
        #expect(abs((m0?.optimalSpread ?? 0) - expectedDelta) < 1e-6)
        // δ/2 ≈ 5.38 is inside min_spread/2 = 32.5: both sides sit at the min-spread bound
        #expect(q0.side(.buy).first?.price == F.p("64967.5"))

        var c = Self.config()
        c.minSpread = .zero
        var long = AvellanedaMarketMakingStrategy(config: c)
        let clock2 = Clock()
        Self.warm(&long, clock2)
        let q1 = long.decide(F.context(clock2, position: F.q("1"), equity: 65000)).quotes ?? []
        let m1 = long.lastModel
        // q = 1 BTC / (65000 / 65000) = 1 → r = s − γσ² = 65000 − 1
        #expect(abs((m1?.reservationPrice ?? 0) - 64999) < 1e-6)
        #expect(q1.side(.buy).first?.price == F.p("64993.6"))  // 64999 − 5.379… rounded down
        #expect(q1.side(.sell).first?.price == F.p("65004.4"))  // 64999 + 5.379… rounded up

        var short = AvellanedaMarketMakingStrategy(config: c)
        let clock3 = Clock()
        Self.warm(&short, clock3)
        _ = short.decide(F.context(clock3, position: F.q("-1"), equity: 65000))
        #expect(abs((short.lastModel?.reservationPrice ?? 0) - 65001) < 1e-6)
    }

    @Test func shapeFactorShrinksTheSideThatGrowsInventory() {
        var c = Self.config()
        c.orderAmountShapeFactor = Money("0.5")!
        var s = AvellanedaMarketMakingStrategy(config: c)
        let q = s.decide(F.context(Clock(), position: F.q("1"), equity: 65000)).quotes ?? []
        // bid size 0.01 × e^(−0.5) = 0.006065… → 0.006
        #expect(q.side(.buy).first?.quantity == F.q("0.006"))
        #expect(q.side(.sell).first?.quantity == F.q("0.01"))
    }

    @Test func levelsAreSpacedByLevelDistances() {
        var c = Self.config()
        c.minSpread = .zero
        c.orderLevels = 2
        c.levelDistances = Fraction(percent: 100)
        var s = AvellanedaMarketMakingStrategy(config: c)
        let clock = Clock()
        Self.warm(&s, clock)
        let q = s.decide(F.context(clock)).quotes ?? []
        // δ/2 = 5.379…: level 0 at 65000 ∓ 5.379, level 1 a further δ/2 out
        #expect(q.side(.buy).map(\.price) == [F.p("64994.6"), F.p("64989.2")])
        #expect(q.side(.sell).map(\.price) == [F.p("65005.4"), F.p("65010.8")])
    }
}
