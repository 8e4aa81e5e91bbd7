import MarketCore
import Strategies
import Testing
@testable import OrderTracking

/// Each rule at its boundaries, with a hand-advanced clock.
@Suite struct RuleBoundaryTests {
    /// A tracker with a market observed at t0 and the listed rules off (to isolate one rule).
    func make(_ profile: RuleProfile = .standard, off: [RuleID] = [], market: MarketSnapshot = Fx.market()) -> OrderTracker {
        var tr = Fx.tracker(profile, disabled: off)
        _ = tr.observe(market: market, now: Fx.t(0))
        return tr
    }

    func commitN(_ tr: inout OrderTracker, _ n: Int, _ intent: OrderIntent, at t: Timestamp) {
        for _ in 0..<n { tr.commit(intent, si: 0, now: t) }
    }

    var cancel: OrderIntent {
        OrderIntent(kind: .cancel, symbol: Fx.sym, side: .buy, price: nil, quantity: Fx.q("0.01"), isRisk: true, isQuote: false, orderAge: .seconds(100))
    }

    @Test func r1GroupWindowWithCancelReserve() {
        var p = RuleProfile.standard
        p.groups[0].smoothing = nil
        var tr = make(p, off: [.r8, .r10, .r9, .r13])
        commitN(&tr, 319, Fx.newIntent(), at: Fx.t(0))
        #expect(tr.evaluate(Fx.newIntent(), now: Fx.t(1)) == .allow)
        tr.commit(Fx.newIntent(), si: 0, now: Fx.t(1))
        // 320 used: new/amend wait for the window, cancels use the reserve
        #expect(tr.evaluate(Fx.newIntent(), now: Fx.t(2)) == .delay(until: Fx.t(60), rule: .r1, reason: .groupWindow))
        #expect(tr.evaluate(cancel, now: Fx.t(2)) == .allow)
        commitN(&tr, 79, cancel, at: Fx.t(2))
        #expect(tr.evaluate(cancel, now: Fx.t(2)) == .allow)
        tr.commit(cancel, si: 0, now: Fx.t(2))
        #expect(tr.evaluate(cancel, now: Fx.t(3)).rule == .r1)
        // the rolling window frees at t0 + 60 s
        #expect(tr.evaluate(cancel, now: Fx.t(60)) == .allow)
    }

    @Test func r1SmoothingBucket() {
        var tr = make(off: [.r8, .r10])
        commitN(&tr, 20, Fx.newIntent(), at: Fx.t(0))
        let v = tr.evaluate(Fx.newIntent(), now: Fx.t(0))
        #expect(v.rule == .r1 && v.reason == .smoothing)
        // 6 tokens/s: one token after 1/6 s
        #expect(tr.evaluate(Fx.newIntent(), now: Fx.t(0, ms: 167)) == .allow)
        #expect(tr.evaluate(cancel, now: Fx.t(0)) == .allow)
    }

    @Test func r1VipPerSymbolWindow() {
        var p = RuleProfile.vip
        p.perSymbolGroup?.smoothing = nil
        p.groups[0].smoothing = nil
        var tr = make(p, off: [.r8, .r10, .r9, .r13])
        commitN(&tr, 320, Fx.newIntent(), at: Fx.t(0))
        let v = tr.evaluate(Fx.newIntent(), now: Fx.t(1))
        #expect(v.reason == .symbolWindow)
        // another symbol is independent
        var eth = Fx.newIntent(price: "3000")
        eth.symbol = "ETHUSDT"
        _ = tr.observe(market: MarketSnapshot(symbol: "ETHUSDT", bestBid: Fx.p("2999"), bestAsk: Fx.p("3001"), markPrice: Fx.p("3000"), equity: 100_000), now: Fx.t(1))
        #expect(tr.evaluate(eth, now: Fx.t(1)) == .allow)
    }

    @Test func r3IPBudget() {
        var p = RuleProfile.standard
        p.ip.clientLimit = 100
        p.groups[0].smoothing = nil
        var tr = make(p, off: [.r8, .r10, .r9, .r13])
        commitN(&tr, 94, Fx.newIntent(), at: Fx.t(0))
        #expect(tr.evaluate(Fx.newIntent(), now: Fx.t(0)) == .allow)
        tr.commit(Fx.newIntent(), si: 0, now: Fx.t(0))
        #expect(tr.evaluate(Fx.newIntent(), now: Fx.t(0)).reason == .ipWindow)
        #expect(tr.evaluate(cancel, now: Fx.t(0)) == .allow)
        commitN(&tr, 5, cancel, at: Fx.t(0))
        #expect(tr.evaluate(cancel, now: Fx.t(0)) == .delay(until: Fx.t(300), rule: .r3, reason: .ipWindow))
    }

