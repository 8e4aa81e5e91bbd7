import MarketCore
import Strategies
import Testing
@testable import OrderTracking

/// Minimal keep/amend/cancel/new with hysteresis; no stale intent is ever queued.
@Suite struct QuoteReconciliationTests {
    let two = [Fx.quote(.buy, 0, "64990"), Fx.quote(.sell, 0, "65010")]

    /// Places the two-sided quote and acks it at t=0.
    func started() -> OrderTracker {
        var tr = Fx.tracker()
        let a = tr.reconcileQuotes(symbol: Fx.sym, desired: two, market: Fx.market(), now: Fx.t(0))
        _ = Fx.ackAll(&tr, a, at: Fx.t(0))
        return tr
    }

    @Test func placesMissingQuotesWithOwnIDs() {
        var tr = Fx.tracker()
        let a = tr.reconcileQuotes(symbol: Fx.sym, desired: two, market: Fx.market(), now: Fx.t(0))
        let places = Fx.places(a)
        #expect(places.count == 2)
        #expect(places.map { $0.clientOrderID.value } == ["mmT1-1", "mmT1-2"])
        #expect(places.allSatisfy { $0.timeInForce == .postOnly })
        #expect(tr.liveQuotes(symbol: Fx.sym).count == 2)
        #expect(Fx.audits(a).filter { $0.verdict == "allow" }.count == 2)
    }

    @Test func sameTargetSendsNothing() {
        var tr = started()
        let a = tr.reconcileQuotes(symbol: Fx.sym, desired: two, market: Fx.market(), now: Fx.t(10))
        #expect(Fx.commands(a).isEmpty)
    }

    @Test func moveBelowHysteresisIsKept() {
        var tr = started()
        // 1 tick (0.1) < 2 ticks
        let a = tr.reconcileQuotes(symbol: Fx.sym, desired: [Fx.quote(.buy, 0, "64990.1"), Fx.quote(.sell, 0, "65010")], market: Fx.market(), now: Fx.t(10))
        #expect(Fx.commands(a).isEmpty)
        // size change 5 % < 10 %
        let b = tr.reconcileQuotes(symbol: Fx.sym, desired: [Fx.quote(.buy, 0, "64990", "0.0105"), Fx.quote(.sell, 0, "65010")], market: Fx.market(), now: Fx.t(10))
        #expect(Fx.commands(b).isEmpty)
    }

    @Test func moveAtHysteresisAmendsOnlyThatQuote() {
        var tr = started()
        // 2 ticks = 0.2, and 0.2/64990 ≥ 1 bp? 0.2*10000 = 2000 < 64990 → price move too small in bp
        let a = tr.reconcileQuotes(symbol: Fx.sym, desired: [Fx.quote(.buy, 0, "64990.2"), Fx.quote(.sell, 0, "65010")], market: Fx.market(), now: Fx.t(10))
        #expect(Fx.commands(a).isEmpty)
        // 7 ticks = 0.7 (≥ 1 bp of 64990 = 6.499? no) → need ≥ 6.5: move 7.0
        let b = tr.reconcileQuotes(symbol: Fx.sym, desired: [Fx.quote(.buy, 0, "64983"), Fx.quote(.sell, 0, "65010")], market: Fx.market(), now: Fx.t(10))
        let cmds = Fx.commands(b)
        #expect(cmds.count == 1)
        guard case .amend(let id, _, _, let price, let qty)? = cmds.first else {
            Issue.record("expected an amend")
            return
        }
        #expect(id.value == "mmT1-1")
        #expect(price == Fx.p("64983"))
        #expect(qty == nil)
        // size change ≥ 10 % amends too
        var tr2 = started()
        let c = tr2.reconcileQuotes(symbol: Fx.sym, desired: [Fx.quote(.buy, 0, "64990", "0.011"), Fx.quote(.sell, 0, "65010")], market: Fx.market(), now: Fx.t(10))
        #expect(Fx.commands(c).count == 1)
    }

