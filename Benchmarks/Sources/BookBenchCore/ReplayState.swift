import MarketCore
import PhemexWire

/// Per-message state kept across benchmark iterations so the measured loop sees the steady
/// state (warm decoder scratch, full book) and never a cold start.
public final class ReplayState: @unchecked Sendable {
    public let stream: BenchStream
    var decoder = MarketDataDecoder()
    var book: OrderBook?
    var cursor = 1
    /// Pre-decoded levels of every message (for the apply-only benchmark): interleaved raw
    /// (price, size) pairs of all messages in one flat array, message `i`'s bids at
    /// `bidStart[i]..<askStart[i]` and asks at `askStart[i]..<bidStart[i + 1]`.
    var decodedPairs: [Int64] = []
    var bidStart: [Int] = []
    var askStart: [Int] = []
    var decodedSequences: [Int64] = []
    var decodedSnapshot: [Bool] = []

    /// The book's symbol, packed as the decoder reports it.
    let key: SymbolKey?

    public init(_ stream: BenchStream, symbol: Symbol) {
        self.stream = stream
        book = OrderBook(symbol: symbol, depth: 30)
        key = SymbolKey(symbol)
    }

    public func predecode() {
        var d = MarketDataDecoder()
        stream.bytes.withUnsafeBytes { buf in
            for i in 0..<stream.count {
                let line = UnsafeRawBufferPointer(rebasing: buf[stream.starts[i]..<stream.ends[i]])
                _ = try? d.decode(line)
                for side in [Side.buy, .sell] {
                    if side == .buy { bidStart.append(decodedPairs.count) } else { askStart.append(decodedPairs.count) }
                    for l in (try? d.levels(side, priceScale: 4)) ?? [] {
                        decodedPairs.append(l.price.raw)
                        decodedPairs.append(l.quantity.raw)
                    }
                }
                decodedSequences.append(d.sequence)
                decodedSnapshot.append(d.isSnapshot)
            }
        }
        bidStart.append(decodedPairs.count)
    }
}

/// Decodes and applies `n` messages with `decode(_:applyingTo:key:priceScale:)` (one pass per
/// frame), cycling through the stream (the book is re-seeded with the snapshot at each wrap so
/// sequences never go backwards).
@inline(never)
public func bytesToBook(_ s: ReplayState, _ n: Int) -> Int {
    guard var book = s.book, let key = s.key else { return 0 }
    s.book = nil
    var decoder = MarketDataDecoder(levelCapacity: 0, tradeCapacity: 0)
    swap(&decoder, &s.decoder)
    var cursor = s.cursor
    var applied = 0
    s.stream.bytes.withUnsafeBytes { buf in
        guard let base = buf.baseAddress else { return }
        for _ in 0..<n {
            if cursor == s.stream.count {
                cursor = 0
                book.invalidate()
            }
            let line = UnsafeRawBufferPointer(start: base + s.stream.starts[cursor], count: s.stream.ends[cursor] - s.stream.starts[cursor])
            cursor += 1
            do {
                if try decoder.decode(line, applyingTo: &book, key: key, priceScale: 4).applied == true { applied += 1 }
            } catch {}
        }
    }
    s.cursor = cursor
    s.book = book
    swap(&decoder, &s.decoder)
    return applied
}

/// The same as `bytesToBook` with the two calls `decode(_:)` then `apply(to:priceScale:)`.
@inline(never)
public func decodeThenApply(_ s: ReplayState, _ n: Int) -> Int {
    var book: OrderBook? = nil
    swap(&book, &s.book)
    var decoder = MarketDataDecoder(levelCapacity: 0, tradeCapacity: 0)
    swap(&decoder, &s.decoder)
    var cursor = s.cursor
    var applied = 0
    s.stream.bytes.withUnsafeBytes { buf in
        guard let base = buf.baseAddress else { return }
        for _ in 0..<n {
            if cursor == s.stream.count {
                cursor = 0
                book?.invalidate()
            }
            let line = UnsafeRawBufferPointer(start: base + s.stream.starts[cursor], count: s.stream.ends[cursor] - s.stream.starts[cursor])
            cursor += 1
            do {
                if try decoder.decode(line) == .book, book != nil {
                    if try decoder.apply(to: &book!, priceScale: 4) { applied += 1 }
                }
            } catch {}
        }
    }
    s.cursor = cursor
    swap(&book, &s.book)
    swap(&decoder, &s.decoder)
    return applied
}