    @Test func r5OpenOrderCaps() {
        var tr = make(off: [.r16, .r15, .r8, .r1])
        var ids: [ClientOrderID] = []
        for k in 0..<5 {
            let prop = OrderProposal(symbol: Fx.sym, side: .buy, type: .limit, price: Fx.p("6498\(k)"), quantity: Fx.q("0.01"))
            let (id, _) = tr.submit(prop, market: Fx.market(), now: Fx.t(0))
            if let id { ids.append(id) }
        }
        #expect(ids.count == 5)
        let sixth = OrderProposal(symbol: Fx.sym, side: .buy, type: .limit, price: Fx.p("64970"), quantity: Fx.q("0.01"))
        let (none, a) = tr.submit(sixth, market: Fx.market(), now: Fx.t(0))
        #expect(none == nil)
        #expect(Fx.audits(a).last?.reason == .capPerSide)
        for k in 0..<5 {
            let prop = OrderProposal(symbol: Fx.sym, side: .sell, type: .limit, price: Fx.p("6502\(k)"), quantity: Fx.q("0.01"))
            #expect(tr.submit(prop, market: Fx.market(), now: Fx.t(0)).0 != nil)
        }
        // 10 per symbol: even a conditional is refused now
        let stop = OrderProposal(symbol: Fx.sym, side: .sell, type: .stop, stopPrice: Fx.p("64000"), quantity: Fx.q("0.01"), reduceOnly: true, isRiskReducing: true)
        let (s, b) = tr.submit(stop, market: Fx.market(position: "0.01"), now: Fx.t(0))
        #expect(s == nil)
        #expect(Fx.audits(b).last?.reason == .capPerSymbol)
    }

    @Test func r5ConditionalCapAndBitmexProfile() {
        var tr = make(off: [.r16, .r15, .r8, .r1])
        func stop(_ px: String) -> OrderProposal {
            OrderProposal(symbol: Fx.sym, side: .sell, type: .stop, stopPrice: Fx.p(px), quantity: Fx.q("0.01"), reduceOnly: true, isRiskReducing: true)
        }
        #expect(tr.submit(stop("64000"), market: Fx.market(position: "0.02"), now: Fx.t(0)).0 != nil)
        #expect(tr.submit(stop("63000"), market: Fx.market(position: "0.02"), now: Fx.t(0)).0 != nil)
        let (x, a) = tr.submit(stop("62000"), market: Fx.market(position: "0.02"), now: Fx.t(0))
        #expect(x == nil)
        #expect(Fx.audits(a).last?.reason == .capConditionalSymbol)
        #expect(RuleProfile.bitmexCaps.openOrders.perSymbol == 200)
        #expect(RuleProfile.bitmexCaps.openOrders.conditionalPerSymbol == 10)
        #expect(RuleProfile.bitmexCaps.openOrders.contingentPerSymbol == 10)
    }

    @Test func r6MinimumRestingTime() {
        let tr = make()
        func amend(_ ms: Int64, quote: Bool = true, risk: Bool = false) -> OrderIntent {
            OrderIntent(kind: .amend, symbol: Fx.sym, side: .buy, price: Fx.p("64980"), quantity: Fx.q("0.01"), isRisk: risk, isQuote: quote, orderAge: .millis(ms))
        }
        let now = Fx.t(100)
        #expect(tr.evaluate(amend(999), now: now) == .delay(until: now + .millis(1), rule: .r6, reason: .minRest))
        #expect(tr.evaluate(amend(4999), now: now) == .delay(until: now + .millis(1), rule: .r6, reason: .minRest))
        #expect(tr.evaluate(amend(5000), now: now) == .allow)
        #expect(tr.evaluate(amend(1000, quote: false), now: now) == .allow)
        #expect(tr.evaluate(amend(0, risk: true), now: now) == .allow)
        var c = cancel
        c.orderAge = .zero
        #expect(tr.evaluate(c, now: now) == .allow)  // risk cancels are exempt
    }

