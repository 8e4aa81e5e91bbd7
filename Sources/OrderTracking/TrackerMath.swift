/// Integer helpers of the rule engine's hot path.
enum TrackerMath {
    /// `Int64(Int128(a) * Int128(b) / Int128(d))` — the product divided by `d`, truncated
    /// toward zero — with the 128-bit division (a runtime call) only when `a * b` does not fit
    /// in 64 bits; otherwise the same quotient from 64-bit arithmetic (Swift's `/` truncates
    /// toward zero for both widths). Traps like the conversion it replaces when the quotient
    /// does not fit (or `d` is zero).
    @inline(__always)
    static func mulDiv(_ a: Int64, _ b: Int64, _ d: Int64) -> Int64 {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        if !overflow { return p / d }
        return Int64(Int128(a) * Int128(b) / Int128(d))
    }

    /// `min(a * b / d, cap)`, truncated toward zero, with the product exact in 128 bits when
    /// it does not fit in 64 (so a huge quotient is capped instead of trapping); `d > 0`.
    @inline(__always)
    static func mulDiv(_ a: Int64, _ b: Int64, _ d: Int64, cappedAt cap: Int64) -> Int64 {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        if !overflow { return min(p / d, cap) }
        return Int64(min(Int128(a) * Int128(b) / Int128(d), Int128(cap)))
    }

    /// `a * b / d` rounded up, for `a * b >= 0` and `d > 0`, in 64-bit arithmetic when the
    /// product plus `d` fits, else in 128 bits. Traps when the quotient does not fit.
    @inline(__always)
    static func mulDivRoundingUp(_ a: Int64, _ b: Int64, _ d: Int64) -> Int64 {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        if !overflow, p <= Int64.max - d { return (p + d - 1) / d }
        return Int64((Int128(a) * Int128(b) + Int128(d) - 1) / Int128(d))
    }
}
