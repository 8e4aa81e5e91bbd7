import Foundation
import MarketCore
import SimulatorServer
import Testing

@testable import PhemexConnector

extension PhemexConnectorLoopbackSuites {
/// REST trading and the private stream over loopback against the simulator server.
@Suite(.serialized) struct TradingLoopbackTests {
    static func order(_ id: String, side: Side = .buy, price: Price, qty: String = "0.010", tif: TimeInForce = .postOnly)
        throws -> OrderRequest
    {
        OrderRequest(
            clientOrderID: try #require(ClientOrderID(id)), symbol: "BTCUSDT", side: side, timeInForce: tif, price: price,
            quantity: try Quantity(parsing: qty))
    }

    /// A passive bid price well below the market.
    static func farBid(_ h: SimHarness) async throws -> Price {
        let truth = try #require(await h.server.trueBook(symbol: "BTCUSDT"))
        let best = try #require(truth.bids.first?.price)
        return (best - Price(raw: best.raw / 10)).roundedDown(toMultipleOf: try Price(parsing: "0.1"))
    }

    static func events(_ h: SimHarness, _ id: String) -> [ExecutionReport] {
        h.recorder.all.compactMap(\.execution).filter { $0.clientOrderID?.value == id }
    }

    @Test func privateStreamLifecycleNewPartialFillFillCancelReject() async throws {
        let h = try await SimHarness.start(speed: 0)
        #expect(await h.recorder.wait { $0.contains(where: \.isAccountSynced) })

        // new → accepted on the stream
        let price = try await Self.farBid(h)
        let placed = await h.connector.execute(.place(try Self.order("lc-new-1", price: price)), id: 1)
        #expect(placed.outcome == .acknowledged)
        #expect(placed.reports.first?.clientOrderID?.value == "lc-new-1")
        #expect(placed.rateLimits.contains { $0.group == "CONTRACT" && $0.remaining != nil })
        #expect(await h.recorder.wait { _ in Self.events(h, "lc-new-1").contains { $0.kind == .accepted } })

        // partial fill and fill: a market sweep through our bid at the top of the book
        let truth = try #require(await h.server.trueBook(symbol: "BTCUSDT"))
        let top = try #require(truth.bids.first?.price)
        let tick = try Price(parsing: "0.1")
        let inside = top + tick
        let ask = try #require(truth.asks.first?.price)
        try #require(inside < ask, "no room inside the spread")
        let r = await h.connector.execute(.place(try Self.order("lc-fill-1", price: inside)), id: 2)
        #expect(r.outcome == .acknowledged)
        #expect(await h.recorder.wait { _ in Self.events(h, "lc-fill-1").contains { $0.kind == .accepted } })
        // Sweep small market sells (0.002 each, after clearing better-priced bids) until our
        // 0.010 bid gets its first fill: that fill is necessarily partial.
        _ = try await h.server.withSimulator { sim, now in
            let book = sim.bookSnapshot(symbol: "BTCUSDT", depth: nil)
            let better = book?.bids.filter { $0.price > inside }.reduce(Int64(0)) { $0 + $1.size.raw } ?? 0
            if better > 0 { try sim.injectMarketTrade(symbol: "BTCUSDT", side: .sell, quantity: Quantity(raw: better), now: now) }
        }
        for _ in 0..<200 where !Self.events(h, "lc-fill-1").contains(where: { $0.kind == .fill }) {
            _ = try await h.server.withSimulator { sim, now in
                let book = sim.bookSnapshot(symbol: "BTCUSDT", depth: nil)
                let better = book?.bids.filter { $0.price > inside }.reduce(Int64(0)) { $0 + $1.size.raw } ?? 0
                try sim.injectMarketTrade(symbol: "BTCUSDT", side: .sell, quantity: Quantity(raw: better + 2_000_000), now: now)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(await h.recorder.wait { _ in
            Self.events(h, "lc-fill-1").contains { $0.kind == .fill && $0.status == .partiallyFilled }
        })
        _ = try await h.server.withSimulator { sim, now in
            try sim.injectMarketTrade(symbol: "BTCUSDT", side: .sell, quantity: try Quantity(parsing: "0.5"), now: now)
        }
        #expect(await h.recorder.wait { _ in Self.events(h, "lc-fill-1").contains { $0.kind == .fill && $0.status == .filled } })
        if ProcessInfo.processInfo.environment["MMBOT_DEBUG"] == "1" { for e in Self.events(h, "lc-fill-1") { print("DBG", e.kind, e.status, e.fill as Any, e.price as Any) } }
        let fills = Self.events(h, "lc-fill-1").compactMap(\.fill)
        #expect(fills.reduce(Quantity.zero) { $0 + $1.quantity } == (try Quantity(parsing: "0.010")))
        #expect(h.recorder.all.contains { if case .position(let p) = $0 { return p.symbol == "BTCUSDT" } else { return false } })

        // cancel
        let c = await h.connector.execute(
            .cancel(clientOrderID: try #require(ClientOrderID("lc-new-1")), symbol: "BTCUSDT", positionSide: .merged), id: 3)
        #expect(c.outcome == .acknowledged)
        #expect(await h.recorder.wait { _ in Self.events(h, "lc-new-1").contains { $0.kind == .canceled } })

        // reject: quantity above the maximum → synchronous business error
        let big = await h.connector.execute(.place(try Self.order("lc-rej-1", price: price, qty: "200000")), id: 4)
        guard case .rejected(let code, _) = big.outcome else {
            Issue.record("expected a rejection, got \(big.outcome)")
            await h.stop()
            return
        }
        #expect(code != 0)

        // reject on the stream: a post-only bid at the best ask would cross → accepted then
        // cancelled/rejected by the engine (cxlRejReason 101).
        let crossAsk = try #require(await h.server.trueBook(symbol: "BTCUSDT")?.asks.first?.price)
        let po = await h.connector.execute(
            .place(try Self.order("lc-po-1", price: (crossAsk + Price(raw: crossAsk.raw / 100)).roundedDown(toMultipleOf: tick))), id: 6)
        if ProcessInfo.processInfo.environment["MMBOT_DEBUG"] == "1" { print("DBG po", po.outcome, po.reports.map { "\($0.status)" }) }
        if po.outcome == .acknowledged {
            #expect(await h.recorder.wait { _ in
                Self.events(h, "lc-po-1").contains { $0.kind == .canceled || $0.kind == .rejected }
            })
            if ProcessInfo.processInfo.environment["MMBOT_DEBUG"] == "1" { for e in Self.events(h, "lc-po-1") { print("DBG po-ev", e.kind, e.status, e.reason as Any) } }
        } else {
            guard case .rejected = po.outcome else {
                Issue.record("post-only cross gave \(po.outcome)")
                await h.stop()
                return
            }
        }

        // open orders: none left
        let open = await h.connector.execute(.fetchOpenOrders(symbol: "BTCUSDT"), id: 5)
        #expect(open.outcome == .acknowledged)
        #expect(open.reports.isEmpty)
        await h.stop()
    }

    /// `rehearse` builds and signs exactly what `execute` would send, and sends nothing: the
    /// simulator sees no order.
    @Test func rehearsalSignsButSendsNothing() async throws {
        let h = try await SimHarness.start(speed: 0)
        let price = try await Self.farBid(h)
        let id = try #require(ClientOrderID("rh-1"))
        let signed = h.connector.rehearse([
            .place(try Self.order("rh-1", price: price)), .cancel(clientOrderID: id, symbol: "BTCUSDT", positionSide: .merged),
        ])
        #expect(signed == 2)
        let open = await h.connector.execute(.fetchOpenOrders(symbol: "BTCUSDT"), id: 1)
        #expect(open.outcome == .acknowledged)
        #expect(open.reports.isEmpty)
        // The same place, executed, does reach the simulator.
        #expect(await h.connector.execute(.place(try Self.order("rh-1", price: price)), id: 2).outcome == .acknowledged)
        let after = await h.connector.execute(.fetchOpenOrders(symbol: "BTCUSDT"), id: 3)
        #expect(after.reports.map { $0.clientOrderID?.value } == ["rh-1"])
        await h.stop()
    }

    @Test func reconciliationAfterReconnectReportsOpenOrders() async throws {
        let h = try await SimHarness.start()
        #expect(await h.recorder.wait { $0.contains(where: \.isAccountSynced) })
        let price = try await Self.farBid(h)
        #expect(await h.connector.execute(.place(try Self.order("rc-1", price: price)), id: 1).outcome == .acknowledged)
        #expect(await h.recorder.wait { _ in Self.events(h, "rc-1").contains { $0.kind == .accepted } })
        let before = h.recorder.endIndex
        await h.server.setFaults(FaultSwitches(dropConnections: true))
        #expect(await h.recorder.wait { evs in
            guard let u = evs.indices.first(where: { $0 > before && evs[$0].isAccountUnsynced }) else { return false }
            return evs[(u + 1)...].contains(where: \.isAccountSynced)
        })
        let synced = h.recorder.all.reversed().first(where: \.isAccountSynced)
        guard case .accountSynced(let open, _, let balances, _)? = synced else {
            Issue.record("no accountSynced")
            await h.stop()
            return
        }
        #expect(open.contains { $0.clientOrderID?.value == "rc-1" && $0.status.isOpen })
        #expect(balances.contains { $0.currency == "USDT" })
        #expect(await h.connector.isAccountSynced)
        await h.stop()
    }