    @Test func r7MutationRate() {
        var tr = make(off: [.r8])
        let amend = OrderIntent(kind: .amend, symbol: Fx.sym, side: .buy, price: Fx.p("64980"), quantity: Fx.q("0.01"), orderAge: .seconds(60))
        commitN(&tr, 5, amend, at: Fx.t(10))
        #expect(tr.evaluate(amend, now: Fx.t(10)) == .allow)
        tr.commit(amend, si: 0, now: Fx.t(10))
        #expect(tr.evaluate(amend, now: Fx.t(10)) == .delay(until: Fx.t(10, ms: 500), rule: .r7, reason: .mutationRate))
        #expect(tr.evaluate(amend, now: Fx.t(10, ms: 500)) == .allow)
        #expect(tr.evaluate(cancel, now: Fx.t(10)) == .allow)
    }

    @Test func r8ActivityCounter() {
        var tr = make()
        tr.symbols[0].activity.add(points: 59, now: Fx.t(0))
        #expect(tr.evaluate(Fx.newIntent(), now: Fx.t(0)) == .allow)  // 59 + 1 = 60 ≤ hard
        tr.symbols[0].activity.add(points: 1, now: Fx.t(0))
        // 60 + 1 > 60: wait until decayed to soft 40 (20 s at 1 point/s)
        #expect(tr.evaluate(Fx.newIntent(), now: Fx.t(0)) == .delay(until: Fx.t(20), rule: .r8, reason: .activityHard))
        #expect(tr.evaluate(Fx.newIntent(), now: Fx.t(20)) == .allow)
        // above soft: min rest is 10 s and hysteresis doubles
        #expect(tr.softMinRest(si: 0, now: Fx.t(10)) == 10_000)
        #expect(tr.softMinRest(si: 0, now: Fx.t(20)) == 5_000)
        #expect(tr.hysteresisFactor(si: 0, now: Fx.t(10)) == 2)
        // cancel surcharge by age
        #expect(ActivityCounter.surcharge(RuleProfile.standard.activity.cancelSurcharge, age: .millis(4999)) == 8)
        #expect(ActivityCounter.surcharge(RuleProfile.standard.activity.cancelSurcharge, age: .millis(5000)) == 6)
        #expect(ActivityCounter.surcharge(RuleProfile.standard.activity.cancelSurcharge, age: .seconds(300)) == 0)
    }

    func counts(_ f: (inout RatioCounts) -> Void) -> RatioCounts {
        var c = RatioCounts()
        f(&c)
        return c
    }

    @Test func r9OrderToTradeRatio() {
        var tr = make()
        tr.symbols[0].stats10m.add(counts { $0.messages = 99 }, now: Fx.t(0))
        #expect(!tr.ratioSoftBreached(si: 0))  // below min samples
        tr.symbols[0].stats10m.add(counts { $0.messages = 1 }, now: Fx.t(0))
        #expect(tr.ratioSoftBreached(si: 0))  // 100 ≥ soft 50
        tr.symbols[0].stats10m.add(counts { $0.messages = 99 }, now: Fx.t(0))
        #expect(tr.ratioHardBreach(si: 0) == nil)  // 199 < 200
        tr.symbols[0].stats10m.add(counts { $0.messages = 1 }, now: Fx.t(0))
        #expect(tr.evaluate(Fx.newIntent(), now: Fx.t(1)) == .degrade(.reducing, rule: .r9, reason: .ratioHard))
        // reducing orders still pass
        _ = tr.observe(market: Fx.market(position: "0.01"), now: Fx.t(1))
        #expect(tr.evaluate(Fx.newIntent(.sell, price: "65010"), now: Fx.t(1)) == .allow)
        // the window rolls off after 10 minutes
        tr.symbols[0].stats10m.advance(Fx.t(601))
        #expect(tr.ratioHardBreach(si: 0) == nil)
    }

    @Test func r10UnfilledRatioAndOrderBudget() {
        var tr = make(off: [.r1, .r8, .r9, .r13])
        tr.symbols[0].stats10m.add(counts { $0.newOrders = 299; $0.orderedQty = 299; $0.filledQty = 0 }, now: Fx.t(0))
        #expect(tr.ratioHardBreach(si: 0) == nil)
        tr.symbols[0].stats10m.add(counts { $0.newOrders = 1; $0.orderedQty = 1 }, now: Fx.t(0))
        #expect(tr.ratioHardBreach(si: 0) == .r10)
        var tr2 = make(off: [.r1, .r8, .r9, .r11, .r13, .r3])
        for k in 0..<299 { tr2.symbols[0].newOrders.add(Fx.t(Int64(k)), weight: 1) }
        #expect(tr2.evaluate(Fx.newIntent(), now: Fx.t(299)) == .allow)
        tr2.symbols[0].newOrders.add(Fx.t(299), weight: 1)
        #expect(tr2.evaluate(Fx.newIntent(), now: Fx.t(300)) == .delay(until: Fx.t(600), rule: .r10, reason: .orderBudget))
    }

