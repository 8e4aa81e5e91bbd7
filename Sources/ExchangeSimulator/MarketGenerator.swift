import MarketCore

extension ExchangeSimulator {
    /// Fills both sides around the start price (no events: the first snapshot shows it).
    mutating func initialFill(_ si: Int, now: Timestamp) {
        let (bb, ba) = targets(si)
        symbols[si].needsRefill = true
        recenter(si, bb: bb, ba: ba, now: now)
        symbols[si].publishedBids = symbols[si].bids.top(symbols[si].depth, tick: symbols[si].tick)
        symbols[si].publishedAsks = symbols[si].asks.top(symbols[si].depth, tick: symbols[si].tick)
        symbols[si].dirty = false
    }

    /// Target best bid and ask ticks of the synthetic liquidity.
    func targets(_ si: Int) -> (Int64, Int64) {
        let s = symbols[si]
        let half = Double(min(max(0, s.instrument.market.halfSpreadTicks), 1_000_000))
        let fair = clampedFair(si, s.fair)
        var bb = Int64((fair - half).rounded(.down))
        var ba = Int64((fair + half).rounded(.up))
        if ba <= bb { ba = bb + 1 }
        let minT = s.instrument.spec.minPrice.raw / s.tick + 1
        if bb < minT {
            bb = minT
            if ba <= bb { ba = bb + 1 }
        }
        return (bb, ba)
    }

    /// The fair price (ticks) kept finite and inside the instrument's price bounds.
    func clampedFair(_ si: Int, _ f: Double) -> Double {
        let spec = symbols[si].instrument.spec
        let lo = Double(spec.minPrice.raw / symbols[si].tick) + 1
        let hi = Double(spec.maxPrice.raw / symbols[si].tick) - 1
        guard f.isFinite else { return Double(symbols[si].markPrice.raw / symbols[si].tick) }
        return min(max(f, lo), max(lo, hi))
    }

    /// Random synthetic level size, on the step grid, at least one step.
    mutating func randomLevelSize(_ si: Int) -> Int64 {
        let mean = Double(symbols[si].instrument.market.meanLevelSize.raw)
        let raw = Int64(min(symbols[si].rng.exponential(mean: mean), 9.0e15))
        return max(symbols[si].step, SimFormat.trunc(raw, symbols[si].step))
    }

    /// Moves the synthetic liquidity so bids occupy [bb − L + 1, bb] and asks [ba, ba + L − 1]
    /// (one merge pass per side; skipped when the targets did not move and nothing was taken).
    mutating func recenter(_ si: Int, bb: Int64, ba: Int64, now: Timestamp) {
        if !symbols[si].needsRefill && symbols[si].lastTargets == (bb, ba) { return }
        symbols[si].needsRefill = false
        symbols[si].lastTargets = (bb, ba)
        let L = Int64(symbols[si].instrument.market.levelsPerSide)
        let minT = symbols[si].instrument.spec.minPrice.raw / symbols[si].tick
        let maxT = symbols[si].instrument.spec.maxPrice.raw / symbols[si].tick
        var side = symbols[si].bids
        symbols[si].bids = BookSide(isBid: true)
        var changed = rebuild(&side, si, best: bb, count: L, minT: minT, maxT: maxT)
        symbols[si].bids = side
        side = symbols[si].asks
        symbols[si].asks = BookSide(isBid: false)
        if rebuild(&side, si, best: ba, count: L, minT: minT, maxT: maxT) { changed = true }
        symbols[si].asks = side
        if changed { markDirty(si, now: now) }
    }

    /// Merges the synthetic window [best, best ∓ count) into one side: strips synthetic
    /// liquidity outside it and tops up every window tick without any. Returns `true` on change.
    private mutating func rebuild(_ side: inout BookSide, _ si: Int, best: Int64, count: Int64, minT: Int64, maxT: Int64) -> Bool {
        let bid = side.isBid
        let dir: Int64 = bid ? -1 : 1
        @inline(__always) func windowTick(_ k: Int64) -> Int64 { best &+ dir &* k }
        @inline(__always) func valid(_ t: Int64) -> Bool { t >= minT && t <= maxT }
        var out: [BookLevel] = []
        out.reserveCapacity(side.levels.count + 8)
        var changed = false
        var k: Int64 = 0
        for var l in side.levels {
            while k < count && side.better(windowTick(k), l.ticks) {
                let t = windowTick(k)
                if valid(t) {
                    let q = randomLevelSize(si)
                    out.append(BookLevel(ticks: t, total: q, synthetic: q, entries: [BookEntry(owner: -1, qty: q)]))
                    changed = true
                }
                k += 1
            }
            let inside = k < count && windowTick(k) == l.ticks
            if inside {
                k += 1
                if l.synthetic == 0 {
                    let q = randomLevelSize(si)
                    l.entries.append(BookEntry(owner: -1, qty: q))
                    l.synthetic = q
                    l.total += q
                    changed = true
                }
            } else if l.synthetic > 0 {
                l.entries.removeAll { $0.owner < 0 }
                l.total -= l.synthetic
                l.synthetic = 0
                changed = true
                if l.total == 0 { continue }
            }
            out.append(l)
        }
        while k < count {
            let t = windowTick(k)
            if valid(t) {
                let q = randomLevelSize(si)
                out.append(BookLevel(ticks: t, total: q, synthetic: q, entries: [BookEntry(owner: -1, qty: q)]))
                changed = true
            }
            k += 1
        }
        side.levels = out
        return changed
    }