@inline(never)
public func decodeOnly(_ s: ReplayState, _ n: Int) -> Int {
    var decoder = MarketDataDecoder(levelCapacity: 0, tradeCapacity: 0)
    swap(&decoder, &s.decoder)
    var cursor = s.cursor
    var levels = 0
    s.stream.bytes.withUnsafeBytes { buf in
        guard let base = buf.baseAddress else { return }
        for _ in 0..<n {
            if cursor == s.stream.count { cursor = 0 }
            let line = UnsafeRawBufferPointer(start: base + s.stream.starts[cursor], count: s.stream.ends[cursor] - s.stream.starts[cursor])
            cursor += 1
            if (try? decoder.decode(line)) == .book { levels += decoder.levelCount(.buy) + decoder.levelCount(.sell) }
        }
    }
    s.cursor = cursor
    swap(&decoder, &s.decoder)
    return levels
}

/// Applies pre-decoded messages with `OrderBook.applyRawPairs`, the call the decoder makes.
@inline(never)
public func applyOnly(_ s: ReplayState, _ n: Int) -> Int {
    var book: OrderBook? = nil
    swap(&book, &s.book)
    guard var b = book else { return 0 }
    book = nil
    var cursor = s.cursor
    s.decodedPairs.withUnsafeBufferPointer { pairs in
        for _ in 0..<n {
            if cursor == s.stream.count {
                cursor = 0
                b.invalidate()
            }
            let bids = UnsafeBufferPointer(rebasing: pairs[s.bidStart[cursor]..<s.askStart[cursor]])
            let asks = UnsafeBufferPointer(rebasing: pairs[s.askStart[cursor]..<s.bidStart[cursor + 1]])
            b.applyRawPairs(
                sequence: s.decodedSequences[cursor], isSnapshot: s.decodedSnapshot[cursor], time: Timestamp(nanos: 0),
                bids: bids, asks: asks)
            cursor += 1
        }
    }
    s.cursor = cursor
    s.book = b
    return b.levelCount(.buy)
}

@inline(never)
public func classifyOnly(_ s: ReplayState, _ n: Int) -> Int {
    var cursor = s.cursor
    var books = 0
    s.stream.bytes.withUnsafeBytes { buf in
        guard let base = buf.baseAddress else { return }
        for _ in 0..<n {
            if cursor == s.stream.count { cursor = 0 }
            let line = UnsafeRawBufferPointer(start: base + s.stream.starts[cursor], count: s.stream.ends[cursor] - s.stream.starts[cursor])
            cursor += 1
            if MarketFrameClassifier.classify(line) == .book { books += 1 }
        }
    }
    s.cursor = cursor
    return books
}

/// The whole `BookReplayer` path (symbol lookup, counters) over the full stream once.
@inline(never)
public func replayer(_ stream: BenchStream) -> Int {
    var r = BookReplayer()
    stream.bytes.withUnsafeBytes { r.feedAll($0) }
    return r.report.messages
}


/// Decodes one mid-stream frame `n` times: the branch predictor's best case, as a yardstick
/// for how much of `decodeOnly` is mispredicted branches on varying frames.
@inline(never)
public func decodeSameFrame(_ s: ReplayState, _ n: Int) -> Int {
    var decoder = MarketDataDecoder(levelCapacity: 0, tradeCapacity: 0)
    swap(&decoder, &s.decoder)
    var levels = 0
    let i = min(5, s.stream.count - 1)
    s.stream.bytes.withUnsafeBytes { buf in
        guard let base = buf.baseAddress else { return }
        let line = UnsafeRawBufferPointer(start: base + s.stream.starts[i], count: s.stream.ends[i] - s.stream.starts[i])
        for _ in 0..<n {
            if (try? decoder.decode(line)) == .book { levels += decoder.levelCount(.buy) + decoder.levelCount(.sell) }
        }
    }
    swap(&decoder, &s.decoder)
    return levels
}
