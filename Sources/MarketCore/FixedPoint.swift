/// A decimal number stored as a signed 64-bit count of 10⁻⁹ units.
///
/// `Price`, `Quantity` and `Money` all conform; they share the scale so that conversions between
/// them are exact. Arithmetic that can overflow is offered as `adding(_:)`/`multiplied…`
/// returning `nil` on overflow, while the operators trap (use them only where the operands are
/// already validated). Products go through `Int128`.
public protocol FixedPointNumber: Hashable, Comparable, Sendable, CustomStringConvertible,
    LosslessStringConvertible, Codable
{
    /// The raw count of 10⁻⁹ units.
    var raw: Int64 { get }
    /// Wraps a raw count of 10⁻⁹ units.
    init(raw: Int64)
}

/// The shared decimal scale of every fixed-point type: 9 fraction digits.
public enum FixedPointScale {
    /// Number of fraction digits stored.
    public static let digits = 9
    /// 10^digits.
    public static let factor: Int64 = 1_000_000_000
    /// Powers of ten from 10⁰ to 10¹⁸.
    public static let powersOfTen: [Int64] = {
        var p: [Int64] = []
        var v: Int64 = 1
        for _ in 0...18 {
            p.append(v)
            v = v &* 10
        }
        return p
    }()
}

/// Why a decimal text could not become a fixed-point number.
public enum DecimalParseError: Error, Equatable, Sendable {
    /// The input was empty.
    case empty
    /// A character that is not part of a plain decimal (`1.5abc`, `1e5`, `NaN`, `+1`).
    case invalidCharacter(offset: Int)
    /// A sign, a dot or digits are missing (`-`, `1.`, `.5`).
    case malformed
    /// More fraction digits than the scale allows (or than an instrument's precision).
    case tooManyFractionDigits
    /// The value does not fit in 64 bits at the fixed scale.
    case overflow
}

extension FixedPointNumber {
    /// Zero.
    public static var zero: Self { Self(raw: 0) }

    /// An integer amount of whole units; `nil` on overflow.
    public init?(units: Int64) {
        let (v, o) = units.multipliedReportingOverflow(by: FixedPointScale.factor)
        if o { return nil }
        self.init(raw: v)
    }

    /// Converts a scaled integer (`value × 10^scale`, Phemex `Ep`/`Ev`/`Er` fields) exactly.
    /// Fails if `scale` > 9 would drop digits or the result overflows.
    public init(scaled value: Int64, scale: Int) throws(DecimalParseError) {
        guard scale >= 0, scale <= 18 else { throw .malformed }
        if scale <= FixedPointScale.digits {
            let m = FixedPointScale.powersOfTen[FixedPointScale.digits - scale]
            let (v, o) = value.multipliedReportingOverflow(by: m)
            if o { throw .overflow }
            self.init(raw: v)
        } else {
            let d = FixedPointScale.powersOfTen[scale - FixedPointScale.digits]
            if value % d != 0 { throw .tooManyFractionDigits }
            self.init(raw: value / d)
        }
    }

    /// This value as a scaled integer (`value × 10^scale`); `nil` if digits would be lost or it
    /// overflows.
    public func scaled(to scale: Int) -> Int64? {
        guard scale >= 0, scale <= 18 else { return nil }
        if scale <= FixedPointScale.digits {
            let d = FixedPointScale.powersOfTen[FixedPointScale.digits - scale]
            if raw % d != 0 { return nil }
            return raw / d
        }
        let m = FixedPointScale.powersOfTen[scale - FixedPointScale.digits]
        let (v, o) = raw.multipliedReportingOverflow(by: m)
        return o ? nil : v
    }

    /// Strictly parses a plain decimal: optional `-`, digits, optionally `.` and digits.
    public init(parsing text: String) throws(DecimalParseError) {
        var t = text
        let result: Result<Int64, DecimalParseError> = t.withUTF8 { buf in
            do throws(DecimalParseError) {
                return .success(try FixedPointParser.parse(UnsafeRawBufferPointer(buf)))
            } catch { return .failure(error) }
        }
        self.init(raw: try result.get())
    }

    /// Strictly parses UTF-8 bytes (no allocation); see `init(parsing:)`.
    @inlinable
    public init(parsingBytes bytes: UnsafeRawBufferPointer) throws(DecimalParseError) {
        self.init(raw: try FixedPointParser.parse(bytes))
    }

    public init?(_ description: String) {
        guard let v = try? Self(parsing: description) else { return nil }
        self = v
    }

