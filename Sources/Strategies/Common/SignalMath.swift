import MarketCore

/// The one audited place where `Double` signal math (volatility, intensity, inventory skew)
/// meets fixed-point prices and quantities.
///
/// Conversions to fixed point go through the value's raw 10⁻⁹ count, refuse non-finite or
/// out-of-range values (`nil`), and round in the direction the caller names; everything
/// downstream (tick and step rounding) is exact fixed-point again.
public enum SignalMath {
    static let scale = Double(FixedPointScale.factor)
    /// Largest magnitude converted (well inside Int64 raw counts).
    static let limit = 9.0e9

    /// A fixed-point value as a Double (for signal math only).
    public static func double<T: FixedPointNumber>(_ v: T) -> Double { Double(v.raw) / scale }

    /// A Double as a price, rounded down (`up == false`) or up to 10⁻⁹; `nil` if not finite
    /// or out of range.
    public static func price(_ x: Double, roundingUp up: Bool) -> Price? {
        guard let r = raw(x, up: up) else { return nil }
        return Price(raw: r)
    }

    /// A Double as a quantity rounded down to 10⁻⁹ (callers then round to the step).
    public static func quantity(_ x: Double) -> Quantity? {
        guard let r = raw(x, up: false) else { return nil }
        return Quantity(raw: r)
    }

    /// A Double as a fraction rounded to nearest 10⁻⁹.
    public static func fraction(_ x: Double) -> Fraction? {
        guard x.isFinite, abs(x) < limit else { return nil }
        return Fraction(raw: Int64((x * scale).rounded()))
    }

    private static func raw(_ x: Double, up: Bool) -> Int64? {
        guard x.isFinite, abs(x) < limit else { return nil }
        let scaled = x * scale
        return Int64(up ? scaled.rounded(.up) : scaled.rounded(.down))
    }
}
