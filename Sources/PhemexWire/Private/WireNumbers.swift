import MarketCore

/// Reads Phemex amounts from one JSON row in either numeric schema.
///
/// Linear (USDT-M): decimal strings with `Rp`/`Rq`/`Rv`/`Rr` suffixes (quantities also
/// unsuffixed on `aop_p`). Inverse (COIN-M): `Ep` (price scale), `Ev` (value scale), `Er`
/// (ratio scale 8) integers and integer contract counts.
struct WireNumbers {
    let f: JSONFields
    let kind: ContractKind
    let priceScale: Int
    let valueScale: Int

    init(_ f: JSONFields, kind: ContractKind, priceScale: Int = 0, valueScale: Int = 0) {
        self.f = f
        self.kind = kind
        self.priceScale = priceScale
        self.valueScale = valueScale
    }

    private func first(_ keys: [String]) -> String? { keys.first { f.has($0) } }

    /// A price `<base>Rp` / `<base>Ep`, nil when absent.
    func price(_ base: String) throws(PhemexWireError) -> Price? {
        switch kind {
        case .linear: return try f.optionalDecimal(base + "Rp", as: Price.self)
        case .inverse: return try f.optionalScaled(base + "Ep", scale: priceScale, as: Price.self)
        }
    }

    /// A quantity under any of `names` (linear: also `<name>Rq`; inverse: integer contracts).
    func quantity(_ names: String...) throws(PhemexWireError) -> Quantity? {
        switch kind {
        case .linear:
            guard let k = first(names.flatMap { [$0, $0 + "Rq"] }) else { return nil }
            return try f.decimal(k, as: Quantity.self)
        case .inverse:
            guard let k = first(names) else { return nil }
            return try f.scaled(k, scale: 0, as: Quantity.self)
        }
    }

    /// A value `<base>Rv` / `<base>Ev`, nil when absent (several spellings allowed).
    func value(_ bases: String...) throws(PhemexWireError) -> Money? {
        switch kind {
        case .linear:
            guard let k = first(bases.map { $0 + "Rv" }) else { return nil }
            return try f.decimal(k, as: Money.self)
        case .inverse:
            guard let k = first(bases.map { $0 + "Ev" }) else { return nil }
            return try f.scaled(k, scale: valueScale, as: Money.self)
        }
    }

    /// A ratio `<base>Rr` / `<base>Er` (scale 8), nil when absent.
    func ratio(_ base: String) throws(PhemexWireError) -> Money? {
        switch kind {
        case .linear: return try f.optionalDecimal(base + "Rr", as: Money.self)
        case .inverse: return try f.optionalScaled(base + "Er", scale: InstrumentCatalog.ratioScale, as: Money.self)
        }
    }
}
