import ExchangeSimulator
import MarketCore

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

    static func diff(old: [SimLevel], new: [SimLevel]) -> [SimLevel] {
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

    func publishBooks(now: Timestamp, mono: Int64) {
        let snapshotEvery = Int64(config.snapshotIntervalSeconds * 1_000_000_000)
        for key in books.keys.sorted() {
            guard var stream = books[key], let spec = specs[key.symbol],
                let current = trueBook(key.symbol, depth: key.depth)
            else { continue }
            let dBids = Self.diff(old: stream.bids, new: current.bids)
            let dAsks = Self.diff(old: stream.asks, new: current.asks)
            if !dBids.isEmpty || !dAsks.isEmpty {
                let previousSequence = stream.sequence
                let oldBids = stream.bids, oldAsks = stream.asks
                stream.bids = current.bids
                stream.asks = current.asks
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
            for (id, due) in stream.subscribers.sorted(by: { $0.key < $1.key }) where mono >= due {
                send(id, snapshotFrame(stream, key: key, spec: spec, now: now))
                stream.subscribers[id] = mono + snapshotEvery
            }
            books[key] = stream
        }
    }

    func snapshotFrame(_ stream: BookStream, key: BookKey, spec: InstrumentSpec, now: Timestamp) -> String {
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
