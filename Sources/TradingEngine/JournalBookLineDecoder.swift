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
    /// The previous line's text and value of each decimal field (a book top's fields mostly
    /// repeat from one line to the next).
    private var askPrice = DecimalMemo()
    private var askSize = DecimalMemo()
    private var bidPrice = DecimalMemo()
    private var bidSize = DecimalMemo()

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
        guard let (top, receivedAt) = decodeTop(bytes) else { return nil }
        return EngineInput(receivedAt: receivedAt, kind: .exchange(.book(top)))
    }

    /// The book top and receive time of a template line (what `decode` wraps in an input;
    /// replay hands them to `Engine.handleBook` without building the input).
    mutating func decodeTop(_ bytes: UnsafeRawBufferPointer) -> (TopOfBook, Timestamp)? {
        var c = JournalFastDecoder.Cursor(bytes: bytes)
        guard c.take(Self.head), let askPrice = c.decimalBody(memo: &askPrice),
            c.take(Self.askSize), let askSize = c.decimalBody(memo: &askSize),
            c.take(Self.bidPrice), let bidPrice = c.decimalBody(memo: &bidPrice),
            c.take(Self.bidSize), let bidSize = c.decimalBody(memo: &bidSize),
            c.take(Self.sequence), let sequence = c.fastInteger(),
            c.take(Self.symbol), let symbol = symbol(at: &c),
            c.take(Self.time), let time = c.fastInteger(),
            c.take(Self.receivedAt), let receivedAt = c.fastInteger(),
            c.take(Self.end), c.atEnd
        else { return nil }
        let top = TopOfBook(
            symbol: symbol, bidPrice: Price(raw: bidPrice), bidSize: Quantity(raw: bidSize),
            askPrice: Price(raw: askPrice), askSize: Quantity(raw: askSize), sequence: sequence, time: Timestamp(nanos: time))
        return (top, Timestamp(nanos: receivedAt))
    }

    /// The symbol string at the cursor (its opening quote taken; the closing one is left), by
    /// `rawStringBody()`'s rules: when the bytes there are the previous symbol's followed by a
    /// quote, that symbol without scanning them (its bytes passed those rules, and hold no
    /// quote, so `rawStringBody()` would stop at the same quote); otherwise read and looked up.
    mutating func symbol(at c: inout JournalFastDecoder.Cursor) -> Symbol? {
        let n = lastSymbolBytes.count
        if let s = lastSymbol, n > 0, c.bytes.count - c.i > n, let base = c.bytes.baseAddress,
            base.load(fromByteOffset: c.i + n, as: UInt8.self) == UInt8(ascii: "\""),
            lastSymbolBytes.withUnsafeBytes({ last in last.baseAddress.map { memcmp($0, base + c.i, n) == 0 } ?? false })
        {
            // In bounds: `c.i + n < c.bytes.count` was checked above.
            c.i += n
            return s
        }
        guard let name = c.rawStringBody() else { return nil }
        return symbol(name)
    }

    /// The symbol spelled by `bytes` (the previous one when the bytes are equal).
    mutating func symbol(_ bytes: UnsafeRawBufferPointer) -> Symbol {
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

/// The second most frequent journal line — a public trade — decoded as one fixed template by
/// the book-line decoder (sharing its symbol reuse). A trade line as `JournalCodec` writes it:
///
///     {"input":{"_0":{"kind":{"exchange":{"_0":{"trade":{"_0":{"price":"D","quantity":"D",
///     "side":"Buy","symbol":"S","time":N}}}}},"receivedAt":N}}}
///
/// (one line; `side` is `Buy` or `Sell`). As for book lines, any deviation gives `nil` and the
/// caller falls back to `JournalFastDecoder`, whose rules the values are read with, so what
/// this returns always equals what the general path returns.
extension JournalBookLineDecoder {
    static let tradeHead: StaticString = #"{"input":{"_0":{"kind":{"exchange":{"_0":{"trade":{"_0":{"price":""#
    static let tradeQuantity: StaticString = #"","quantity":""#
    static let tradeSide: StaticString = #"","side":""#
    static let tradeBuy: StaticString = #"Buy","symbol":""#
    static let tradeSell: StaticString = #"Sell","symbol":""#

    /// Decodes one trade line (no newline) or returns `nil` when it is not exactly the template.
    mutating func decodeTrade(_ bytes: UnsafeRawBufferPointer) -> EngineInput? {
        var c = JournalFastDecoder.Cursor(bytes: bytes)
        guard c.take(Self.tradeHead), let price = c.decimalBody(),
            c.take(Self.tradeQuantity), let quantity = c.decimalBody(),
            c.take(Self.tradeSide)
        else { return nil }
        let side: Side
        if c.take(Self.tradeBuy) {
            side = .buy
        } else if c.take(Self.tradeSell) {
            side = .sell
        } else {
            return nil
        }
        guard let symbol = symbol(at: &c),
            c.take(Self.time), let time = c.fastInteger(),
            c.take(Self.receivedAt), let receivedAt = c.fastInteger(),
            c.take(Self.end), c.atEnd
        else { return nil }
        let trade = TradeTick(
            symbol: symbol, side: side, price: Price(raw: price), quantity: Quantity(raw: quantity), time: Timestamp(nanos: time))
        return EngineInput(receivedAt: Timestamp(nanos: receivedAt), kind: .exchange(.trade(trade)))
    }
}

/// A decimal field's text on the previous line — up to 15 bytes, kept as two little-endian
/// words with the bytes past the text zeroed — and the value it decoded to.
struct DecimalMemo {
    var low: UInt64 = 0
    var high: UInt64 = 0
    /// The text's length; -1 while there is none.
    var count = -1
    var value: Int64 = 0

    /// The words with only their first `count` bytes kept (`count` in 0…15).
    @inline(__always)
    static func masked(_ low: UInt64, _ high: UInt64, count: Int) -> (UInt64, UInt64) {
        if count >= 8 { return (low, high & ((1 << UInt64(8 * (count - 8))) &- 1)) }
        return (low & ((1 << UInt64(8 * count)) &- 1), 0)
    }
}

extension JournalFastDecoder.Cursor {
    /// `decimalBody()`, answered from `memo` when the bytes up to the closing quote are the
    /// text the memo holds (the same text always decodes to the same value); otherwise parsed,
    /// and the memo updated.
    @inline(__always)
    mutating func decimalBody(memo: inout DecimalMemo) -> Int64? {
        guard let base = bytes.baseAddress, bytes.count - i >= 16 else { return decimalBody() }
        // Both words lie inside the buffer (`i + 16 <= bytes.count`).
        let low = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        let high = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
        let n = memo.count
        // The memo's text has no quote (it ended at the first one), so equal bytes followed by
        // a quote are the whole field. `i + n < i + 16`: the quote's byte is inside the buffer.
        if n >= 0, base.load(fromByteOffset: i + n, as: UInt8.self) == UInt8(ascii: "\""),
            DecimalMemo.masked(low, high, count: n) == (memo.low, memo.high)
        {
            i += n
            return memo.value
        }
        let start = i
        guard let value = decimalBody() else { return nil }
        let count = i - start
        if count < 16 {
            (memo.low, memo.high) = DecimalMemo.masked(low, high, count: count)
            memo.count = count
            memo.value = value
        }
        return value
    }

    /// Takes `literal` (ASCII) when the bytes at the read position spell it.
    @inline(__always)
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
    @inline(__always)
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
        return decimalBodyByParser()
    }

    /// `decimalBody()`'s general case: the text up to the closing quote through the strict
    /// parser (kept out of line: it is rare).
    @inline(never)
    mutating func decimalBodyByParser() -> Int64? {
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        guard i < bytes.count else { return nil }
        return try? FixedPointParser.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
    }

    /// `integer()` in one pass over the digits (same rules and results).
    ///
    /// Runs of eight digits are read as one 8-byte word (`EightDigits`): a journal's
    /// nanosecond timestamps have 19 digits, so this takes two words and three single bytes.
    @inline(__always)
    mutating func fastInteger() -> Int64? {
        guard let base = bytes.baseAddress else { return nil }
        // Every load is inside the buffer: single bytes at an index `< bytes.count`, words at
        // `k` with `k + 8 <= bytes.count` (checked before each read).
        let n = bytes.count
        var k = i
        let negative = k < n && base.load(fromByteOffset: k, as: UInt8.self) == UInt8(ascii: "-")
        if negative { k += 1 }
        let digitsStart = k
        var magnitude: UInt64 = 0
        // At most two words (16 digits): with the byte loop's limit of 20 digits the wrapping
        // arithmetic below only ever wraps for numbers that are refused anyway.
        while k + 8 <= n, k - digitsStart < 16 {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            guard EightDigits.areDigits(word) else { break }
            magnitude = magnitude &* 100_000_000 &+ EightDigits.value(word)
            k += 8
        }
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

/// Eight ASCII digits read as one little-endian 64-bit word (the first digit in the lowest
/// byte), checked and converted with a few word operations instead of eight steps.
enum EightDigits {
    /// `true` when all eight bytes are `0`…`9`: each byte's high nibble is 3, and stays 3
    /// after adding 6 (which pushes `:`…`?` to 4). A byte that carries out of itself
    /// (`0xFA`…`0xFF`) already fails its own high-nibble test.
    @inline(__always)
    static func areDigits(_ word: UInt64) -> Bool {
        let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        return (word & high) | (((word &+ 0x0606_0606_0606_0606) & high) >> 4) == 0x3333_3333_3333_3333
    }

    /// The number the eight digits spell (0…99 999 999); `word` must pass `areDigits`.
    ///
    /// Pairs first: every even byte becomes `10·d[2j] + d[2j+1]` (≤ 99, so no byte carries
    /// into the next); then the four pairs p0…p3 (bytes 0, 2, 4, 6) are combined by two
    /// multiplications whose upper halves hold `10⁶·p0 + 10²·p2` and `10⁴·p1 + p3`.
    @inline(__always)
    static func value(_ word: UInt64) -> UInt64 {
        var v = word &- 0x3030_3030_3030_3030
        v = (v &* 10) &+ (v >> 8)
        let pairs: UInt64 = 0x0000_00FF_0000_00FF
        let outer = (v & pairs) &* (100 &+ (1_000_000 << 32))
        let inner = ((v >> 16) & pairs) &* (1 &+ (10_000 << 32))
        return (outer &+ inner) >> 32
    }
}
