import MarketCore

/// The first try of `MarketDataDecoder.fastDecode`: a book frame exactly as Phemex sends it —
/// keys in Phemex's (alphabetical) order, `{"depth":…,"dts":…,"mts":…,"orderbook_p":{"asks":
/// […],"bids":[…]},"sequence":…,"symbol":"…","timestamp":…,"type":"…"}` for USDT-M and
/// `{"book":{"asks":[…],"bids":[…]},"depth":…,"sequence":…,…}` for COIN-M — read as a fixed
/// template: each run of punctuation and key names is one or two word compares, no key
/// dispatch. The frame's last byte is checked to be `}` first; it stops every digit scan, so
/// the scans need no bounds test (a byte read is at most the one after a byte that matched
/// something other than `}`).
///
/// It accepts a subset of what `fastParse` accepts (same value rules, same results); anything
/// else returns `false` and `fastParse` — then the general parser — takes the frame.
extension MarketDataDecoder {
    /// The bytes of `p` as a little-endian word, masked to its first `n` bytes by `mask`.
    @inline(__always)
    static func word(_ p: UnsafePointer<UInt8>, _ mask: UInt64) -> UInt64 { load8(p) & mask }

    static var mask2: UInt64 { 0xFFFF }
    static var mask3: UInt64 { 0xFF_FFFF }
    static var mask4: UInt64 { 0xFFFF_FFFF }
    static var mask5: UInt64 { 0xFF_FFFF_FFFF }
    static var mask7: UInt64 { 0xFF_FFFF_FFFF_FFFF }

    /// A run of 1…19 digits that fits `Int64` (the frame's final `}` stops the scan); -1
    /// otherwise.
    @inline(__always)
    static func sentinelInt(_ p: inout UnsafePointer<UInt8>) -> Int64 {
        let start = p
        var v: UInt64 = 0
        while true {
            let d = p.pointee &- UInt8(ascii: "0")
            if d > 9 { break }
            v = v &* 10 &+ UInt64(d)
            p += 1
        }
        let n = p - start
        if n < 1 || n > 19 || v > UInt64(Int64.max) { return -1 }
        return Int64(bitPattern: v)
    }

