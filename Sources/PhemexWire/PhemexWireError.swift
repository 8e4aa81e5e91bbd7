import MarketCore

/// Why a Phemex message could not be decoded or a request could not be built.
///
/// Messages never contain secrets; field values are clipped to a short prefix.
public enum PhemexWireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bytes are not valid JSON (`offset` in bytes).
    case invalidJSON(offset: Int, reason: String)
    /// A required field is absent (or `null`).
    case missingField(String)
    /// A field has the wrong JSON type.
    case wrongType(field: String, expected: String, found: String)
    /// A numeric field could not become an exact integer or fixed-point value.
    case invalidNumber(field: String, text: String)
    /// An enum-like string field holds a value that cannot be mapped where a value is required.
    case invalidValue(field: String, value: String)
    /// The message is valid JSON but not the kind this decoder handles.
    case unexpectedMessage(String)
    /// No instrument (and so no price/value scale) is known for a COIN-M symbol or currency.
    case unknownInstrument(String)
    /// The exchange answered with an error (`code` ≠ 0 or a WS `error` object).
    case exchangeError(code: Int, message: String)
    /// A request cannot be expressed on the wire (e.g. price not representable at the scale).
    case unencodable(String)

    public var description: String {
        switch self {
        case .invalidJSON(let o, let r): return "invalid JSON at byte \(o): \(r)"
        case .missingField(let f): return "missing field \(f)"
        case .wrongType(let f, let e, let found): return "field \(f): expected \(e), found \(found)"
        case .invalidNumber(let f, let t): return "field \(f): invalid number \"\(t.prefix(40))\""
        case .invalidValue(let f, let v): return "field \(f): unsupported value \"\(v.prefix(40))\""
        case .unexpectedMessage(let m): return "unexpected message: \(m)"
        case .unknownInstrument(let s): return "unknown instrument or currency \(s.prefix(40))"
        case .exchangeError(let c, let m): return "exchange error \(c): \(m.prefix(200))"
        case .unencodable(let m): return "cannot encode request: \(m)"
        }
    }
}
