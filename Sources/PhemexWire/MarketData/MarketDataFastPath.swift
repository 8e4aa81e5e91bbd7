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
    @inline(__always)
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
    @inline(__always)
    mutating func fastBook(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, inverse: Bool) -> Bool {
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
                let n = askPairs.withUnsafeMutableBufferPointer { b in
                    Self.fastLevels(&p, end, inverse: inverse, b.baseAddress, capacity: b.count >> 1)
                }
                if n < 0 { return false }
                askCount = n
            } else if w == 0x6469_6222 && tail == 0x3A22_7364 {  // "bid / ds":
                if sawBids { return false }
                sawBids = true
                p += 7
                let n = bidPairs.withUnsafeMutableBufferPointer { b in
                    Self.fastLevels(&p, end, inverse: inverse, b.baseAddress, capacity: b.count >> 1)
                }
                if n < 0 { return false }
                bidCount = n
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

    /// Decodes a canonical book frame; `false` means "use the general parser".
    mutating func fastDecode(_ base: UnsafePointer<UInt8>, _ count: Int) -> Bool {
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
        bidCount = 0
        askCount = 0
        while true {
            guard p < end, p.pointee == UInt8(ascii: "\"") else { return false }
            p += 1
            let ks = p
            while p < end {
                let b = p.pointee
                if b == UInt8(ascii: "\"") { break }
                if b == UInt8(ascii: "\\") { return false }
                p += 1
            }
            guard end - p >= 2, p[1] == UInt8(ascii: ":") else { return false }
            let klen = p - ks
            p += 2
            switch klen {
            case 4 where Self.load4(ks) == 0x6570_7974:  // type
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
            case 4 where Self.load4(ks) == 0x6B6F_6F62:  // book
                if seen & 16 != 0 { return false }
                seen |= 16
                inverse = true
                if !fastBook(&p, end, inverse: true) { return false }
            case 6 where Self.load4(ks) == 0x626D_7973 && Self.load4(ks + 2) == 0x6C6F_626D:  // symbol
                if seen & 2 != 0 { return false }
                seen |= 2
                guard p < end, p.pointee == UInt8(ascii: "\"") else { return false }
                p += 1
                let ss = p
                while p < end {
                    let b = p.pointee
                    if b == UInt8(ascii: "\"") { break }
                    if b == UInt8(ascii: "\\") { return false }
                    p += 1
                }
                guard p < end, let k = SymbolKey(bytes: ss, count: p - ss) else { return false }
                key = k
                p += 1
            case 8 where Self.load8(ks) == 0x6563_6E65_7571_6573:  // sequence
                if seen & 1 != 0 { return false }
                seen |= 1
                seq = Self.fastInt(&p, end)
                if seq < 0 { return false }
            case 9 where Self.load8(ks) == 0x6D61_7473_656D_6974 && ks[8] == UInt8(ascii: "p"):  // timestamp
                if seen & 8 != 0 { return false }
                seen |= 8
                ts = Self.fastInt(&p, end)
                if ts < 0 { return false }
            case 11 where Self.load8(ks) == 0x6F6F_6272_6564_726F && Self.load4(ks + 7) == 0x705F_6B6F:  // orderbook_p
                if seen & 16 != 0 { return false }
                seen |= 16
                inverse = false
                if !fastBook(&p, end, inverse: false) { return false }
            case 4, 6, 8, 9, 11:
                // `trades`, `trades_p`, `result` and any other key of a payload key's length:
                // the general parser.
                return false
            default:
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
                } else if Self.fastInt(&p, end) < 0 {
                    return false
                }
            }
            guard p < end else { return false }
            let c = p.pointee
            p += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "}") { break }
            return false
        }
        guard p == end, seen == 31 else { return false }
        kind = .book
        contractKind = inverse ? .inverse : .linear
        isSnapshot = snapshot
        sequence = seq
        timestamp = Timestamp(nanos: ts)
        symbolKey = key
        longSymbol = nil
        tradeCount = 0
        return true
    }
}
