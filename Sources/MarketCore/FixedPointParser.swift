/// The strict decimal parser behind every fixed-point type: no exponent, no `+`, no leading
/// or trailing dot, no whitespace, at most 9 fraction digits, overflow detected.
public enum FixedPointParser {
    /// Parses `bytes` to a raw count of 10⁻⁹ units.
    @inlinable
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(DecimalParseError) -> Int64 {
        let n = bytes.count
        if n == 0 { throw .empty }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
            if n == 1 { throw .malformed }
        }
        // Accumulate as a negative number so Int64.min is representable.
        var acc: Int64 = 0
        var intDigits = 0
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: ".") { break }
            let d = c &- UInt8(ascii: "0")
            if d > 9 { throw .invalidCharacter(offset: i) }
            let (m, o1) = acc.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.subtractingReportingOverflow(Int64(d))
            if o1 || o2 { throw .overflow }
            acc = s
            intDigits += 1
            i += 1
        }
        if intDigits == 0 { throw .malformed }
        var fracDigits = 0
        if i < n {
            i += 1  // the dot
            if i == n { throw .malformed }
            while i < n {
                let c = bytes[i]
                let d = c &- UInt8(ascii: "0")
                if d > 9 { throw .invalidCharacter(offset: i) }
                fracDigits += 1
                if fracDigits > FixedPointScale.digits { throw .tooManyFractionDigits }
                let (m, o1) = acc.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.subtractingReportingOverflow(Int64(d))
                if o1 || o2 { throw .overflow }
                acc = s
                i += 1
            }
        }
        let scale = FixedPointScale.powersOfTen[FixedPointScale.digits - fracDigits]
        let (v, o) = acc.multipliedReportingOverflow(by: scale)
        if o { throw .overflow }
        if negative { return v }
        if v == Int64.min { throw .overflow }
        return -v
    }
}

/// Formats raw fixed-point counts as the shortest exact decimal text.
public enum FixedPointFormatter {
    /// `65000100000000` → `"65000.1"`.
    public static func format(_ raw: Int64) -> String {
        let negative = raw < 0
        let mag = raw.magnitude
        let f = UInt64(FixedPointScale.factor)
        let intPart = mag / f
        var frac = mag % f
        var s = negative ? "-" : ""
        s += String(intPart)
        if frac != 0 {
            var digits = FixedPointScale.digits
            while frac % 10 == 0 {
                frac /= 10
                digits -= 1
            }
            let fs = String(frac)
            s += "."
            s += String(repeating: "0", count: digits - fs.count)
            s += fs
        }
        return s
    }
}
