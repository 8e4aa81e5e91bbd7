import MarketCore
import Testing
@testable import Strategies

@Suite struct PureMarketMakingTests {
    typealias F = Fixture

    static func config(_ edit: (inout PureMarketMakingConfig) -> Void = { _ in }) -> PureMarketMakingConfig {
        var c = PureMarketMakingConfig(symbol: "BTCUSDT", bidSpread: F.pct("0.05"), askSpread: F.pct("0.05"), orderAmount: F.q("0.01"))
        c.orderRefreshTime = .seconds(5)
        c.filledOrderDelay = .seconds(10)
        edit(&c)
        return c
    }

    @Test func spreadsLevelsAmounts() {
        var s = PureMarketMakingStrategy(config: Self.config {
            $0.orderLevels = 2
            $0.orderLevelSpread = F.pct("0.1")
            $0.orderLevelAmount = F.q("0.005")
        })
        let clock = Clock()
        let d = s.decide(F.context(clock))
        let quotes = d.quotes ?? []
        #expect(quotes.side(.buy).map(\.price) == [F.p("64967.5"), F.p("64902.5")])
        #expect(quotes.side(.sell).map(\.price) == [F.p("65032.5"), F.p("65097.5")])
        #expect(quotes.side(.buy).map(\.quantity) == [F.q("0.01"), F.q("0.015")])
        #expect(quotes.allSatisfy { $0.timeInForce == .postOnly && $0.positionSide == .merged })
        #expect(d.wakeAt == clock.now + .seconds(5))
    }

    @Test func roundingBidsDownAsksUpQuantityDown() {
        var s = PureMarketMakingStrategy(config: Self.config { $0.orderAmount = F.q("0.0105") })
        let d = s.decide(F.context(Clock(), bid: "65000.0", ask: "65000.3"))
        let quotes = d.quotes ?? []
        #expect(quotes.side(.buy).first?.price == F.p("64967.6"))
        #expect(quotes.side(.sell).first?.price == F.p("65032.7"))
        #expect(quotes.allSatisfy { $0.quantity == F.q("0.01") })
    }

    @Test func levelsBelowMinimumValueOrStepAreSkipped() {
        var tiny = PureMarketMakingStrategy(config: Self.config { $0.orderAmount = F.q("0.0004") })
        #expect(tiny.decide(F.context(Clock())).quotes == [])
        var c = Self.config { $0.orderAmount = F.q("0.01") }
        c.symbol = "ETHUSDT"
        var eth = PureMarketMakingStrategy(config: c)
        // 0.01 ETH at ~50 USDT = 0.5 USDT < 1 USDT minimum value
        #expect(eth.decide(F.context(Clock(), bid: "49.99", ask: "50.01", spec: F.eth)).quotes == [])
    }

    @Test func refreshTimeAndTolerance() {
        var s = PureMarketMakingStrategy(config: Self.config { $0.orderRefreshTolerancePct = F.pct("0.01") })
        let clock = Clock()
        let first = s.decide(F.context(clock)).quotes ?? []
        #expect(first.count == 2)
        let live = F.live(first, at: clock.now)
        clock.advance(2)
        // moved far, but refresh time not elapsed: keep
        #expect(s.decide(F.context(clock, bid: "65099.9", ask: "65100.1", live: live)).quotes == nil)
        clock.advance(4)
        // elapsed, moved by 0.005 % (< 0.01 % tolerance): keep and restart the timer
        let small = s.decide(F.context(clock, bid: "65003.1", ask: "65003.3", live: live))
        #expect(small.quotes == nil)
        #expect(small.wakeAt == clock.now + .seconds(5))
        clock.advance(5)
        // elapsed and moved beyond tolerance: new quotes
        let moved = s.decide(F.context(clock, bid: "65099.9", ask: "65100.1", live: live)).quotes ?? []
        #expect(moved.side(.buy).first?.price == F.p("65067.4"))
    }

    @Test func filledOrderDelayPausesThenRefreshes() {
        var s = PureMarketMakingStrategy(config: Self.config())
        let clock = Clock()
        let first = s.decide(F.context(clock)).quotes ?? []
        var live = F.live(first, at: clock.now)
        clock.advance(1)
        s.onFill(F.fill("q-b-0", side: .buy, qty: "0.01", price: "64967.5", at: clock.now), context: F.context(clock, live: live))
        live.removeAll { $0.side == .buy }
        clock.advance(6)
        let during = s.decide(F.context(clock, live: live))
        #expect(during.quotes == nil)
        #expect(during.wakeAt == clock.now + .seconds(4))
        clock.advance(4)
        let after = s.decide(F.context(clock, live: live)).quotes ?? []
        #expect(after.side(.buy).count == 1 && after.side(.sell).count == 1)
    }

