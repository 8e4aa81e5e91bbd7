/// A parsed JSON value that keeps numbers as their exact source text.
///
/// Phemex sends nanosecond timestamps beyond 2^53 and decimal numbers that must never pass
/// through `Double`, so numbers stay text until a typed accessor converts them to `Int64` or a
/// fixed-point value. Objects keep their keys in a dictionary used for lookup only.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number exactly as written (`-12`, `65000.0`, `1e-8`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses UTF-8 JSON text; throws `PhemexWireError.invalidJSON` on any syntax error.
    public static func parse(_ bytes: some Collection<UInt8>) throws(PhemexWireError) -> JSONValue {
        var parser = JSONParser(bytes: Array(bytes))
        return try parser.parseDocument()
    }

    /// Parses a JSON text.
    public static func parse(_ text: String) throws(PhemexWireError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// The member `key` of an object; `nil` for a missing key or a non-object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// `true` for `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the JSON type for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
