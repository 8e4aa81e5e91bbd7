import MarketCore
import Testing

@testable import OrderTracking

/// R20 max loss with instruments settling in different currencies: each wallet is compared with
/// its own start, and a COIN-M loss is valued in USD at the contract's price.
@Suite struct SettleCurrencyKillSwitchTests {
    static let btcusd: InstrumentSpec = {
        do {
            return try InstrumentSpec(
                symbol: "BTCUSD", kind: .inverse, tickSize: Price(raw: 500_000_000), quantityStep: Quantity(raw: 1_000_000_000),
                minOrderValue: .zero, maxOrderQuantity: 1_000_000, minPrice: Price(raw: 500_000_000), maxPrice: 2_000_000,
                contractSize: Quantity(raw: 1_000_000_000), priceScale: 4, valueScale: 8, settleCurrency: "BTC",
                quoteCurrency: "USD", baseCurrency: "BTC")
        } catch { preconditionFailure("fixture") }
    }()

    static func tracker() -> OrderTracker {
        var rules = RuleProfile.standard
        rules.kill.maxLossUsd = 1000
        return OrderTracker(
            config: TrackerConfig(seed: 7), rules: rules, instruments: [Fx.btc, btcusd], sessionPrefix: "mmK1", nextCounter: 1)
    }

    static func coin(equity: Money, mark: String = "65000") -> MarketSnapshot {
        MarketSnapshot(symbol: "BTCUSD", bestBid: Fx.p("64999.5"), bestAsk: Fx.p("65000.5"), markPrice: Fx.p(mark), equity: equity)
    }

    @Test func walletsInDifferentCurrenciesDoNotTripEachOther() {
        var tr = Self.tracker()
        _ = tr.observe(market: Fx.market(equity: 10_000), now: Fx.t(0))  // USDT wallet
        _ = tr.observe(market: Self.coin(equity: 1), now: Fx.t(1))  // BTC wallet
        _ = tr.observe(market: Fx.market(equity: 10_000), now: Fx.t(2))
        #expect(tr.tradingState == .active)
        let snap = tr.snapshot()
        #expect(snap.startEquities == [SettleEquity(currency: "BTC", equity: 1), SettleEquity(currency: "USDT", equity: 10_000)])
    }

    @Test func coinMarginedLossIsValuedInUSD() {
        var tr = Self.tracker()
        _ = tr.observe(market: Fx.market(equity: 10_000), now: Fx.t(0))
        _ = tr.observe(market: Self.coin(equity: 1), now: Fx.t(1))
        // 0.015 BTC × 65000 = 975 USD: within the 1000 USD budget.
        _ = tr.observe(market: Self.coin(equity: Money(raw: 985_000_000)), now: Fx.t(2))
        #expect(tr.tradingState == .active)
        // 0.016 BTC × 65000 = 1040 USD: beyond it.
        _ = tr.observe(market: Self.coin(equity: Money(raw: 984_000_000)), now: Fx.t(3))
        #expect(tr.tradingState == .halted)
    }

    @Test func startEquitiesSurviveARestart() {
        var tr = Self.tracker()
        _ = tr.observe(market: Fx.market(equity: 10_000), now: Fx.t(0))
        _ = tr.observe(market: Self.coin(equity: 1), now: Fx.t(1))
        var resumed = OrderTracker(
            snapshot: tr.snapshot(), config: TrackerConfig(seed: 7), rules: tr.rules, instruments: [Fx.btc, Self.btcusd])
        // The restarted bot still measures from the session start, not from the resume.
        _ = resumed.observe(market: Fx.market(equity: 8_900), now: Fx.t(5))
        #expect(resumed.tradingState == .halted)
    }
}