    @Test func r11QuickCancelRatio() {
        var tr = make()
        tr.symbols[0].stats10m.add(counts { $0.restingOrders = 150; $0.quickCancels = 89 }, now: Fx.t(0))
        #expect(tr.ratioHardBreach(si: 0) == nil)
        tr.symbols[0].stats10m.add(counts { $0.quickCancels = 1 }, now: Fx.t(0))
        #expect(tr.ratioHardBreach(si: 0) == .r11)
    }

    @Test func r12TakerCapAndIOCExpiry() {
        var tr = make(off: [.r8, .r1])
        let ioc = Fx.newIntent(.buy, price: "65005", tif: .immediateOrCancel)
        commitN(&tr, 5, ioc, at: Fx.t(0))
        #expect(tr.evaluate(ioc, now: Fx.t(0)) == .allow)
        tr.commit(ioc, si: 0, now: Fx.t(0))
        #expect(tr.evaluate(ioc, now: Fx.t(0)) == .delay(until: Fx.t(60), rule: .r12, reason: .takerRate))
        var tr2 = make()
        tr2.symbols[0].stats10m.add(counts { $0.iocOrders = 150; $0.iocExpired = 134 }, now: Fx.t(0))
        #expect(tr2.ratioHardBreach(si: 0) == nil)
        tr2.symbols[0].stats10m.add(counts { $0.iocExpired = 1 }, now: Fx.t(0))
        #expect(tr2.ratioHardBreach(si: 0) == .r12)
    }

    @Test func r13NotionalAndDust() {
        let m = Fx.market(bid: "9999", ask: "10001", mark: "10000")
        let tr = make(market: m)
        #expect(tr.evaluate(Fx.newIntent(price: "10000", qty: "0.001"), now: Fx.t(0)) == .allow)  // exactly 10 USDT
        #expect(tr.evaluate(Fx.newIntent(price: "9999.9", qty: "0.001"), now: Fx.t(0)) == .deny(rule: .r13, reason: .notionalTooSmall))
        #expect(tr.evaluate(Fx.newIntent(price: "9999.9", qty: "0.001", reduceOnly: true), now: Fx.t(0)).rule != .r13)
        // max 5 % of equity: 65 USDT needs equity ≥ 1300
        let rich = make(market: Fx.market(equity: 1300))
        #expect(rich.evaluate(Fx.newIntent(price: "64990", qty: "0.001"), now: Fx.t(0)) == .allow)
        let poor = make(market: Fx.market(equity: Money(raw: 1_299_000_000_000)))
        #expect(poor.evaluate(Fx.newIntent(price: "64990", qty: "0.001"), now: Fx.t(0)) == .deny(rule: .r13, reason: .notionalTooLarge))
        var tr2 = make()
        tr2.symbols[0].stats10m.add(counts { $0.newOrders = 150; $0.dustOrders = 134 }, now: Fx.t(0))
        #expect(tr2.ratioHardBreach(si: 0) == nil)
        tr2.symbols[0].stats10m.add(counts { $0.dustOrders = 1 }, now: Fx.t(0))
        #expect(tr2.ratioHardBreach(si: 0) == .r13)
    }

    @Test func r14PriceCollarAndPostOnlyCross() {
        let tr = make(off: [.r16])
        #expect(tr.evaluate(Fx.newIntent(price: "63700"), now: Fx.t(0)) == .allow)  // exactly −2 %
        #expect(tr.evaluate(Fx.newIntent(price: "63699.9"), now: Fx.t(0)) == .deny(rule: .r14, reason: .collar))
        #expect(tr.evaluate(Fx.newIntent(price: "63699.9", risk: true), now: Fx.t(0)) != .deny(rule: .r14, reason: .collar))
        #expect(tr.evaluate(Fx.newIntent(price: "65005"), now: Fx.t(0)) == .deny(rule: .r14, reason: .postOnlyWouldCross))
        #expect(tr.evaluate(Fx.newIntent(price: "65004.9"), now: Fx.t(0)) == .allow)
        var noMark = Fx.tracker()
        _ = noMark.observe(market: MarketSnapshot(symbol: Fx.sym), now: Fx.t(0))
        #expect(noMark.evaluate(Fx.newIntent(), now: Fx.t(0)) == .deny(rule: .r14, reason: .noMarkPrice))
    }

