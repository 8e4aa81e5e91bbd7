import MarketCore
import Testing
@testable import Strategies

@Suite struct PerpetualMarketMakingTests {
    typealias F = Fixture

    static func strategy(_ mode: PositionModeSetting = .oneWay) -> PerpetualMarketMakingStrategy {
        var q = PureMarketMakingConfig(symbol: "BTCUSDT", bidSpread: F.pct("0.05"), askSpread: F.pct("0.05"), orderAmount: F.q("0.01"))
        q.orderRefreshTime = .seconds(5)
        var c = PerpetualMarketMakingConfig(quoting: q)
        c.positionMode = mode
        c.longProfitTakingSpread = F.pct("0.5")
        c.shortProfitTakingSpread = F.pct("0.5")
        c.stopLossSpread = F.pct("1")
        c.timeBetweenStopLossOrders = .seconds(60)
        c.stopLossSlippageBuffer = F.pct("0.5")
        return PerpetualMarketMakingStrategy(config: c)
    }

    @Test func flatQuotesLikePureMarketMaking() {
        var s = Self.strategy()
        let q = s.decide(F.context(Clock())).quotes ?? []
        #expect(q.map(\.price).sorted() == [F.p("64967.5"), F.p("65032.5")])
        #expect(q.allSatisfy { !$0.reduceOnly })
    }

    @Test func longInProfitGetsReduceOnlyTakeProfit() {
        var s = Self.strategy()
        let d = s.decide(F.context(Clock(), bid: "65100", ask: "65100.2", position: F.q("0.012"), entry: 65000))
        let q = d.quotes ?? []
        #expect(q.count == 1)
        #expect(q.first?.side == .sell)
        #expect(q.first?.price == F.p("65325"))
        #expect(q.first?.quantity == F.q("0.012"))
        #expect(q.first?.reduceOnly == true)
        #expect(q.first?.level == PerpetualMarketMakingStrategy.longExitLevel)
        #expect(d.orders.isEmpty)
    }

    @Test func takeProfitWaitsForProfitableTouchThenStays() {
        var s = Self.strategy()
        let clock = Clock()
        // below entry, above the stop: no opening quotes, no exit yet
        #expect(s.decide(F.context(clock, bid: "64900", ask: "64900.2", position: F.q("0.01"), entry: 65000)).quotes == [])
        clock.advance(1)
        #expect(s.decide(F.context(clock, bid: "65001", ask: "65001.2", position: F.q("0.01"), entry: 65000)).quotes?.count == 1)
        clock.advance(1)
        // back below entry: the exit quote is kept
        #expect(s.decide(F.context(clock, bid: "64900", ask: "64900.2", position: F.q("0.01"), entry: 65000)).quotes?.count == 1)
    }

    @Test func shortTakeProfitIsABuyBelowEntry() {
        var s = Self.strategy()
        let q = s.decide(F.context(Clock(), bid: "64900", ask: "64900.2", position: F.q("-0.01"), entry: 65000)).quotes ?? []
        #expect(q.first?.side == .buy)
        #expect(q.first?.price == F.p("64675"))
        #expect(q.first?.level == PerpetualMarketMakingStrategy.shortExitLevel)
    }

    @Test func takeProfitStaysMaker() {
        var s = Self.strategy()
        // market far above the target: the sell is kept one tick above the best bid
        let q = s.decide(F.context(Clock(), bid: "65500", ask: "65500.2", position: F.q("0.01"), entry: 65000)).quotes ?? []
        #expect(q.first?.price == F.p("65500.1"))
    }

    @Test func stopLossFiresAndRepeatsAfterInterval() {
        var s = Self.strategy()
        let clock = Clock()
        let d = s.decide(F.context(clock, bid: "64299.8", ask: "64300", position: F.q("0.01"), entry: 65000))
        #expect(d.quotes == [])
        #expect(d.orders.count == 1)
        let o = d.orders[0]
        #expect(o.side == .sell && o.type == .limit && o.timeInForce == .immediateOrCancel)
        #expect(o.price == F.p("64028.3"))  // 64350 × 0.995 = 64028.25, sell rounded up
        #expect(o.quantity == F.q("0.01") && o.reduceOnly && o.isRiskReducing)
        #expect(d.wakeAt == clock.now + .seconds(60))
        clock.advance(30)
        #expect(s.decide(F.context(clock, bid: "64299.8", ask: "64300", position: F.q("0.01"), entry: 65000)).orders.isEmpty)
        clock.advance(30)
        #expect(s.decide(F.context(clock, bid: "64299.8", ask: "64300", position: F.q("0.01"), entry: 65000)).orders.count == 1)
    }

    @Test func shortStopLossBuysAboveStop() {
        var s = Self.strategy()
        let d = s.decide(F.context(Clock(), bid: "65650", ask: "65650.2", position: F.q("-0.01"), entry: 65000))
        #expect(d.orders.first?.side == .buy)
        #expect(d.orders.first?.price == F.p("65978.2"))  // 65650 × 1.005 = 65978.25, buy rounded down
    }

    @Test func hedgeModeUsesPositionSides() {
        var s = Self.strategy(.hedge)
        let flat = s.decide(F.context(Clock())).quotes ?? []
        #expect(flat.side(.buy).first?.positionSide == .long)
        #expect(flat.side(.sell).first?.positionSide == .short)
        var ctx = F.context(Clock(), bid: "65100", ask: "65100.2", entry: 65000)
        ctx.longPosition = F.q("0.01")
        let exit = s.decide(ctx).quotes ?? []
        #expect(exit.first?.side == .sell && exit.first?.positionSide == .long && exit.first?.reduceOnly == true)
    }

    @Test func backToFlatRequotesAtOnce() {
        var s = Self.strategy()
        let clock = Clock()
        _ = s.decide(F.context(clock))
        clock.advance(1)
        _ = s.decide(F.context(clock, bid: "65100", ask: "65100.2", position: F.q("0.01"), entry: 65000))
        clock.advance(1)
        let q = s.decide(F.context(clock)).quotes
        #expect(q?.count == 2)
    }
}
