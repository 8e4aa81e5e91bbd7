import MarketCore
import PropertyBased
import Strategies
import Testing
@testable import OrderTracking

/// A random, aggressive strategy over 24 simulated hours against a loopback fake exchange:
/// no request ever breaks a hard limit of the profile, and no risk cancel is starved.
@Suite struct TrackerPropertyTests {
    /// Minimal in-memory venue: acks everything, fills at random, checks every request.
    struct Venue {
        struct Resting {
            var id: ClientOrderID
            var side: Side
            var price: Price
            var qty: Quantity
            var conditional: Bool
        }
        let profile: RuleProfile
        var resting: [Resting] = []
        var sent: [(Int64, Int)] = []  // (nanos, weight)
        var head60 = 0
        var head300 = 0
        var sum60 = 0
        var newOrders: [Int64] = []
        var takers: [Int64] = []
        var failures: [String] = []
        var requests = 0
        var mark = Fx.p("65000")

        mutating func check(_ c: ExchangeCommand, now: Timestamp) {
            requests += 1
            sent.append((now.nanos, 1))
            while head60 < sent.count && sent[head60].0 <= now.nanos - 60_000_000_000 { sum60 -= sent[head60].1; head60 += 1 }
            while head300 < sent.count && sent[head300].0 <= now.nanos - 300_000_000_000 { head300 += 1 }
            sum60 += 1
            let w60 = sum60
            let w300 = sent.count - head300
            if w60 > profile.groups[0].clientLimit { failures.append("R1: \(w60) weight in 60 s at \(now)") }
            if w300 > profile.ip.clientLimit { failures.append("R3: \(w300) requests in 300 s") }
            guard case .place(let r) = c else { return }
            newOrders.append(now.nanos)
            newOrders.removeAll { $0 <= now.nanos - Int64(profile.orderBudget.windowSeconds) * 1_000_000_000 }
            if newOrders.count > profile.orderBudget.newHard { failures.append("R10: \(newOrders.count) new orders in window") }
            if r.timeInForce == .immediateOrCancel || r.type == .market {
                takers.append(now.nanos)
                takers.removeAll { $0 <= now.nanos - 60_000_000_000 }
                if takers.count > profile.orderBudget.takerPerMinute { failures.append("R12: \(takers.count) takers per minute") }
            }
            let caps = profile.openOrders
            let side = resting.filter { $0.side == r.side && !$0.conditional }.count
            if !r.type.isConditional && side + 1 > caps.perSide { failures.append("R5: \(side + 1) per side") }
            if resting.count + 1 > caps.perSymbol { failures.append("R5: \(resting.count + 1) per symbol") }
            if let p = r.price {
                if !r.reduceOnly, let v = Fx.btc.quoteNotional(price: p, quantity: r.quantity), v < profile.notional.minUsd {
                    failures.append("R13: notional \(v)")
                }
                let band = mark.raw / 10_000 * Int64(profile.collar.riskBps)
                if abs(p.raw - mark.raw) > band { failures.append("R14: price \(p) vs mark \(mark)") }
                let opp = resting.filter { $0.side != r.side && !$0.conditional }.map { $0.price }
                if r.side == .buy, let lo = opp.min(), p >= lo { failures.append("R16: self-cross buy \(p) >= own ask \(lo)") }
                if r.side == .sell, let hi = opp.max(), p <= hi { failures.append("R16: self-cross sell \(p) <= own bid \(hi)") }
            }
        }
    }

    struct Sim {
        var tr: OrderTracker
        var venue: Venue
        var rng: SeededRandom
        var now = Fx.t(0)
        var mid: Int64 = 650_000  // in ticks of 0.1
        var position: Int64 = 0  // in steps of 0.001
        var wake: Timestamp?
        /// Risk cancels requested and not yet seen on the wire: id → requested at.
        var cancelWanted: [(ClientOrderID, Timestamp)] = []
        var maxCancelWait = Nanoseconds.zero
        var cancelsRequested = 0

        init(seed: UInt64, profile: RuleProfile) {
            tr = OrderTracker(config: TrackerConfig(seed: seed, auditAllows: false), rules: profile, instruments: [Fx.btc], sessionPrefix: "P", nextCounter: 1)
            venue = Venue(profile: profile)
            rng = SeededRandom(seed: seed)
        }

        func price(_ ticks: Int64) -> Price { Price(raw: ticks * 100_000_000) }

        var market: MarketSnapshot {
            MarketSnapshot(
                symbol: Fx.sym, bestBid: price(mid - 5), bestAsk: price(mid + 5), markPrice: price(mid),
                position: Quantity(raw: position * 1_000_000), equity: 1_000_000, lastTradeTime: now)
        }