    @Test func r15OneUpCap() {
        var tr = make(off: [.r8, .r1])
        let oneUp = Fx.newIntent(price: "64995.1")  // best bid 64995 + 1 tick
        commitN(&tr, 3, oneUp, at: Fx.t(0))
        #expect(tr.evaluate(oneUp, now: Fx.t(1)) == .deny(rule: .r15, reason: .oneUpConsecutive))
        #expect(tr.evaluate(Fx.newIntent(price: "64995.2"), now: Fx.t(1)) == .allow)  // not a one-up
        // a trade resets the consecutive count; the per-minute cap (6) remains
        _ = tr.observe(market: Fx.market(lastTrade: Fx.t(2)), now: Fx.t(2))
        #expect(tr.evaluate(oneUp, now: Fx.t(2)) == .allow)
        commitN(&tr, 3, oneUp, at: Fx.t(2))
        _ = tr.observe(market: Fx.market(lastTrade: Fx.t(3)), now: Fx.t(3))
        #expect(tr.evaluate(oneUp, now: Fx.t(3)) == .delay(until: Fx.t(60), rule: .r15, reason: .oneUpRate))
    }

    @Test func r16SelfCrossAndLayering() {
        var tr = make(off: [.r8, .r1, .r15], market: Fx.market(bid: "64990", ask: "65020"))
        let sell = OrderProposal(symbol: Fx.sym, side: .sell, type: .limit, timeInForce: .postOnly, price: Fx.p("65010"), quantity: Fx.q("0.01"))
        #expect(tr.submit(sell, market: Fx.market(bid: "64990", ask: "65020"), now: Fx.t(0)).0 != nil)
        #expect(tr.evaluate(Fx.newIntent(price: "65010"), now: Fx.t(0)) == .deny(rule: .r16, reason: .selfCross))
        #expect(tr.evaluate(Fx.newIntent(price: "65009.9"), now: Fx.t(0)) == .allow)
        // layering: a second sell level with no bids is refused; with a bid it passes up to 3×
        #expect(tr.evaluate(Fx.newIntent(.sell, price: "65030"), now: Fx.t(0)) == .deny(rule: .r16, reason: .layering))
        let bid = OrderProposal(symbol: Fx.sym, side: .buy, type: .limit, timeInForce: .postOnly, price: Fx.p("64980"), quantity: Fx.q("0.01"))
        #expect(tr.submit(bid, market: Fx.market(bid: "64990", ask: "65020"), now: Fx.t(0)).0 != nil)
        #expect(tr.evaluate(Fx.newIntent(.sell, price: "65030", qty: "0.02"), now: Fx.t(0)) == .allow)  // 0.03 ≤ 3 × 0.01
        #expect(tr.evaluate(Fx.newIntent(.sell, price: "65030", qty: "0.021"), now: Fx.t(0)) == .deny(rule: .r16, reason: .layering))
    }

    @Test func r17ErrorBudget() {
        var tr = make()
        let c = ExchangeCommand.fetchOpenOrders(symbol: Fx.sym)
        for k in 0..<4 { _ = tr.handle(Fx.result(UInt64(k), c, .rejected(code: 11001, message: "balance"), at: Fx.t(0)), now: Fx.t(Int64(k))) }
        #expect(tr.budgets(at: Fx.t(4)).groups[0].limit == 400)
        _ = tr.handle(Fx.result(5, c, .rejected(code: 11001, message: "balance"), at: Fx.t(4)), now: Fx.t(4))
        #expect(tr.budgets(at: Fx.t(4)).groups[0].limit == 200)
        var last: [TrackerAction] = []
        for k in 5..<10 { last = tr.handle(Fx.result(UInt64(k), c, .rejected(code: 11001, message: "balance"), at: Fx.t(5)), now: Fx.t(5)) }
        #expect(tr.tradingState == .halted)
        #expect(last.contains(.tradingState(.halted, reason: "account: R17 error_budget (10 rejects in 60 s, last code 11001)")))
        #expect(tr.evaluate(Fx.newIntent(), now: Fx.t(6)) == .deny(rule: .r19, reason: .halted))
        #expect(tr.evaluate(cancel, now: Fx.t(6)) == .allow)  // HALTED still cancels
        // expected races do not count
        var tr2 = make()
        for k in 0..<20 { _ = tr2.handle(Fx.result(UInt64(k), c, .rejected(code: 10002, message: "not found"), at: Fx.t(0)), now: Fx.t(0)) }
        #expect(tr2.tradingState == .active)
        // halt expires after halt_seconds
        _ = tr.onTimer(now: Fx.t(5 + 300))
        #expect(tr.tradingState == .active)
    }

