import MarketCore

/// Builds one JSON object as text with keys in the order they are written (the simulator encodes
/// its own JSON so that key order and number/string types follow PROTOCOL.md exactly).
struct JSONObject {
    private(set) var text: String
    private var first = true

    init(capacity: Int = 256) {
        text = "{"
        text.reserveCapacity(capacity)
    }

    private mutating func key(_ k: String) {
        if first { first = false } else { text.append(",") }
        text.append("\"")
        text.append(k)
        text.append("\":")
    }

    mutating func string(_ k: String, _ v: String) {
        key(k)
        JSONObject.appendQuoted(v, to: &text)
    }
    mutating func int(_ k: String, _ v: Int64) {
        key(k)
        text.append(String(v))
    }
    mutating func int(_ k: String, _ v: Int) { int(k, Int64(v)) }
    mutating func bool(_ k: String, _ v: Bool) {
        key(k)
        text.append(v ? "true" : "false")
    }
    mutating func null(_ k: String) {
        key(k)
        text.append("null")
    }
    /// A decimal string (`"65000.1"`) from a fixed-point number.
    mutating func decimal<N: FixedPointNumber>(_ k: String, _ v: N) {
        key(k)
        text.append("\"")
        text.append(v.description)
        text.append("\"")
    }
    /// Already-encoded JSON (an object, an array, a number).
    mutating func raw(_ k: String, _ json: String) {
        key(k)
        text.append(json)
    }
    /// The finished object text.
    var finished: String { text + "}" }

    static func appendQuoted(_ s: String, to out: inout String) {
        out.append("\"")
        var needsEscape = false
        for u in s.utf8 where u < 0x20 || u == 0x22 || u == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            out.append(s)
        } else {
            for ch in s.unicodeScalars {
                switch ch {
                case "\"": out.append("\\\"")
                case "\\": out.append("\\\\")
                case "\n": out.append("\\n")
                case "\r": out.append("\\r")
                case "\t": out.append("\\t")
                default:
                    if ch.value < 0x20 {
                        let hex = String(ch.value, radix: 16)
                        out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                    } else {
                        out.unicodeScalars.append(ch)
                    }
                }
            }
        }
        out.append("\"")
    }

    static func quoted(_ s: String) -> String {
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }

    /// `[a,b,c]` from already-encoded elements.
    static func array(_ elements: [String]) -> String {
        "[" + elements.joined(separator: ",") + "]"
    }
}