    /// `skipInt` for a value of Phemex's nanosecond-time shape (exactly 19 digits), checked
    /// in three word tests without a loop; any other shape takes `skipInt`.
    @inline(__always)
    static func skipInt19(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool {
        if end - p >= 20 && allDigits(load8(p)) && allDigits(load8(p + 8)) && allDigits(load8(p + 11))
            && p[19] &- UInt8(ascii: "0") > 9
        {
            p += 19
            return true
        }
        return skipInt(&p, end)
    }

    /// `skipInt` for short values (`depth`): a plain digit loop, no word test first.
    @inline(__always)
    static func skipShortInt(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool {
        let start = p
        while p < end && p.pointee &- UInt8(ascii: "0") <= 9 { p += 1 }
        let n = p - start
        return n >= 1 && n <= 19
    }

    /// `fastIntChunked` for a value of exactly 19 digits (nanosecond times): three word tests
    /// and three word conversions, no loop; any other shape takes `fastIntChunked`.
    @inline(__always)
    static func int19(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int64 {
        if end - p >= 20 {
            let a = load8(p)
            let b = load8(p + 8)
            let c = load8(p + 11)  // bytes 11…18: the last three digits are its top bytes
            if allDigits(a) && allDigits(b) && allDigits(c) && p[19] &- UInt8(ascii: "0") > 9 {
                p += 19
                // Below 10^19 < 2^64: no wrap; the Int64 range is checked as in `fastIntChunked`.
                let v = digitsValue(a, 8) &* 100_000_000_000 &+ digitsValue(b, 8) &* 1000 &+ digitsValue(c &>> 40, 3)
                return v > UInt64(Int64.max) ? -1 : Int64(bitPattern: v)
            }
        }
        return fastIntChunked(&p, end)
    }

    /// `fastIntChunked` for a value of 9…15 digits (Phemex sequences): one word test for the
    /// first eight, the length of the rest from a digit mask, no loop; any other shape takes
    /// `fastIntChunked`.
    @inline(__always)
    static func intMid(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int64 {
        if end - p >= 16 {
            let a = load8(p)
            let b = load8(p + 8)
            // High bit of each byte of `b` that is not an ASCII digit (exact up to the first).
            let nonDigit = ((b & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
                | (((b &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
            let k = nonDigit.trailingZeroBitCount &>> 3
            if allDigits(a) && k >= 1 && k <= 7 {
                p += 8 &+ k
                // At most 15 digits: far below Int64.max.
                return Int64(bitPattern: digitsValue(a, 8)) &* pow10(k) &+ Int64(bitPattern: digitsValue(b, k))
            }
        }
        return fastIntChunked(&p, end)
    }

    /// `ddd"` or `ddd.fff"` (after the opening quote; 1…9 integer and 1…9 fraction digits) to
    /// a raw 10⁻⁹ count, as `fastDecimal`; -1 otherwise.
    @inline(__always)
    static func sentinelDecimal(_ p: inout UnsafePointer<UInt8>) -> Int64 {
        let start = p
        var v: UInt64 = 0
        while true {
            let d = p.pointee &- UInt8(ascii: "0")
            if d > 9 { break }
            v = v &* 10 &+ UInt64(d)
            p += 1
        }
        let intDigits = p - start
        if intDigits < 1 || intDigits > 9 { return -1 }
        var fracDigits = 0
        if p.pointee == UInt8(ascii: ".") {
            p += 1
            let fracStart = p
            while true {
                let d = p.pointee &- UInt8(ascii: "0")
                if d > 9 { break }
                v = v &* 10 &+ UInt64(d)
                p += 1
            }
            fracDigits = p - fracStart
            if fracDigits < 1 || fracDigits > 9 { return -1 }
        }
        guard p.pointee == UInt8(ascii: "\"") else { return -1 }
        p += 1
        return Int64(bitPattern: v) &* pow10(9 &- fracDigits)
    }

    /// Levels after the opening `[` up to and including the closing `]`, each stored in `out`
    /// and handed to `sink`; the count, or -1 (malformed, or refused by the sink).
    @_transparent
    static func sentinelLevels<S: LevelSink>(
        _ cursor: inout UnsafePointer<UInt8>, inverse: Bool, _ out: UnsafeMutablePointer<Int64>?, capacity: Int,
        isBid: Bool, _ sink: inout S
    ) -> Int {
        // A local cursor stays in a register (the caller's is written back once).
        var p = cursor
        defer { cursor = p }
        if p.pointee == UInt8(ascii: "]") {
            p += 1
            return 0
        }
        guard let out else { return -1 }
        var n = 0
        while true {
            guard n < capacity, p.pointee == UInt8(ascii: "[") else { return -1 }
            p += 1
            let price: Int64
            let size: Int64
            if inverse {
                price = sentinelInt(&p)
                guard price > 0, p.pointee == UInt8(ascii: ",") else { return -1 }
                p += 1
                size = sentinelInt(&p)
            } else {
                guard p.pointee == UInt8(ascii: "\"") else { return -1 }
                p += 1
                price = sentinelDecimal(&p)
                guard price > 0, p.pointee == UInt8(ascii: ","), p[1] == UInt8(ascii: "\"") else { return -1 }
                p += 2
                size = sentinelDecimal(&p)
            }
            guard size >= 0, p.pointee == UInt8(ascii: "]") else { return -1 }
            p += 1
            out[2 &* n] = price
            out[2 &* n &+ 1] = size
            guard sink.take(isBid: isBid, inverse: inverse, price: price, size: size) else { return -1 }
            n &+= 1
            let c = p.pointee
            p += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "]") { return n }
            return -1
        }
    }

    /// Parses a frame in Phemex's own key order into the scratch and `h`, handing each level
    /// to `sink` as it is read; `false` for anything else (or when the sink refused a level).
    static func canonicalParse<S: LevelSink>(
        _ base: UnsafePointer<UInt8>, _ count: Int, _ scratch: FastScratch, _ h: inout FastHeader, _ sink: inout S
    ) -> Bool {
        guard count >= 64, base[count &- 1] == UInt8(ascii: "}") else { return false }
        let end = base + count
        var p = base
        let inverse: Bool
        if load8(p) == 0x2268_7470_6564_227B && p[8] == UInt8(ascii: ":") {  // {"depth" :
            p += 9
            guard skipShortInt(&p, end), end - p >= 16, word(p, mask7) == 0x003A_2273_7464_222C else { return false }  // ,"dts":
            p += 7
            guard skipInt19(&p, end), end - p >= 32, word(p, mask7) == 0x003A_2273_746D_222C else { return false }  // ,"mts":
            p += 7
            guard skipInt19(&p, end), end - p >= 32, load8(p) == 0x6272_6564_726F_222C,  // ,"orderb
                load8(p + 8) == 0x7B3A_2270_5F6B_6F6F, load8(p + 16) == 0x5B3A_2273_6B73_6122  // ook_p":{ "asks":[
            else { return false }
            p += 24
            inverse = false
        } else if load8(p) == 0x3A22_6B6F_6F62_227B && load8(p + 8) == 0x3A22_736B_7361_227B  // {"book": {"asks":
            && p[16] == UInt8(ascii: "[")
        {
            p += 17
            inverse = true
        } else {
            return false
        }
        let na = sentinelLevels(&p, inverse: inverse, scratch.asks, capacity: scratch.askCapacity, isBid: false, &sink)
        guard na >= 0, end - p >= 16, load8(p) == 0x3A22_7364_6962_222C, p[8] == UInt8(ascii: "[") else { return false }  // ,"bids":[
        p += 9
        let nb = sentinelLevels(&p, inverse: inverse, scratch.bids, capacity: scratch.bidCapacity, isBid: true, &sink)
        guard nb >= 0, end - p >= 16 else { return false }
        if inverse {
            guard load8(p) == 0x6874_7065_6422_2C7D, word(p + 8, mask2) == 0x3A22 else { return false }  // },"depth ":
            p += 10
            guard skipInt(&p, end), end - p >= 16, load8(p) == 0x6E65_7571_6573_222C,  // ,"sequen
                word(p + 8, mask4) == 0x3A22_6563  // ce":
            else { return false }
            p += 12
        } else {
            guard load8(p) == 0x6575_7165_7322_2C7D, word(p + 8, mask5) == 0x3A_2265_636E else { return false }  // },"seque nce":
            p += 13
        }
        let seq = intMid(&p, end)
        guard seq >= 0, end - p >= 32, load8(p) == 0x6C6F_626D_7973_222C, word(p + 8, mask3) == 0x22_3A22 else { return false }  // ,"symbol ":"
        p += 11
        // The same word-at-a-time symbol read as `fastParse` (at least 21 bytes remain).
        let lo = load8(p)
        let hi = load8(p + 8)
        let mlo = quoteOrBackslash(lo)
        let n: Int
        if mlo != 0 {
            n = mlo.trailingZeroBitCount &>> 3
        } else {
            let mhi = quoteOrBackslash(hi)
            n = mhi != 0 ? 8 &+ (mhi.trailingZeroBitCount &>> 3) : 16
        }
        guard n > 0, p[n] == UInt8(ascii: "\"") else { return false }
        let key = SymbolKey(
            low: n >= 8 ? lo : lo & ((1 &<< UInt64(8 &* n)) &- 1),
            high: n >= 16 ? hi : (n <= 8 ? 0 : hi & ((1 &<< UInt64(8 &* (n &- 8))) &- 1)), length: n)
        p += n &+ 1
        guard end - p >= 16, load8(p) == 0x7473_656D_6974_222C, word(p + 8, mask5) == 0x3A_2270_6D61 else { return false }  // ,"timest amp":
        p += 13
        let ts = int19(&p, end)
        guard ts >= 0, end - p >= 19, load8(p) == 0x3A22_6570_7974_222C, p[8] == UInt8(ascii: "\"") else { return false }  // ,"type":"
        p += 9
        let snapshot: Bool
        let rest = end - p
        if rest == 13 && load8(p) == 0x6E65_6D65_7263_6E69 && load4(p + 8) == 0x226C_6174 {  // incremen tal"
            snapshot = false
        } else if rest == 10 && load8(p) == 0x746F_6873_7061_6E73 && p[8] == UInt8(ascii: "\"") {  // snapshot"
            snapshot = true
        } else {
            return false
        }
        // The final `}` was checked first.
        h.inverse = inverse
        h.snapshot = snapshot
        h.sequence = seq
        h.timestamp = ts
        h.key = key
        h.askCount = na
        h.bidCount = nb
        return true
    }
}
