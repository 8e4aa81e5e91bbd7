/// An exchange symbol such as `BTCUSDT` (USDT-M) or `BTCUSD` (COIN-M).
public struct Symbol: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The symbol text exactly as the exchange spells it.
    public let name: String
    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }
    public var description: String { name }
    public static func < (lhs: Symbol, rhs: Symbol) -> Bool { lhs.name < rhs.name }
    public init(from decoder: any Decoder) throws {
        name = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

/// Order or trade side. For trades it is the taker's side.
public enum Side: String, Sendable, Codable, CaseIterable {
    case buy = "Buy"
    case sell = "Sell"
    /// The other side.
    public var opposite: Side { self == .buy ? .sell : .buy }
    /// +1 for buy, −1 for sell.
    public var sign: Int64 { self == .buy ? 1 : -1 }
}

/// A point in time as nanoseconds since the Unix epoch. Pure modules never read a clock: every
/// input carries one of these.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public var nanos: Int64
    public init(nanos: Int64) { self.nanos = nanos }
    /// From milliseconds since the epoch.
    public static func millis(_ ms: Int64) -> Timestamp { Timestamp(nanos: ms &* 1_000_000) }
    /// From whole seconds since the epoch.
    public static func seconds(_ s: Int64) -> Timestamp { Timestamp(nanos: s &* 1_000_000_000) }
    public static let zero = Timestamp(nanos: 0)
    /// Milliseconds since the epoch (truncated).
    public var millis: Int64 { nanos / 1_000_000 }
    /// Whole seconds since the epoch (truncated).
    public var seconds: Int64 { nanos / 1_000_000_000 }
    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.nanos < b.nanos }
    /// This time shifted by `d`.
    public static func + (t: Timestamp, d: Nanoseconds) -> Timestamp { Timestamp(nanos: t.nanos &+ d.value) }
    /// This time shifted back by `d`.
    public static func - (t: Timestamp, d: Nanoseconds) -> Timestamp { Timestamp(nanos: t.nanos &- d.value) }
    /// The span from `b` to `a`.
    public static func - (a: Timestamp, b: Timestamp) -> Nanoseconds { Nanoseconds(a.nanos &- b.nanos) }
    public var description: String { "\(nanos)ns" }
    public init(from decoder: any Decoder) throws { nanos = try decoder.singleValueContainer().decode(Int64.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(nanos)
    }
}

/// A span of time in nanoseconds (a plain value type so pure code needs no `Duration` math).
public struct Nanoseconds: Hashable, Comparable, Sendable, Codable {
    /// The span in nanoseconds.
    public var value: Int64
    public init(_ value: Int64) { self.value = value }
    public static func millis(_ ms: Int64) -> Nanoseconds { Nanoseconds(ms &* 1_000_000) }
    public static func seconds(_ s: Int64) -> Nanoseconds { Nanoseconds(s &* 1_000_000_000) }
    public static func micros(_ us: Int64) -> Nanoseconds { Nanoseconds(us &* 1_000) }
    public static let zero = Nanoseconds(0)
    public static func < (a: Nanoseconds, b: Nanoseconds) -> Bool { a.value < b.value }
    public static func + (a: Nanoseconds, b: Nanoseconds) -> Nanoseconds { Nanoseconds(a.value &+ b.value) }
    public static func * (a: Nanoseconds, n: Int64) -> Nanoseconds { Nanoseconds(a.value &* n) }
    /// Whole milliseconds (truncated).
    public var millis: Int64 { value / 1_000_000 }
    public init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(Int64.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}

/// A deterministic pseudo-random generator (SplitMix64) for pure code: same seed, same stream.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