    @Test(arguments: [true, false])
    func http503IsReportedUnknownAndNeverRetried(applied: Bool) async throws {
        let h = try await SimHarness.start()
        #expect(await h.recorder.wait { $0.contains(where: \.isAccountSynced) })
        let price = try await Self.farBid(h)
        await h.server.setFaults(FaultSwitches(http503Fraction: 1, http503Applied: applied))
        let id = "u503-\(applied ? "a" : "n")"
        let r = await h.connector.execute(.place(try Self.order(id, price: price)), id: 7)
        guard case .unknown = r.outcome else {
            Issue.record("503 gave \(r.outcome)")
            await h.stop()
            return
        }
        #expect(r.httpStatus == 503)
        await h.server.setFaults(FaultSwitches())
        // Resolve by client order id: the order exists exactly when the 503 was applied.
        let q = await h.connector.execute(.queryOrder(clientOrderID: try #require(ClientOrderID(id)), symbol: "BTCUSDT"), id: 8)
        #expect(q.outcome == .acknowledged)
        #expect(q.reports.contains { $0.clientOrderID?.value == id } == applied)
        let open = await h.connector.execute(.fetchOpenOrders(symbol: "BTCUSDT"), id: 9)
        #expect(open.reports.filter { $0.clientOrderID?.value == id }.count == (applied ? 1 : 0), "a 503 must never be retried")
        await h.stop()
    }

    @Test func burstOf429IsReportedWithRetryAfter() async throws {
        let h = try await SimHarness.start()
        #expect(await h.recorder.wait { $0.contains(where: \.isAccountSynced) })
        await h.server.setFaults(FaultSwitches(burst429: 2))
        for n in 0..<2 {
            let r = await h.connector.execute(.fetchOpenOrders(symbol: "BTCUSDT"), id: UInt64(n))
            guard case .rateLimited(let retry) = r.outcome else {
                Issue.record("expected 429, got \(r.outcome)")
                continue
            }
            #expect(r.httpStatus == 429)
            #expect(retry != nil && (retry ?? 0) >= 0, "retry-after reported")
            #expect(r.rateLimits.contains { $0.retryAfterSeconds != nil })
        }
        let ok = await h.connector.execute(.fetchOpenOrders(symbol: "BTCUSDT"), id: 3)
        #expect(ok.outcome == .acknowledged)
        await h.stop()
    }

    @Test func addedLatencyBeyondTheTimeoutIsUnknownAndWithinIsFine() async throws {
        // Generous margins both ways: on a loaded machine a 100 ms delay plus scheduling has
        // taken more than 400 ms.
        let h = try await SimHarness.start(tweak: { cfg in cfg.restTimeout = .milliseconds(1_500) })
        #expect(await h.recorder.wait { $0.contains(where: \.isAccountSynced) })
        let price = try await Self.farBid(h)
        await h.server.setFaults(FaultSwitches(latencyMilliseconds: 100))
        let fast = await h.connector.execute(.place(try Self.order("lat-1", price: price)), id: 1)
        #expect(fast.outcome == .acknowledged)
        await h.server.setFaults(FaultSwitches(latencyMilliseconds: 6_000))
        let slow = await h.connector.execute(.place(try Self.order("lat-2", price: price)), id: 2)
        #expect(slow.outcome == .unknown(reason: "timeout"))
        await h.server.setFaults(FaultSwitches())
        await h.stop()
    }

    @Test func instrumentsAndServerTimeComeFromTheSimulator() async throws {
        let h = try await SimHarness.start()
        let specs = try await h.connector.instruments()
        #expect(specs.contains { $0.symbol == "BTCUSDT" && $0.kind == .linear })
        #expect(specs.contains { $0.symbol == "BTCUSD" && $0.kind == .inverse && $0.priceScale == 4 })
        #expect(abs(h.connector.trading.serverOffsetNanos) < 5_000_000_000)
        await h.stop()
    }
}
}
