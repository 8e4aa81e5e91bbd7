/// Builds a query string in the given parameter order with strict percent-encoding.
///
/// Unreserved characters (`A–Z a–z 0–9 - _ . ~`) pass through; `,` is kept for id lists;
/// everything else is `%XX`. The result is exactly what is sent and signed.
public struct QueryBuilder: Sendable {
    private var parts: [String] = []

    public init() {}

    /// Appends `name=value`.
    public mutating func add(_ name: String, _ value: String) {
        parts.append(Self.encode(name) + "=" + Self.encode(value))
    }

    /// Appends `name=value` when `value` is non-nil.
    public mutating func add(_ name: String, _ value: String?) {
        if let v = value { add(name, v) }
    }

    /// Appends `name=true|false`.
    public mutating func add(_ name: String, _ value: Bool) { add(name, value ? "true" : "false") }

    /// Appends an integer parameter.
    public mutating func add(_ name: String, _ value: Int64) { add(name, String(value)) }

    /// The finished query string.
    public var string: String { parts.joined(separator: "&") }

    /// Percent-encodes one name or value.
    public static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let unreserved =
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D
                || b == 0x5F || b == 0x2E || b == 0x7E || b == 0x2C
            if unreserved {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                let h = Array("0123456789ABCDEF".utf8)
                out += "%"
                out.unicodeScalars.append(Unicode.Scalar(h[Int(b >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(h[Int(b & 0x0F)]))
            }
        }
        return out
    }
}
