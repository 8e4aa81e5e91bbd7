import Foundation
import MarketCore
import Strategies
import Testing
@testable import OrderTracking

/// Out-of-order events, unknown outcomes, 429 and 503 handling, snapshots and adoption.
@Suite struct OrderFlowTests {
    func placeOne(_ tr: inout OrderTracker) -> (UInt64, OrderRequest) {
        let a = tr.reconcileQuotes(symbol: Fx.sym, desired: [Fx.quote(.buy, 0, "64990")], market: Fx.market(), now: Fx.t(0))
        let s = Fx.sends(a)
        guard case .place(let r)? = s.first?.1, let id = s.first?.0 else { preconditionFailure("no place") }
        return (id, r)
    }

    @Test func fillBeforeAckAndCancelAckAfterFill() {
        var tr = Fx.tracker()
        let (cmd, r) = placeOne(&tr)
        _ = tr.handle(Fx.fill(r.clientOrderID, qty: "0.004", cum: "0.004", exec: "A", at: Fx.t(0, ms: 5)), now: Fx.t(0, ms: 5))
        #expect(tr.order(r.clientOrderID)?.state == .partiallyFilled)
        // the late ack (New) is refused by the table; the order stays partially filled
        _ = tr.handle(Fx.result(cmd, .place(r), .acknowledged, reports: [Fx.accepted(r, at: Fx.t(0))], at: Fx.t(0, ms: 6)), now: Fx.t(0, ms: 6))
        #expect(tr.order(r.clientOrderID)?.state == .partiallyFilled)
        // duplicate fill ignored
        _ = tr.handle(Fx.fill(r.clientOrderID, qty: "0.004", cum: "0.004", exec: "A", at: Fx.t(1)), now: Fx.t(1))
        #expect(tr.order(r.clientOrderID)?.filledQuantity == Fx.q("0.004"))
        #expect(tr.counters.duplicateFills == 1)
        // overfill is clamped
        _ = tr.handle(Fx.fill(r.clientOrderID, qty: "0.05", cum: "0.054", exec: "B", at: Fx.t(2)), now: Fx.t(2))
        #expect(tr.order(r.clientOrderID)?.state == .filled)
        #expect(tr.order(r.clientOrderID)?.filledQuantity == Fx.q("0.01"))
        // cancel ack after the fill: refused, still filled
        let before = tr.counters.refusedEvents
        _ = tr.handle(Fx.canceled(r.clientOrderID, at: Fx.t(3)), now: Fx.t(3))
        #expect(tr.order(r.clientOrderID)?.state == .filled)
        #expect(tr.counters.refusedEvents == before + 1)
    }

    @Test func fillRacingACancelStillCounts() {
        var tr = Fx.tracker()
        let (_, r) = placeOne(&tr)
        _ = tr.handle(Fx.accepted(r, at: Fx.t(0)), now: Fx.t(0))
        _ = tr.handle(Fx.canceled(r.clientOrderID, at: Fx.t(6)), now: Fx.t(6))
        #expect(tr.order(r.clientOrderID)?.state == .canceled)
        _ = tr.handle(Fx.fill(r.clientOrderID, qty: "0.01", cum: "0.01", exec: "Z", at: Fx.t(6)), now: Fx.t(6, ms: 1))
        #expect(tr.order(r.clientOrderID)?.state == .filled)
    }

    @Test func unknownPlaceIsQueriedBeforeAnyResend() {
        var tr = Fx.tracker()
        let p = OrderProposal(symbol: Fx.sym, side: .sell, type: .limit, timeInForce: .goodTillCancel, price: Fx.p("65010"), quantity: Fx.q("0.01"), isRiskReducing: false, tag: "wh1")
        let (idOpt, a) = tr.submit(p, market: Fx.market(), now: Fx.t(0))
        guard let id = idOpt, let (cmd, c) = Fx.sends(a).first else {
            Issue.record("not sent")
            return
        }
        let b = tr.handle(Fx.result(cmd, c, .unknown(reason: "timeout"), http: 503, at: Fx.t(1)), now: Fx.t(1))
        #expect(Fx.commands(b).isEmpty)  // back-off first
        #expect(tr.order(id)?.state == .unknown)
        guard let w = Fx.wakes(b).first else {
            Issue.record("no wake")
            return
        }
        #expect(w >= Fx.t(1, ms: 500))
        let q = tr.onTimer(now: w)
        let cmds = Fx.sends(q)
        #expect(cmds.count == 1)
        guard case .queryOrder(let qid, _)? = cmds.first?.1, let qcmd = cmds.first?.0 else {
            Issue.record("expected a query")
            return
        }
        #expect(qid == id)
        // not found → the one-off is re-sent under the same clOrdID
        let r = tr.handle(Fx.result(qcmd, .queryOrder(clientOrderID: id, symbol: Fx.sym), .rejected(code: 10002, message: "OM_ORDER_NOT_FOUND"), at: w), now: w + .seconds(20))
        let re = Fx.places(r)
        #expect(re.count == 1)
        #expect(re.first?.clientOrderID == id)
        #expect(tr.order(id)?.state == .pendingNew)
    }

