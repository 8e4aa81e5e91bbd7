import MarketCore

/// The simulator's standard instruments (HELPERS.md): BTCUSDT and ETHUSDT linear, BTCUSD inverse.
public enum SimInstruments {
    /// BTCUSDT: tick 0.1, step 0.001, min value 1 USDT, max qty 100000, bounds 0.1…2000000.
    public static let btcusdt: SimInstrument = make(
        symbol: "BTCUSDT", kind: .linear, tick: "0.1", step: "0.001", minValue: "1", maxQty: "100000",
        minPrice: "0.1", maxPrice: "2000000", priceScale: 0, valueScale: 0, settle: "USDT", quote: "USDT",
        base: "BTC", start: "65000", levelSize: "0.5", tradeSize: "0.05", code: 41541)

    /// ETHUSDT: tick 0.01, step 0.01, min value 1 USDT, max qty 100000, bounds 0.01…200000.
    public static let ethusdt: SimInstrument = make(
        symbol: "ETHUSDT", kind: .linear, tick: "0.01", step: "0.01", minValue: "1", maxQty: "100000",
        minPrice: "0.01", maxPrice: "200000", priceScale: 0, valueScale: 0, settle: "USDT", quote: "USDT",
        base: "ETH", start: "3000", levelSize: "8", tradeSize: "0.8", code: 41641)

    /// BTCUSD inverse: tick 0.5, 1 contract = 1 USD, priceScale 4, settle BTC valueScale 8,
    /// max qty 1000000, bounds 0.5…2000000.
    public static let btcusd: SimInstrument = make(
        symbol: "BTCUSD", kind: .inverse, tick: "0.5", step: "1", minValue: "0", maxQty: "1000000",
        minPrice: "0.5", maxPrice: "2000000", priceScale: 4, valueScale: 8, settle: "BTC", quote: "USD",
        base: "BTC", start: "65000", levelSize: "20000", tradeSize: "2000", code: 1)

    /// All three, in a fixed order.
    public static let defaults: [SimInstrument] = [btcusdt, ethusdt, btcusd]

    /// The default instrument named `symbol`, if any.
    public static func named(_ symbol: Symbol) -> SimInstrument? {
        defaults.first { $0.symbol == symbol }
    }

    private static func make(
        symbol: String, kind: ContractKind, tick: String, step: String, minValue: String, maxQty: String,
        minPrice: String, maxPrice: String, priceScale: Int, valueScale: Int, settle: String, quote: String,
        base: String, start: String, levelSize: String, tradeSize: String, code: Int
    ) -> SimInstrument {
        // Literal constants above are valid; the fallbacks only keep this total.
        let spec =
            (try? InstrumentSpec(
                symbol: Symbol(symbol), kind: kind, tickSize: Price(tick) ?? Price(raw: 1),
                quantityStep: Quantity(step) ?? Quantity(raw: 1), minOrderValue: Money(minValue) ?? .zero,
                maxOrderQuantity: Quantity(maxQty) ?? Quantity(raw: 1), minPrice: Price(minPrice) ?? .zero,
                maxPrice: Price(maxPrice) ?? Price(raw: 2), priceScale: priceScale, valueScale: valueScale,
                settleCurrency: settle, quoteCurrency: quote, baseCurrency: base))
            ?? fallbackSpec(symbol)
        let market = SimMarketParams(
            startPrice: Price(start) ?? 1, meanLevelSize: Quantity(levelSize) ?? 1,
            meanTradeSize: Quantity(tradeSize) ?? 1)
        return SimInstrument(spec: spec, market: market, productCode: code)
    }

    private static func fallbackSpec(_ symbol: String) -> InstrumentSpec {
        // Unreachable with the constants above (not an input path).
        do {
            return try InstrumentSpec(
                symbol: Symbol(symbol), kind: .linear, tickSize: 1, quantityStep: 1, minOrderValue: 0,
                maxOrderQuantity: 1, minPrice: 0, maxPrice: 2, settleCurrency: "USDT", quoteCurrency: "USDT",
                baseCurrency: "X")
        } catch {
            preconditionFailure("static instrument spec invalid")
        }
    }
}