    @inline(__always) mutating func markDirty(_ si: Int, now: Timestamp) {
        symbols[si].dirty = true
        symbols[si].lastChange = now
    }

    /// One market step of `dt` seconds ending at `now`.
    mutating func stepSymbol(_ si: Int, dt: Double, now: Timestamp) {
        let p = symbols[si].instrument.market
        if p.volatilityPerSqrtSecond > 0 && p.volatilityPerSqrtSecond.isFinite {
            let sigma = p.volatilityPerSqrtSecond * symbols[si].fair * dt.squareRoot()
            symbols[si].fair += sigma * symbols[si].rng.normal()
        }
        symbols[si].fair = clampedFair(si, symbols[si].fair)
        let (bb, ba) = targets(si)
        // Stale own quotes crossed by the new fair price are picked off by market flow.
        if symbols[si].asks.hasOrders(atOrBetter: bb) {
            _ = sweep(si, takerSide: .buy, qty: Int64.max / 4, limitTicks: bb, taker: nil, now: now)
        }
        if symbols[si].bids.hasOrders(atOrBetter: ba) {
            _ = sweep(si, takerSide: .sell, qty: Int64.max / 4, limitTicks: ba, taker: nil, now: now)
        }
        recenter(si, bb: bb, ba: ba, now: now)
        churn(si, bb: bb, ba: ba, count: p.churnPerStep, now: now)
        let n = symbols[si].rng.poisson(p.tradesPerSecond * dt, cap: 20)
        if n > 0 {
            let mean = Double(p.meanTradeSize.raw)
            for _ in 0..<n {
                let side: Side = symbols[si].rng.next() & 1 == 0 ? .buy : .sell
                let raw = Int64(min(symbols[si].rng.exponential(mean: mean), 9.0e15))
                let q = max(symbols[si].step, SimFormat.trunc(raw, symbols[si].step))
                _ = sweep(si, takerSide: side, qty: q, limitTicks: nil, taker: nil, now: now)
            }
        }
    }

    /// Random resizing of a few synthetic levels inside the window.
    mutating func churn(_ si: Int, bb: Int64, ba: Int64, count: Int, now: Timestamp) {
        guard count > 0 else { return }
        let L = symbols[si].instrument.market.levelsPerSide
        for _ in 0..<count {
            let bid = symbols[si].rng.next() & 1 == 0
            let k = Int64(symbols[si].rng.below(L))
            let q = randomLevelSize(si)
            let t = bid ? bb - k : ba + k
            if bid {
                let (f, i) = symbols[si].bids.find(t)
                guard f else { continue }
                let cur = symbols[si].bids.levels[i].synthetic
                if q > cur { symbols[si].bids.addSynthetic(t, q - cur) } else if q < cur {
                    symbols[si].bids.removeSynthetic(at: i, cur - q)
                }
            } else {
                let (f, i) = symbols[si].asks.find(t)
                guard f else { continue }
                let cur = symbols[si].asks.levels[i].synthetic
                if q > cur { symbols[si].asks.addSynthetic(t, q - cur) } else if q < cur {
                    symbols[si].asks.removeSynthetic(at: i, cur - q)
                }
            }
            markDirty(si, now: now)
        }
    }

    /// Advances virtual time; see `advance(to:)`.
    mutating func advanceImpl(to t: Timestamp) -> [SimEvent] {
        if t > lastStep {
            now = max(now, t)
            let gap = (t - lastStep).value
            let stepNs = max(1, config.stepInterval.value)
            let steps = Int64(min(50, max(1, (gap + stepNs - 1) / stepNs)))
            let dtNs = gap / steps
            let dt = Double(dtNs) / 1e9
            for k in 1...steps {
                let tk = k == steps ? t : Timestamp(nanos: lastStep.nanos + dtNs * k)
                for si in symbols.indices { stepSymbol(si, dt: dt, now: tk) }
                if config.markInterval.value > 0 && (tk - lastMark).value >= config.markInterval.value {
                    lastMark = tk
                    for si in symbols.indices {
                        let mark = Price(raw: Int64(clampedFair(si, symbols[si].fair).rounded()) &* symbols[si].tick)
                        setMarkImpl(si, price: mark, now: tk)
                    }
                }
                flushOperation(now: tk)
            }
            lastStep = t
        } else {
            flushOperation(now: t)
        }
        flushBooks(now: t)
        return drainEvents()
    }

