/// A JSON value as the webhook parser needs it: numbers keep their exact text.
public enum FlatJSONValue: Equatable, Sendable {
    case string(String)
    /// The number exactly as written (`"0.001"`, `"1e-3"`).
    case number(String)
    case bool(Bool)
    case null
    /// A nested object or array (accepted, not interpreted).
    case nested
}

/// A minimal strict JSON reader for webhook bodies: the top level must be an object; its
/// members are returned in order with scalar values, numbers as exact text (no Double).
/// Nested values are validated and skipped. Depth is limited to 32.
public enum FlatJSON {
    /// Why a body is not acceptable JSON.
    public struct ParseError: Error, Equatable, Sendable {
        public var reason: String
        public var offset: Int
    }

    /// Parses `bytes` as a JSON object.
    public static func parseObject(_ bytes: [UInt8]) throws(ParseError) -> [(key: String, value: FlatJSONValue)] {
        var r = Reader(bytes: bytes)
        r.skipSpace()
        guard r.peek == UInt8(ascii: "{") else { throw r.error("expected a JSON object") }
        var members: [(key: String, value: FlatJSONValue)] = []
        r.pos += 1
        r.skipSpace()
        if r.peek == UInt8(ascii: "}") {
            r.pos += 1
        } else {
            while true {
                r.skipSpace()
                let key = try r.string()
                r.skipSpace()
                try r.expect(UInt8(ascii: ":"))
                let value = try r.value(depth: 1)
                members.append((key, value))
                r.skipSpace()
                if r.peek == UInt8(ascii: ",") {
                    r.pos += 1
                    continue
                }
                try r.expect(UInt8(ascii: "}"))
                break
            }
        }
        r.skipSpace()
        guard r.pos == bytes.count else { throw r.error("trailing characters after the object") }
        return members
    }

    struct Reader {
        let bytes: [UInt8]
        var pos = 0
        var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }

        func error(_ reason: String) -> ParseError { ParseError(reason: reason, offset: pos) }

        mutating func skipSpace() {
            while let c = peek, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { pos += 1 }
        }

        mutating func expect(_ c: UInt8) throws(ParseError) {
            guard peek == c else { throw error("expected '\(Character(Unicode.Scalar(c)))'") }
            pos += 1
        }

        mutating func value(depth: Int) throws(ParseError) -> FlatJSONValue {
            skipSpace()
            guard let c = peek else { throw error("unexpected end of input") }
            switch c {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                try skipNested(depth: depth)
                return .nested
            default: return .number(try number())
            }
        }

        mutating func literal(_ word: String) throws(ParseError) {
            for b in word.utf8 {
                guard peek == b else { throw error("invalid literal") }
                pos += 1
            }
        }

        mutating func number() throws(ParseError) -> String {
            let start = pos
            if peek == UInt8(ascii: "-") { pos += 1 }
            var digits = 0
            while let c = peek, c >= 0x30 && c <= 0x39 {
                pos += 1
                digits += 1
            }
            guard digits > 0 else { throw error("invalid value") }
            if peek == UInt8(ascii: ".") {
                pos += 1
                var f = 0
                while let c = peek, c >= 0x30 && c <= 0x39 {
                    pos += 1
                    f += 1
                }
                guard f > 0 else { throw error("invalid number") }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                pos += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { pos += 1 }
                var e = 0
                while let c = peek, c >= 0x30 && c <= 0x39 {
                    pos += 1
                    e += 1
                }
                guard e > 0 else { throw error("invalid number") }
            }
            return String(decoding: bytes[start..<pos], as: UTF8.self)
        }

        mutating func string() throws(ParseError) -> String {
            guard peek == UInt8(ascii: "\"") else { throw error("expected a string") }
            pos += 1
            var out: [UInt8] = []
            while true {
                guard let c = peek else { throw error("unterminated string") }
                pos += 1
                if c == UInt8(ascii: "\"") { break }
                if c < 0x20 { throw error("control character in string") }
                if c != UInt8(ascii: "\\") {
                    out.append(c)
                    continue
                }
                guard let e = peek else { throw error("unterminated escape") }
                pos += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), peek == UInt8(ascii: "\\") {
                        pos += 1
                        try expect(UInt8(ascii: "u"))
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid unicode escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw error("invalid escape")
                }
            }
            guard let s = String(validating: out, as: UTF8.self) else { throw error("invalid UTF-8") }
            return s
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard let c = peek else { throw error("short unicode escape") }
                pos += 1
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw error("invalid unicode escape")
                }
                v = v << 4 | d
            }
            return v
        }

        mutating func skipNested(depth: Int) throws(ParseError) {
            guard depth < 32 else { throw error("nesting too deep") }
            let open = bytes[pos]
            let close: UInt8 = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            pos += 1
            skipSpace()
            if peek == close {
                pos += 1
                return
            }
            while true {
                skipSpace()
                if open == UInt8(ascii: "{") {
                    _ = try string()
                    skipSpace()
                    try expect(UInt8(ascii: ":"))
                }
                _ = try value(depth: depth + 1)
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    pos += 1
                    continue
                }
                try expect(close)
                return
            }
        }
    }
}