        mutating func run(_ actions: [TrackerAction]) {
            var queue = actions
            var guardCount = 0
            while !queue.isEmpty && guardCount < 10_000 {
                guardCount += 1
                let a = queue.removeFirst()
                switch a {
                case .wake(let t): wake = wake.map { min($0, t) } ?? t
                case .send(let id, let c): queue += respond(id, c)
                default: break
                }
            }
        }

        mutating func respond(_ id: UInt64, _ c: ExchangeCommand) -> [TrackerAction] {
            venue.mark = price(mid)
            venue.check(c, now: now)
            var cancelled: [ClientOrderID] = []
            if case .cancel(let cid, _, _) = c { cancelled = [cid] }
            if case .cancelBulk(let ids, _, _) = c { cancelled = ids }
            for cid in cancelled {
                if let w = cancelWanted.first(where: { $0.0 == cid }) { maxCancelWait = max(maxCancelWait, now - w.1) }
                cancelWanted.removeAll { $0.0 == cid }
            }
            switch c {
            case .place(let r):
                if rng.next() % 100 < 2 {
                    return tr.handle(CommandResult(commandID: id, command: c, outcome: .rejected(code: 11001, message: "balance"), time: now), now: now)
                }
                let ack = Fx.accepted(r, at: now)
                if r.timeInForce == .immediateOrCancel {
                    var x = ack
                    x.kind = .canceled
                    x.status = .canceled
                    return tr.handle(CommandResult(commandID: id, command: c, outcome: .acknowledged, reports: [ack, x], time: now), now: now)
                }
                venue.resting.append(.init(id: r.clientOrderID, side: r.side, price: r.price ?? r.stopPrice ?? .zero, qty: r.quantity, conditional: r.type.isConditional))
                return tr.handle(CommandResult(commandID: id, command: c, outcome: .acknowledged, reports: [ack], time: now), now: now)
            case .amend(let cid, _, _, let p, let q):
                guard let k = venue.resting.firstIndex(where: { $0.id == cid }) else {
                    return tr.handle(CommandResult(commandID: id, command: c, outcome: .rejected(code: 10002, message: "not found"), time: now), now: now)
                }
                if let p { venue.resting[k].price = p }
                if let q { venue.resting[k].qty = q }
                let rr = venue.resting[k]
                let rep = ExecutionReport(
                    kind: .replaced, clientOrderID: cid, orderID: "X", symbol: Fx.sym, side: rr.side, status: .new, price: rr.price,
                    orderQuantity: rr.qty, cumulativeQuantity: .zero, leavesQuantity: rr.qty, time: now)
                return tr.handle(CommandResult(commandID: id, command: c, outcome: .acknowledged, reports: [rep], time: now), now: now)
            case .cancel(let cid, _, _):
                return cancelOne(id, c, [cid])
            case .cancelBulk(let ids, _, _):
                return cancelOne(id, c, ids)
            case .queryOrder(let cid, _):
                if let rr = venue.resting.first(where: { $0.id == cid }) {
                    let rep = ExecutionReport(
                        kind: .status, clientOrderID: cid, orderID: "X", symbol: Fx.sym, side: rr.side, status: .new, price: rr.price,
                        orderQuantity: rr.qty, cumulativeQuantity: .zero, leavesQuantity: rr.qty, time: now)
                    return tr.handle(CommandResult(commandID: id, command: c, outcome: .acknowledged, reports: [rep], time: now), now: now)
                }
                return tr.handle(CommandResult(commandID: id, command: c, outcome: .rejected(code: 10002, message: "not found"), time: now), now: now)
            default:
                return tr.handle(CommandResult(commandID: id, command: c, outcome: .acknowledged, time: now), now: now)
            }
        }

        mutating func cancelOne(_ id: UInt64, _ c: ExchangeCommand, _ ids: [ClientOrderID]) -> [TrackerAction] {
            var reps: [ExecutionReport] = []
            for cid in ids {
                if let k = venue.resting.firstIndex(where: { $0.id == cid }) {
                    let rr = venue.resting.remove(at: k)
                    reps.append(
                        ExecutionReport(
                            kind: .canceled, clientOrderID: cid, orderID: "X", symbol: Fx.sym, side: rr.side, status: .canceled, price: rr.price,
                            orderQuantity: rr.qty, cumulativeQuantity: .zero, leavesQuantity: .zero, time: now))
                }
            }
            if reps.isEmpty && ids.count == 1 {
                return tr.handle(CommandResult(commandID: id, command: c, outcome: .rejected(code: 10002, message: "not found"), time: now), now: now)
            }
            return tr.handle(CommandResult(commandID: id, command: c, outcome: .acknowledged, reports: reps, time: now), now: now)
        }