    /// Sets mark/index, queues the mark tick and flags mark-triggered stops for checking.
    mutating func setMarkImpl(_ si: Int, price: Price, now: Timestamp) {
        let spec = symbols[si].instrument.spec
        let p = min(max(price, spec.minPrice), spec.maxPrice).roundedDown(toMultipleOf: spec.tickSize)
        symbols[si].markPrice = p
        let off = Int64(symbols[si].rng.below(3)) - 1
        let idx = Price(raw: p.raw &+ off &* symbols[si].tick)
        symbols[si].indexPrice = idx.raw > 0 ? idx : p
        symbols[si].priceMoved = true
        outbox.append(.mark(markTickValue(si, time: now)))
    }

    func markTickValue(_ si: Int, time: Timestamp) -> SimMarkTick {
        let s = symbols[si]
        return SimMarkTick(
            symbol: s.instrument.symbol, markPrice: s.markPrice, indexPrice: s.indexPrice,
            fundingRate: Self.fundingRate, predictedFundingRate: Self.fundingRate, time: time)
    }

    static let fundingRate = Money(raw: 100_000)

    /// Emits one delta per symbol whose published window changed.
    mutating func flushBooks(now: Timestamp) {
        guard config.emitBookDeltas else { return }
        for si in symbols.indices where symbols[si].dirty {
            symbols[si].dirty = false
            let depth = symbols[si].depth
            let nb = symbols[si].bids.top(depth, tick: symbols[si].tick)
            let na = symbols[si].asks.top(depth, tick: symbols[si].tick)
            let db = Self.diff(old: symbols[si].publishedBids, new: nb, bid: true)
            let da = Self.diff(old: symbols[si].publishedAsks, new: na, bid: false)
            symbols[si].publishedBids = nb
            symbols[si].publishedAsks = na
            if db.isEmpty && da.isEmpty { continue }
            let seq = nextSequence()
            symbols[si].lastSequence = seq
            outbox.append(
                .book(
                    SimBookUpdate(
                        symbol: symbols[si].instrument.symbol, sequence: seq, timestamp: symbols[si].lastChange,
                        depth: depth, bids: db, asks: da)))
        }
    }

    /// Changed levels between two best-first level lists (size 0 = gone).
    static func diff(old: [SimLevel], new: [SimLevel], bid: Bool) -> [SimLevel] {
        var out: [SimLevel] = []
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count && j < new.count {
                let o = old[i]
                let n = new[j]
                if o.price == n.price {
                    if o.size != n.size { out.append(n) }
                    i += 1
                    j += 1
                } else if bid ? o.price > n.price : o.price < n.price {
                    out.append(SimLevel(price: o.price, size: .zero))
                    i += 1
                } else {
                    out.append(n)
                    j += 1
                }
            } else if i < old.count {
                out.append(SimLevel(price: old[i].price, size: .zero))
                i += 1
            } else {
                out.append(new[j])
                j += 1
            }
        }
        return out
    }

    /// Next value of the shared irregular sequence counter.
    mutating func nextSequence() -> Int64 {
        sequence += 1 + Int64(seqRng.next() % 11)
        return sequence
    }

    func bookSnapshotImpl(symbol: Symbol, depth: Int?) -> SimBookSnapshot? {
        guard let si = symbolIndex[symbol] else { return nil }
        let s = symbols[si]
        let d = depth.map { max(0, $0) } ?? Int.max
        return SimBookSnapshot(
            symbol: symbol, sequence: s.lastSequence == 0 ? sequence : s.lastSequence, timestamp: s.lastChange,
            depth: depth ?? 0, bids: s.bids.top(d == 0 ? Int.max : d, tick: s.tick),
            asks: s.asks.top(d == 0 ? Int.max : d, tick: s.tick))
    }

    func tickerImpl(symbol: Symbol) -> SimTicker? {
        guard let si = symbolIndex[symbol] else { return nil }
        let s = symbols[si]
        var oi: Int64 = 0
        for u in users {
            for (k, p) in u.positions where k.symbol == si && p.size > 0 { oi &+= p.size }
        }
        return SimTicker(
            symbol: symbol, open: s.open, high: s.high, low: s.low, last: s.lastPrice, volume: Quantity(raw: s.volume),
            turnover: Money(raw: s.turnover), openInterest: Quantity(raw: oi), indexPrice: s.indexPrice,
            markPrice: s.markPrice, fundingRate: Self.fundingRate, predictedFundingRate: Self.fundingRate,
            bestBid: s.bids.levels.first.map { Price(raw: $0.ticks &* s.tick) },
            bestAsk: s.asks.levels.first.map { Price(raw: $0.ticks &* s.tick) }, time: now)
    }
}
