import MarketCore

/// One problem found in a strategy configuration: the YAML key and a human-readable reason.
///
/// The daemon prefixes it with `file:line:` when it reports it (exit code 2).
public struct ConfigIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The snake_case YAML key the issue concerns.
    public var key: String
    /// What is wrong, e.g. `must be >= 1`.
    public var message: String
    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }
    public var description: String { "\(key): \(message)" }
}

/// Collects `ConfigIssue`s with small range helpers (used by every config's `validate()`).
struct IssueCollector {
    var issues: [ConfigIssue] = []

    mutating func add(_ key: String, _ message: String) {
        issues.append(ConfigIssue(key: key, message: message))
    }

    mutating func nonNegative(_ key: String, _ value: Fraction) {
        if value.isNegative { add(key, "must not be negative (got \(value.percentText) %)") }
    }

    mutating func positive<T: FixedPointNumber>(_ key: String, _ value: T) {
        if value.raw <= 0 { add(key, "must be > 0 (got \(value))") }
    }

    mutating func nonNegative(_ key: String, _ value: Nanoseconds) {
        if value.value < 0 { add(key, "must not be negative") }
    }

    mutating func percentRange(_ key: String, _ value: Fraction, _ lo: Int64, _ hi: Int64) {
        let loRaw = lo * FixedPointScale.factor / 100
        let hiRaw = hi * FixedPointScale.factor / 100
        if value.raw < loRaw || value.raw > hiRaw {
            add(key, "must be between \(lo) and \(hi) percent (got \(value.percentText))")
        }
    }

    mutating func intRange(_ key: String, _ value: Int, _ lo: Int, _ hi: Int) {
        if value < lo || value > hi { add(key, "must be between \(lo) and \(hi) (got \(value))") }
    }
}
