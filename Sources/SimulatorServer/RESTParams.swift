import ExchangeSimulator
import MarketCore

/// Request parameters from the query string or a JSON body, with typed accessors that turn bad
/// input into Phemex error codes instead of traps.
struct RESTParams {
    private var values: [String: String] = [:]
    private var lists: [String: [String]] = [:]

    init(items: [(String, String)]) {
        for (k, v) in items {
            if values[k] == nil { values[k] = v }
            lists[k, default: []].append(v)
        }
    }

    init(json: JSONValue) {
        guard case .object(let o) = json else { return }
        for (k, v) in o {
            if let t = v.parameterText {
                values[k] = t
                lists[k] = [t]
            }
        }
    }

    subscript(_ k: String) -> String? {
        guard let v = values[k], !v.isEmpty else { return nil }
        return v
    }

    func all(_ k: String) -> [String] { lists[k] ?? [] }

    func require(_ k: String) throws(SimReject) -> String {
        guard let v = self[k] else { throw SimReject(code: 412, message: "Missing parameter - \(k)") }
        return v
    }

    func decimal<N: FixedPointNumber>(_ k: String, _ type: N.Type) throws(SimReject) -> N? {
        guard let t = self[k] else { return nil }
        guard let v = try? N(parsing: t) else { throw SimReject(code: 10500, message: "invalid argument \(k)") }
        return v
    }

    /// A COIN-M scaled integer (`priceEp`) as a fixed-point value.
    func scaled<N: FixedPointNumber>(_ k: String, scale: Int, _ type: N.Type) throws(SimReject) -> N? {
        guard let t = self[k] else { return nil }
        guard let i = Int64(t), let v = try? N(scaled: i, scale: scale) else {
            throw SimReject(code: 10500, message: "invalid argument \(k)")
        }
        return v
    }

    /// The scaled form (`priceEp`) if present, else the plain decimal form (`price`).
    func scaledOrPlain<N: FixedPointNumber>(_ scaledKey: String, _ plainKey: String, scale: Int, _ type: N.Type) throws(SimReject) -> N? {
        if let v = try scaled(scaledKey, scale: scale, type) { return v }
        return try decimal(plainKey, type)
    }

    func bool(_ k: String) throws(SimReject) -> Bool {
        guard let t = self[k] else { return false }
        switch t {
        case "true": return true
        case "false": return false
        default: throw SimReject(code: 10500, message: "invalid argument \(k)")
        }
    }

    func side() throws(SimReject) -> Side {
        guard let s = Side(rawValue: try require("side")) else { throw SimReject(code: 11034, message: "TE_SIDE_INVALID") }
        return s
    }

    func posSide(required: Bool) throws(SimReject) -> PositionSide {
        guard let t = self["posSide"] else {
            if required { throw SimReject(code: 412, message: "Missing parameter - posSide") }
            return .merged
        }
        guard let p = PositionSide(rawValue: t) else { throw SimReject(code: 10500, message: "invalid argument posSide") }
        return p
    }

    func orderType() throws(SimReject) -> OrderType {
        guard let t = self["ordType"] else { return .limit }
        guard let o = OrderType(rawValue: t) else { throw SimReject(code: 11035, message: "TE_ORD_TYPE_INVALID") }
        return o
    }

    func timeInForce(default d: TimeInForce) throws(SimReject) -> TimeInForce {
        guard let t = self["timeInForce"] else { return d }
        guard let v = TimeInForce(rawValue: t) else { throw SimReject(code: 11036, message: "TE_TIME_IN_FORCE_INVALID") }
        return v
    }

    func trigger() throws(SimReject) -> TriggerSource? {
        guard let t = self["triggerType"] else { return nil }
        guard let v = TriggerSource(rawValue: t) else { throw SimReject(code: 11038, message: "TE_TRIGGER_INVALID") }
        return v
    }

    /// `orderID=` / `clOrdID=` (one required; comma lists allowed for bulk calls).
    func refs(idKey: String = "orderID", clKey: String = "clOrdID") throws(SimReject) -> [SimOrderRef] {
        let ids = (self[idKey] ?? "").split(separator: ",").map { SimOrderRef.orderID(String($0)) }
        let cls = (self[clKey] ?? "").split(separator: ",").map { SimOrderRef.clOrdID(String($0)) }
        if !ids.isEmpty && !cls.isEmpty { throw SimReject(code: 10500, message: "invalid argument: both orderID and clOrdID") }
        let r = ids.isEmpty ? cls : ids
        guard !r.isEmpty else { throw SimReject(code: 11111, message: "TE_MISSING_ORDER_ID") }
        return r
    }
}
