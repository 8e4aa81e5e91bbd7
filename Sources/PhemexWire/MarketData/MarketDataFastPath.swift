import MarketCore

/// The fast path of `MarketDataDecoder`: a single forward pass over the canonical shape of a
/// Phemex book frame as the exchange sends it — no whitespace, plain keys, integer header
/// values, `["price","size"]` (USDT-M) or `[priceEp,size]` (COIN-M) levels, no exponent, sign
/// or escape. Keys are matched by length and 4/8-byte loads; decimal strings are read straight
/// to 10⁻⁹ counts; levels are written into the decoder's pre-sized scratch through one pointer
/// per side.
///
/// It never reports an error: on anything outside that shape (including every malformed
/// input, non-book frames, the `/md` envelope, long symbols, more levels than the scratch
/// holds) it returns `false` and the strict general parser decodes the frame from the start,
/// so errors and results are exactly those of the general parser. Whatever it accepts, the
/// general parser accepts with the same result.
extension MarketDataDecoder {
    @inline(__always)
    static func load8(_ p: UnsafePointer<UInt8>) -> UInt64 { UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) }

    @inline(__always)
    static func load4(_ p: UnsafePointer<UInt8>) -> UInt32 { UnsafeRawPointer(p).loadUnaligned(as: UInt32.self) }

    /// 10^n for 0 ≤ n ≤ 9 without touching a global table.
    @inline(__always)
    static func pow10(_ n: Int) -> Int64 {
        switch n {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        case 7: return 10_000_000
        case 8: return 100_000_000
        default: return 1_000_000_000
        }
    }

    /// The value of the first `k` (1…8) bytes of `w`, which must be ASCII digits (SWAR: the
    /// digits are shifted to the top as if left-padded with zeros, then combined pairwise).
    @inline(__always)
    static func digitsValue(_ w: UInt64, _ k: Int) -> UInt64 {
        var v = (w &- 0x3030_3030_3030_3030) &<< UInt64(64 &- 8 &* k)
        v = (v &* 10) &+ (v &>> 8)
        v = (((v & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064)
            &+ (((v &>> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001)) &>> 32
        return v
    }

    /// `true` when all 8 bytes of `w` are ASCII digits.
    @inline(__always)
    static func allDigits(_ w: UInt64) -> Bool {
        (w & 0xF0F0_F0F0_F0F0_F0F0) | (((w &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) &>> 4)
            == 0x3333_3333_3333_3333
    }

    /// `fastInt` for long integers (nanosecond timestamps, sequences): whole 8-digit chunks
    /// are taken in one step — a predicted branch, so the cursor does not wait on the
    /// arithmetic — then the tail digit by digit.
    @inline(__always)
    static func fastIntChunked(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int64 {
        let start = p
        var v: UInt64 = 0
        var chunks = 0
        while chunks < 2 && end - p >= 8 {
            let w = load8(p)
            if !allDigits(w) { break }
            v = v &* 100_000_000 &+ digitsValue(w, 8)
            p += 8
            chunks &+= 1
        }
        while p < end {
            let d = p.pointee &- UInt8(ascii: "0")
            if d > 9 { break }
            v = v &* 10 &+ UInt64(d)
            p += 1
        }
        let n = p - start
        // At most 19 digits: below 10^19, so no UInt64 wrap; Int64 range checked here.
        if n < 1 || n > 19 || v > UInt64(Int64.max) { return -1 }
        return Int64(bitPattern: v)
    }

    /// High bit set in each byte of `w` that is `"` or `\\`; exact up to the first such byte
    /// (bits above it may be spurious, so only the lowest set bit is meaningful).
    @inline(__always)
    static func quoteOrBackslash(_ w: UInt64) -> UInt64 {
        let q = w ^ 0x2222_2222_2222_2222
        let b = w ^ 0x5C5C_5C5C_5C5C_5C5C
        return ((q &- 0x0101_0101_0101_0101) & ~q | (b &- 0x0101_0101_0101_0101) & ~b) & 0x8080_8080_8080_8080
    }

    /// Skips the value of an unknown header key when it is a plain integer of 1…19 digits
    /// (`dts`, `mts`, `depth`); `false` otherwise. 8-digit chunks are checked in one step.
    @inline(__always)
    static func skipInt(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool {
        let start = p
        while end - p >= 8 && p - start < 16 && allDigits(load8(p)) { p += 8 }
        while p < end && p.pointee &- UInt8(ascii: "0") <= 9 { p += 1 }
        let n = p - start
        return n >= 1 && n <= 19
    }

    /// Reads a run of 1…19 ASCII digits that fits in `Int64` (19 digits cannot wrap a
    /// `UInt64`); -1 otherwise.
    @inline(__always)
    static func fastInt(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int64 {
        let start = p
        var v: UInt64 = 0
        while p < end {
            let d = p.pointee &- UInt8(ascii: "0")
            if d > 9 { break }
            v = v &* 10 &+ UInt64(d)
            p += 1
        }
        let n = p - start
        if n < 1 || n > 19 || v > UInt64(Int64.max) { return -1 }
        return Int64(bitPattern: v)
    }

    /// Reads `"ddd"` or `"ddd.fff"` (1…9 integer digits, 1…9 fraction digits) to a raw 10⁻⁹
    /// count; -1 for anything else.
    @inline(__always)
    static func fastDecimal(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int64 {
        guard p < end, p.pointee == UInt8(ascii: "\"") else { return -1 }
        p += 1
        let start = p
        var v: UInt64 = 0
        while p < end {
            let d = p.pointee &- UInt8(ascii: "0")
            if d > 9 { break }
            v = v &* 10 &+ UInt64(d)
            p += 1
        }
        let intDigits = p - start
        if intDigits < 1 || intDigits > 9 || p >= end { return -1 }
        var fracDigits = 0
        if p.pointee == UInt8(ascii: ".") {
            p += 1
            let fracStart = p
            while p < end {
                let d = p.pointee &- UInt8(ascii: "0")
                if d > 9 { break }
                v = v &* 10 &+ UInt64(d)
                p += 1
            }
            fracDigits = p - fracStart
            if fracDigits < 1 || fracDigits > 9 || p >= end { return -1 }
        }
        guard p.pointee == UInt8(ascii: "\"") else { return -1 }
        p += 1
        return Int64(bitPattern: v) &* pow10(9 &- fracDigits)
    }

    /// Reads one `[[p,s],…]` side into `out` (pairs, room for `capacity` levels); returns the
    /// level count or -1.
    @_transparent
    static func fastLevels(
        _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, inverse: Bool,
        _ out: UnsafeMutablePointer<Int64>?, capacity: Int
    ) -> Int {
        guard p < end, p.pointee == UInt8(ascii: "[") else { return -1 }
        p += 1
        guard p < end else { return -1 }
        if p.pointee == UInt8(ascii: "]") {
            p += 1
            return 0
        }
        guard let out else { return -1 }
        var n = 0
        while true {
            guard n < capacity, p < end, p.pointee == UInt8(ascii: "[") else { return -1 }
            p += 1
            let price = inverse ? fastInt(&p, end) : fastDecimal(&p, end)
            guard price > 0, p < end, p.pointee == UInt8(ascii: ",") else { return -1 }
            p += 1
            let size = inverse ? fastInt(&p, end) : fastDecimal(&p, end)
            guard size >= 0, p < end, p.pointee == UInt8(ascii: "]") else { return -1 }
            p += 1
            out[2 &* n] = price
            out[2 &* n &+ 1] = size
            n &+= 1
            guard p < end else { return -1 }
            let c = p.pointee
            p += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "]") { return n }
            return -1
        }
    }

    /// Parses `{"asks":[…],"bids":[…]}` (either order, either may be absent) into the scratch.
    @_transparent
    static func fastBook(
        _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, inverse: Bool, _ s: FastScratch,
        _ h: inout FastHeader
    ) -> Bool {
        guard p < end, p.pointee == UInt8(ascii: "{") else { return false }
        p += 1
        guard p < end else { return false }
        if p.pointee == UInt8(ascii: "}") {
            p += 1
            return true
        }
        var sawAsks = false
        var sawBids = false
        while true {
            // `"asks":` or `"bids":` — 7 bytes.
            guard end - p >= 8 else { return false }
            let w = Self.load4(p)
            let tail = Self.load4(p + 3)
            if w == 0x6B73_6122 && tail == 0x3A22_736B {  // "ask / sk":
                if sawAsks { return false }
                sawAsks = true
                p += 7
                let n = fastLevels(&p, end, inverse: inverse, s.asks, capacity: s.askCapacity)
                if n < 0 { return false }
                h.askCount = n
            } else if w == 0x6469_6222 && tail == 0x3A22_7364 {  // "bid / ds":
                if sawBids { return false }
                sawBids = true
                p += 7
                let n = fastLevels(&p, end, inverse: inverse, s.bids, capacity: s.bidCapacity)
                if n < 0 { return false }
                h.bidCount = n
            } else {
                return false
            }
            guard p < end else { return false }
            let c = p.pointee
            p += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "}") { return true }
            return false
        }
    }

    /// Where the fast path writes levels: the decoder's scratch, as raw pointers (pairs).
    struct FastScratch {
        var bids: UnsafeMutablePointer<Int64>?
        var bidCapacity: Int
        var asks: UnsafeMutablePointer<Int64>?
        var askCapacity: Int
    }

    /// The header of the last decoded frame (written in place by both parsers).
    struct FastHeader {
        var sequence: Int64 = 0
        var timestamp: Int64 = 0
        var snapshot = false
        var inverse = false
        var key: SymbolKey?
        var bidCount = 0
        var askCount = 0
    }

    /// Decodes a canonical book frame; `false` means "use the general parser". Takes both
    /// scratch pointers once, then parses into `header` without touching the rest of `self`.
    mutating func fastDecode(_ base: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        #if _endian(big)
        // The key and digit constants are little-endian word images.
        return false
        #else
        let ok = bidPairs.withUnsafeMutableBufferPointer { b in
            askPairs.withUnsafeMutableBufferPointer { a in
                let scratch = FastScratch(
                    bids: b.baseAddress, bidCapacity: b.count >> 1, asks: a.baseAddress, askCapacity: a.count >> 1)
                var none = NoLevelSink()
                if Self.canonicalParse(base, count, scratch, &header, &none) { return true }
                header = FastHeader()
                return Self.fastParse(base, count, scratch, &header)
            }
        }
        guard ok else { return false }
        kind = .book
        // Only a long symbol of an earlier frame is released (no call per frame otherwise).
        if longSymbol != nil { longSymbol = nil }
        tradeCount = 0
        return true
        #endif
    }

    static func fastParse(
        _ base: UnsafePointer<UInt8>, _ count: Int, _ scratch: FastScratch, _ h: inout FastHeader
    ) -> Bool {
        let end = base + count
        var p = base
        guard p.pointee == UInt8(ascii: "{") else { return false }
        p += 1
        var seq: Int64 = 0
        var ts: Int64 = 0
        var snapshot = false
        var key: SymbolKey?
        var seen: UInt8 = 0  // 1 sequence, 2 symbol, 4 type, 8 timestamp, 16 payload
        var inverse = false
        while true {
            guard p < end, p.pointee == UInt8(ascii: "\"") else { return false }
            switch Self.matchKey(&p, end) {
            case .unknown:
                // Unknown header key (`depth`, `dts`, `mts`): a plain integer or string.
                guard p < end else { return false }
                if p.pointee == UInt8(ascii: "\"") {
                    p += 1
                    while p < end {
                        let b = p.pointee
                        if b == UInt8(ascii: "\"") { break }
                        if b == UInt8(ascii: "\\") { return false }
                        p += 1
                    }
                    guard p < end else { return false }
                    p += 1
                } else if !Self.skipInt(&p, end) {
                    return false
                }
            case .type:
                if seen & 4 != 0 { return false }
                seen |= 4
                guard end - p >= 10, p.pointee == UInt8(ascii: "\"") else { return false }
                if end - p >= 13 && Self.load8(p + 1) == 0x6E65_6D65_7263_6E69 && Self.load4(p + 8) == 0x6C61_746E
                    && p[12] == UInt8(ascii: "\"")
                {  // "incremental"
                    snapshot = false
                    p += 13
                } else if Self.load8(p + 1) == 0x746F_6873_7061_6E73 && p[9] == UInt8(ascii: "\"") {  // "snapshot"
                    snapshot = true
                    p += 10
                } else {
                    return false
                }
            case .book:
                if seen & 16 != 0 { return false }
                seen |= 16
                inverse = true
                if !fastBook(&p, end, inverse: true, scratch, &h) { return false }
            case .symbol:
                if seen & 2 != 0 { return false }
                seen |= 2
                guard p < end, p.pointee == UInt8(ascii: "\"") else { return false }
                p += 1
                let ss = p
                if end - ss >= 17 {
                    // Word at a time: the first quote or backslash among 16 bytes, then the
                    // same packing as `SymbolKey(bytes:count:)`.
                    let lo = Self.load8(ss)
                    let hi = Self.load8(ss + 8)
                    let mlo = Self.quoteOrBackslash(lo)
                    let n: Int
                    if mlo != 0 {
                        n = mlo.trailingZeroBitCount &>> 3
                    } else {
                        let mhi = Self.quoteOrBackslash(hi)
                        n = mhi != 0 ? 8 &+ (mhi.trailingZeroBitCount &>> 3) : 16
                    }
                    guard n > 0, ss[n] == UInt8(ascii: "\"") else { return false }
                    key = SymbolKey(
                        low: n >= 8 ? lo : lo & ((1 &<< UInt64(8 &* n)) &- 1),
                        high: n >= 16 ? hi : (n <= 8 ? 0 : hi & ((1 &<< UInt64(8 &* (n &- 8))) &- 1)), length: n)
                    p = ss + n + 1
                } else {
                    while p < end {
                        let b = p.pointee
                        if b == UInt8(ascii: "\"") { break }
                        if b == UInt8(ascii: "\\") { return false }
                        p += 1
                    }
                    let n = p - ss
                    guard p < end, n > 0, n <= 16 else { return false }
                    key = SymbolKey(bytes: ss, count: n)
                    p += 1
                }
            case .sequence:
                if seen & 1 != 0 { return false }
                seen |= 1
                seq = Self.fastIntChunked(&p, end)
                if seq < 0 { return false }
            case .timestamp:
                if seen & 8 != 0 { return false }
                seen |= 8
                ts = Self.fastIntChunked(&p, end)
                if ts < 0 { return false }
            case .orderbookP:
                if seen & 16 != 0 { return false }
                seen |= 16
                inverse = false
                if !fastBook(&p, end, inverse: false, scratch, &h) { return false }
            case .fallback:
                return false
            }
            guard p < end else { return false }
            let c = p.pointee
            p += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "}") { break }
            return false
        }
        guard p == end, seen == 31 else { return false }
        h.inverse = inverse
        h.snapshot = snapshot
        h.sequence = seq
        h.timestamp = ts
        h.key = key
        return true
    }

    /// Header keys the fast path knows.
    enum FastKey {
        case unknown, type, book, symbol, sequence, timestamp, orderbookP, fallback
    }

    /// Matches the key at `p` (its opening quote) and moves `p` past the colon. Phemex's keys
    /// are compared as whole tokens — quote, name, quote, colon — with one or two unaligned
    /// loads; any other key is scanned. `.fallback`: a key the general parser must see
    /// (`trades`, `trades_p`, `result`, escapes, malformed).
    @_transparent
    static func matchKey(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> FastKey {
        if end - p >= 16 {
            let w = load8(p + 1)
            switch p[1] {
            case UInt8(ascii: "d"):
                if w & 0x00FF_FFFF_FFFF_FFFF == 0x003A_2268_7470_6564 {  // depth":
                    p += 8
                    return .unknown
                }
                if w & 0x0000_00FF_FFFF_FFFF == 0x0000_003A_2273_7464 {  // dts":
                    p += 6
                    return .unknown
                }
            case UInt8(ascii: "m"):
                if w & 0x0000_00FF_FFFF_FFFF == 0x0000_003A_2273_746D {  // mts":
                    p += 6
                    return .unknown
                }
            case UInt8(ascii: "o"):
                if w == 0x6F6F_6272_6564_726F && load8(p + 6) == 0x3A22_705F_6B6F_6F62 {  // orderboo + book_p":
                    p += 14
                    return .orderbookP
                }
            case UInt8(ascii: "s"):
                if w == 0x3A22_6C6F_626D_7973 {  // symbol":
                    p += 9
                    return .symbol
                }
                if w == 0x6563_6E65_7571_6573 && p[9] == UInt8(ascii: "\"") && p[10] == UInt8(ascii: ":") {  // sequence":
                    p += 11
                    return .sequence
                }
            case UInt8(ascii: "t"):
                if w & 0x0000_FFFF_FFFF_FFFF == 0x0000_3A22_6570_7974 {  // type":
                    p += 7
                    return .type
                }
                if w == 0x6D61_7473_656D_6974 && load4(p + 8) == 0x3A22_706D {  // timestam + mp":
                    p += 12
                    return .timestamp
                }
            case UInt8(ascii: "b"):
                if w & 0x0000_FFFF_FFFF_FFFF == 0x0000_3A22_6B6F_6F62 {  // book":
                    p += 7
                    return .book
                }
            default:
                break
            }
        }
        // Any other key: scan it, then match by length and loads.
        p += 1
        let ks = p
        while p < end {
            let b = p.pointee
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") { return .fallback }
            p += 1
        }
        guard end - p >= 2, p[1] == UInt8(ascii: ":") else { return .fallback }
        let klen = p - ks
        p += 2
        switch klen {
        case 4 where load4(ks) == 0x6570_7974: return .type
        case 4 where load4(ks) == 0x6B6F_6F62: return .book
        case 6 where load4(ks) == 0x626D_7973 && load4(ks + 2) == 0x6C6F_626D: return .symbol
        case 8 where load8(ks) == 0x6563_6E65_7571_6573: return .sequence
        case 9 where load8(ks) == 0x6D61_7473_656D_6974 && ks[8] == UInt8(ascii: "p"): return .timestamp
        case 11 where load8(ks) == 0x6F6F_6272_6564_726F && load4(ks + 7) == 0x705F_6B6F: return .orderbookP
        // `trades`, `trades_p`, `result` and any other key of a payload key's length.
        case 4, 6, 8, 9, 11: return .fallback
        default: return .unknown
        }
    }
}
