import MarketCore

/// One perpetual product from `/public/products`: the validated `InstrumentSpec` plus the
/// reference-data fields the connector needs (tick symbols for `tick_p`/`tick`, status).
public struct PhemexProduct: Sendable, Hashable {
    public var spec: InstrumentSpec
    /// `Listed`, `Delisted`, `BeingSettled` …
    public var status: String
    public var indexSymbol: String?
    public var markSymbol: String?
    public var fundingRateSymbol: String?
    public var fundingRate8hSymbol: String?
    public var maxLeverage: Int?
    /// Funding interval in seconds (USDT-M rows).
    public var fundingIntervalSeconds: Int?
}

/// The decoded `/public/products` reply.
public struct ProductsReply: Sendable, Hashable {
    /// USDT-M (`perpProductsV2`) then COIN-M (`products` with `type: Perpetual`), each sorted by symbol.
    public var products: [PhemexProduct]
    /// `currencies[]` value scales, sorted by currency.
    public var currencyValueScales: [CurrencyScale]
    /// Rows that could not become a valid `InstrumentSpec` (kept out of `products`).
    public var skipped: [PhemexWireError]

    /// A currency and its `valueScale`.
    public struct CurrencyScale: Sendable, Hashable {
        public var currency: String
        public var valueScale: Int
    }

    /// A decoder catalog over these products and currency scales.
    public var catalog: InstrumentCatalog {
        var scales: [String: Int] = [:]
        for c in currencyValueScales { scales[c.currency] = c.valueScale }
        return InstrumentCatalog(instruments: products.map(\.spec), currencyValueScales: scales)
    }

    /// The product of `symbol`, if present.
    public func product(_ symbol: Symbol) -> PhemexProduct? { products.first { $0.spec.symbol == symbol } }
}

/// Decodes `GET /public/products` into instruments (PROTOCOL §5.1 reference data, §5.2).
public enum ProductsDecoder {
    /// `listedOnly` drops rows whose `status` is not `Listed`.
    public static func decode(_ body: some Collection<UInt8>, listedOnly: Bool = true) throws(PhemexWireError)
        -> ProductsReply
    {
        let data = try JSONFields(try RestEnvelope.decode(body).successData(), context: "data")
        var scales: [String: Int] = [:]
        var scaleList: [ProductsReply.CurrencyScale] = []
        for (i, c) in try data.arrayOrEmpty("currencies").enumerated() {
            let cf = try JSONFields(c, context: "data.currencies[\(i)]")
            let cur = try cf.string("currency")
            let vs = try cf.int("valueScale")
            scales[cur] = vs
            scaleList.append(.init(currency: cur, valueScale: vs))
        }
        scaleList.sort { $0.currency < $1.currency }
        var linear: [PhemexProduct] = []
        var inverse: [PhemexProduct] = []
        var skipped: [PhemexWireError] = []
        for (i, row) in try data.arrayOrEmpty("perpProductsV2").enumerated() {
            do {
                let p = try linearProduct(row, context: "data.perpProductsV2[\(i)]")
                if !listedOnly || p.status == "Listed" { linear.append(p) }
            } catch { skipped.append(error) }
        }
        for (i, row) in try data.arrayOrEmpty("products").enumerated() {
            guard case .string("Perpetual")? = row["type"] else { continue }
            do {
                let p = try inverseProduct(row, context: "data.products[\(i)]", scales: scales)
                if !listedOnly || p.status == "Listed" { inverse.append(p) }
            } catch { skipped.append(error) }
        }
        linear.sort { $0.spec.symbol < $1.spec.symbol }
        inverse.sort { $0.spec.symbol < $1.spec.symbol }
        return ProductsReply(products: linear + inverse, currencyValueScales: scaleList, skipped: skipped)
    }

