import ExchangeSimulator
import MarketCore
import OrderTracking
import Strategies
import Testing
import TradingEngine

/// Issue 5's acceptance run: an aggressive `pure_market_making` configuration under the
/// `strict` rule profile against the simulator's matching engine and rate-limit model, for 12
/// minutes of virtual time (longer than the 10-minute ratio windows). The exchange must see zero
/// 429s, zero open-order-cap rejects and a quick-cancel share (cancels and amends of orders
/// younger than 5 s, per resting order placed) below 5 %.
@Suite struct StrictProfileAcceptanceTests {
    static let start = Timestamp.seconds(1_760_000_000)

    /// Quotes 5 levels a side, 0.5 bp from the mid, re-quoting every second with no tolerance:
    /// left alone it would cancel and replace almost every quote within a second.
    static func aggressiveStrategy() throws -> PureMarketMakingStrategy {
        var c = PureMarketMakingConfig(
            symbol: "BTCUSDT", bidSpread: try Fraction(percentText: "0.005"), askSpread: try Fraction(percentText: "0.005"),
            orderAmount: Quantity("0.002")!)
        c.orderLevels = 5
        c.orderLevelSpread = try Fraction(percentText: "0.002")
        c.orderRefreshTime = .seconds(1)
        c.orderRefreshTolerancePct = .zero
        c.maxOrderAge = .seconds(10)
        c.filledOrderDelay = .zero
        c.inventorySkewEnabled = true
        return PureMarketMakingStrategy(config: c)
    }

    static func simulator(activeCap: Int) throws -> ExchangeSimulator {
        var cfg = SimulatorConfig(seed: 20_261_121)
        cfg.instruments = [SimInstruments.btcusdt]
        cfg.maxActiveOrdersPerSymbol = activeCap
        cfg.accounts = [
            SimAccountConfig(
                apiKey: "acceptance", apiSecret: "acceptance-secret", userID: VenueLoop.user,
                balances: [SimBalance(currency: "USDT", amount: 100_000)])
        ]
        return try ExchangeSimulator(config: cfg, now: start)
    }

    /// What the 12-minute run observed, handed back from its own thread.
    struct RunSummary: Sendable {
        var placed = 0
        var fills = 0
        var http429 = 0
        var capRejects = 0
        var maxOpenOrders = 0
        var quickMutations = 0
        var restingPlaced = 0
        var text = ""
    }

    /// Runs the 12 virtual minutes and sums up what the venue saw.
    static func run(profile: RuleProfile) async throws -> RunSummary {
        // The venue's cap sits just above the profile's per-symbol cap: one order too many and
        // the simulator answers 11032.
        let activeCap = profile.openOrders.perSymbol + 1
        let config = EngineConfig(
            botName: "acceptance", sessionTag: "a1", instruments: [SimInstruments.btcusdt.spec], rules: profile)
        let engine = Engine(config: config, strategy: try aggressiveStrategy())
        var loop = VenueLoop(
            simulator: try simulator(activeCap: activeCap), engine: engine, start: start, step: .millis(20),
            quickAge: .millis(Int64(profile.ratios.quickCancelAgeMs)))
        await loop.run(for: .seconds(12 * 60))
        var r = RunSummary()
        r.placed = loop.sent["place", default: 0]
        r.fills = loop.fills
        r.http429 = loop.http429
        r.capRejects = loop.rejectCodes[11032, default: 0] + loop.rejectCodes[11031, default: 0]
        r.maxOpenOrders = loop.maxOpenOrders
        r.quickMutations = loop.quickMutations
        r.restingPlaced = loop.restingPlaced
        r.text =
            "sent \(loop.sent.sorted { $0.key < $1.key }) 429s \(loop.http429) rejects \(loop.rejectCodes.sorted { $0.key < $1.key }) "
            + "resting \(loop.restingPlaced) quick \(loop.quickMutations) fills \(loop.fills) maxOpen \(loop.maxOpenOrders)"
        return r
    }

    @Test func aggressiveQuotingUnderTheStrictProfileNeverTripsTheVenue() async throws {
        let profile = RuleProfile.strict
        let r = try await Self.run(profile: profile)
        print("acceptance (strict profile, 12 virtual minutes): \(r.text)")
        // The run did trade: enough orders for the ratio to mean something, and fills.
        #expect(r.placed >= 100, "\(r.text)")
        #expect(r.fills > 0, "\(r.text)")
        #expect(r.http429 == 0, "\(r.text)")
        #expect(r.capRejects == 0, "\(r.text)")
        #expect(r.maxOpenOrders <= profile.openOrders.perSymbol, "\(r.text)")
        #expect(r.quickMutations * 100 < r.restingPlaced * 5, "\(r.text)")
    }
}
