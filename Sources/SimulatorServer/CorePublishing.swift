import ExchangeSimulator
import MarketCore
import NIOCore

/// The driver side of `SimulatorCore`: advance virtual time, diff the published books, fan
/// frames out to subscribers.
extension SimulatorCore {
    /// One driver step (every ~20 ms of real time).
    func tick() {
        let mono = MonotonicClock.nanos()
        defer {
            tickCount += 1
            tickNanos += MonotonicClock.nanos() - mono
        }
        let now = virtualNow(mono: mono)
        let events = sim.advance(to: now)
        publish(events, now: now, mono: mono)
        guard mono >= stallUntil else { return }
        publishBooks(now: now, mono: mono)
        if !packSubscribers.isEmpty && mono >= nextPackAt {
            publishPack(now: now, snapshotTo: nil)
            nextPackAt = mono + Int64(config.tickerIntervalSeconds * 1_000_000_000)
        }
        if !tickerStreams.isEmpty && mono >= nextTickerAt {
            publishTickers(now: now)
            nextTickerAt = mono + Int64(config.tickerIntervalSeconds * 1_000_000_000)
        }
    }

    /// Publishes request side effects right away (private updates, trades).
    func flushRequestEvents() {
        let mono = MonotonicClock.nanos()
        publish(sim.drainEvents(), now: virtualNow(mono: mono), mono: mono)
    }

    func publish(_ events: [SimEvent], now: Timestamp, mono: Int64) {
        let stalled = mono < stallUntil
        for e in events {
            switch e {
            case .trades(let batch):
                feedKlines(batch, stalled: stalled)
                guard !stalled, let spec = specs[batch.symbol.name],
                    let subs = tradeSubscribers[batch.symbol.name], !subs.isEmpty, !batch.trades.isEmpty
                else { continue }
                let frame = MarketEncoding.tradeFrame(
                    spec: spec, snapshot: false, trades: batch.trades, sequence: nextSequence(), sendTime: now)
                for id in subs.sorted() { send(id, frame) }
            case .privateUpdate(let u):
                record(u)
                let subs = aopSubscribers[AopKey(userID: u.userID, kind: u.kind)] ?? []
                guard !subs.isEmpty else { continue }
                let frame = privateFrame(u, snapshot: false)
                for id in subs.sorted() { send(id, frame) }
            case .book, .mark:
                continue
            }
        }
    }

    /// Keeps closed orders and fills for the history endpoints (the engine exposes only open
    /// and recent orders by id).
    func record(_ u: SimPrivateUpdate) {
        for e in u.orders {
            if e.tradeType == "Trade" {
                fills[u.userID, default: []].append(e)
                if fills[u.userID, default: []].count > 1000 { fills[u.userID]?.removeFirst(200) }
            }
            switch e.order.ordStatus {
            case .filled, .canceled, .rejected, .deactivated:
                closedOrders[u.userID, default: []].append(e.order)
                if closedOrders[u.userID, default: []].count > 1000 { closedOrders[u.userID]?.removeFirst(200) }
            default: break
            }
        }
    }

    // MARK: books

    /// The true book of `symbol` cut to `depth` (0 = full).
    func trueBook(_ symbol: String, depth: Int) -> SimBookSnapshot? {
        sim.bookSnapshot(symbol: Symbol(symbol), depth: depth == 0 ? nil : depth)
    }

    /// The levels that turn `old` into `new` (changed or added levels with their new size,
    /// removed levels with size zero), in price order. Both sides come sorted from the
    /// simulator (bids descending, asks ascending), so one merge pass suffices; unsorted input
    /// falls back to a hashed diff.
    static func diff(old: [SimLevel], new: [SimLevel], descending: Bool) -> [SimLevel] {
        var out: [SimLevel] = []
        var i = 0, j = 0
        var lastOld: Int64?, lastNew: Int64?
        @inline(__always) func before(_ a: Int64, _ b: Int64) -> Bool { descending ? a > b : a < b }
        while i < old.count || j < new.count {
            let takeOld: Bool, takeNew: Bool
            if j == new.count {
                (takeOld, takeNew) = (true, false)
            } else if i == old.count {
                (takeOld, takeNew) = (false, true)
            } else if old[i].price.raw == new[j].price.raw {
                (takeOld, takeNew) = (true, true)
            } else {
                let o = before(old[i].price.raw, new[j].price.raw)
                (takeOld, takeNew) = (o, !o)
            }
            if takeOld {
                let p = old[i].price.raw
                if let l = lastOld, !before(l, p) { return hashedDiff(old: old, new: new) }
                lastOld = p
            }
            if takeNew {
                let p = new[j].price.raw
                if let l = lastNew, !before(l, p) { return hashedDiff(old: old, new: new) }
                lastNew = p
            }
            switch (takeOld, takeNew) {
            case (true, true):
                if old[i].size.raw != new[j].size.raw { out.append(new[j]) }
                i += 1
                j += 1
            case (true, false):
                out.append(SimLevel(price: old[i].price, size: .zero))
                i += 1
            default:
                out.append(new[j])
                j += 1
            }
        }
        return out
    }

