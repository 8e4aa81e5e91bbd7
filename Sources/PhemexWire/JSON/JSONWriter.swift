/// Writes compact JSON text (no whitespace) with fields in the caller's order, so request
/// bodies are byte-for-byte predictable for signing.
public struct JSONWriter: Sendable {
    /// The text written so far.
    public private(set) var text = ""
    private var needsComma = false

    public init() {}

    /// `"…"` with JSON escapes.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
        return out
    }

    /// Starts an object: `{`.
    public mutating func beginObject() {
        text += "{"
        needsComma = false
    }

    /// Ends an object: `}`.
    public mutating func endObject() {
        text += "}"
        needsComma = true
    }

    private mutating func key(_ k: String) {
        if needsComma { text += "," }
        text += Self.quoted(k) + ":"
        needsComma = true
    }

    /// `"k":"v"`.
    public mutating func field(_ k: String, string v: String) {
        key(k)
        text += Self.quoted(v)
    }

    /// `"k":123` (also any pre-rendered raw JSON such as `[...]`).
    public mutating func field(_ k: String, raw v: String) {
        key(k)
        text += v
    }

    /// `"k":true`.
    public mutating func field(_ k: String, bool v: Bool) {
        key(k)
        text += v ? "true" : "false"
    }
}
