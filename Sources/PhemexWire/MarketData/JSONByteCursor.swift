import MarketCore

/// A forward-only cursor over the UTF-8 bytes of one JSON text, with the few primitives the
/// market-data decoder needs. Every read is bounds-checked and reports a typed error; nothing
/// allocates.
struct JSONByteCursor {
    let base: UnsafePointer<UInt8>
    let count: Int
    var pos: Int = 0

    static let maxNesting = 64

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    @inline(__always) var atEnd: Bool { pos >= count }

    @inline(__always) mutating func skipWhitespace() {
        while pos < count {
            let c = base[pos]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos &+= 1 } else { return }
        }
    }

    /// The byte at the cursor (after whitespace), or a truncation error.
    @inline(__always) mutating func peek() throws(MarketDataError) -> UInt8 {
        skipWhitespace()
        guard pos < count else { throw .truncated(offset: count) }
        return base[pos]
    }

    @inline(__always) mutating func expect(_ byte: UInt8) throws(MarketDataError) {
        let c = try peek()
        guard c == byte else { throw .unexpectedByte(c, offset: pos) }
        pos &+= 1
    }

    /// After a member or element: consumes `,` and returns true, or consumes `close` and
    /// returns false.
    @inline(__always) mutating func nextOrClose(_ close: UInt8) throws(MarketDataError) -> Bool {
        let c = try peek()
        pos &+= 1
        if c == UInt8(ascii: ",") { return true }
        if c == close { return false }
        throw .unexpectedByte(c, offset: pos &- 1)
    }

    /// Reads a string without escapes and returns the byte range of its content. A string with
    /// a backslash is returned with `hasEscape` so callers can refuse or skip it.
    @inline(__always) mutating func readRawString() throws(MarketDataError) -> (start: Int, end: Int, hasEscape: Bool) {
        let c = try peek()
        guard c == UInt8(ascii: "\"") else { throw .unexpectedByte(c, offset: pos) }
        pos &+= 1
        let start = pos
        var escaped = false
        while pos < count {
            let b = base[pos]
            if b == UInt8(ascii: "\"") {
                let end = pos
                pos &+= 1
                return (start, end, escaped)
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                pos &+= 1
            }
            pos &+= 1
        }
        throw .truncated(offset: count)
    }

    /// Reads a JSON string value for `field`; any other JSON type is `wrongType`.
    @inline(__always) mutating func readStringValue(_ field: MarketDataField) throws(MarketDataError) -> (start: Int, end: Int) {
        let c = try peek()
        guard c == UInt8(ascii: "\"") else {
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") || c == UInt8(ascii: "-") || c == UInt8(ascii: "t")
                || c == UInt8(ascii: "f") || c == UInt8(ascii: "n") || (c &- UInt8(ascii: "0")) <= 9
            {
                throw .wrongType(field: field, offset: pos)
            }
            throw .unexpectedByte(c, offset: pos)
        }
        let r = try readRawString()
        if r.hasEscape { throw .invalidValue(field: field, offset: r.start) }
        return (r.start, r.end)
    }

    /// Reads a decimal string straight to a raw fixed-point count (10⁻⁹).
    @inline(__always) mutating func readDecimalString(_ field: MarketDataField) throws(MarketDataError) -> Int64 {
        let r = try readStringValue(field)
        do {
            return try FixedPointParser.parse(UnsafeRawBufferPointer(start: base + r.start, count: r.end &- r.start))
        } catch {
            throw .invalidDecimal(field: field, offset: r.start, reason: error)
        }
    }

    /// Reads a JSON integer (no fraction, no exponent) into an `Int64`.
    @inline(__always) mutating func readInt(_ field: MarketDataField) throws(MarketDataError) -> Int64 {
        var c = try peek()
        let start = pos
        var negative = false
        if c == UInt8(ascii: "-") {
            negative = true
            pos &+= 1
            guard pos < count else { throw .truncated(offset: count) }
            c = base[pos]
        }
        var d = c &- UInt8(ascii: "0")
        guard d <= 9 else {
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "{") || c == UInt8(ascii: "[") || c == UInt8(ascii: "t")
                || c == UInt8(ascii: "f") || c == UInt8(ascii: "n")
            {
                throw .wrongType(field: field, offset: pos)
            }
            throw .unexpectedByte(c, offset: pos)
        }
        // Accumulate negatively so Int64.min is representable.
        var acc: Int64 = 0
        while true {
            let (m, o1) = acc.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.subtractingReportingOverflow(Int64(d))
            if o1 || o2 { throw .numberOutOfRange(field: field, offset: start) }
            acc = s
            pos &+= 1
            guard pos < count else { break }
            d = base[pos] &- UInt8(ascii: "0")
            if d > 9 { break }
        }
        if pos < count {
            let n = base[pos]
            if n == UInt8(ascii: ".") || n == UInt8(ascii: "e") || n == UInt8(ascii: "E") {
                throw .wrongType(field: field, offset: start)
            }
        }
        if negative { return acc }
        if acc == Int64.min { throw .numberOutOfRange(field: field, offset: start) }
        return 0 &- acc
    }

    /// Compares the bytes in `start..<end` with an ASCII literal.
    @inline(__always) func equals(_ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard end &- start == n else { return false }
        let l = literal.utf8Start
        var i = 0
        while i < n {
            if base[start &+ i] != l[i] { return false }
            i &+= 1
        }
        return true
    }

    /// Skips any JSON value (used for unknown keys: `dts`, `mts`, `depth`, …). Checks bracket
    /// pairing and nesting depth; the contents of skipped values are not validated further.
    mutating func skipValue() throws(MarketDataError) {
        let c = try peek()
        switch c {
        case UInt8(ascii: "\""):
            _ = try readRawString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            // Bit stack: 1 = array, 0 = object.
            var stack: UInt64 = 0
            var depth = 0
            while true {
                guard pos < count else { throw .truncated(offset: count) }
                let b = base[pos]
                switch b {
                case UInt8(ascii: "\""):
                    _ = try readRawString()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard depth < Self.maxNesting else { throw .nestingTooDeep(offset: pos) }
                    stack = (stack << 1) | (b == UInt8(ascii: "[") ? 1 : 0)
                    depth &+= 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    let isArray: UInt64 = b == UInt8(ascii: "]") ? 1 : 0
                    guard stack & 1 == isArray else { throw .unexpectedByte(b, offset: pos) }
                    stack >>= 1
                    depth &-= 1
                    if depth == 0 {
                        pos &+= 1
                        return
                    }
                default:
                    if b < 0x20 && b != 0x0A && b != 0x0D && b != 0x09 { throw .unexpectedByte(b, offset: pos) }
                    if b >= 0x80 { throw .unexpectedByte(b, offset: pos) }
                }
                pos &+= 1
            }
        case UInt8(ascii: "t"):
            try skipLiteral("true")
        case UInt8(ascii: "f"):
            try skipLiteral("false")
        case UInt8(ascii: "n"):
            try skipLiteral("null")
        default:
            guard c == UInt8(ascii: "-") || (c &- UInt8(ascii: "0")) <= 9 else { throw .unexpectedByte(c, offset: pos) }
            pos &+= 1
            while pos < count {
                let b = base[pos]
                if (b &- UInt8(ascii: "0")) <= 9 || b == UInt8(ascii: ".") || b == UInt8(ascii: "e")
                    || b == UInt8(ascii: "E") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
                {
                    pos &+= 1
                } else {
                    break
                }
            }
        }
    }

    private mutating func skipLiteral(_ literal: StaticString) throws(MarketDataError) {
        let n = literal.utf8CodeUnitCount
        guard count &- pos >= n else { throw .truncated(offset: count) }
        let l = literal.utf8Start
        for i in 0..<n where base[pos &+ i] != l[i] { throw .unexpectedByte(base[pos &+ i], offset: pos &+ i) }
        pos &+= n
    }
}
