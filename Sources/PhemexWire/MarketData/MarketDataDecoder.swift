import MarketCore

/// The hot-path decoder for Phemex public market data: USDT-M `orderbook_p` and `trades_p`
/// (decimal strings), COIN-M `book` and `trades` (scaled integers), and the same payloads
/// wrapped in the `/md` REST envelope (`{"error":null,"id":0,"result":{…}}`).
///
/// A hand-written byte scanner: key-order tolerant, unknown keys (`dts`, `mts`, `depth`, …)
/// skipped, decimal strings converted straight to fixed-point. Canonical book frames take a
/// single-pass fast path (`MarketDataFastPath.swift`); everything else, including every
/// malformed frame, goes through the strict general parser below. Levels and trades land in
/// pre-sized scratch storage owned by the decoder (counts, no `removeAll`/`append`), so
/// decoding a frame allocates nothing once the scratch has grown to the largest frame seen.
/// Malformed input yields a typed `MarketDataError`, never a trap.
///
/// ```swift
/// var decoder = MarketDataDecoder()
/// if try decoder.decode(bytes) == .book { try decoder.apply(to: &book) }
/// ```
public struct MarketDataDecoder: Sendable {
    /// What the last decoded frame was (`.other` when it carried no book or trades).
    public internal(set) var kind: MarketFrameKind = .other
    /// The header fields of the last frame, stored together so that the fast path writes them
    /// in place (a copy of freshly written fields would stall on store forwarding).
    var header = FastHeader()
    /// `.linear` for `orderbook_p`/`trades_p` (decimal strings), `.inverse` for `book`/`trades`
    /// (scaled integers).
    public internal(set) var contractKind: ContractKind {
        get { header.inverse ? .inverse : .linear }
        set { header.inverse = newValue == .inverse }
    }
    /// `type` of the last frame: `snapshot` (true) or `incremental` (false).
    public internal(set) var isSnapshot: Bool {
        get { header.snapshot }
        set { header.snapshot = newValue }
    }
    /// `sequence` of the last frame.
    public internal(set) var sequence: Int64 {
        get { header.sequence }
        set { header.sequence = newValue }
    }
    /// `timestamp` of the last book frame (ns); zero for trade frames, whose tuples carry times.
    public internal(set) var timestamp: Timestamp {
        get { Timestamp(nanos: header.timestamp) }
        set { header.timestamp = newValue.nanos }
    }
    /// The symbol of the last frame packed for allocation-free lookup; nil for symbols longer
    /// than 16 bytes (then only `symbol` is set).
    public internal(set) var symbolKey: SymbolKey? {
        get { header.key }
        set { header.key = newValue }
    }
    var longSymbol: Symbol?

    /// Bid levels of the last book frame as interleaved (price, size) wire values; the first
    /// `bidCount` pairs are live, the rest is capacity.
    var bidPairs: [Int64]
    /// Ask levels, same layout as `bidPairs`.
    var askPairs: [Int64]
    var bidCount: Int {
        get { header.bidCount }
        set { header.bidCount = newValue }
    }
    var askCount: Int {
        get { header.askCount }
        set { header.askCount = newValue }
    }
    /// Trades of the last trades frame; the first `tradeCount` are live.
    var tradeBuffer: [RawTrade] = []
    /// Number of trades in the last trades frame.
    public internal(set) var tradeCount: Int = 0
    /// Set by `decode(_:applyingTo:key:priceScale:)`: the frame decoded, so an error it
    /// threw came from `apply`.
    var frameDecoded = false

    /// A decoder whose scratch is pre-sized for `levelCapacity` levels per side and
    /// `tradeCapacity` trades per frame (it grows if a frame needs more).
    public init(levelCapacity: Int = 64, tradeCapacity: Int = 64) {
        let n = max(levelCapacity, 0) * 2
        bidPairs = [Int64](repeating: 0, count: n)
        askPairs = [Int64](repeating: 0, count: n)
        tradeBuffer.reserveCapacity(max(tradeCapacity, 0))
    }