        mutating func randomQuotes() -> [QuoteProposal] {
            var out: [QuoteProposal] = []
            let levels = Int(rng.next() % 6)
            for side in [Side.buy, .sell] {
                for l in 0..<levels {
                    let off = Int64(rng.next() % 40) + Int64(l) * 10 + 1
                    let px = side == .buy ? mid - off : mid + off
                    let q = Int64(rng.next() % 50) + 1
                    out.append(QuoteProposal(symbol: Fx.sym, side: side, level: l, price: price(px), quantity: Quantity(raw: q * 1_000_000)))
                }
            }
            return out
        }

        mutating func step() {
            now = now + .millis(Int64(rng.next() % 8000) + 100)
            mid += Int64(rng.next() % 61) - 30
            if now.nanos % 600_000_000_000 < 4_000_000_000 { position = 0 }  // hedged elsewhere every 10 min
            if let w = wake, w <= now {
                wake = nil
                run(tr.onTimer(now: now))
            }
            // fills of resting orders: the market trades through them
            for r in venue.resting where !r.conditional {
                if (r.side == .buy && r.price.raw >= price(mid - 5).raw) || (r.side == .sell && r.price.raw <= price(mid + 5).raw) || rng.next() % 200 == 0 {
                    venue.resting.removeAll { $0.id == r.id }
                    position += r.side.sign * (r.qty.raw / 1_000_000)
                    let rep = ExecutionReport(
                        kind: .fill, clientOrderID: r.id, orderID: "X", symbol: Fx.sym, side: r.side, status: .filled, price: r.price,
                        orderQuantity: r.qty, cumulativeQuantity: r.qty, leavesQuantity: .zero,
                        fill: Fill(executionID: "F\(r.id.value)", quantity: r.qty, price: r.price, fee: .zero, liquidity: .maker), time: now)
                    run(tr.handle(rep, now: now))
                }
            }
            let dice = rng.next() % 1000
            if dice < 600 {
                let q = randomQuotes()
                run(tr.reconcileQuotes(symbol: Fx.sym, desired: q, market: market, now: now))
            } else if dice < 640 {
                let side: Side = rng.next() % 2 == 0 ? .buy : .sell
                let ioc = rng.next() % 2 == 0
                let px = side == .buy ? mid + (ioc ? 5 : -20) : mid - (ioc ? 5 : -20)
                let p = OrderProposal(
                    symbol: Fx.sym, side: side, type: .limit, timeInForce: ioc ? .immediateOrCancel : .goodTillCancel, price: price(px),
                    quantity: Quantity(raw: (Int64(rng.next() % 20) + 1) * 1_000_000), isRiskReducing: rng.next() % 4 == 0)
                run(tr.submit(p, market: market, now: now).1)
            } else if dice < 645 {
                for o in tr.openOrders where o.state.isOpen { cancelWanted.append((o.clientOrderID, now)) }
                cancelsRequested += 1
                run(tr.cancelAllOwn(symbol: Fx.sym, reason: "random risk", now: now))
            } else {
                run(tr.observe(market: market, now: now))
            }
            // forget wanted cancels of orders that ended otherwise (filled, rejected)
            cancelWanted.removeAll { w in tr.order(w.0).map { $0.state.isTerminal } ?? true }
            for w in cancelWanted where now - w.1 > .seconds(2) {
                venue.failures.append("cancel of \(w.0) starved since \(w.1)")
            }
            if tr.tradingState == .halted && now.nanos % 300_000_000_000 < 4_000_000_000 { run(tr.resetHalt(now: now)) }
        }
    }

    /// 24 simulated hours per run (about 20 000 random steps).
    let horizon: Int64 = 86_400

    /// The three cases run one after the other; the long simulation yields to other tasks every
    /// 200 steps so that it never monopolises a cooperative-pool thread that parallel loopback
    /// tests need.
    @Test(.serialized, arguments: ["phemex-standard", "strict", "phemex-vip"])
    func randomIntentsFor24HoursRespectHardLimits(_ name: String) async {
        let profile = RuleProfile.builtIn.first { $0.file == name }?.profile ?? .standard
        let horizon = self.horizon
        await propertyCheck(count: 1, input: Gen.uint64(in: 1...UInt64.max / 2)) { seed in
            var sim = Sim(seed: seed, profile: profile)
            var steps = 0
            while sim.now < Fx.t(horizon) && sim.venue.failures.isEmpty {
                sim.step()
                steps += 1
                if steps % 200 == 0 { await Task.yield() }
            }
            #expect(sim.venue.failures.isEmpty, "seed \(seed) profile \(profile.name): \(sim.venue.failures.prefix(3))")
            #expect(sim.venue.requests > 5000)
            #expect(sim.cancelsRequested > 50)
            #expect(sim.maxCancelWait <= .seconds(1))
        }
    }
}
