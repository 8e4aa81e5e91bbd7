import MarketCore
import Testing

@testable import ExchangeSimulator

@Suite struct MarketTests {
    /// Drives a live market with a few bot actions; returns every event.
    func run(seed: UInt64, steps: Int) throws -> [SimEvent] {
        var sim = try Fixture.live(seed: seed)
        var t = Fixture.t0
        var all: [SimEvent] = []
        for i in 0..<steps {
            t = t + .millis(20)
            all += sim.advance(to: t)
            if i % 25 == 0, let top = sim.bookSnapshot(symbol: "BTCUSDT", depth: 1), let b = top.bids.first {
                _ = sim.placeOrder(user: Fixture.user1, Fixture.limit("q\(i)", .buy, b.price.description, "0.01"), now: t)
                all += sim.drainEvents()
            }
        }
        return all
    }

    @Test func sameSeedSameEvents() throws {
        let a = try run(seed: 99, steps: 400)
        let b = try run(seed: 99, steps: 400)
        #expect(a.count > 100)
        #expect(a == b)
        let c = try run(seed: 100, steps: 400)
        #expect(a != c)
    }

    @Test func deltasRebuildTheSnapshotAndSequencesIncrease() throws {
        var sim = try Fixture.live(seed: 5)
        let depth = sim.config.bookDepth
        var books: [Symbol: (bids: [Price: Quantity], asks: [Price: Quantity])] = [:]
        for inst in sim.instruments {
            let s = try #require(sim.bookSnapshot(symbol: inst.symbol, depth: depth))
            books[inst.symbol] = (
                Dictionary(uniqueKeysWithValues: s.bids.map { ($0.price, $0.size) }),
                Dictionary(uniqueKeysWithValues: s.asks.map { ($0.price, $0.size) })
            )
        }
        var lastSeq = Int64.min
        var t = Fixture.t0
        var deltas = 0
        var trades = 0
        for i in 0..<1500 {
            t = t + .millis(20)
            if i % 100 == 50, let b = sim.bookSnapshot(symbol: "ETHUSDT", depth: 1)?.asks.first {
                _ = sim.placeOrder(user: Fixture.user2, Fixture.limit("e\(i)", .sell, b.price.description, "0.5", symbol: "ETHUSDT"), now: t)
            }
            for e in sim.advance(to: t) {
                switch e {
                case .book(let u):
                    #expect(u.sequence > lastSeq)
                    lastSeq = u.sequence
                    deltas += 1
                    var bk = try #require(books[u.symbol])
                    for l in u.bids { bk.bids[l.price] = l.size.isZero ? nil : l.size }
                    for l in u.asks { bk.asks[l.price] = l.size.isZero ? nil : l.size }
                    books[u.symbol] = bk
                case .trades(let b):
                    #expect(b.sequence > lastSeq)
                    lastSeq = b.sequence
                    trades += b.trades.count
                default: break
                }
            }
            if i % 50 == 0 {
                for inst in sim.instruments {
                    let s = try #require(sim.bookSnapshot(symbol: inst.symbol, depth: depth))
                    let bk = try #require(books[inst.symbol])
                    #expect(bk.bids.count == s.bids.count && bk.asks.count == s.asks.count)
                    #expect(s.bids.allSatisfy { bk.bids[$0.price] == $0.size })
                    #expect(s.asks.allSatisfy { bk.asks[$0.price] == $0.size })
                    #expect(s.bids.count == depth && s.asks.count == depth)
                    if let b = s.bids.first?.price, let a = s.asks.first?.price { #expect(b < a) }
                    let spec = inst.spec
                    #expect(s.bids.allSatisfy { $0.price.isMultiple(of: spec.tickSize) && $0.size.isMultiple(of: spec.quantityStep) })
                }
            }
        }
        #expect(deltas > 1000)
        #expect(trades > 100)
    }

    @Test func marketMovesAndMarksTick() throws {
        var sim = try Fixture.live(seed: 3)
        let start = try #require(sim.ticker(symbol: "BTCUSDT"))
        var marks = 0
        var t = Fixture.t0
        for _ in 0..<(60 * 50) {
            t = t + .millis(20)
            for e in sim.advance(to: t) { if case .mark(let m) = e, m.symbol == "BTCUSDT" { marks += 1 } }
        }
        let end = try #require(sim.ticker(symbol: "BTCUSDT"))
        #expect(marks >= 59 && marks <= 61)
        #expect(end.volume > .zero && end.high >= end.low)
        #expect(end.markPrice != start.markPrice || end.last != start.last)
        #expect(sim.recentTrades(symbol: "BTCUSDT").count <= 1000)
    }

    @Test func largeTimeGapIsBounded() throws {
        var sim = try Fixture.live(seed: 8)
        let ev = sim.advance(to: Fixture.t0 + .seconds(3600))
        #expect(ev.count < 5000)
        #expect(sim.now == Fixture.t0 + .seconds(3600))
    }

    @Test func privateSnapshotListsOpenAndClosedOrders() throws {
        var sim = try Fixture.still()
        let t1 = Fixture.t0 + .millis(5)
        _ = sim.placeOrder(user: Fixture.user1, Fixture.limit("open", .buy, "64000", "0.01"), now: t1)
        _ = sim.placeOrder(user: Fixture.user1, Fixture.market("done", .buy, "0.001"), now: t1)
        let snap = try #require(sim.privateSnapshot(user: Fixture.user1, kind: .linear, now: t1))
        #expect(snap.accounts.map(\.currency) == ["USDT"])
        #expect(snap.accounts.first?.accountID == Fixture.user1 * 10000 + 3)
        #expect(Set(snap.orders.map(\.order.clOrdID)) == ["open", "done"])
        #expect(snap.positions.count == 2)
        let inv = try #require(sim.privateSnapshot(user: Fixture.user1, kind: .inverse, now: t1))
        #expect(inv.accounts.map(\.currency) == ["BTC"] && inv.orders.isEmpty)
    }
}

@Suite struct RobustnessTests {
    @Test func absurdParametersDoNotTrap() throws {
        var cfg = SimulatorConfig(seed: 1)
        cfg.instruments = SimInstruments.defaults.map { inst in
            var i = inst
            i.market.volatilityPerSqrtSecond = .nan
            i.market.tradesPerSecond = .infinity
            i.market.halfSpreadTicks = Int.max
            i.market.churnPerStep = 50
            return i
        }
        cfg.bookDepth = 0
        var sim = try ExchangeSimulator(config: cfg, now: Fixture.t0)
        try sim.setFairPrice(symbol: "BTCUSDT", price: Price(raw: Int64.max), now: Fixture.t0)
        try sim.setFairPrice(symbol: "ETHUSDT", price: Price(raw: -5), now: Fixture.t0)
        try sim.setMarkPrice(symbol: "BTCUSD", price: Price(raw: Int64.min), now: Fixture.t0)
        var t = Fixture.t0
        for _ in 0..<20 {
            t = t + .millis(20)
            _ = sim.advance(to: t)
        }
        _ = sim.advance(to: Fixture.t0)  // time going backwards is ignored
        #expect(sim.bookSnapshot(symbol: "BTCUSDT") != nil)
        #expect(throws: SimReject.self) { try sim.setFairPrice(symbol: "NOPE", price: 1, now: t) }
        #expect(sim.placeOrder(user: 42, Fixture.limit("x", .buy, "1", "1"), now: t).rejectCode == 10500)
    }

    @Test func configErrors() {
        #expect(throws: SimConfigError.self) { try ExchangeSimulator(config: SimulatorConfig(instruments: []), now: .zero) }
        #expect(throws: SimConfigError.self) {
            try ExchangeSimulator(config: SimulatorConfig(instruments: [SimInstruments.btcusdt, SimInstruments.btcusdt]), now: .zero)
        }
        var cfg = SimulatorConfig()
        cfg.accounts = Fixture.accounts() + [Fixture.accounts()[0]]
        #expect(throws: SimConfigError.self) { try ExchangeSimulator(config: cfg, now: .zero) }
    }
}

@Suite struct BookDeltaSwitchTests {
    @Test func bookDeltasCanBeSwitchedOff() throws {
        var cfg = SimulatorConfig(seed: 2)
        cfg.emitBookDeltas = false
        var sim = try ExchangeSimulator(config: cfg, now: Fixture.t0)
        var t = Fixture.t0
        var books = 0
        for _ in 0..<100 {
            t = t + .millis(20)
            for e in sim.advance(to: t) { if case .book = e { books += 1 } }
        }
        #expect(books == 0)
        #expect(sim.bookSnapshot(symbol: "BTCUSDT", depth: 30)?.bids.count == 30)
    }
}