    @Test func maxOrderAgeCancelsThenRecreates() {
        var s = PureMarketMakingStrategy(config: Self.config {
            $0.maxOrderAge = .seconds(10)
            $0.orderRefreshTolerancePct = F.pct("1")
        })
        let clock = Clock()
        let first = s.decide(F.context(clock)).quotes ?? []
        let live = F.live(first, at: clock.now)
        clock.advance(6)
        #expect(s.decide(F.context(clock, live: live)).quotes == nil)
        clock.advance(4)
        let aged = s.decide(F.context(clock, live: live))
        #expect(aged.quotes == [])
        #expect(aged.notes.first?.contains("max_order_age") == true)
        clock.advance(1)
        #expect(s.decide(F.context(clock, live: live)).quotes == [])  // cancels still pending
        #expect(s.decide(F.context(clock, live: [])).quotes?.count == 2)
    }

    @Test func minimumSpreadCancelsAtOnce() {
        var s = PureMarketMakingStrategy(config: Self.config {
            $0.minimumSpread = F.pct("0.04")
            $0.orderRefreshTime = .seconds(60)
        })
        let clock = Clock()
        let live = F.live(s.decide(F.context(clock)).quotes ?? [], at: clock.now)
        clock.advance(1)
        // mid 65010: live ask 65032.5 is 0.0346 % away (< 0.04 %): replace now
        let d = s.decide(F.context(clock, bid: "65009.9", ask: "65010.1", live: live))
        #expect(d.quotes?.side(.sell).first?.price == F.p("65042.6"))
        #expect(d.notes.contains { $0.contains("minimum_spread") })
    }

    @Test func inventorySkewShiftsSizes() {
        let c = Self.config {
            $0.inventorySkewEnabled = true
            $0.inventoryTargetBasePct = .zero
        }
        var half = PureMarketMakingStrategy(config: c)
        let q1 = half.decide(F.context(Clock(), position: F.q("0.005"))).quotes ?? []
        #expect(q1.side(.buy).first?.quantity == F.q("0.005"))
        #expect(q1.side(.sell).first?.quantity == F.q("0.015"))
        var full = PureMarketMakingStrategy(config: c)
        let q2 = full.decide(F.context(Clock(), position: F.q("0.02"))).quotes ?? []
        #expect(q2.side(.buy).isEmpty)
        #expect(q2.side(.sell).first?.quantity == F.q("0.02"))
        var short = PureMarketMakingStrategy(config: c)
        let q3 = short.decide(F.context(Clock(), position: F.q("-0.01"))).quotes ?? []
        #expect(q3.side(.buy).first?.quantity == F.q("0.02"))
        #expect(q3.side(.sell).isEmpty)
    }

    @Test func hangingOrdersStayUntilTooFar() {
        var s = PureMarketMakingStrategy(config: Self.config {
            $0.hangingOrdersEnabled = true
            $0.hangingOrdersCancelPct = F.pct("0.2")
        })
        let clock = Clock()
        let first = s.decide(F.context(clock)).quotes ?? []
        var live = F.live(first, at: clock.now)
        s.onFill(F.fill("q-b-0", side: .buy, qty: "0.01", price: "64967.5", at: clock.now), context: F.context(clock, live: live))
        live.removeAll { $0.side == .buy }
        #expect(s.hanging.ids.map(\.value) == ["q-s-0"])
        clock.advance(11)
        let after = s.decide(F.context(clock, bid: "65019.9", ask: "65020.1", live: live)).quotes ?? []
        let sells = after.side(.sell)
        #expect(sells.count == 2)
        #expect(sells.first { $0.level == 0 }?.price == F.p("65032.5"))  // hanging, untouched
        #expect(sells.first { $0.level == 1 }?.price == F.p("65052.6"))  // fresh, renumbered
        // the market runs 0.3 % away: the hanging order goes
        live.append(contentsOf: F.live(after.filter { $0.level == 1 || $0.side == .buy }, at: clock.now, prefix: "r"))
        clock.advance(1)
        let far = s.decide(F.context(clock, bid: "65199.9", ask: "65200.1", live: live)).quotes
        #expect(far != nil)
        #expect(far?.contains { $0.side == .sell && $0.level == 0 } == false)
        #expect(s.hanging.ids.isEmpty)
    }

