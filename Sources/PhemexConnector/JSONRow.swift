import MarketCore
import PhemexWire

/// Lenient typed access to one JSON object of a REST or private-stream reply (cold path).
/// Decimal fields become raw 10⁻⁹ integers without passing through `Double`.
struct JSONRow {
    let json: JSONValue

    init?(_ json: JSONValue?) {
        guard let json, case .object = json else { return nil }
        self.json = json
    }

    func string(_ key: String) -> String? {
        switch json[key] {
        case .string(let s)?: return s
        case .number(let s)?: return s
        default: return nil
        }
    }

    /// The first present key among `keys`.
    func string(_ keys: [String]) -> String? {
        for k in keys { if let v = string(k) { return v } }
        return nil
    }

    func int(_ key: String) -> Int64? {
        switch json[key] {
        case .number(let s)?, .string(let s)?: return Int64(s)
        default: return nil
        }
    }

    func bool(_ key: String) -> Bool? {
        if case .bool(let b)? = json[key] { return b }
        return nil
    }

    /// A decimal string/number as raw 10⁻⁹ units.
    func decimal(_ keys: [String]) -> Int64? {
        for k in keys {
            if let s = string(k), let p = try? Price(parsing: s) { return p.raw }
        }
        return nil
    }

    /// A scaled integer (`Ep`/`Ev`/`Er`) divided by 10^scale, as raw 10⁻⁹ units.
    func scaled(_ keys: [String], scale: Int) -> Int64? {
        for k in keys {
            if let v = int(k), let p = try? Price(scaled: v, scale: scale) { return p.raw }
        }
        return nil
    }

    func rows(_ key: String) -> [JSONRow] {
        guard case .array(let a)? = json[key] else { return [] }
        return a.compactMap { JSONRow($0) }
    }

    static func rows(_ json: JSONValue?) -> [JSONRow] {
        guard case .array(let a)? = json else { return [] }
        return a.compactMap { JSONRow($0) }
    }
}
