import MarketCore

/// Receives each level as `canonicalParse` reads it.
protocol LevelSink {
    /// Takes one level (wire values: 10⁻⁹ counts for USDT-M, `priceEp` and contracts for
    /// COIN-M); `false` stops the parse, which then reports failure.
    mutating func take(isBid: Bool, inverse: Bool, price: Int64, size: Int64) -> Bool
}

/// The sink of a plain `decode`: levels only go to the scratch.
struct NoLevelSink: LevelSink {
    @inline(__always)
    func take(isBid: Bool, inverse: Bool, price: Int64, size: Int64) -> Bool { true }
}

/// A speculative book write takes each level as it is read (see `OrderBookSpeculation`);
/// COIN-M wire values are scaled as `apply(to:priceScale:)` scales them, and a level whose
/// scaled value overflows is refused.
extension OrderBookSpeculation: LevelSink {
    @inline(__always)
    mutating func take(isBid: Bool, inverse: Bool, price: Int64, size: Int64) -> Bool {
        inverse ? setScaled(isBid: isBid, price: price, quantity: size) : set(isBid: isBid, price: price, quantity: size)
    }
}

/// Decoding and applying in one pass: the hot path of a book frame that is the next
/// incremental of a book the caller already holds.
extension MarketDataDecoder {
    /// Decodes one frame exactly as `decode(_:)` and, when it is a book frame of the symbol
    /// `key`, applies it to `book` exactly as `apply(to:priceScale:)` would. `applied` is what
    /// `apply` returned (`false`: stale, or an incremental before the first snapshot), or nil
    /// when the frame was not applied to `book` (not a book frame, or another symbol's: apply
    /// it to that symbol's book with `apply(to:priceScale:)`). Errors are those of
    /// `decode(_:)` and `apply(to:priceScale:)`; a malformed frame leaves `book` untouched.
    ///
    /// Phemex's own book frames (`canonicalParse`) that continue a valid tick-ring book are
    /// parsed and applied level by level in a single pass, speculatively — `sequence` and
    /// `type` come after the levels — and committed or undone once the header is read
    /// (`OrderBook.speculate`). Every other frame, and every speculation undone for a reason
    /// other than the frame belonging to another book, takes `decode(_:)` then `apply`.
    public mutating func decode(
        _ bytes: UnsafeRawBufferPointer, applyingTo book: inout OrderBook, key: SymbolKey, priceScale: Int = 4
    ) throws(MarketDataError) -> (kind: MarketFrameKind, applied: Bool?) {
        frameDecoded = false
        #if !_endian(big)
        if let raw = bytes.baseAddress, bytes.count > 0, priceScale >= 0, priceScale <= FixedPointScale.digits,
            book.canSpeculate
        {
            switch speculate(raw.assumingMemoryBound(to: UInt8.self), bytes.count, &book, key, priceScale) {
            case .committed:
                frameDecoded = true
                return (.book, true)
            case .parsed:
                // A whole canonical frame not applied speculatively (another symbol, a snapshot,
                // a stale sequence): the decoder holds it as `decode` would have left it.
                kind = .book
                if longSymbol != nil { longSymbol = nil }
                tradeCount = 0
                frameDecoded = true
                if header.key != key { return (.book, nil) }
                return (.book, try apply(to: &book, priceScale: priceScale))
            case .notParsed:
                break
            }
        }
        #endif
        let k = try decode(bytes)
        frameDecoded = true
        guard k == .book, header.key == key else { return (k, nil) }
        return (.book, try apply(to: &book, priceScale: priceScale))
    }

    /// How a speculative pass ended.
    enum SpeculationOutcome {
        /// Applied and committed; the decoder holds the frame.
        case committed
        /// Parsed as a whole but undone; the decoder's header and scratch hold the frame.
        case parsed
        /// Not a canonical frame, or a level could not be applied speculatively; undone.
        case notParsed
    }

    /// Levels one speculative pass can undo.
    static var journalLevels: Int { 64 }

    /// One speculative pass of `canonicalParse` over `book` (which `canSpeculate`).
    mutating func speculate(
        _ base: UnsafePointer<UInt8>, _ count: Int, _ book: inout OrderBook, _ key: SymbolKey, _ priceScale: Int
    ) -> SpeculationOutcome {
        let pm = Self.pow10(FixedPointScale.digits - priceScale)
        let qm = Self.pow10(FixedPointScale.digits)
        var parsed = false
        // The undo journal lives on the stack (1 KiB, never the heap): room for 64 levels, more
        // than any incremental Phemex sends; a longer frame takes the ordinary path.
        let committed = withUnsafeTemporaryAllocation(of: Int64.self, capacity: 2 * Self.journalLevels) { j in
            bidPairs.withUnsafeMutableBufferPointer { b in
                askPairs.withUnsafeMutableBufferPointer { a -> Bool in
                    guard let jp = j.baseAddress else { return false }
                    let scratch = FastScratch(
                        bids: b.baseAddress, bidCapacity: b.count >> 1, asks: a.baseAddress, askCapacity: a.count >> 1)
                    return book.speculate(
                        journal: jp, capacity: Self.journalLevels, priceMultiplier: pm, quantityMultiplier: qm
                    ) { w in
                        parsed = Self.canonicalParse(base, count, scratch, &header, &w)
                        guard parsed, !header.snapshot, header.key == key else { return nil }
                        return (header.sequence, Timestamp(nanos: header.timestamp))
                    }
                }
            }
        }
        if committed {
            kind = .book
            if longSymbol != nil { longSymbol = nil }
            tradeCount = 0
            return .committed
        }
        return parsed ? .parsed : .notParsed
    }
}