    @Test func pingPongAlternatesSides() {
        var s = PureMarketMakingStrategy(config: Self.config {
            $0.pingPongEnabled = true
            $0.filledOrderDelay = .zero
        })
        let clock = Clock()
        _ = s.decide(F.context(clock))
        s.onFill(F.fill("q-b-0", side: .buy, qty: "0.01", price: "64967.5", at: clock.now), context: F.context(clock))
        clock.advance(1)
        let afterBuy = s.decide(F.context(clock)).quotes ?? []
        #expect(afterBuy.side(.buy).isEmpty && afterBuy.side(.sell).count == 1)
        s.onFill(F.fill("q-s-0", side: .sell, qty: "0.01", price: "65032.5", at: clock.now), context: F.context(clock))
        clock.advance(1)
        let afterSell = s.decide(F.context(clock)).quotes ?? []
        #expect(afterSell.side(.buy).count == 1 && afterSell.side(.sell).count == 1)
    }

    @Test func priceCeilingAndFloor() {
        var ceiling = PureMarketMakingStrategy(config: Self.config { $0.priceCeiling = 64000 })
        let a = ceiling.decide(F.context(Clock())).quotes ?? []
        #expect(a.side(.buy).isEmpty && a.side(.sell).count == 1)
        var floor = PureMarketMakingStrategy(config: Self.config { $0.priceFloor = 66000 })
        let b = floor.decide(F.context(Clock())).quotes ?? []
        #expect(b.side(.sell).isEmpty && b.side(.buy).count == 1)
    }

    @Test func priceTypes() {
        var last = PureMarketMakingStrategy(config: Self.config { $0.priceType = .lastPrice })
        #expect(last.decide(F.context(Clock(), last: "64000")).quotes?.side(.buy).first?.price == F.p("63968"))
        var noLast = PureMarketMakingStrategy(config: Self.config { $0.priceType = .lastPrice })
        #expect(noLast.decide(F.context(Clock())).quotes == [])
        var bestBid = PureMarketMakingStrategy(config: Self.config { $0.priceType = .bestBid })
        #expect(bestBid.decide(F.context(Clock(), bid: "65000", ask: "65010")).quotes?.side(.buy).first?.price == F.p("64967.5"))
        // best_ask with zero bid spread: the post-only bid is kept one tick below the ask
        var bestAsk = PureMarketMakingStrategy(config: Self.config {
            $0.priceType = .bestAsk
            $0.bidSpread = .zero
        })
        #expect(bestAsk.decide(F.context(Clock(), bid: "65000", ask: "65010")).quotes?.side(.buy).first?.price == F.p("65009.9"))
    }

    @Test func zeroSpreadsNeverSelfCross() {
        var s = PureMarketMakingStrategy(config: Self.config {
            $0.bidSpread = .zero
            $0.askSpread = .zero
        })
        let q = s.decide(F.context(Clock())).quotes ?? []
        #expect(q.side(.sell).first?.price == F.p("65000"))
        #expect(q.side(.buy).first?.price == F.p("64999.9"))
    }

    @Test func transactionCostsWidenQuotes() {
        var s = PureMarketMakingStrategy(config: Self.config { $0.addTransactionCosts = true })
        let q = s.decide(F.context(Clock(), maker: Money("0.0002")!)).quotes ?? []
        #expect(q.side(.buy).first?.price == F.p("64954.5"))
        #expect(q.side(.sell).first?.price == F.p("65045.6"))
    }

    @Test func staleBookPullsQuotes() {
        var s = PureMarketMakingStrategy(config: Self.config())
        var ctx = F.context(Clock())
        ctx.bookIsValid = false
        #expect(s.decide(ctx).quotes == [])
    }

    @Test func stateRoundTrip() {
        var s = PureMarketMakingStrategy(config: Self.config { $0.pingPongEnabled = true })
        let clock = Clock()
        _ = s.decide(F.context(clock))
        s.onFill(F.fill("q-b-0", side: .buy, qty: "0.01", price: "64967.5", at: clock.now), context: F.context(clock))
        var t = PureMarketMakingStrategy(config: s.config)
        t.restoreState(s.saveState())
        #expect(t.filledBuys == 1)
        #expect(t.refresher.createAllowedAt == s.refresher.createAllowedAt)
    }
}

@Suite struct QuoteRefresherTests {
    @Test func keptQuotesCarryRemainingQuantity() {
        var r = QuoteRefresher()
        r.lastQuotes = [
            QuoteProposal(symbol: "BTCUSDT", side: .sell, level: 0, price: 65000, quantity: 1, reduceOnly: true, positionSide: .short)
        ]
        let live = LiveQuote(
            clientOrderID: ClientOrderID("a")!, side: .sell, level: 0, price: 65000, quantity: Quantity("0.01")!,
            filledQuantity: Quantity("0.004")!, createdAt: .zero)
        let p = r.proposals(from: [live], symbol: "BTCUSDT")
        #expect(p.first?.quantity == Quantity("0.006")!)
        #expect(p.first?.reduceOnly == true && p.first?.positionSide == .short)
    }
}
