import Logging
import MarketCore
import PhemexWire
import Synchronization

/// One public market-data connection: subscribes its planned channels (paced), keeps the books
/// of its symbols, turns frames into `ExchangeEvent`s, and decides when the connection must be
/// rebuilt (crossed book, stalled symbol).
final class MarketDataSession: WSSessionLogic, Sendable {
    /// Everything the reader and the watchdog share.
    private struct State {
        var decoder = MarketDataDecoder()
        var slots: [BookSlot] = []
        var byKey: [SymbolKey: Int] = [:]
        var byLongSymbol: [Symbol: Int] = [:]
        var live = false
        var rebuildReason: String?
    }

    struct BookSlot {
        var symbol: Symbol
        var book: OrderBook
        var priceScale: Int
        /// `WSLink.elapsedNanos` of the last book or trade frame.
        var lastFrameNanos: Int64 = 0
        var staleSignalled = false
        /// The exchange refused the subscription (e.g. unknown symbol): not watched for staleness.
        var refused = false
    }

    let index: Int
    let subscriptions: [MarketSubscription]
    private let state: Mutex<State>
    private let sink: EventSink
    private let stats: ConnectorStats
    private let tickers: MarkTickExtractor
    private let staleAfterNanos: Int64
    private let requestTimeout: Duration
    private let depth: Int
    private let measureLatency: Bool
    private let logger: Logger

    init(
        index: Int, subscriptions: [MarketSubscription], priceScales: [Symbol: Int],
        configuration: PhemexConnectorConfiguration, sink: EventSink, stats: ConnectorStats, tickers: MarkTickExtractor,
        logger: Logger
    ) {
        self.index = index
        self.subscriptions = subscriptions
        self.sink = sink
        self.stats = stats
        self.tickers = tickers
        self.staleAfterNanos = ReconnectBackoff.nanos(configuration.staleAfter)
        self.requestTimeout = configuration.requestTimeout
        self.depth = configuration.bookDepth
        self.measureLatency = configuration.measureLatency
        self.logger = logger
        var s = State()
        for sub in subscriptions where sub.channel.isBook {
            guard let symbol = sub.symbol else { continue }
            let scale = sub.channel == .orderbook ? (priceScales[symbol] ?? 4) : 0
            let i = s.slots.count
            s.slots.append(BookSlot(symbol: symbol, book: OrderBook(symbol: symbol, depth: configuration.bookDepth), priceScale: scale))
            if let k = SymbolKey(symbol) { s.byKey[k] = i } else { s.byLongSymbol[symbol] = i }
        }
        self.state = Mutex(s)
    }

    /// Symbols whose books this connection keeps.
    var bookSymbols: [Symbol] { state.withLock { $0.slots.map(\.symbol) } }

    /// A copy of a book kept by this connection.
    func book(_ symbol: Symbol) -> OrderBook? {
        state.withLock { s in
            if let k = SymbolKey(symbol), let i = s.byKey[k] { return s.slots[i].book }
            if let i = s.byLongSymbol[symbol] { return s.slots[i].book }
            return nil
        }
    }

    // MARK: WSSessionLogic

    func handshake(_ link: WSLink) async throws {
        var pending: [(Int64, MarketSubscription)] = []
        for sub in subscriptions {
            let id = link.makeID()
            try await link.send(Self.subscribeFrame(sub, id: id, depth: depth))
            pending.append((id, sub))
        }
        var refused: [Symbol] = []
        for (id, sub) in pending {
            let reply = try await link.replies.wait(for: id, timeout: requestTimeout)
            if case .error(let code, let message) = reply.outcome {
                // A refused channel (unknown symbol, unsupported ticker) must not take the other
                // subscriptions of this connection down with it: report and carry on.
                logger.error("subscribe \(sub) refused: \(code) \(message)")
                if sub.channel.isBook, let sym = sub.symbol { refused.append(sym) }
            }
        }
        let now = link.elapsedNanos
        state.withLock { s in
            s.live = true
            for i in s.slots.indices {
                s.slots[i].lastFrameNanos = now
                s.slots[i].refused = refused.contains(s.slots[i].symbol)
                if s.slots[i].refused && !s.slots[i].staleSignalled {
                    s.slots[i].staleSignalled = true
                    sink.yield(.bookStale(symbol: s.slots[i].symbol, reason: "subscription refused"))
                }
            }
        }
    }

