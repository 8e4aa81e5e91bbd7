import MarketCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replays a capture of raw Phemex WebSocket frames (one JSON text per line) through the
/// hot-path decoder into one `OrderBook` per symbol. Pure: the caller reads the file and
/// measures time.
///
/// Book frames are applied, trade frames decoded and counted, other well-formed frames
/// counted and ignored. Malformed lines are counted (the first few kept with their line
/// numbers and errors) and never stop the replay. Blank lines are skipped.
public struct BookReplayer: Sendable {
    /// A malformed line: its 1-based line number and the decoder's error.
    public struct LineError: Sendable, Equatable {
        public var line: Int
        public var error: MarketDataError
    }

    /// What a replay found.
    public struct Report: Sendable, Equatable {
        /// Non-blank lines processed.
        public var messages: Int
        public var bookFrames: Int
        public var tradeFrames: Int
        public var trades: Int
        /// Well-formed frames that were neither book nor trades (acks, tickers…).
        public var otherFrames: Int
        public var malformed: Int
        /// First malformed lines (at most `maxReportedErrors`).
        public var firstErrors: [LineError]
        /// Book messages dropped for a sequence below the last applied, over all symbols.
        public var stale: Int
        /// The symbol whose best prices are reported (the chosen one, or the first book seen).
        public var symbol: Symbol?
        public var bestBid: BookLevel?
        public var bestAsk: BookLevel?
    }

    private struct Entry: Sendable {
        var key: SymbolKey?
        var symbol: Symbol
        var priceScale: Int
        var book: OrderBook
    }

    private var decoder = MarketDataDecoder()
    private var entries: [Entry] = []
    private var lastEntry = -1
    private let chosen: Symbol?
    private let depth: Int
    private let priceScales: [Symbol: Int]
    private let defaultPriceScale: Int
    private let maxReportedErrors: Int
    private var lineNumber = 0
    private var messages = 0
    private var bookFrames = 0
    private var tradeFrames = 0
    private var tradeCount = 0
    private var otherFrames = 0
    private var malformed = 0
    private var firstErrors: [LineError] = []

    /// - Parameters:
    ///   - symbol: whose final best bid/ask the report shows (default: the first book seen).
    ///   - depth: levels kept per side (Phemex default subscription: 30).
    ///   - priceScales: COIN-M `priceEp` scale per symbol; others use `defaultPriceScale`.
    public init(
        symbol: Symbol? = nil, depth: Int = 30, priceScales: [Symbol: Int] = [:], defaultPriceScale: Int = 4,
        maxReportedErrors: Int = 5
    ) {
        chosen = symbol
        self.depth = depth
        self.priceScales = priceScales
        self.defaultPriceScale = defaultPriceScale
        self.maxReportedErrors = maxReportedErrors
    }

    /// Feeds one line (without its newline).
    public mutating func feed(line: UnsafeRawBufferPointer) {
        lineNumber += 1
        var blank = true
        for b in line where !(b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09) {
            blank = false
            break
        }
        if blank { return }
        messages += 1
        do throws(MarketDataError) {
            // Most captures continue the book of the previous frame: decode and apply in one
            // pass against that book; a frame of another symbol comes back unapplied.
            let kind: MarketFrameKind
            if lastEntry >= 0, let key = entries[lastEntry].key {
                let i = lastEntry
                let r: (kind: MarketFrameKind, applied: Bool?)
                do throws(MarketDataError) {
                    r = try decoder.decode(line, applyingTo: &entries[i].book, key: key, priceScale: entries[i].priceScale)
                } catch {
                    // An error of `apply` (COIN-M scaling) follows a good decode: a book frame.
                    if decoder.frameDecoded { bookFrames += 1 }
                    throw error
                }
                kind = r.kind
                if kind == .book && r.applied != nil {
                    bookFrames += 1
                    return
                }
            } else {
                kind = try decoder.decode(line)
            }
            switch kind {
            case .book:
                bookFrames += 1
                let i = entryIndex()
                try decoder.apply(to: &entries[i].book, priceScale: entries[i].priceScale)
            case .trades:
                tradeFrames += 1
                tradeCount += decoder.tradeCount
            case .other:
                otherFrames += 1
            }
        } catch {
            malformed += 1
            if firstErrors.count < maxReportedErrors { firstErrors.append(LineError(line: lineNumber, error: error)) }
        }
    }

    /// Feeds one line given as text.
    public mutating func feed(_ text: String) {
        var t = text
        t.withUTF8 { feed(line: UnsafeRawBufferPointer($0)) }
    }

    /// Feeds a whole capture: splits on `\n` (a final line without newline counts too; a `\r`
    /// before the newline stays in the line, where it is blank space to the decoder).
    public mutating func feedAll(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        let end = base + bytes.count
        var start = base
        while start < end {
            guard let nl = Self.newline(from: start, to: end) else { break }
            feed(line: UnsafeRawBufferPointer(start: start, count: nl - start))
            start = nl + 1
        }
        if start < end { feed(line: UnsafeRawBufferPointer(start: start, count: end - start)) }
    }

    /// The first `\n` in `from..<to`, found with the C library's vectorised `memchr` (a
    /// byte-by-byte loop cost about a quarter of a replay).
    @inline(__always)
    static func newline(from: UnsafeRawPointer, to: UnsafeRawPointer) -> UnsafeRawPointer? {
        #if canImport(Glibc) || canImport(Darwin)
        return memchr(from, 0x0A, to - from).map { UnsafeRawPointer($0) }
        #else
        var p = from
        while p < to {
            if p.load(as: UInt8.self) == 0x0A { return p }
            p += 1
        }
        return nil
        #endif
    }

    /// The index of the entry for the decoder's current symbol, created on first sight.
    private mutating func entryIndex() -> Int {
        if let key = decoder.symbolKey {
            if lastEntry >= 0 && entries[lastEntry].key == key { return lastEntry }
            for i in entries.indices where entries[i].key == key {
                lastEntry = i
                return i
            }
        } else {
            let s = decoder.symbol
            for i in entries.indices where entries[i].key == nil && entries[i].symbol == s {
                lastEntry = i
                return i
            }
        }
        let s = decoder.symbol
        entries.append(
            Entry(
                key: decoder.symbolKey, symbol: s, priceScale: priceScales[s] ?? defaultPriceScale,
                book: OrderBook(symbol: s, depth: depth)))
        lastEntry = entries.count - 1
        return lastEntry
    }

    /// Books by symbol, in order of first appearance.
    public var books: [OrderBook] { entries.map(\.book) }

    /// The book of `symbol`, if any frame for it was seen.
    public func book(for symbol: Symbol) -> OrderBook? { entries.first { $0.symbol == symbol }?.book }

    /// The summary so far.
    public var report: Report {
        let target = chosen ?? entries.first?.symbol
        let book = target.flatMap { self.book(for: $0) }
        return Report(
            messages: messages, bookFrames: bookFrames, tradeFrames: tradeFrames, trades: tradeCount,
            otherFrames: otherFrames, malformed: malformed, firstErrors: firstErrors,
            stale: entries.reduce(0) { $0 + $1.book.staleDropped }, symbol: target, bestBid: book?.bestBid,
            bestAsk: book?.bestAsk)
    }
}
