import MarketCore

/// Typed, error-reporting access to the members of one JSON object.
///
/// Every accessor names the field in its error (prefixed with `context`, e.g. `orders_p[0].priceRp`)
/// and never traps. Decimal fields accept a JSON string (USDT-M style) or a plain JSON number;
/// scaled fields (`Ep`/`Ev`/`Er`) accept an integer number or an integer string.
public struct JSONFields: Sendable {
    /// The object's members.
    public let members: [String: JSONValue]
    /// Path of the object for error messages.
    public let context: String

    /// Wraps `value`, which must be an object.
    public init(_ value: JSONValue, context: String) throws(PhemexWireError) {
        guard case .object(let o) = value else {
            throw .wrongType(field: context, expected: "object", found: value.typeName)
        }
        self.members = o
        self.context = context
    }

    private func path(_ key: String) -> String { context.isEmpty ? key : context + "." + key }

    /// `true` when `key` is present and not `null`.
    public func has(_ key: String) -> Bool {
        if let v = members[key], !v.isNull { return true }
        return false
    }

    /// The raw member (nil when absent or null).
    public func value(_ key: String) -> JSONValue? {
        guard let v = members[key], !v.isNull else { return nil }
        return v
    }

    /// A required member.
    public func require(_ key: String) throws(PhemexWireError) -> JSONValue {
        guard let v = value(key) else { throw .missingField(path(key)) }
        return v
    }

    /// A required string.
    public func string(_ key: String) throws(PhemexWireError) -> String {
        let v = try require(key)
        guard case .string(let s) = v else { throw .wrongType(field: path(key), expected: "string", found: v.typeName) }
        return s
    }

    /// An optional string (absent or null → nil; another type → error).
    public func optionalString(_ key: String) throws(PhemexWireError) -> String? {
        guard has(key) else { return nil }
        return try string(key)
    }

    /// The first present string among `keys`.
    public func optionalString(anyOf keys: [String]) throws(PhemexWireError) -> String? {
        for k in keys where has(k) { return try string(k) }
        return nil
    }

    /// The first present integer among `keys`.
    public func optionalInt(anyOf keys: [String]) throws(PhemexWireError) -> Int? {
        for k in keys where has(k) { return try int(k) }
        return nil
    }

    /// A required integer (JSON number without fraction, or a string holding one).
    public func int64(_ key: String) throws(PhemexWireError) -> Int64 {
        let v = try require(key)
        return try JSONNumbers.int64(v, field: path(key))
    }

    /// An optional integer.
    public func optionalInt64(_ key: String) throws(PhemexWireError) -> Int64? {
        guard has(key) else { return nil }
        return try int64(key)
    }

    /// A required `Int`.
    public func int(_ key: String) throws(PhemexWireError) -> Int {
        let v = try int64(key)
        guard let i = Int(exactly: v) else { throw .invalidNumber(field: path(key), text: String(v)) }
        return i
    }

    /// An optional `Int`.
    public func optionalInt(_ key: String) throws(PhemexWireError) -> Int? {
        guard has(key) else { return nil }
        return try int(key)
    }

    /// A required boolean.
    public func bool(_ key: String) throws(PhemexWireError) -> Bool {
        let v = try require(key)
        guard case .bool(let b) = v else { throw .wrongType(field: path(key), expected: "bool", found: v.typeName) }
        return b
    }

    /// An optional boolean.
    public func optionalBool(_ key: String) throws(PhemexWireError) -> Bool? {
        guard has(key) else { return nil }
        return try bool(key)
    }

    /// A required decimal (string or number) as a fixed-point value.
    public func decimal<T: FixedPointNumber>(_ key: String, as: T.Type = T.self) throws(PhemexWireError) -> T {
        let v = try require(key)
        return try JSONNumbers.decimal(v, field: path(key))
    }

    /// An optional decimal.
    public func optionalDecimal<T: FixedPointNumber>(_ key: String, as: T.Type = T.self) throws(PhemexWireError) -> T? {
        guard has(key) else { return nil }
        return try decimal(key, as: T.self)
    }

    /// The first present decimal among `keys`.
    public func optionalDecimal<T: FixedPointNumber>(anyOf keys: [String], as: T.Type = T.self) throws(PhemexWireError) -> T? {
        for k in keys where has(k) { return try decimal(k, as: T.self) }
        return nil
    }

    /// A required scaled integer (`value × 10^scale`) as a fixed-point value.
    public func scaled<T: FixedPointNumber>(_ key: String, scale: Int, as: T.Type = T.self) throws(PhemexWireError) -> T {
        let raw = try int64(key)
        do { return try T(scaled: raw, scale: scale) } catch {
            throw .invalidNumber(field: path(key), text: String(raw))
        }
    }

    /// An optional scaled integer.
    public func optionalScaled<T: FixedPointNumber>(_ key: String, scale: Int, as: T.Type = T.self) throws(PhemexWireError) -> T? {
        guard has(key) else { return nil }
        return try scaled(key, scale: scale, as: T.self)
    }

    /// A required array.
    public func array(_ key: String) throws(PhemexWireError) -> [JSONValue] {
        let v = try require(key)
        guard case .array(let a) = v else { throw .wrongType(field: path(key), expected: "array", found: v.typeName) }
        return a
    }

    /// An array that may be absent or null (→ empty).
    public func arrayOrEmpty(_ key: String) throws(PhemexWireError) -> [JSONValue] {
        guard has(key) else { return [] }
        return try array(key)
    }

    /// A required nested object.
    public func object(_ key: String) throws(PhemexWireError) -> JSONFields {
        try JSONFields(try require(key), context: path(key))
    }
}
