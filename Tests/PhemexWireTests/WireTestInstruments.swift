import MarketCore
import PhemexWire

/// Simulator instruments (HELPERS.md) for the wire tests.
enum WireTestInstruments {
    static let btcusdt = try! InstrumentSpec(
        symbol: "BTCUSDT", kind: .linear, tickSize: Price(parsing: "0.1"), quantityStep: Quantity(parsing: "0.001"),
        minOrderValue: 1, maxOrderQuantity: 100000, minPrice: Price(parsing: "0.1"), maxPrice: 2_000_000,
        settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "BTC")
    static let btcusd = try! InstrumentSpec(
        symbol: "BTCUSD", kind: .inverse, tickSize: Price(parsing: "0.5"), quantityStep: 1, minOrderValue: 0,
        maxOrderQuantity: 1_000_000, minPrice: Price(parsing: "0.5"), maxPrice: 2_000_000, contractSize: 1,
        priceScale: 4, valueScale: 8, settleCurrency: "BTC", quoteCurrency: "USD", baseCurrency: "BTC")
    static let catalog = InstrumentCatalog(instruments: [btcusdt, btcusd])
}

func dec(_ s: String) -> Price { (try? Price(parsing: s)) ?? Price(raw: Int64.min) }
func qty(_ s: String) -> Quantity { (try? Quantity(parsing: s)) ?? Quantity(raw: Int64.min) }
func money(_ s: String) -> Money { (try? Money(parsing: s)) ?? Money(raw: Int64.min) }
