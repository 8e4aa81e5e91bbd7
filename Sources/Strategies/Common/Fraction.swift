import MarketCore

/// A dimensionless fixed-point fraction at 10⁻⁹ (`0.0005` = 0.05 %), used for every
/// percentage key of the strategy configs.
///
/// YAML percent keys are written as percentages (`bid_spread: 0.05` means 0.05 %) and parsed
/// exactly with `init(percentText:)`; at most 7 decimal places of a percentage fit the scale.
public struct Fraction: FixedPointNumber {
    public let raw: Int64
    @inlinable public init(raw: Int64) { self.raw = raw }

    /// One (100 %).
    public static let one = Fraction(raw: FixedPointScale.factor)

    /// Parses a percentage text (`"0.05"` → 0.0005) exactly; throws if digits would be lost.
    public init(percentText text: String) throws(DecimalParseError) {
        let p = try Money(parsing: DecimalText.plain(text))
        guard p.raw % 100 == 0 else { throw .tooManyFractionDigits }
        self.init(raw: p.raw / 100)
    }

    /// From a whole-number percentage (`Fraction(percent: 10)` = 0.1).
    public init(percent: Int64) { self.init(raw: percent * FixedPointScale.factor / 100) }

    /// The value as a percentage text (`0.0005` → `"0.05"`).
    public var percentText: String { Money(raw: raw * 100).description }

    /// `1 + self`.
    public var onePlus: Fraction { Fraction(raw: FixedPointScale.factor &+ raw) }
    /// `1 - self`.
    public var oneMinus: Fraction { Fraction(raw: FixedPointScale.factor &- raw) }

    /// `self × n` (for level spreads); `nil` on overflow.
    public func times(_ n: Int) -> Fraction? { multiplied(by: Int64(n)) }
}

extension Price {
    /// `self × f`, truncated toward zero; `nil` on overflow.
    public func scaled(by f: Fraction) -> Price? { Price.product(self, f) }

    /// Relative distance `|self − reference| / reference` as a fraction; `nil` if reference ≤ 0.
    public func relativeDistance(from reference: Price) -> Fraction? {
        guard reference.raw > 0 else { return nil }
        guard let d = subtracting(reference) else { return nil }
        return Fraction.quotient(d.magnitude, reference)
    }
}
