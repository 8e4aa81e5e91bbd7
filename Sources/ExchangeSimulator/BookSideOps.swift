import MarketCore

extension BookSide {
    /// Adds synthetic liquidity at the back of the level's queue (creating the level).
    mutating func addSynthetic(_ ticks: Int64, _ qty: Int64) {
        guard qty > 0 else { return }
        let (found, i) = find(ticks)
        if found {
            levels[i].synthetic += qty
            levels[i].total += qty
            let n = levels[i].entries.count
            if n > 0 && levels[i].entries[n - 1].owner < 0 {
                levels[i].entries[n - 1].qty += qty
            } else {
                levels[i].entries.append(BookEntry(owner: -1, qty: qty))
            }
        } else {
            levels.insert(
                BookLevel(ticks: ticks, total: qty, synthetic: qty, entries: [BookEntry(owner: -1, qty: qty)]), at: i)
        }
    }

    /// Removes up to `qty` synthetic liquidity from level `i`, newest first; drops an empty
    /// level. Returns `true` when the level was removed.
    @discardableResult
    mutating func removeSynthetic(at i: Int, _ qty: Int64) -> Bool {
        var left = min(qty, levels[i].synthetic)
        var e = levels[i].entries.count - 1
        while left > 0 && e >= 0 {
            if levels[i].entries[e].owner < 0 {
                let take = min(left, levels[i].entries[e].qty)
                levels[i].entries[e].qty -= take
                levels[i].synthetic -= take
                levels[i].total -= take
                left -= take
                if levels[i].entries[e].qty == 0 { levels[i].entries.remove(at: e) }
            }
            e -= 1
        }
        if levels[i].total == 0 {
            levels.remove(at: i)
            return true
        }
        return false
    }

    /// Queues an order at the back of its level.
    mutating func addOrder(_ ticks: Int64, slot: Int, _ qty: Int64) {
        let (found, i) = find(ticks)
        let entry = BookEntry(owner: Int32(truncatingIfNeeded: slot), qty: qty)
        if found {
            levels[i].entries.append(entry)
            levels[i].total += qty
        } else {
            levels.insert(BookLevel(ticks: ticks, total: qty, synthetic: 0, entries: [entry]), at: i)
        }
    }

    /// Removes an order's entry; returns its remaining quantity (0 if absent).
    @discardableResult
    mutating func removeOrder(_ ticks: Int64, slot: Int) -> Int64 {
        let (found, i) = find(ticks)
        guard found else { return 0 }
        let owner = Int32(truncatingIfNeeded: slot)
        guard let e = levels[i].entries.firstIndex(where: { $0.owner == owner }) else { return 0 }
        let q = levels[i].entries[e].qty
        levels[i].entries.remove(at: e)
        levels[i].total -= q
        if levels[i].total == 0 { levels.remove(at: i) }
        return q
    }

    /// Changes an order's queued quantity in place (keeps priority).
    mutating func setOrderQty(_ ticks: Int64, slot: Int, _ qty: Int64) {
        let (found, i) = find(ticks)
        guard found else { return }
        let owner = Int32(truncatingIfNeeded: slot)
        guard let e = levels[i].entries.firstIndex(where: { $0.owner == owner }) else { return }
        levels[i].total += qty - levels[i].entries[e].qty
        levels[i].entries[e].qty = qty
    }

    /// `true` when a level at `ticks` would be crossed by an order of the other side at that
    /// price (i.e. this side's best is at or better than `ticks` from the taker's view).
    func crossedBy(_ ticks: Int64) -> Bool {
        guard let best = levels.first?.ticks else { return false }
        return isBid ? best >= ticks : best <= ticks
    }

    /// Quantity available at prices a taker limited at `limit` (nil = any) could take.
    func available(upTo limit: Int64?, cap: Int64) -> Int64 {
        var sum: Int64 = 0
        for l in levels {
            if let lim = limit, isBid ? l.ticks < lim : l.ticks > lim { break }
            sum += l.total
            if sum >= cap { return sum }
        }
        return sum
    }

    /// Top `depth` levels as wire levels.
    func top(_ depth: Int, tick: Int64) -> [SimLevel] {
        var out: [SimLevel] = []
        out.reserveCapacity(min(depth, levels.count))
        for l in levels.prefix(depth) {
            out.append(SimLevel(price: Price(raw: l.ticks &* tick), size: Quantity(raw: l.total)))
        }
        return out
    }

    /// `true` when any own order rests at a price at or better than `ticks` for this side
    /// (asks ≤ ticks, bids ≥ ticks).
    func hasOrders(atOrBetter ticks: Int64) -> Bool {
        for l in levels {
            if isBid ? l.ticks < ticks : l.ticks > ticks { return false }
            if l.total != l.synthetic { return true }
        }
        return false
    }
}
