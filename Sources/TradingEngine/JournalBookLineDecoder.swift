import MarketCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hottest journal line — a book top with both sides — decoded as one fixed template,
/// with the symbol's `String` reused from the previous line when its bytes are the same.
///
/// A book line as `JournalCodec` writes it (sorted keys, no spaces) is
///
///     {"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{"askPrice":"D","askSize":"D",
///     "bidPrice":"D","bidSize":"D","sequence":N,"symbol":"S","time":N}}}}},"receivedAt":N}}}
///
/// (one line). The template compares the fixed parts 8 bytes at a time and reads the values with
/// the same number, decimal and string rules as `JournalFastDecoder`; a line that deviates in
/// any byte (a missing side, escapes, other spacing) gives `nil` and the caller falls back to
/// `JournalFastDecoder`, so what this returns always equals what the general path returns.
struct JournalBookLineDecoder {
    /// The last symbol decoded and its bytes (journals of one bot repeat a few symbols).
    private var lastSymbolBytes: [UInt8] = []
    private var lastSymbol: Symbol?

    init() {}

    static let head: StaticString = #"{"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{"askPrice":""#
    static let askSize: StaticString = #"","askSize":""#
    static let bidPrice: StaticString = #"","bidPrice":""#
    static let bidSize: StaticString = #"","bidSize":""#
    static let sequence: StaticString = #"","sequence":"#
    static let symbol: StaticString = #","symbol":""#
    static let time: StaticString = #"","time":"#
    static let receivedAt: StaticString = #"}}}}},"receivedAt":"#
    static let end: StaticString = "}}}"

    /// Decodes one line (no newline) or returns `nil` when it is not exactly the template.
    mutating func decode(_ bytes: UnsafeRawBufferPointer) -> EngineInput? {
        var c = JournalFastDecoder.Cursor(bytes: bytes)
        guard c.take(Self.head), let askPrice = c.decimalBody(),
            c.take(Self.askSize), let askSize = c.decimalBody(),
            c.take(Self.bidPrice), let bidPrice = c.decimalBody(),
            c.take(Self.bidSize), let bidSize = c.decimalBody(),
            c.take(Self.sequence), let sequence = c.fastInteger(),
            c.take(Self.symbol), let name = c.rawStringBody(),
            c.take(Self.time), let time = c.fastInteger(),
            c.take(Self.receivedAt), let receivedAt = c.fastInteger(),
            c.take(Self.end), c.atEnd
        else { return nil }
        let top = TopOfBook(
            symbol: symbol(name), bidPrice: Price(raw: bidPrice), bidSize: Quantity(raw: bidSize),
            askPrice: Price(raw: askPrice), askSize: Quantity(raw: askSize), sequence: sequence, time: Timestamp(nanos: time))
        return EngineInput(receivedAt: Timestamp(nanos: receivedAt), kind: .exchange(.book(top)))
    }

    /// The symbol spelled by `bytes` (the previous one when the bytes are equal).
    private mutating func symbol(_ bytes: UnsafeRawBufferPointer) -> Symbol {
        if let s = lastSymbol, bytes.count == lastSymbolBytes.count,
            lastSymbolBytes.withUnsafeBytes({ last in
                guard let l = last.baseAddress, let b = bytes.baseAddress else { return bytes.isEmpty }
                return memcmp(l, b, bytes.count) == 0
            })
        {
            return s
        }
        let s = Symbol(String(decoding: bytes, as: UTF8.self))
        lastSymbol = s
        lastSymbolBytes = Array(bytes)
        return s
    }
}

extension JournalFastDecoder.Cursor {
    /// Takes `literal` (ASCII) when the bytes at the read position spell it.
    mutating func take(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard bytes.count - i >= n, let base = bytes.baseAddress else { return false }
        // In bounds: `i + n <= bytes.count` was checked above, and the literal has `n` bytes.
        // Compared 8 bytes at a time (unaligned loads), then the tail byte by byte.
        let a = base + i
        let b = UnsafeRawPointer(literal.utf8Start)
        var k = 0
        while k + 8 <= n {
            guard a.loadUnaligned(fromByteOffset: k, as: UInt64.self) == b.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            else { return false }
            k += 8
        }
        while k < n {
            guard a.load(fromByteOffset: k, as: UInt8.self) == b.load(fromByteOffset: k, as: UInt8.self) else { return false }
            k += 1
        }
        i += n
        return true
    }

