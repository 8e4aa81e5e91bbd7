import MarketCore

/// A coding key made from any string (used to detect unknown YAML keys).
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    public var stringValue: String
    public var intValue: Int?
    public init(_ string: String) {
        stringValue = string
        intValue = nil
    }
    public init?(stringValue: String) { self.init(stringValue) }
    public init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Strict-key checking shared by every strategy config: unknown keys are refused with a
/// `DecodingError.dataCorrupted` whose coding path ends with the offending key (so the
/// daemon can report `file:line: key: unknown key`).
public enum StrictKeys {
    /// Throws for the first (alphabetically) key of `decoder`'s mapping not in `allowed`.
    public static func check(_ decoder: any Decoder, allowed: [String]) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        let unknown = c.allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
        if let first = unknown.first {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath + [AnyCodingKey(first)],
                    debugDescription: "unknown key '\(first)'"))
        }
    }
}

extension KeyedDecodingContainer {
    /// The scalar at `key` as decimal text: strings as written (Yams keeps the YAML text),
    /// integers exactly, JSON floats through their shortest round-trip text. `nil` if absent
    /// or null.
    func decimalText(forKey key: Key) throws -> String? {
        guard contains(key) else { return nil }
        if (try? decodeNil(forKey: key)) == true { return nil }
        if let s = try? decode(String.self, forKey: key) { return DecimalText.plain(s) }
        if let i = try? decode(Int64.self, forKey: key) { return String(i) }
        if let d = try? decode(Double.self, forKey: key), d.isFinite { return DecimalText.plain("\(d)") }
        throw DecodingError.typeMismatch(
            String.self, .init(codingPath: codingPath + [key], debugDescription: "expected a decimal number"))
    }

    /// A fixed-point value (price, quantity, money) at `key`, or `fallback` if absent.
    func decimal<T: FixedPointNumber>(_ key: Key, default fallback: T) throws -> T {
        guard let text = try decimalText(forKey: key) else { return fallback }
        do { return try T(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "invalid decimal '\(text.prefix(40))'")
        }
    }

    /// A required fixed-point value at `key`.
    func decimal<T: FixedPointNumber>(_ key: Key) throws -> T {
        guard contains(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "required key"))
        }
        return try decimal(key, default: T.zero)
    }

    /// A percentage at `key` (`0.05` → `Fraction` 0.0005), or `fallback` if absent.
    func percent(_ key: Key, default fallback: Fraction) throws -> Fraction {
        guard let text = try decimalText(forKey: key) else { return fallback }
        do { return try Fraction(percentText: text) } catch {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "invalid percentage '\(text.prefix(40))'")
        }
    }

    /// A required percentage at `key`.
    func percent(_ key: Key) throws -> Fraction {
        guard contains(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "required key"))
        }
        return try percent(key, default: .zero)
    }

    /// A duration written in (decimal) seconds at `key`, or `fallback` if absent.
    func seconds(_ key: Key, default fallback: Nanoseconds) throws -> Nanoseconds {
        guard let text = try decimalText(forKey: key) else { return fallback }
        // Money's raw count of 10⁻⁹ units of seconds is exactly nanoseconds.
        do { return Nanoseconds(try Money(parsing: text).raw) } catch {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "invalid duration in seconds '\(text.prefix(40))'")
        }
    }

    /// A value of a plain decodable type at `key`, or `fallback` if absent or null.
    func value<T: Decodable>(_ key: Key, default fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }
}

extension Nanoseconds {
    /// Text in seconds (`5000000000` → `"5"`).
    var secondsText: String { Money(raw: value).description }
}

extension KeyedEncodingContainer {
    mutating func encodePercent(_ f: Fraction, forKey key: Key) throws { try encode(f.percentText, forKey: key) }
    mutating func encodeSeconds(_ d: Nanoseconds, forKey key: Key) throws { try encode(d.secondsText, forKey: key) }
    mutating func encodeDecimal<T: FixedPointNumber>(_ v: T, forKey key: Key) throws { try encode(v.description, forKey: key) }
}
