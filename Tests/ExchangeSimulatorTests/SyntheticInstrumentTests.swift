import MarketCore
import Testing
@testable import ExchangeSimulator

/// Synthetic `<BASE>USDT` instruments for multi-symbol runs.
@Suite struct SyntheticInstrumentTests {
    @Test func anyOtherUSDTNameGetsAStableLinearContract() throws {
        let a = try #require(SimInstruments.synthetic(Symbol("ALT07USDT")))
        let again = try #require(SimInstruments.synthetic(Symbol("ALT07USDT")))
        let b = try #require(SimInstruments.synthetic(Symbol("ALT08USDT")))
        #expect(a == again)
        #expect(a.spec.symbol == Symbol("ALT07USDT"))
        #expect(a.spec.kind == .linear)
        #expect(a.spec.tickSize == SimInstruments.ethusdt.spec.tickSize)
        #expect(a.spec.baseCurrency == "ALT07")
        #expect(a.market.startPrice >= Price(units: 10)! && a.market.startPrice <= Price(units: 1000)!)
        #expect(a.productCode != b.productCode)
        // The simulator runs a market on it.
        var cfg = SimulatorConfig(instruments: [a, b])
        cfg.seed = 3
        _ = try ExchangeSimulator(config: cfg, now: .zero)
    }

    @Test(arguments: ["BTCUSDT", "BTCUSD", "X", "USDT", "aUSDT", "ABCDEFGHIJKLMUSDT", "AB-CUSDT", "ETHUSD"])
    func otherNamesAreNotSynthetic(name: String) {
        #expect(SimInstruments.synthetic(Symbol(name)) == nil)
    }
}
