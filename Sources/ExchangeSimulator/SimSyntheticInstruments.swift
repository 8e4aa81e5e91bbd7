import MarketCore

extension SimInstruments {
    /// A synthetic USDT-margined linear contract for any other `<BASE>USDT` name (BASE: 2–12
    /// upper-case letters or digits), so multi-symbol set-ups (20 symbols, say) can run on the
    /// simulator: ETHUSDT's rules (tick 0.01, step 0.01, min value 1 USDT, max qty 100000,
    /// bounds 0.01…200000) and a start price between 10 and 1000 derived from the name, so
    /// the same name always gives the same market. Nil for any other name.
    public static func synthetic(_ symbol: Symbol) -> SimInstrument? {
        let name = symbol.name
        guard name.hasSuffix("USDT"), named(symbol) == nil else { return nil }
        let base = name.dropLast(4)
        guard (2...12).contains(base.count),
            base.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) })
        else { return nil }
        // FNV-1a of the name: a stable start price and product code per symbol.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        var instrument = ethusdt
        do {
            instrument.spec = try InstrumentSpec(
                symbol: symbol, kind: .linear, tickSize: ethusdt.spec.tickSize, quantityStep: ethusdt.spec.quantityStep,
                minOrderValue: ethusdt.spec.minOrderValue, maxOrderQuantity: ethusdt.spec.maxOrderQuantity,
                minPrice: ethusdt.spec.minPrice, maxPrice: ethusdt.spec.maxPrice, settleCurrency: "USDT",
                quoteCurrency: "USDT", baseCurrency: String(base))
        } catch {
            return nil
        }
        instrument.market.startPrice = Price(units: Int64(10 + hash % 991)) ?? ethusdt.market.startPrice
        instrument.productCode = 100_000 + Int(hash % 800_000)
        return instrument
    }
}