    func receive(_ bytes: UnsafeRawBufferPointer, link: WSLink) {
        let now = link.elapsedNanos
        let arrived = measureLatency ? WallClock.now() : .zero
        let other: Bool = state.withLock { s in
            let kind: MarketFrameKind
            do { kind = try s.decoder.decode(bytes) } catch {
                stats.decodeError()
                return false
            }
            switch kind {
            case .other:
                return true
            case .book:
                stats.frame()
                guard let i = Self.slotIndex(&s) else { return false }
                applyBook(&s, slot: i, now: now, arrived: arrived)
                return false
            case .trades:
                stats.frame()
                if let i = Self.slotIndex(&s) { s.slots[i].lastFrameNanos = now }
                guard !s.decoder.isSnapshot else { return false }  // snapshots overlap trades already seen
                let scale = s.decoder.contractKind == .inverse ? (Self.slotIndex(&s).map { s.slots[$0].priceScale } ?? 4) : 0
                if let ticks = try? s.decoder.tradeTicks(priceScale: scale) {
                    for t in ticks { sink.yield(.trade(t)) }
                }
                return false
            }
        }
        if other { receiveOther(bytes, link: link) }
    }

    private func applyBook(_ s: inout State, slot i: Int, now: Int64, arrived: Timestamp) {
        let wasValid = s.slots[i].book.isValid
        let droppedBefore = s.slots[i].book.staleDropped
        let applied: Bool
        do { applied = try s.decoder.apply(to: &s.slots[i].book, priceScale: s.slots[i].priceScale) } catch {
            stats.decodeError()
            return
        }
        if !applied {
            if s.slots[i].book.staleDropped != droppedBefore { stats.droppedStale() }
            return
        }
        s.slots[i].lastFrameNanos = now
        let symbol = s.slots[i].symbol
        if s.slots[i].book.isCrossed {
            s.slots[i].book.invalidate()
            s.slots[i].staleSignalled = true
            s.rebuildReason = "crossed book on \(symbol)"
            sink.yield(.bookStale(symbol: symbol, reason: "crossed book"))
            return
        }
        if !wasValid {
            s.slots[i].staleSignalled = false
            sink.yield(.bookValid(symbol: symbol))
        }
        let now = WallClock.now()
        if measureLatency {
            stats.bookLatency.record(now.nanos &- s.decoder.timestamp.nanos)
            stats.arrivalLatency.record(arrived.nanos &- s.decoder.timestamp.nanos)
        }
        sink.yield(.book(s.slots[i].book.top(time: now)))
    }

    private static func slotIndex(_ s: inout State) -> Int? {
        if let k = s.decoder.symbolKey { return s.byKey[k] }
        return s.byLongSymbol[s.decoder.symbol]
    }

    /// Replies, tickers and anything else (cold path).
    private func receiveOther(_ bytes: UnsafeRawBufferPointer, link: WSLink) {
        guard let json = try? JSONValue.parse(bytes) else {
            stats.decodeError()
            return
        }
        switch WSInboundKind.classify(json) {
        case .reply:
            if let reply = try? WSReply.decode(json: json) { link.replies.deliver(reply) }
        default:
            for tick in tickers.marks(from: json, time: WallClock.now()) { sink.yield(.mark(tick)) }
        }
    }

    func disconnected(reason: String) {
        state.withLock { s in
            s.live = false
            s.rebuildReason = nil
            for i in s.slots.indices {
                let wasValid = s.slots[i].book.isValid
                s.slots[i].book.invalidate()
                if wasValid || !s.slots[i].staleSignalled {
                    s.slots[i].staleSignalled = true
                    sink.yield(.bookStale(symbol: s.slots[i].symbol, reason: "disconnected: \(reason)"))
                }
            }
        }
    }

    func check(link: WSLink) -> String? {
        let now = link.elapsedNanos
        return state.withLock { s -> String? in
            if let r = s.rebuildReason { return r }
            guard s.live else { return nil }
            var reason: String?
            for i in s.slots.indices where !s.slots[i].refused && now - s.slots[i].lastFrameNanos > staleAfterNanos {
                let symbol = s.slots[i].symbol
                s.slots[i].book.invalidate()
                if !s.slots[i].staleSignalled {
                    s.slots[i].staleSignalled = true
                    sink.yield(.bookStale(symbol: symbol, reason: "no data"))
                }
                reason = reason ?? "no data on \(symbol)"
            }
            return reason
        }
    }

    func pingFrame(id: Int64) -> String { WSRequest.ping(id: id).text }

    static func subscribeFrame(_ sub: MarketSubscription, id: Int64, depth: Int) -> String {
        let symbol = sub.symbol?.name ?? ""
        let bookDepth: WSRequest.BookDepth = depth == 30 ? .standard : .levels(depth)
        switch sub.channel {
        case .orderbookP: return WSRequest.subscribeOrderBook(id: id, symbol: symbol, depth: bookDepth).text
        case .orderbook:
            return WSRequest.subscribeOrderBook(id: id, symbol: symbol, inverse: true, depth: bookDepth).text
        case .tradeP: return WSRequest.subscribeTrades(id: id, symbol: symbol).text
        case .trade: return WSRequest.subscribeTrades(id: id, symbol: symbol, inverse: true).text
        case .tickerPackP: return WSRequest.subscribePerpMarket24hPack(id: id).text
        case .market24h: return WSRequest.subscribeMarket24h(id: id).text
        }
    }
}
