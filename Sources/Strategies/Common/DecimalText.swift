/// Normalises decimal texts found in configs and webhook payloads into the plain form the
/// strict fixed-point parser accepts.
///
/// Accepts an optional leading `+`, exponent notation (`1e-3`, `6.5E4`) and a trailing or
/// leading dot (`5.`, `.5`) and rewrites them exactly as plain decimals; anything else is left
/// for the strict parser to refuse. No floating point is involved.
public enum DecimalText {
    /// Longest text accepted (guards against huge exponents and absurd inputs).
    static let maxLength = 64

    /// Rewrites `text` as a plain decimal (`"1.5e-3"` → `"0.0015"`).
    public static func plain(_ text: String) -> String {
        var s = Substring(text)
        guard s.utf8.count <= maxLength, !s.isEmpty else { return text }
        var negative = false
        if s.first == "+" { s = s.dropFirst() } else if s.first == "-" {
            negative = true
            s = s.dropFirst()
        }
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let x = Int(s[s.index(after: e)...]), abs(x) <= 30 else { return text }
            exponent = x
            s = s[..<e]
        }
        var intPart = s
        var fracPart = Substring("")
        if let dot = s.firstIndex(of: ".") {
            intPart = s[..<dot]
            fracPart = s[s.index(after: dot)...]
        }
        if intPart.isEmpty && fracPart.isEmpty { return text }
        guard (intPart + fracPart).allSatisfy({ $0.isASCII && $0.isNumber }) else { return text }
        // digits with the decimal point after `pointPos` characters
        var digits = String(intPart) + String(fracPart)
        var pointPos = intPart.count + exponent
        if pointPos <= 0 {
            digits = String(repeating: "0", count: 1 - pointPos) + digits
            pointPos = 1
        }
        if pointPos > digits.count { digits += String(repeating: "0", count: pointPos - digits.count) }
        var ip = String(digits.prefix(pointPos))
        var fp = String(digits.dropFirst(pointPos))
        while fp.last == "0" { fp.removeLast() }
        while ip.count > 1 && ip.first == "0" { ip.removeFirst() }
        let body = fp.isEmpty ? ip : ip + "." + fp
        return (negative ? "-" : "") + body
    }
}
