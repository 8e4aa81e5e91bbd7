import MarketCore

/// Instruments and currency scales known to the decoders.
///
/// COIN-M messages carry scaled integers: prices need the symbol's `priceScale`, values the
/// settle currency's `valueScale`, ratios the fixed ratio scale 8. USDT-M decoders do not need
/// a catalog. Build one from `/public/products` (`ProductsDecoder`) or from configured specs.
public struct InstrumentCatalog: Sendable, Hashable {
    /// Phemex ratio scale for `Er` fields.
    public static let ratioScale = 8

    private var bySymbol: [Symbol: InstrumentSpec]
    /// Specs sorted by symbol (deterministic fallbacks).
    public private(set) var instruments: [InstrumentSpec]
    private var currencyScales: [String: Int]

    /// `currencyValueScales` (from `/public/products` `currencies[]`) wins over scales derived
    /// from instruments' settle currencies.
    public init(instruments: [InstrumentSpec] = [], currencyValueScales: [String: Int] = [:]) {
        self.instruments = instruments.sorted { $0.symbol < $1.symbol }
        var m: [Symbol: InstrumentSpec] = [:]
        for i in self.instruments { m[i.symbol] = i }
        self.bySymbol = m
        self.currencyScales = currencyValueScales
    }

    /// The spec of `symbol`, if known.
    public func instrument(_ symbol: Symbol) -> InstrumentSpec? { bySymbol[symbol] }

    /// COIN-M price scale of `symbol`.
    public func priceScale(for symbol: Symbol) throws(PhemexWireError) -> Int {
        guard let i = bySymbol[symbol] else { throw .unknownInstrument(symbol.name) }
        return i.priceScale
    }

    /// Value scale of `currency` (explicit table first, then an instrument settling in it).
    public func valueScale(forCurrency currency: String) throws(PhemexWireError) -> Int {
        if let s = currencyScales[currency] { return s }
        if let i = instruments.first(where: { $0.settleCurrency == currency }) { return i.valueScale }
        throw .unknownInstrument(currency)
    }

    /// Value scale of the settle currency of `symbol`.
    public func valueScale(for symbol: Symbol) throws(PhemexWireError) -> Int {
        guard let i = bySymbol[symbol] else { throw .unknownInstrument(symbol.name) }
        if let s = currencyScales[i.settleCurrency] { return s }
        return i.valueScale
    }
}
