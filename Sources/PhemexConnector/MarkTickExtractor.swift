import MarketCore
import PhemexWire

/// Turns the all-symbol ticker frames (`perp_market24h_pack_p.update` for USDT-M, `market24h`
/// for COIN-M) into `MarkPriceTick`s for the configured symbols (cold path, ~1 frame/s).
struct MarkTickExtractor: Sendable {
    /// Symbols to report; others are skipped.
    let linear: Set<Symbol>
    /// COIN-M symbols with their price scale.
    let inverse: [Symbol: Int]

    /// Mark ticks carried by `json` (empty for any other frame).
    func marks(from json: JSONValue, time: Timestamp) -> [MarkPriceTick] {
        if case .string(let m)? = json["method"], m == "perp_market24h_pack_p.update" {
            return pack(json, time: time)
        }
        if let row = json["market24h"] { return market24h(row, time: time) }
        return []
    }

    private func pack(_ json: JSONValue, time: Timestamp) -> [MarkPriceTick] {
        guard case .array(let fields)? = json["fields"], case .array(let rows)? = json["data"] else { return [] }
        var names: [String] = []
        for f in fields {
            guard case .string(let s) = f else { return [] }
            names.append(s)
        }
        func column(_ n: String) -> Int? { names.firstIndex(of: n) }
        guard let sym = column("symbol"), let mark = column("markRp") else { return [] }
        let index = column("indexRp"), funding = column("fundingRateRr")
        var out: [MarkPriceTick] = []
        for case .array(let row) in rows {
            guard sym < row.count, case .string(let name) = row[sym], linear.contains(Symbol(name)) else { continue }
            guard mark < row.count, let m = Self.decimal(row[mark]).map(Price.init(raw:)) else { continue }
            let ip = index.flatMap { $0 < row.count ? Self.decimal(row[$0]) : nil }.map(Price.init(raw:))
            let fr = funding.flatMap { $0 < row.count ? Self.decimal(row[$0]) : nil }.map(Money.init(raw:))
            out.append(MarkPriceTick(symbol: Symbol(name), markPrice: m, indexPrice: ip, fundingRate: fr, time: time))
        }
        return out
    }

    private func market24h(_ row: JSONValue, time: Timestamp) -> [MarkPriceTick] {
        guard case .string(let name)? = row["symbol"], let scale = inverse[Symbol(name)] else { return [] }
        guard let mEp = Self.integer(row["markPrice"]), let m = try? Price(scaled: mEp, scale: scale) else { return [] }
        let ip = Self.integer(row["indexPrice"]).flatMap { try? Price(scaled: $0, scale: scale) }
        let fr = Self.integer(row["fundingRate"]).flatMap { try? Money(scaled: $0, scale: 8) }
        return [MarkPriceTick(symbol: Symbol(name), markPrice: m, indexPrice: ip, fundingRate: fr, time: time)]
    }

    /// A decimal string or number → raw 10⁻⁹ units.
    static func decimal(_ v: JSONValue?) -> Int64? {
        switch v {
        case .string(let s)?, .number(let s)?: return (try? Price(parsing: s))?.raw
        default: return nil
        }
    }

    static func integer(_ v: JSONValue?) -> Int64? {
        switch v {
        case .number(let s)?, .string(let s)?: return Int64(s)
        default: return nil
        }
    }
}
