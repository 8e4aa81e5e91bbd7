import MarketCore

/// Conversions of JSON numbers (kept as text) to exact integers and fixed-point values.
public enum JSONNumbers {
    /// An integer from a JSON number without fraction/exponent, or from a string holding one.
    public static func int64(_ v: JSONValue, field: String) throws(PhemexWireError) -> Int64 {
        let text: String
        switch v {
        case .number(let t): text = t
        case .string(let s): text = s
        default: throw .wrongType(field: field, expected: "integer", found: v.typeName)
        }
        guard let i = parseInt64(text) else { throw .invalidNumber(field: field, text: text) }
        return i
    }

    /// A fixed-point value from a decimal string or a JSON number (exponent allowed for numbers).
    public static func decimal<T: FixedPointNumber>(_ v: JSONValue, field: String) throws(PhemexWireError) -> T {
        switch v {
        case .string(let s):
            do { return try T(parsing: s) } catch { throw .invalidNumber(field: field, text: s) }
        case .number(let t):
            guard let plain = plainDecimal(fromJSONNumber: t) else { throw .invalidNumber(field: field, text: t) }
            do { return try T(parsing: plain) } catch { throw .invalidNumber(field: field, text: t) }
        default:
            throw .wrongType(field: field, expected: "decimal", found: v.typeName)
        }
    }

    /// Strict `-?[0-9]+` to Int64 (nil on anything else or overflow).
    public static func parseInt64(_ text: String) -> Int64? {
        var u = Substring(text).utf8[...]
        guard !u.isEmpty else { return nil }
        var negative = false
        if u.first == UInt8(ascii: "-") {
            negative = true
            u = u.dropFirst()
            if u.isEmpty { return nil }
        }
        var acc: Int64 = 0
        for c in u {
            let d = c &- 0x30
            guard d <= 9 else { return nil }
            let (m, o1) = acc.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            acc = s
        }
        return acc
    }

    /// Rewrites a JSON number such as `1.5e-3` as plain decimal text `0.0015` (nil if absurd).
    public static func plainDecimal(fromJSONNumber text: String) -> String? {
        let bytes = Array(text.utf8)
        guard let ePos = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else {
            return text
        }
        let mantissa = bytes[..<ePos]
        guard let exp = parseInt64(String(decoding: bytes[(ePos + 1)...].drop(while: { $0 == UInt8(ascii: "+") }), as: UTF8.self)),
            exp > -40, exp < 40
        else { return nil }
        var negative = false
        var m = mantissa[...]
        if m.first == UInt8(ascii: "-") {
            negative = true
            m = m.dropFirst()
        }
        var digits: [UInt8] = []
        var pointPos = 0
        var seenPoint = false
        for c in m {
            if c == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            digits.append(c)
            if !seenPoint { pointPos += 1 }
        }
        var pos = pointPos + Int(exp)
        if pos <= 0 {
            digits.insert(contentsOf: [UInt8](repeating: 0x30, count: -pos + 1), at: 0)
            pos = 1
        }
        if pos > digits.count { digits.append(contentsOf: [UInt8](repeating: 0x30, count: pos - digits.count)) }
        var intPart = Array(digits[..<pos])
        var frac = Array(digits[pos...])
        while intPart.count > 1, intPart.first == 0x30 { intPart.removeFirst() }
        while frac.last == 0x30 { frac.removeLast() }
        var s = negative ? "-" : ""
        s += String(decoding: intPart, as: UTF8.self)
        if !frac.isEmpty { s += "." + String(decoding: frac, as: UTF8.self) }
        return s
    }
}