    @Test func unknownQuoteFoundByQueryIsKept() {
        var tr = Fx.tracker()
        let (cmd, r) = placeOne(&tr)
        _ = tr.handle(Fx.result(cmd, .place(r), .unknown(reason: "timeout"), at: Fx.t(0, ms: 100)), now: Fx.t(0, ms: 100))
        let q = tr.onTimer(now: Fx.t(2))
        guard let (qcmd, qc) = Fx.sends(q).first else {
            Issue.record("no query")
            return
        }
        var st = Fx.accepted(r, at: Fx.t(2))
        st.kind = .status
        _ = tr.handle(Fx.result(qcmd, qc, .acknowledged, reports: [st], at: Fx.t(2)), now: Fx.t(2))
        #expect(tr.order(r.clientOrderID)?.state == .new)
        #expect(tr.liveQuotes(symbol: Fx.sym).count == 1)
    }

    @Test func rateLimitFreezesWithJitterAndRequeuesNothingStale() {
        var tr = Fx.tracker()
        let (cmd, r) = placeOne(&tr)
        let lim = [RateLimitStatus(group: "CONTRACT", remaining: 0, capacity: 500, retryAfterSeconds: 10)]
        let a = tr.handle(Fx.result(cmd, .place(r), .rateLimited(retryAfterSeconds: 10), limits: lim, http: 429, at: Fx.t(1)), now: Fx.t(1))
        #expect(Fx.commands(a).isEmpty)
        #expect(tr.order(r.clientOrderID) == nil)  // never existed on the exchange
        guard let frozen = tr.budgets.groups.first?.frozenUntil else {
            Issue.record("not frozen")
            return
        }
        #expect(frozen >= Fx.t(11) && frozen <= Fx.t(13))
        #expect(Fx.commands(tr.onTimer(now: Fx.t(10))).isEmpty)
        // after the freeze the latest target is re-evaluated (a new id: the old request never happened)
        let b = tr.onTimer(now: frozen)
        #expect(Fx.places(b).count == 1)
        #expect(Fx.places(b).first?.clientOrderID != r.clientOrderID)
        #expect(tr.counters.rateLimited == 1)
    }

    @Test func repeated429ShrinksTheBudget() {
        var tr = Fx.tracker()
        let c = ExchangeCommand.fetchOpenOrders(symbol: Fx.sym)
        _ = tr.handle(Fx.result(1, c, .rateLimited(retryAfterSeconds: 1), limits: [RateLimitStatus(group: "CONTRACT", remaining: 0, capacity: 500, retryAfterSeconds: 1)], at: Fx.t(0)), now: Fx.t(0))
        #expect(tr.budgets(at: Fx.t(0)).groups[0].limit == 400)
        _ = tr.handle(Fx.result(2, c, .rateLimited(retryAfterSeconds: 1), limits: [RateLimitStatus(group: "CONTRACT", remaining: 0, capacity: 500, retryAfterSeconds: 1)], at: Fx.t(5)), now: Fx.t(5))
        #expect(tr.budgets(at: Fx.t(5)).groups[0].limit == 200)
        #expect(tr.budgets(at: Fx.t(5 + 601)).groups[0].limit == 400)
    }

