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
}