    static func linearProduct(_ row: JSONValue, context: String) throws(PhemexWireError) -> PhemexProduct {
        let f = try JSONFields(row, context: context)
        let symbol = try f.string("symbol")
        let spec: InstrumentSpec
        do {
            spec = try InstrumentSpec(
                symbol: Symbol(symbol), kind: .linear, tickSize: try f.decimal("tickSize"),
                quantityStep: try f.decimal("qtyStepSize"), minOrderValue: try f.optionalDecimal("minOrderValueRv") ?? .zero,
                maxOrderQuantity: try f.decimal("maxOrderQtyRq"), minPrice: try f.decimal("minPriceRp"),
                maxPrice: try f.decimal("maxPriceRp"), settleCurrency: try f.string("settleCurrency"),
                quoteCurrency: try f.optionalString("quoteCurrency") ?? "",
                baseCurrency: try f.optionalString(anyOf: ["baseCurrency", "contractUnderlyingAssets"]) ?? "")
        } catch let e as InstrumentError {
            throw .invalidValue(field: context, value: "\(symbol): \(e)")
        } catch let e as PhemexWireError {
            throw e
        } catch {
            throw .invalidValue(field: context, value: symbol)
        }
        return try product(spec, f)
    }

    static func inverseProduct(_ row: JSONValue, context: String, scales: [String: Int]) throws(PhemexWireError)
        -> PhemexProduct
    {
        let f = try JSONFields(row, context: context)
        let symbol = try f.string("symbol")
        let settle = try f.string("settleCurrency")
        let priceScale = try f.int("priceScale")
        guard let valueScale = scales[settle] else { throw .unknownInstrument(settle) }
        var contractSize = Quantity(raw: FixedPointScale.factor)
        if let cs = f.value("contractSize") {
            if case .string(let s) = cs {
                // Legacy form "1 USD": the leading number.
                let head = s.split(separator: " ").first.map(String.init) ?? s
                do { contractSize = try Quantity(parsing: head) } catch {
                    throw .invalidNumber(field: context + ".contractSize", text: s)
                }
            } else {
                contractSize = try JSONNumbers.decimal(cs, field: context + ".contractSize")
            }
        }
        let spec: InstrumentSpec
        do {
            spec = try InstrumentSpec(
                symbol: Symbol(symbol), kind: .inverse, tickSize: try f.decimal("tickSize"),
                quantityStep: try f.optionalDecimal("lotSize") ?? Quantity(raw: FixedPointScale.factor),
                minOrderValue: .zero, maxOrderQuantity: try f.decimal("maxOrderQty"),
                minPrice: try f.scaled("minPriceEp", scale: priceScale), maxPrice: try f.scaled("maxPriceEp", scale: priceScale),
                contractSize: contractSize, priceScale: priceScale, valueScale: valueScale, settleCurrency: settle,
                quoteCurrency: try f.optionalString("quoteCurrency") ?? "USD", baseCurrency: settle)
        } catch let e as InstrumentError {
            throw .invalidValue(field: context, value: "\(symbol): \(e)")
        } catch let e as PhemexWireError {
            throw e
        } catch {
            throw .invalidValue(field: context, value: symbol)
        }
        return try product(spec, f)
    }

    private static func product(_ spec: InstrumentSpec, _ f: JSONFields) throws(PhemexWireError) -> PhemexProduct {
        var maxLev: Int?
        if let v = f.value("maxLeverage"), case .number(let t) = v { maxLev = JSONNumbers.parseInt64(t).flatMap { Int(exactly: $0) } }
        return PhemexProduct(
            spec: spec, status: try f.optionalString("status") ?? "Listed", indexSymbol: try f.optionalString("indexSymbol"),
            markSymbol: try f.optionalString("markSymbol"), fundingRateSymbol: try f.optionalString("fundingRateSymbol"),
            fundingRate8hSymbol: try f.optionalString("fundingRate8hSymbol"), maxLeverage: maxLev,
            fundingIntervalSeconds: try f.optionalInt("fundingInterval"))
    }
}