    @Test func headerSyncAdoptsServerCount() {
        var tr = Fx.tracker()
        let lim = [RateLimitStatus(group: "CONTRACT", remaining: 150, capacity: 500, retryAfterSeconds: nil)]
        _ = tr.handle(Fx.result(1, .fetchOpenOrders(symbol: Fx.sym), .acknowledged, limits: lim, at: Fx.t(0)), now: Fx.t(0))
        #expect(tr.budgets(at: Fx.t(0)).groups[0].used == 350)
        // smaller capacity announced: adopted
        let lim2 = [RateLimitStatus(group: "contract", remaining: 300, capacity: 300, retryAfterSeconds: nil)]
        _ = tr.handle(Fx.result(2, .fetchOpenOrders(symbol: Fx.sym), .acknowledged, limits: lim2, at: Fx.t(1)), now: Fx.t(1))
        #expect(tr.budgets(at: Fx.t(1)).groups[0].limit == 300)
    }

    @Test func overloadDelaysNewOrdersButRetriesCancels() {
        var tr = Fx.tracker()
        let (cmd, r) = placeOne(&tr)
        _ = Fx.ackAll(&tr, [.send(commandID: cmd, .place(r))], at: Fx.t(0))
        let a = tr.cancelAllOwn(symbol: Fx.sym, reason: "test", now: Fx.t(1))
        guard let (ccmd, cc) = Fx.sends(a).first else {
            Issue.record("no cancel")
            return
        }
        let b = tr.handle(Fx.result(ccmd, cc, .unknown(reason: "503"), http: 503, at: Fx.t(1)), now: Fx.t(1))
        #expect(Fx.commands(b).isEmpty)
        #expect(tr.order(r.clientOrderID)?.state == .unknown)
        // a new order is delayed by the back-off
        let v = tr.evaluate(Fx.newIntent(.sell, price: "65010"), now: Fx.t(1, ms: 100))
        #expect(v.rule == .r18)
        guard let w = Fx.wakes(b).first else {
            Issue.record("no wake")
            return
        }
        #expect(w >= Fx.t(1, ms: 500))
        let c = tr.onTimer(now: w)
        let cmds = Fx.commands(c)
        #expect(cmds.count == 1)
        if case .cancel(let id, _, _)? = cmds.first { #expect(id == r.clientOrderID) } else { Issue.record("cancel not retried") }
    }

    @Test func snapshotRoundTripAndResume() throws {
        var tr = Fx.tracker()
        let (cmd, r) = placeOne(&tr)
        _ = Fx.ackAll(&tr, [.send(commandID: cmd, .place(r))], at: Fx.t(0))
        let snap = tr.snapshot()
        let data = try JSONEncoder().encode(snap)
        let back = try JSONDecoder().decode(TrackerSnapshot.self, from: data)
        #expect(back == snap)
        var resumed = OrderTracker(snapshot: back, config: TrackerConfig(), rules: .standard, instruments: [Fx.btc])
        #expect(resumed.sessionPrefix == "mmT1")
        #expect(resumed.nextCounter == 2)
        #expect(resumed.liveQuotes(symbol: Fx.sym).map { $0.clientOrderID } == [r.clientOrderID])
        // next id continues the counter
        let a = resumed.reconcileQuotes(symbol: Fx.sym, desired: [Fx.quote(.buy, 0, "64990"), Fx.quote(.sell, 0, "65010")], market: Fx.market(), now: Fx.t(10))
        #expect(Fx.places(a).map { $0.clientOrderID.value } == ["mmT1-2"])
    }

    @Test func adoptRecognisesOwnOrdersByPrefix() {
        var tr = Fx.tracker()
        let own = OrderRequest(clientOrderID: ClientOrderID("mmT1-77")!, symbol: Fx.sym, side: .buy, price: Fx.p("64000"), quantity: Fx.q("0.01"))
        let foreign = OrderRequest(clientOrderID: ClientOrderID("manual-1")!, symbol: Fx.sym, side: .sell, price: Fx.p("66000"), quantity: Fx.q("0.01"))
        _ = tr.adopt(openOrders: [Fx.accepted(own, at: Fx.t(0)), Fx.accepted(foreign, at: Fx.t(0))], now: Fx.t(0))
        #expect(tr.openOrders.map { $0.clientOrderID.value } == ["mmT1-77"])
        #expect(tr.openOrders.first?.role == .adopted)
        #expect(tr.nextCounter == 78)
        // an adopted order that is not wanted is cancelled after min rest
        let a = tr.reconcileQuotes(symbol: Fx.sym, desired: [], market: Fx.market(), now: Fx.t(6))
        #expect(Fx.commands(a).count == 1)
    }
}