    /// The shortest exact decimal text: `65000.1`, `0.412`, `65000`, `-3.5`.
    public var description: String { FixedPointFormatter.format(raw) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.raw < rhs.raw }

    public static func + (lhs: Self, rhs: Self) -> Self { Self(raw: lhs.raw + rhs.raw) }
    public static func - (lhs: Self, rhs: Self) -> Self { Self(raw: lhs.raw - rhs.raw) }
    public static prefix func - (value: Self) -> Self { Self(raw: -value.raw) }
    public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }

    /// Sum, or `nil` on overflow.
    public func adding(_ other: Self) -> Self? {
        let (v, o) = raw.addingReportingOverflow(other.raw)
        return o ? nil : Self(raw: v)
    }

    /// Difference, or `nil` on overflow.
    public func subtracting(_ other: Self) -> Self? {
        let (v, o) = raw.subtractingReportingOverflow(other.raw)
        return o ? nil : Self(raw: v)
    }

    /// Multiplies by an integer, or `nil` on overflow.
    public func multiplied(by n: Int64) -> Self? {
        let (v, o) = raw.multipliedReportingOverflow(by: n)
        return o ? nil : Self(raw: v)
    }

    /// `true` when the value is zero.
    public var isZero: Bool { raw == 0 }
    /// `true` when the value is below zero.
    public var isNegative: Bool { raw < 0 }
    /// The absolute value.
    public var magnitude: Self { Self(raw: raw < 0 ? -raw : raw) }

    /// Rounds down (toward −∞) to a multiple of `step`; `step` must be positive.
    public func roundedDown(toMultipleOf step: Self) -> Self {
        precondition(step.raw > 0, "step must be positive")
        var q = raw / step.raw
        if raw % step.raw != 0 && raw < 0 { q -= 1 }
        return Self(raw: q * step.raw)
    }

    /// Rounds up (toward +∞) to a multiple of `step`; `step` must be positive.
    public func roundedUp(toMultipleOf step: Self) -> Self {
        precondition(step.raw > 0, "step must be positive")
        var q = raw / step.raw
        if raw % step.raw != 0 && raw > 0 { q += 1 }
        return Self(raw: q * step.raw)
    }

    /// `true` when the value is an exact multiple of `step`.
    public func isMultiple(of step: Self) -> Bool { step.raw != 0 && raw % step.raw == 0 }

    /// Product of two fixed-point values, computed in `Int128` and truncated toward zero to the
    /// scale; `nil` on overflow.
    public static func product<A: FixedPointNumber, B: FixedPointNumber>(_ a: A, _ b: B) -> Self? {
        let p = Int128(a.raw) * Int128(b.raw) / Int128(FixedPointScale.factor)
        guard p <= Int128(Int64.max), p >= Int128(Int64.min) else { return nil }
        return Self(raw: Int64(p))
    }

    /// Quotient `a / b` at the fixed scale, truncated toward zero; `nil` on overflow or b = 0.
    public static func quotient<A: FixedPointNumber, B: FixedPointNumber>(_ a: A, _ b: B) -> Self? {
        guard b.raw != 0 else { return nil }
        let q = Int128(a.raw) * Int128(FixedPointScale.factor) / Int128(b.raw)
        guard q <= Int128(Int64.max), q >= Int128(Int64.min) else { return nil }
        return Self(raw: Int64(q))
    }

    /// Converts between fixed-point types (same scale, exact).
    public init<Other: FixedPointNumber>(_ other: Other) { self.init(raw: other.raw) }

    // Codable as a decimal string, never as a JSON number.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        do { self = try Self(parsing: s) } catch {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "invalid decimal \"\(s.prefix(40))\": \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A price in quote currency per unit of base (USDT-M) or USD per coin (COIN-M).
public struct Price: FixedPointNumber {
    public let raw: Int64
    @inlinable public init(raw: Int64) { self.raw = raw }
}

/// A quantity: base-coin amount (USDT-M) or a contract count (COIN-M). Signed where a
/// position is meant (long > 0).
public struct Quantity: FixedPointNumber {
    public let raw: Int64
    @inlinable public init(raw: Int64) { self.raw = raw }
}

/// An amount of money in some currency (balances, PnL, fees, notionals).
public struct Money: FixedPointNumber {
    public let raw: Int64
    @inlinable public init(raw: Int64) { self.raw = raw }
}

extension Price: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self.init(raw: value * FixedPointScale.factor) }
}
extension Quantity: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self.init(raw: value * FixedPointScale.factor) }
}
extension Money: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self.init(raw: value * FixedPointScale.factor) }
}
