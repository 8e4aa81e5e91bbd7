import MarketCore

/// A hand-written decoder for the journal's two most frequent line shapes, book tops and
/// timers, as `JournalCodec` writes them (sorted keys, no spaces):
///
///     {"input":{"_0":{"kind":{"timer":{}},"receivedAt":N}}}
///     {"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{…TopOfBook…}}}}},"receivedAt":N}}}
///
/// It returns `nil` for anything else or anything unexpected (escapes, unknown keys, other
/// number forms), and the caller falls back to Foundation's `JSONDecoder`; what it does decode
/// equals what `JSONDecoder` gives (same strict decimal parser), so replay stays byte for byte.
enum JournalFastDecoder {
    static let timerHead = Array(#"{"input":{"_0":{"kind":{"timer":{}},"receivedAt":"#.utf8)
    static let bookHead = Array(#"{"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{"#.utf8)
    static let bookTail = Array(#"}}}}},"receivedAt":"#.utf8)
    static let end = Array("}}}".utf8)

    static func decode(_ line: Substring) -> EngineInput? {
        var line = line
        return line.withUTF8 { buf -> EngineInput? in
            var c = Cursor(bytes: UnsafeRawBufferPointer(buf))
            if c.take(timerHead) {
                guard let t = c.integer(), c.take(end), c.atEnd else { return nil }
                return EngineInput(receivedAt: Timestamp(nanos: t), kind: .timer)
            }
            guard c.take(bookHead), let top = book(&c), c.take(bookTail), let t = c.integer(), c.take(end), c.atEnd else {
                return nil
            }
            return EngineInput(receivedAt: Timestamp(nanos: t), kind: .exchange(.book(top)))
        }
    }

    /// The `TopOfBook` object's members up to (not including) its closing brace.
    static func book(_ c: inout Cursor) -> TopOfBook? {
        var bidPrice: Price?
        var bidSize: Quantity?
        var askPrice: Price?
        var askSize: Quantity?
        var sequence: Int64?
        var symbol: Symbol?
        var time: Int64?
        var first = true
        var lastKey = ""
        while !c.peek(UInt8(ascii: "}")) {
            if !first { guard c.take(UInt8(ascii: ",")) else { return nil } }
            first = false
            guard let key = c.string(), key > lastKey, c.take(UInt8(ascii: ":")) else { return nil }
            lastKey = key
            switch key {
            case "askPrice": guard let v = c.decimal() else { return nil }; askPrice = Price(raw: v)
            case "askSize": guard let v = c.decimal() else { return nil }; askSize = Quantity(raw: v)
            case "bidPrice": guard let v = c.decimal() else { return nil }; bidPrice = Price(raw: v)
            case "bidSize": guard let v = c.decimal() else { return nil }; bidSize = Quantity(raw: v)
            case "sequence": guard let v = c.integer() else { return nil }; sequence = v
            case "symbol": guard let v = c.string() else { return nil }; symbol = Symbol(v)
            case "time": guard let v = c.integer() else { return nil }; time = v
            default: return nil
            }
        }
        guard let sequence, let symbol, let time else { return nil }
        return TopOfBook(
            symbol: symbol, bidPrice: bidPrice, bidSize: bidSize, askPrice: askPrice, askSize: askSize,
            sequence: sequence, time: Timestamp(nanos: time))
    }

    /// A read position in one line.
    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var i = 0

        var atEnd: Bool { i == bytes.count }

        func peek(_ b: UInt8) -> Bool { i < bytes.count && bytes[i] == b }

        mutating func take(_ b: UInt8) -> Bool {
            guard peek(b) else { return false }
            i += 1
            return true
        }

        mutating func take(_ literal: [UInt8]) -> Bool {
            guard bytes.count - i >= literal.count else { return false }
            for k in 0..<literal.count where bytes[i + k] != literal[k] { return false }
            i += literal.count
            return true
        }

        /// A JSON integer (optional minus, digits, no leading zeros), fitting Int64.
        mutating func integer() -> Int64? {
            var k = i
            let negative = k < bytes.count && bytes[k] == UInt8(ascii: "-")
            if negative { k += 1 }
            let digitsStart = k
            var value: Int64 = 0
            while k < bytes.count, bytes[k] >= 48, bytes[k] <= 57 {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.subtractingReportingOverflow(Int64(bytes[k] - 48))
                if o1 || o2 { return nil }
                value = a
                k += 1
            }
            let n = k - digitsStart
            guard n > 0, n == 1 || bytes[digitsStart] != 48 else { return nil }
            if !negative {
                guard value != Int64.min else { return nil }
                value = -value
            }
            i = k
            return value
        }

        /// A plain string (no escapes); nil otherwise.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") || bytes[i] < 0x20 { return nil }
                i += 1
            }
            guard i < bytes.count else { return nil }
            let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            i += 1
            return s
        }

        /// A fixed-point decimal written as a JSON string, by the strict parser.
        mutating func decimal() -> Int64? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") { return nil }
                i += 1
            }
            guard i < bytes.count else { return nil }
            let raw = try? FixedPointParser.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
            i += 1
            return raw
        }
    }
}
