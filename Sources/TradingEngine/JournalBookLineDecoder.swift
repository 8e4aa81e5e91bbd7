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
/// (one line). The template compares the fixed parts with `memcmp` and reads the values with
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
            c.take(Self.sequence), let sequence = c.integer(),
            c.take(Self.symbol), let name = c.rawStringBody(),
            c.take(Self.time), let time = c.integer(),
            c.take(Self.receivedAt), let receivedAt = c.integer(),
            c.take(Self.end), c.atEnd
        else { return nil }
        let top = TopOfBook(
            symbol: symbol(name), bidPrice: Price(raw: bidPrice), bidSize: Quantity(raw: bidSize),
            askPrice: Price(raw: askPrice), askSize: Quantity(raw: askSize), sequence: sequence, time: Timestamp(nanos: time))
        return EngineInput(receivedAt: Timestamp(nanos: receivedAt), kind: .exchange(.book(top)))
    }

    /// The symbol spelled by `bytes` (the previous one when the bytes are equal).
    private mutating func symbol(_ bytes: UnsafeRawBufferPointer) -> Symbol {
        if let s = lastSymbol, bytes.elementsEqual(lastSymbolBytes) { return s }
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
        // Both ranges are in bounds: `i + n <= bytes.count` was checked above.
        guard memcmp(base + i, literal.utf8Start, n) == 0 else { return false }
        i += n
        return true
    }

    /// A fixed-point decimal's text up to (not including) its closing quote — the opening
    /// quote already taken — by the strict parser (same rules as `decimal()`).
    mutating func decimalBody() -> Int64? {
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        guard i < bytes.count else { return nil }
        return try? FixedPointParser.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
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