    /// The symbol of the last frame (builds a `String`; the hot path uses `symbolKey`).
    public var symbol: Symbol { symbolKey?.symbol ?? longSymbol ?? Symbol("") }

    // MARK: decoding

    /// Decodes one text frame. Returns `.book` or `.trades` when it carried market data (the
    /// header properties and scratch are then filled), `.other` for any other well-formed
    /// JSON object.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer) throws(MarketDataError) -> MarketFrameKind {
        if let raw = bytes.baseAddress, bytes.count > 0,
            fastDecode(raw.assumingMemoryBound(to: UInt8.self), bytes.count)
        {
            return .book
        }
        return try decodeGeneral(bytes)
    }

    /// The strict general parser: any key order, whitespace, unknown keys of any type, the
    /// `/md` envelope, trades, and a typed error for every malformed frame.
    mutating func decodeGeneral(_ bytes: UnsafeRawBufferPointer) throws(MarketDataError) -> MarketFrameKind {
        kind = .other
        header = FastHeader()
        longSymbol = nil
        tradeCount = 0
        guard let raw = bytes.baseAddress, bytes.count > 0 else { throw .empty }
        var c = JSONByteCursor(base: raw.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        c.skipWhitespace()
        if c.atEnd { throw .empty }
        var seen = SeenFields()
        try parseObject(&c, nested: false, seen: &seen)
        c.skipWhitespace()
        if !c.atEnd { throw .trailingData(offset: c.pos) }
        if kind == .other { return .other }
        if !seen.sequence { throw .missingField(.sequence) }
        if !seen.symbol { throw .missingField(.symbol) }
        if !seen.type { throw .missingField(.type) }
        if kind == .book && !seen.timestamp { throw .missingField(.timestamp) }
        return kind
    }

    /// Decodes a frame given as a `String` (convenience for tests and cold paths).
    public mutating func decode(_ text: String) throws(MarketDataError) -> MarketFrameKind {
        var t = text
        let result: Result<MarketFrameKind, MarketDataError> = t.withUTF8 { buf in
            do throws(MarketDataError) {
                return .success(try decode(UnsafeRawBufferPointer(buf)))
            } catch { return .failure(error) }
        }
        return try result.get()
    }

    private struct SeenFields {
        var sequence = false
        var symbol = false
        var type = false
        var timestamp = false
    }

    private mutating func parseObject(
        _ c: inout JSONByteCursor, nested: Bool, seen: inout SeenFields
    ) throws(MarketDataError) {
        try c.expect(UInt8(ascii: "{"))
        if try c.peek() == UInt8(ascii: "}") {
            c.pos &+= 1
            return
        }
        repeat {
            let key = try c.readRawString()
            try c.expect(UInt8(ascii: ":"))
            let s = key.start
            let e = key.end
            switch e &- s {
            case 4 where c.equals(s, e, "book"):
                try beginPayload(.book, .inverse, c.pos)
                try parseBook(&c, inverse: true)
            case 4 where c.equals(s, e, "type"):
                if seen.type { throw .duplicateField(.type) }
                seen.type = true
                let v = try c.readStringValue(.type)
                if c.equals(v.start, v.end, "incremental") {
                    isSnapshot = false
                } else if c.equals(v.start, v.end, "snapshot") {
                    isSnapshot = true
                } else {
                    throw .invalidValue(field: .type, offset: v.start)
                }
            case 6 where c.equals(s, e, "symbol"):
                if seen.symbol { throw .duplicateField(.symbol) }
                seen.symbol = true
                let v = try c.readStringValue(.symbol)
                if v.end == v.start { throw .invalidValue(field: .symbol, offset: v.start) }
                if let k = SymbolKey(bytes: c.base + v.start, count: v.end &- v.start) {
                    symbolKey = k
                } else {
                    let buf = UnsafeBufferPointer(start: c.base + v.start, count: v.end &- v.start)
                    longSymbol = Symbol(String(decoding: buf, as: UTF8.self))
                }
            case 6 where c.equals(s, e, "trades"):
                try beginPayload(.trades, .inverse, c.pos)
                try parseTrades(&c, inverse: true)
            case 6 where !nested && c.equals(s, e, "result"):
                if try c.peek() == UInt8(ascii: "{") {
                    try parseObject(&c, nested: true, seen: &seen)
                } else {
                    try c.skipValue()
                }
            case 8 where c.equals(s, e, "sequence"):
                if seen.sequence { throw .duplicateField(.sequence) }
                seen.sequence = true
                sequence = try c.readInt(.sequence)
            case 8 where c.equals(s, e, "trades_p"):
                try beginPayload(.trades, .linear, c.pos)
                try parseTrades(&c, inverse: false)
            case 9 where c.equals(s, e, "timestamp"):
                if seen.timestamp { throw .duplicateField(.timestamp) }
                seen.timestamp = true
                timestamp = Timestamp(nanos: try c.readInt(.timestamp))
            case 11 where c.equals(s, e, "orderbook_p"):
                try beginPayload(.book, .linear, c.pos)
                try parseBook(&c, inverse: false)
            default:
                try c.skipValue()
            }
        } while try c.nextOrClose(UInt8(ascii: "}"))
    }

    @inline(__always)
    private mutating func beginPayload(_ k: MarketFrameKind, _ ck: ContractKind, _ offset: Int) throws(MarketDataError) {
        if kind != .other { throw .duplicateField(k == .book ? .levels : .trades) }
        kind = k
        contractKind = ck
    }

    private mutating func parseBook(_ c: inout JSONByteCursor, inverse: Bool) throws(MarketDataError) {
        let open = try c.peek()
        guard open == UInt8(ascii: "{") else { throw .wrongType(field: .levels, offset: c.pos) }
        c.pos &+= 1
        if try c.peek() == UInt8(ascii: "}") {
            c.pos &+= 1
            return
        }
        var sawAsks = false
        var sawBids = false
        repeat {
            let key = try c.readRawString()
            try c.expect(UInt8(ascii: ":"))
            if c.equals(key.start, key.end, "asks") {
                if sawAsks { throw .duplicateField(.asks) }
                sawAsks = true
                try Self.parseLevels(&c, field: .asks, inverse: inverse, pairs: &askPairs, count: &header.askCount)
            } else if c.equals(key.start, key.end, "bids") {
                if sawBids { throw .duplicateField(.bids) }
                sawBids = true
                try Self.parseLevels(&c, field: .bids, inverse: inverse, pairs: &bidPairs, count: &header.bidCount)
            } else {
                try c.skipValue()
            }
        } while try c.nextOrClose(UInt8(ascii: "}"))
    }

    @inline(__always)
    private static func parseLevels(
        _ c: inout JSONByteCursor, field: MarketDataField, inverse: Bool,
        pairs: inout [Int64], count: inout Int
    ) throws(MarketDataError) {
        let open = try c.peek()
        guard open == UInt8(ascii: "[") else { throw .wrongType(field: field, offset: c.pos) }
        c.pos &+= 1
        if try c.peek() == UInt8(ascii: "]") {
            c.pos &+= 1
            return
        }
        repeat {
            let lo = try c.peek()
            guard lo == UInt8(ascii: "[") else { throw .wrongType(field: .level, offset: c.pos) }
            c.pos &+= 1
            let priceOffset = c.pos
            let price: Int64
            let size: Int64
            if inverse {
                price = try c.readInt(.price)
                try c.expect(UInt8(ascii: ","))
                size = try c.readInt(.size)
            } else {
                price = try c.readDecimalString(.price)
                try c.expect(UInt8(ascii: ","))
                size = try c.readDecimalString(.size)
            }
            if price <= 0 { throw .invalidValue(field: .price, offset: priceOffset) }
            if size < 0 { throw .invalidValue(field: .size, offset: priceOffset) }
            try c.expect(UInt8(ascii: "]"))
            let i = 2 &* count
            if i &+ 1 >= pairs.count { pairs.append(contentsOf: repeatElement(0, count: max(pairs.count, 16))) }
            pairs[i] = price
            pairs[i &+ 1] = size
            count &+= 1
        } while try c.nextOrClose(UInt8(ascii: "]"))
    }

    private mutating func parseTrades(_ c: inout JSONByteCursor, inverse: Bool) throws(MarketDataError) {
        let open = try c.peek()
        guard open == UInt8(ascii: "[") else { throw .wrongType(field: .trades, offset: c.pos) }
        c.pos &+= 1
        if try c.peek() == UInt8(ascii: "]") {
            c.pos &+= 1
            return
        }
        repeat {
            let lo = try c.peek()
            guard lo == UInt8(ascii: "[") else { throw .wrongType(field: .trade, offset: c.pos) }
            c.pos &+= 1
            let tupleOffset = c.pos
            let time = try c.readInt(.tradeTime)
            try c.expect(UInt8(ascii: ","))
            let sv = try c.readStringValue(.side)
            let side: Side
            if c.equals(sv.start, sv.end, "Buy") {
                side = .buy
            } else if c.equals(sv.start, sv.end, "Sell") {
                side = .sell
            } else {
                throw .invalidValue(field: .side, offset: sv.start)
            }
            try c.expect(UInt8(ascii: ","))
            let price: Int64
            let size: Int64
            if inverse {
                price = try c.readInt(.price)
                try c.expect(UInt8(ascii: ","))
                size = try c.readInt(.size)
            } else {
                price = try c.readDecimalString(.price)
                try c.expect(UInt8(ascii: ","))
                size = try c.readDecimalString(.size)
            }
            if price <= 0 { throw .invalidValue(field: .price, offset: tupleOffset) }
            if size <= 0 { throw .invalidValue(field: .size, offset: tupleOffset) }
            try c.expect(UInt8(ascii: "]"))
            let t = RawTrade(time: Timestamp(nanos: time), side: side, price: price, quantity: size)
            if tradeCount < tradeBuffer.count { tradeBuffer[tradeCount] = t } else { tradeBuffer.append(t) }
            tradeCount &+= 1
        } while try c.nextOrClose(UInt8(ascii: "]"))
    }

    // MARK: results

    /// Number of bid / ask levels in the last book frame.
    public func levelCount(_ side: Side) -> Int { side == .buy ? bidCount : askCount }

    /// The levels of the last book frame in wire order, scaled with `priceScale` for COIN-M
    /// frames (ignored for USDT-M). Allocates; for tests and cold paths.
    public func levels(_ side: Side, priceScale: Int = 0) throws(MarketDataError) -> [BookLevel] {
        let (pm, qm) = try multipliers(priceScale: priceScale)
        let pairs = side == .buy ? bidPairs : askPairs
        let n = levelCount(side)
        var out: [BookLevel] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            let (p, o1) = pairs[2 * i].multipliedReportingOverflow(by: pm)
            let (q, o2) = pairs[2 * i + 1].multipliedReportingOverflow(by: qm)
            if o1 || o2 { throw .numberOutOfRange(field: o1 ? .price : .size, offset: 0) }
            out.append(BookLevel(price: Price(raw: p), quantity: Quantity(raw: q)))
        }
        return out
    }

    /// Raw multipliers turning wire values into 10⁻⁹ counts: 1 for USDT-M decimal strings,
    /// 10^(9−priceScale) and 10⁹ (whole contracts) for COIN-M.
    @inline(__always)
    private func multipliers(priceScale: Int) throws(MarketDataError) -> (Int64, Int64) {
        if contractKind == .linear { return (1, 1) }
        guard priceScale >= 0, priceScale <= FixedPointScale.digits else {
            throw .invalidValue(field: .price, offset: 0)
        }
        return (Self.pow10(FixedPointScale.digits - priceScale), Self.pow10(FixedPointScale.digits))
    }

    /// Applies the last book frame to `book`: a snapshot replaces it, an incremental updates
    /// it. Returns `false` when the book dropped the frame (stale sequence, or an incremental
    /// before the first snapshot). `priceScale` converts COIN-M `priceEp` (BTCUSD: 4); it is
    /// ignored for USDT-M frames. Throws, without touching the book, when the last frame was
    /// not a book frame or a scaled value overflows.
    ///
    /// It changes nothing in the decoder: it is `mutating` only so that the decoder is passed by
    /// reference. As a non-mutating method the caller copied the whole decoder right after
    /// `decode` had written its fields, and that copy stalled on store forwarding (~5 ns/frame).
    @discardableResult
    public mutating func apply(to book: inout OrderBook, priceScale: Int = 4) throws(MarketDataError) -> Bool {
        guard kind == .book else { throw .missingField(.levels) }
        let (pm, qm) = try multipliers(priceScale: priceScale)
        if pm != 1 || qm != 1 {
            try checkScaled(bidPairs, bidCount, pm, qm)
            try checkScaled(askPairs, askCount, pm, qm)
        }
        let (seq, snap, time) = (sequence, isSnapshot, timestamp)
        let nb = bidCount &* 2
        let na = askCount &* 2
        return bidPairs.withUnsafeBufferPointer { b in
            askPairs.withUnsafeBufferPointer { a in
                book.applyRawPairs(
                    sequence: seq, isSnapshot: snap, time: time,
                    bids: UnsafeBufferPointer(rebasing: b[0..<nb]), asks: UnsafeBufferPointer(rebasing: a[0..<na]),
                    priceMultiplier: pm, quantityMultiplier: qm)
            }
        }
    }

    private func checkScaled(_ pairs: [Int64], _ count: Int, _ pm: Int64, _ qm: Int64) throws(MarketDataError) {
        for i in 0..<count {
            if pairs[2 * i].multipliedReportingOverflow(by: pm).overflow {
                throw .numberOutOfRange(field: .price, offset: 0)
            }
            if pairs[2 * i + 1].multipliedReportingOverflow(by: qm).overflow {
                throw .numberOutOfRange(field: .size, offset: 0)
            }
        }
    }

    /// The `i`-th trade of the last trades frame as decoded (wire values, see `RawTrade`).
    public func rawTrade(at i: Int) -> RawTrade? {
        guard i >= 0, i < tradeCount else { return nil }
        return tradeBuffer[i]
    }

    /// The `i`-th trade of the last trades frame as a `TradeTick`; `priceScale` converts COIN-M
    /// `priceEp` (ignored for USDT-M).
    public func trade(at i: Int, priceScale: Int = 4) throws(MarketDataError) -> TradeTick? {
        guard let t = rawTrade(at: i) else { return nil }
        let (pm, qm) = try multipliers(priceScale: priceScale)
        let (p, o1) = t.price.multipliedReportingOverflow(by: pm)
        let (q, o2) = t.quantity.multipliedReportingOverflow(by: qm)
        if o1 || o2 { throw .numberOutOfRange(field: o1 ? .price : .size, offset: 0) }
        return TradeTick(symbol: symbol, side: t.side, price: Price(raw: p), quantity: Quantity(raw: q), time: t.time)
    }

    /// Every trade of the last trades frame as `TradeTick`s (allocates).
    public func tradeTicks(priceScale: Int = 4) throws(MarketDataError) -> [TradeTick] {
        var out: [TradeTick] = []
        out.reserveCapacity(tradeCount)
        for i in 0..<tradeCount {
            if let t = try trade(at: i, priceScale: priceScale) { out.append(t) }
        }
        return out
    }
}