    static func hashedDiff(old: [SimLevel], new: [SimLevel]) -> [SimLevel] {
        var oldSizes: [Int64: Int64] = [:]
        oldSizes.reserveCapacity(old.count)
        for l in old { oldSizes[l.price.raw] = l.size.raw }
        var out: [SimLevel] = []
        var present = Set<Int64>()
        present.reserveCapacity(new.count)
        for l in new {
            present.insert(l.price.raw)
            if oldSizes[l.price.raw] != l.size.raw { out.append(l) }
        }
        for l in old where !present.contains(l.price.raw) {
            out.append(SimLevel(price: l.price, size: .zero))
        }
        return out
    }

    /// The levels a stale frame would carry: the old sizes of every level in `delta`.
    static func revert(old: [SimLevel], delta: [SimLevel]) -> [SimLevel] {
        var oldSizes: [Int64: Quantity] = [:]
        for l in old { oldSizes[l.price.raw] = l.size }
        return delta.map { SimLevel(price: $0.price, size: oldSizes[$0.price.raw] ?? .zero) }
    }

    /// Diffs every book stream against the true book (read once per symbol) and sends the
    /// deltas and due periodic snapshots. Each frame is encoded once and shared by all
    /// subscribers of its stream.
    func publishBooks(now: Timestamp, mono: Int64) {
        let snapshotEvery = Int64(config.snapshotIntervalSeconds * 1_000_000_000)
        let keys = books.keys.sorted()
        var k = 0
        while k < keys.count {
            let symbol = keys[k].symbol
            var end = k
            var full = false
            var maxDepth = 0
            while end < keys.count && keys[end].symbol == symbol {
                if keys[end].depth == 0 { full = true }
                maxDepth = max(maxDepth, keys[end].depth)
                end += 1
            }
            if let spec = specs[symbol], let truth = sim.bookSnapshot(symbol: Symbol(symbol), depth: full ? nil : maxDepth) {
                for key in keys[k..<end] {
                    publishBook(key, spec: spec, truth: truth, now: now, mono: mono, snapshotEvery: snapshotEvery)
                }
            }
            k = end
        }
    }

    private func publishBook(
        _ key: BookKey, spec: InstrumentSpec, truth: SimBookSnapshot, now: Timestamp, mono: Int64, snapshotEvery: Int64
    ) {
        guard var stream = books[key] else { return }
        let bids = key.depth == 0 || truth.bids.count <= key.depth ? truth.bids : Array(truth.bids.prefix(key.depth))
        let asks = key.depth == 0 || truth.asks.count <= key.depth ? truth.asks : Array(truth.asks.prefix(key.depth))
        let dBids = Self.diff(old: stream.bids, new: bids, descending: true)
        let dAsks = Self.diff(old: stream.asks, new: asks, descending: false)
        if !dBids.isEmpty || !dAsks.isEmpty {
            let previousSequence = stream.sequence
            let oldBids = stream.bids, oldAsks = stream.asks
            stream.bids = bids
            stream.asks = asks
            stream.sequence = nextSequence()
            stream.timestamp = now
            let frame = MarketEncoding.bookFrame(
                spec: spec, snapshot: false, depth: key.depth, bids: dBids, asks: dAsks,
                sequence: stream.sequence, timestamp: now, sendTime: now)
            let ids = stream.subscribers.keys.sorted()
            for id in ids { send(id, frame) }
            if faults.outOfOrderSequence {
                faults.outOfOrderSequence = false
                let stale = MarketEncoding.bookFrame(
                    spec: spec, snapshot: false, depth: key.depth,
                    bids: Self.revert(old: oldBids, delta: dBids), asks: Self.revert(old: oldAsks, delta: dAsks),
                    sequence: previousSequence, timestamp: now, sendTime: now)
                for id in ids { send(id, stale) }
            }
        }
        var due: [Int] = []
        for (id, at) in stream.subscribers where mono >= at { due.append(id) }
        if !due.isEmpty {
            let snapshot = snapshotFrame(stream, key: key, spec: spec, now: now)
            for id in due.sorted() {
                send(id, snapshot)
                stream.subscribers[id] = mono + snapshotEvery
            }
        }
        books[key] = stream
    }