    @Test func amendWaitsForMinRestThenUsesLatestTarget() {
        var tr = started()
        let a = tr.reconcileQuotes(symbol: Fx.sym, desired: [Fx.quote(.buy, 0, "64980"), Fx.quote(.sell, 0, "65010")], market: Fx.market(), now: Fx.t(2))
        #expect(Fx.commands(a).isEmpty)
        #expect(Fx.wakes(a) == [Fx.t(5)])
        #expect(Fx.audits(a).contains { $0.rule == .r6 && $0.verdict == "delay" })
        // the target changes again before the timer: the timer must use the latest one
        let b = tr.reconcileQuotes(symbol: Fx.sym, desired: [Fx.quote(.buy, 0, "64970"), Fx.quote(.sell, 0, "65010")], market: Fx.market(), now: Fx.t(3))
        #expect(Fx.commands(b).isEmpty)
        let c = tr.onTimer(now: Fx.t(5))
        let cmds = Fx.commands(c)
        #expect(cmds.count == 1)
        if case .amend(_, _, _, let price, _)? = cmds.first { #expect(price == Fx.p("64970")) } else { Issue.record("no amend") }
    }

    @Test func staleCancelIsNeverSent() {
        var tr = started()
        // level removed at t=1: cancel delayed by min rest
        let a = tr.reconcileQuotes(symbol: Fx.sym, desired: [Fx.quote(.buy, 0, "64990")], market: Fx.market(), now: Fx.t(1))
        #expect(Fx.commands(a).isEmpty)
        // level wanted again before the delay ends
        _ = tr.reconcileQuotes(symbol: Fx.sym, desired: two, market: Fx.market(), now: Fx.t(2))
        let c = tr.onTimer(now: Fx.t(6))
        #expect(Fx.commands(c).isEmpty)
        // now really removed after min rest: cancelled at once
        let d = tr.reconcileQuotes(symbol: Fx.sym, desired: [Fx.quote(.buy, 0, "64990")], market: Fx.market(), now: Fx.t(7))
        let cmds = Fx.commands(d)
        #expect(cmds.count == 1)
        if case .cancel(let id, _, _)? = cmds.first { #expect(id.value == "mmT1-2") } else { Issue.record("no cancel") }
    }

    @Test func emptyTargetCancelsAfterMinRestAndRiskCancelDoesNotWait() {
        var tr = started()
        let a = tr.reconcileQuotes(symbol: Fx.sym, desired: [], market: Fx.market(), now: Fx.t(5))
        #expect(Fx.commands(a).count == 2)
        var tr2 = started()
        let b = tr2.cancelAllOwn(symbol: Fx.sym, reason: "book stale", now: Fx.t(0, ms: 10))
        let cmds = Fx.commands(b)
        #expect(cmds.count == 1)
        if case .cancelBulk(let ids, _, _)? = cmds.first {
            #expect(ids.map { $0.value } == ["mmT1-1", "mmT1-2"])
        } else {
            Issue.record("expected a bulk cancel by own ids")
        }
        // the target is cleared: a timer does not re-place
        _ = Fx.ackAll(&tr2, b, at: Fx.t(1))
        #expect(Fx.commands(tr2.onTimer(now: Fx.t(30))).isEmpty)
    }

    @Test func pendingOrdersAreNotTouchedUntilAcked() {
        var tr = Fx.tracker()
        let a = tr.reconcileQuotes(symbol: Fx.sym, desired: two, market: Fx.market(), now: Fx.t(0))
        #expect(Fx.places(a).count == 2)
        // no ack yet; a new target must not duplicate or amend
        let b = tr.reconcileQuotes(symbol: Fx.sym, desired: [Fx.quote(.buy, 0, "64900"), Fx.quote(.sell, 0, "65010")], market: Fx.market(), now: Fx.t(6))
        #expect(Fx.commands(b).isEmpty)
        // ack arrives later: the latest target is applied
        let c = Fx.ackAll(&tr, a, at: Fx.t(7))
        let cmds = Fx.commands(c)
        #expect(cmds.count == 1)
        if case .amend(_, _, _, let price, _)? = cmds.first { #expect(price == Fx.p("64900")) } else { Issue.record("no amend") }
    }

    @Test func fillRefillsTheLevel() {
        var tr = started()
        guard let bid = tr.liveQuotes(symbol: Fx.sym).first(where: { $0.side == .buy }) else {
            Issue.record("no bid")
            return
        }
        let a = tr.handle(Fx.fill(bid.clientOrderID, qty: "0.01", cum: "0.01", exec: "E1", at: Fx.t(10)), now: Fx.t(10))
        let places = Fx.places(a)
        #expect(places.count == 1)
        #expect(places.first?.side == .buy)
        #expect(places.first?.clientOrderID.value == "mmT1-3")
    }
}