    @Test func r19ReducingStateAndHysteresis() {
        var tr = make()
        var out: [TrackerAction] = []
        tr.setSymbolState(0, .reducing, until: Fx.t(600), rule: .r11, reason: .ratioHard, now: Fx.t(0), out: &out)
        _ = tr.observe(market: Fx.market(position: "0.02"), now: Fx.t(0))
        #expect(tr.evaluate(Fx.newIntent(.buy), now: Fx.t(1)) == .deny(rule: .r19, reason: .reducingOnly))
        #expect(tr.evaluate(Fx.newIntent(.sell, price: "65010"), now: Fx.t(1)) == .allow)
        // at expiry a ratio still above soft extends the state
        tr.symbols[0].stats10m.add(counts { $0.restingOrders = 150; $0.quickCancels = 50 }, now: Fx.t(590))
        _ = tr.onTimer(now: Fx.t(600))
        #expect(tr.tradingState(symbol: Fx.sym) == .reducing)
        _ = tr.onTimer(now: Fx.t(1300))
        #expect(tr.tradingState(symbol: Fx.sym) == .active)
    }

    @Test func r20KillSwitch() {
        var tr = make()
        let a = tr.reconcileQuotes(symbol: Fx.sym, desired: [Fx.quote(.buy, 0, "64990"), Fx.quote(.sell, 0, "65010")], market: Fx.market(), now: Fx.t(0))
        _ = Fx.ackAll(&tr, a, at: Fx.t(0))
        // 0.7 BTC × 65000 = 45500 ≥ 80 % of 50000: REDUCING
        // and the position-increasing bid is pulled at once (min rest ignored)
        let r = tr.observe(market: Fx.market(position: "0.7"), now: Fx.t(1))
        #expect(tr.tradingState(symbol: Fx.sym) == .reducing)
        if case .cancel(let id, _, _)? = Fx.commands(r).first { #expect(id.value == "mmT1-1") } else { Issue.record("bid not pulled") }
        // beyond 50000: HALTED, latched, every remaining own order cancelled
        let b = tr.observe(market: Fx.market(position: "0.8"), now: Fx.t(1, ms: 100))
        #expect(tr.tradingState == .halted)
        #expect(Fx.commands(b).count == 1)
        if case .cancel(let id, _, _)? = Fx.commands(b).first { #expect(id.value == "mmT1-2") } else { Issue.record("no cancel") }
        _ = tr.onTimer(now: Fx.t(5000))
        #expect(tr.tradingState == .halted)  // latched
        _ = tr.resetHalt(now: Fx.t(5001))
        #expect(tr.tradingState == .active)
        // max loss
        var tr2 = make(market: Fx.market(equity: 10000))
        _ = tr2.observe(market: Fx.market(equity: 9000), now: Fx.t(1))
        #expect(tr2.tradingState == .active)  // exactly 1000 lost is not beyond
        _ = tr2.observe(market: Fx.market(equity: Money(raw: 8_999_000_000_000)), now: Fx.t(2))
        #expect(tr2.tradingState == .halted)
    }

    @Test func r20ConsecutiveFills() {
        var tr = make()
        var out: [TrackerAction] = []
        for k in 0..<49 { tr.recordFillForKill(si: 0, side: .buy, now: Fx.t(0, ms: Int64(k)), out: &out) }
        #expect(tr.tradingState == .active)
        tr.recordFillForKill(si: 0, side: .buy, now: Fx.t(1), out: &out)
        #expect(tr.tradingState == .halted)
    }

    @Test func disabledRulesAreSkipped() {
        let tr = make(off: [.r14, .r16])
        #expect(tr.evaluate(Fx.newIntent(price: "60000"), now: Fx.t(0)) == .allow)
        #expect(RuleProfile.standard.isEnabled(.r2))
        var p = RuleProfile.standard
        p.disabledRules = [.r2, .r19]
        #expect(p.isEnabled(.r2) && p.isEnabled(.r19))
    }
}