    func snapshotFrame(_ stream: BookStream, key: BookKey, spec: InstrumentSpec, now: Timestamp) -> ByteBuffer {
        MarketEncoding.bookFrame(
            spec: spec, snapshot: true, depth: key.depth, bids: stream.bids, asks: stream.asks,
            sequence: stream.sequence, timestamp: stream.timestamp, sendTime: now)
    }

    /// Adds `session` to a book stream (creating it from the true book) and sends the snapshot.
    func subscribeBook(session id: Int, symbol: String, depth: Int) {
        guard let spec = specs[symbol] else { return }
        let key = BookKey(symbol: symbol, depth: depth)
        let mono = MonotonicClock.nanos()
        let now = virtualNow(mono: mono)
        var stream: BookStream
        if let s = books[key] {
            stream = s
        } else {
            let b = trueBook(symbol, depth: depth)
            stream = BookStream(
                bids: b?.bids ?? [], asks: b?.asks ?? [], sequence: nextSequence(), timestamp: b?.timestamp ?? now)
        }
        if stream.subscribers[id] == nil {
            stream.subscribers[id] = mono + Int64(config.snapshotIntervalSeconds * 1_000_000_000)
            send(id, snapshotFrame(stream, key: key, spec: spec, now: now))
        }
        books[key] = stream
    }

    // MARK: ticker pack

    func tickers() -> [SimTicker] {
        symbolOrder.compactMap { name in
            specs[name]?.kind == .linear ? sim.ticker(symbol: Symbol(name)) : nil
        }
    }

    /// Sends changed ticker rows to every pack subscriber, or a full snapshot to one session.
    func publishPack(now: Timestamp, snapshotTo: Int?) {
        let rows = tickers()
        if let id = snapshotTo {
            if packLast.isEmpty { for r in rows { packLast[r.symbol.name] = r } }
            send(id, MarketEncoding.packFrame(rows: rows, snapshot: true, time: now))
            return
        }
        let changed = rows.filter { row in
            guard let old = packLast[row.symbol.name] else { return true }
            return !Self.sameTicker(old, row)
        }
        for r in rows { packLast[r.symbol.name] = r }
        guard !changed.isEmpty else { return }
        let frame = MarketEncoding.packFrame(rows: changed, snapshot: false, time: now)
        for id in packSubscribers.sorted() { send(id, frame) }
    }

    static func sameTicker(_ a: SimTicker, _ b: SimTicker) -> Bool {
        var x = a
        x.time = b.time
        return x == b
    }

    // MARK: private stream

    func privateFrame(_ u: SimPrivateUpdate, snapshot: Bool) -> String {
        privateSequence += 1
        let linear = u.kind == .linear
        var j = JSONObject(capacity: 4096)
        let accounts = u.accounts.map { a -> String in
            WireEncoding.aopAccount(a, currencySpec(a.currency), kind: u.kind)
        }
        let orders = u.orders.compactMap { e -> String? in
            guard let spec = specs[e.order.symbol.name] else { return nil }
            return WireEncoding.aopOrder(e, spec)
        }
        let positions = u.positions.compactMap { p -> String? in
            guard let spec = specs[p.symbol.name] else { return nil }
            return WireEncoding.aopPosition(p, spec)
        }
        j.raw(linear ? "accounts_p" : "accounts", JSONObject.array(accounts))
        j.raw(linear ? "orders_p" : "orders", JSONObject.array(orders))
        j.raw(linear ? "positions_p" : "positions", JSONObject.array(positions))
        j.int("sequence", privateSequence)
        j.int("timestamp", u.time.nanos)
        j.string("type", snapshot ? "snapshot" : "incremental")
        if linear { j.int("version", 0) }
        return j.finished
    }

    /// A spec whose settle currency is `currency` (for `Ev` scaling of accounts).
    func currencySpec(_ currency: String) -> InstrumentSpec {
        for name in symbolOrder {
            if let s = specs[name], s.settleCurrency == currency { return s }
        }
        return SimInstruments.btcusd.spec
    }
}
