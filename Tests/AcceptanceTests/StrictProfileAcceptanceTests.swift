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

    @Test func aggressiveQuotingUnderTheStrictProfileNeverTripsTheVenue() throws {
        let profile = RuleProfile.strict
        // The venue's cap sits just above the profile's per-symbol cap: one order too many and
        // the simulator answers 11032.
        let activeCap = profile.openOrders.perSymbol + 1
        let config = EngineConfig(
            botName: "acceptance", sessionTag: "a1", instruments: [SimInstruments.btcusdt.spec], rules: profile)
        let engine = Engine(config: config, strategy: try Self.aggressiveStrategy())
        var loop = VenueLoop(
            simulator: try Self.simulator(activeCap: activeCap), engine: engine, start: Self.start, step: .millis(20),
            quickAge: .millis(Int64(profile.ratios.quickCancelAgeMs)))
        loop.run(for: .seconds(12 * 60))

        let placed = loop.sent["place", default: 0]
        let summary =
            "sent \(loop.sent.sorted { $0.key < $1.key }) 429s \(loop.http429) rejects \(loop.rejectCodes) "
            + "resting \(loop.restingPlaced) quick \(loop.quickMutations) fills \(loop.fills) maxOpen \(loop.maxOpenOrders)"
        print("acceptance (strict profile, 12 virtual minutes): \(summary)")
        // The run did trade: enough orders for the ratio to mean something, and fills.
        #expect(placed >= 100, "\(summary)")
        #expect(loop.fills > 0, "\(summary)")
        #expect(loop.http429 == 0, "\(summary)")
        #expect(loop.rejectCodes[11032] == nil && loop.rejectCodes[11031] == nil, "\(summary)")
        #expect(loop.maxOpenOrders <= profile.openOrders.perSymbol, "\(summary)")
        #expect(loop.quickMutations * 100 < loop.restingPlaced * 5, "\(summary)")
    }
}
