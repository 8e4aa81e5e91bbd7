/// The price grid of a book (its tick size as a raw 10⁻⁹ count) with an exact division that
/// needs no divide instruction: `number(of:)` turns an on-grid positive price into its tick
/// number and refuses everything else, so the tick-indexed ladder can address levels by index.
///
/// The division is by multiplication with the modular inverse of the tick's odd part (after
/// shifting out its power of two): for an odd `d` and any `x`, `x · d⁻¹ mod 2⁶⁴ ≤ ⌊(2⁶⁴−1)/d⌋`
/// exactly when `d` divides `x`, and the product is then the quotient.
@usableFromInline
struct OrderBookPriceGrid: Sendable, Equatable {
    /// The tick as a raw count (> 0).
    @usableFromInline let tick: Int64
    @usableFromInline let shift: UInt64
    @usableFromInline let lowMask: Int64
    @usableFromInline let inverse: UInt64
    @usableFromInline let limit: UInt64

    /// A grid of `tick` raw units; nil unless `tick > 0`.
    @usableFromInline
    init?(tick: Int64) {
        guard tick > 0 else { return nil }
        self.tick = tick
        let tz = UInt64(tick.trailingZeroBitCount)
        shift = tz
        lowMask = (1 &<< Int64(tz)) &- 1
        let odd = UInt64(tick) &>> tz
        // Newton's iteration doubles the correct low bits each step: 3 → 6 → 12 → 24 → 48 → 96.
        var x = odd
        for _ in 0..<5 { x = x &* (2 &- odd &* x) }
        inverse = x
        limit = UInt64.max / odd
    }

    /// The tick number of `price` when it is positive and on the grid; nil otherwise.
    @inlinable @inline(__always)
    func number(of price: Int64) -> Int64? {
        if price <= 0 || price & lowMask != 0 { return nil }
        let q = UInt64(price &>> Int64(shift)) &* inverse
        return q <= limit ? Int64(bitPattern: q) : nil
    }

    /// Greatest common divisor (Euclid): folds prices into the coarsest grid they share.
    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var x = a
        var y = b
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
