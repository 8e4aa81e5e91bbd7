import MarketCore

/// A `JSONObject` that writes amounts in the number schema of one contract family
/// (PROTOCOL.md pitfall 1): USDT-M decimal strings under `…Rv`/`…Rp`/`…Rr` keys, COIN-M scaled
/// integers under `…Ev`/`…Ep`/`…Er` keys and integer contract counts. One encoder per message
/// then serves both families, with `linear` branches only for keys one family lacks.
struct FamilyJSON {
    var j: JSONObject
    /// The instrument (or settle-currency) spec that gives `priceScale` and `valueScale`.
    let spec: InstrumentSpec
    let linear: Bool

    /// `kind` overrides the family of `spec` (accounts are encoded with a spec of their currency).
    init(_ spec: InstrumentSpec, kind: ContractKind? = nil, capacity: Int = 1024) {
        j = JSONObject(capacity: capacity)
        self.spec = spec
        linear = (kind ?? spec.kind) == .linear
    }

    /// `<base>Rv` "1.5" or `<base>Ev` 150000000.
    mutating func value(_ base: String, _ m: Money) {
        if linear { j.decimal(base + "Rv", m) } else { j.int(base + "Ev", WireEncoding.ev(m, spec)) }
    }
    /// `<base>Rp` "65000.5" or `<base>Ep` 650005000.
    mutating func price(_ base: String, _ p: Price) {
        if linear { j.decimal(base + "Rp", p) } else { j.int(base + "Ep", WireEncoding.ep(p, spec)) }
    }
    /// `<base>Rr` "0.0001" or `<base>Er` 10000.
    mutating func ratio(_ base: String, _ r: Money) {
        if linear { j.decimal(base + "Rr", r) } else { j.int(base + "Er", WireEncoding.er(r)) }
    }
    /// A quantity under an unsuffixed key: "0.01" (base coin) or 100 (contracts).
    mutating func qty(_ key: String, _ q: Quantity) {
        if linear { j.decimal(key, q) } else { j.int(key, WireEncoding.contracts(q)) }
    }
    /// `<base>Rq` "0.01" or `<base>` 100 (the REST order quantity keys).
    mutating func qtyRq(_ base: String, _ q: Quantity) {
        if linear { j.decimal(base + "Rq", q) } else { j.int(base, WireEncoding.contracts(q)) }
    }
    /// COIN-M only: the unscaled duplicate of a scaled field (`price`, `leavesValue`, …).
    mutating func inversePlain<N: FixedPointNumber>(_ k: String, _ v: N) {
        if !linear { j.raw(k, WireEncoding.plainNumber(v)) }
    }
    mutating func string(_ k: String, _ v: String) { j.string(k, v) }
    mutating func int(_ k: String, _ v: Int64) { j.int(k, v) }
    mutating func int(_ k: String, _ v: Int) { j.int(k, v) }
    mutating func bool(_ k: String, _ v: Bool) { j.bool(k, v) }
    mutating func decimal<N: FixedPointNumber>(_ k: String, _ v: N) { j.decimal(k, v) }

    var finished: String { j.finished }
}
