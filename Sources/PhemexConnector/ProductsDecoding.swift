import MarketCore
import PhemexWire

/// `/public/products` → instruments (PROTOCOL.md §5.1, §5.2): `perpProductsV2[]` rows are
/// USDT-M/USDC-M linear contracts (decimal strings), `products[]` rows with
/// `type: "Perpetual"` are COIN-M inverse contracts (`Ep` bounds, `priceScale`, settle
/// currency `valueScale` from `currencies[]`). Delisted rows and rows that fail validation are
/// skipped.
enum ProductsDecoding {
    static func instruments(_ data: JSONValue?) -> (specs: [InstrumentSpec], scales: InverseScales) {
        guard let d = JSONRow(data) else { return ([], InverseScales()) }
        var scales = InverseScales()
        for c in d.rows("currencies") {
            if let cur = c.string("currency"), let vs = c.int("valueScale") { scales.valueScale[cur] = Int(vs) }
        }
        var out: [InstrumentSpec] = []
        for r in d.rows("perpProductsV2") where listed(r) {
            guard let sym = r.string("symbol"), let tick = r.decimal(["tickSize"]), let step = r.decimal(["qtyStepSize"])
            else { continue }
            let spec = try? InstrumentSpec(
                symbol: Symbol(sym), kind: .linear, tickSize: Price(raw: tick), quantityStep: Quantity(raw: step),
                minOrderValue: Money(raw: r.decimal(["minOrderValueRv"]) ?? 0),
                maxOrderQuantity: Quantity(raw: r.decimal(["maxOrderQtyRq"]) ?? Int64.max / 4),
                minPrice: Price(raw: r.decimal(["minPriceRp"]) ?? tick),
                maxPrice: Price(raw: r.decimal(["maxPriceRp"]) ?? Int64.max / 4),
                settleCurrency: r.string("settleCurrency") ?? "USDT", quoteCurrency: r.string("quoteCurrency") ?? "USDT",
                baseCurrency: r.string("baseCurrency") ?? r.string("contractUnderlyingAssets") ?? "")
            if let spec { out.append(spec) }
        }
        for r in d.rows("products") where listed(r) && r.string("type") == "Perpetual" {
            guard let sym = r.string("symbol"), let tick = r.decimal(["tickSize"]), let ps = r.int("priceScale") else {
                continue
            }
            let symbol = Symbol(sym)
            let settle = r.string("settleCurrency") ?? "BTC"
            scales.priceScale[symbol] = Int(ps)
            scales.settle[symbol] = settle
            let lot = r.int("lotSize") ?? 1
            let spec = try? InstrumentSpec(
                symbol: symbol, kind: .inverse, tickSize: Price(raw: tick), quantityStep: Quantity(units: lot) ?? Quantity(raw: FixedPointScale.factor),
                minOrderValue: .zero, maxOrderQuantity: Quantity(units: r.int("maxOrderQty") ?? 1_000_000) ?? Quantity(raw: FixedPointScale.factor),
                minPrice: Price(raw: r.scaled(["minPriceEp"], scale: Int(ps)) ?? tick),
                maxPrice: Price(raw: r.scaled(["maxPriceEp"], scale: Int(ps)) ?? Int64.max / 4),
                contractSize: Quantity(raw: r.decimal(["contractSize"]) ?? FixedPointScale.factor),
                priceScale: Int(ps), valueScale: scales.value(currency: settle), settleCurrency: settle,
                quoteCurrency: r.string("quoteCurrency") ?? "USD", baseCurrency: r.string("contractUnderlyingAssets") ?? "USD")
            if let spec { out.append(spec) }
        }
        return (out.sorted { $0.symbol < $1.symbol }, scales)
    }

    private static func listed(_ r: JSONRow) -> Bool {
        let s = r.string("status") ?? "Listed"
        return s != "Delisted" && s != "BeingSettled"
    }
}