    /// A fixed-point decimal's text up to (not including) its closing quote — the opening
    /// quote already taken — by the strict parser's rules (same result as `decimal()`).
    ///
    /// Fast path in one pass: an optional minus, 1–9 integer digits, optionally a dot and
    /// 1–9 fraction digits, then the quote (the value is below 10^18: no overflow). Anything
    /// else — more digits, other characters, a missing quote — goes to `FixedPointParser`
    /// on the same bytes, which gives the reference answer.
    mutating func decimalBody() -> Int64? {
        let start = i
        if let base = bytes.baseAddress {
            // Every load is at an index `< bytes.count` (checked before each read).
            let n = bytes.count
            var k = i
            let negative = k < n && base.load(fromByteOffset: k, as: UInt8.self) == UInt8(ascii: "-")
            if negative { k += 1 }
            var value: Int64 = 0
            var intDigits = 0
            while k < n, intDigits <= 9 {
                let d = base.load(fromByteOffset: k, as: UInt8.self) &- 48
                guard d <= 9 else { break }
                value = value &* 10 &+ Int64(d)
                intDigits += 1
                k += 1
            }
            var fracDigits = 0
            var ok = intDigits >= 1 && intDigits <= 9
            if ok, k < n, base.load(fromByteOffset: k, as: UInt8.self) == UInt8(ascii: ".") {
                k += 1
                while k < n, fracDigits <= 9 {
                    let d = base.load(fromByteOffset: k, as: UInt8.self) &- 48
                    guard d <= 9 else { break }
                    value = value &* 10 &+ Int64(d)
                    fracDigits += 1
                    k += 1
                }
                ok = fracDigits >= 1 && fracDigits <= 9
            }
            if ok, k < n, base.load(fromByteOffset: k, as: UInt8.self) == UInt8(ascii: "\"") {
                i = k
                let scaled = value &* FixedPointScale.powersOfTen[FixedPointScale.digits - fracDigits]
                return negative ? -scaled : scaled
            }
        }
        i = start
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        guard i < bytes.count else { return nil }
        return try? FixedPointParser.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
    }

    /// `integer()` in one pass over the digits (same rules and results).
    mutating func fastInteger() -> Int64? {
        guard let base = bytes.baseAddress else { return nil }
        // Every load is at an index `< bytes.count` (checked before each read).
        let n = bytes.count
        var k = i
        let negative = k < n && base.load(fromByteOffset: k, as: UInt8.self) == UInt8(ascii: "-")
        if negative { k += 1 }
        let digitsStart = k
        var magnitude: UInt64 = 0
        while k < n, k - digitsStart < 20 {
            let d = base.load(fromByteOffset: k, as: UInt8.self) &- 48
            guard d <= 9 else { break }
            magnitude = magnitude &* 10 &+ UInt64(d)
            k += 1
        }
        let digits = k - digitsStart
        // No leading zeros; 20 digits or more are at least 10^19, beyond Int64 (and 19
        // digits stay below 10^19 < UInt64.max, so the sum above did not wrap).
        guard digits > 0, digits <= 19, digits == 1 || base.load(fromByteOffset: digitsStart, as: UInt8.self) != 48 else { return nil }
        guard let value = Int64.journalInteger(magnitude: magnitude, negative: negative) else { return nil }
        i = k
        return value
    }

    /// A plain ASCII string's bytes up to (not including) its closing quote — the opening
    /// quote already taken — with the rules of `rawString()`; the closing quote is left for
    /// the literal that follows.
    mutating func rawStringBody() -> UnsafeRawBufferPointer? {
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") || bytes[i] < 0x20 || bytes[i] >= 0x80 { return nil }
            i += 1
        }
        guard i < bytes.count else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<i])
    }
}
