import ExchangeSimulator
import Foundation
import MarketCore
import NIOCore

/// The one owner of the simulator state: the pure `ExchangeSimulator`, the WebSocket sessions
/// and their subscriptions, the published book of every stream, faults and counters. Every
/// request and every driver tick goes through this actor, so a snapshot and the deltas after it
/// are always in order.
actor SimulatorCore {
    struct BookKey: Hashable, Comparable {
        var symbol: String
        var depth: Int
        static func < (a: BookKey, b: BookKey) -> Bool { (a.symbol, a.depth) < (b.symbol, b.depth) }
    }

    /// A published book stream (one per symbol and depth) and who listens to it.
    struct BookStream {
        var bids: [SimLevel]
        var asks: [SimLevel]
        var sequence: Int64
        var timestamp: Timestamp
        /// Session id → real time (monotonic ns) of its next periodic snapshot.
        var subscribers: [Int: Int64] = [:]
    }

    enum StreamKey: Hashable {
        case book(String, Int)
        case trade(String)
        case pack
        case aop(ContractKind)
        /// `tick_p`/`tick` of one tick symbol (`.MBTCUSDT`, `.BTC`, …).
        case tick(String)
        /// `market24h_p` (linear) / `market24h` (inverse): one symbol, or every symbol (nil).
        case market24h(ContractKind, String?)
        /// `kline_p`/`kline` of one symbol at one resolution (seconds).
        case kline(String, Int64)

        /// A stable order for publishing.
        var sortKey: String {
            switch self {
            case .book(let s, let d): return "book:\(s):\(d)"
            case .trade(let s): return "trade:\(s)"
            case .pack: return "pack"
            case .aop(let k): return "aop:\(k)"
            case .tick(let s): return "tick:\(s)"
            case .market24h(let k, let s): return "m24h:\(k):\(s ?? "*")"
            case .kline(let s, let i): return "kline:\(s):\(i)"
            }
        }
    }

    struct SessionState {
        let session: WSSession
        var userID: Int64?
        var streams: Set<StreamKey> = []
    }

    struct KlineKey: Hashable {
        var symbol: String
        var interval: Int64
    }

    struct AopKey: Hashable {
        var userID: Int64
        var kind: ContractKind
    }

    let config: SimulatorServerConfig
    var sim: ExchangeSimulator
    let specs: [String: InstrumentSpec]
    let symbolOrder: [String]
    let startWall: Int64
    let startMono: Int64
    var faults: FaultSwitches
    var stallUntil: Int64 = 0
    /// Added to real time for the rate limiter (`advanceRateLimitClock`, `POST /admin/clock`).
    var rateLimitClockOffset: Int64 = 0
    var burst429Remaining: Int = 0
    var rng: SeededRandom
    var mdSequence: Int64
    var privateSequence: Int64 = 59_553_600
    var sessions: [Int: SessionState] = [:]
    var nextSessionID = 1
    var books: [BookKey: BookStream] = [:]
    var tradeSubscribers: [String: Set<Int>] = [:]
    var packSubscribers: Set<Int> = []
    var packLast: [String: SimTicker] = [:]
    var nextPackAt: Int64 = 0
    /// Subscribers of the `tick_p`/`tick` and `market24h_p`/`market24h` streams.
    var tickerStreams: [StreamKey: Set<Int>] = [:]
    var nextTickerAt: Int64 = 0
    /// Candle series (created on first subscribe or REST query) and their subscribers.
    var klines: [KlineKey: KlineSeries] = [:]
    var klineSubscribers: [KlineKey: Set<Int>] = [:]
    /// Tick symbol name → (instrument, what it measures).
    let tickTargets: [String: (symbol: String, kind: TickerEncoding.TickKind)]
    var aopSubscribers: [AopKey: Set<Int>] = [:]
    /// Recently closed orders and fills per user (for the history endpoints).
    var closedOrders: [Int64: [SimOrder]] = [:]
    var fills: [Int64: [SimOrderEvent]] = [:]
    /// Counters for the admin state and the benchmark.
    var framesSent: Int64 = 0
    var restRequests: Int64 = 0
    var restNanos: Int64 = 0
    var tickCount: Int64 = 0
    var tickNanos: Int64 = 0

    init(config: SimulatorServerConfig) throws {
        self.config = config
        let wall = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        startWall = wall
        startMono = MonotonicClock.nanos()
        var instruments: [SimInstrument] = []
        for name in config.symbols {
            guard let inst = SimInstruments.named(Symbol(name)) ?? SimInstruments.synthetic(Symbol(name)) else {
                throw SimulatorServerError.unknownSymbol(name)
            }
            instruments.append(inst)
        }
        var accounts: [SimAccountConfig] = []
        for (i, c) in config.credentials.enumerated() {
            accounts.append(SimAccountConfig(
                apiKey: c.apiKey, apiSecret: c.apiSecret, userID: WireEncoding.userID + Int64(i),
                balances: [SimBalance(currency: "USDT", amount: config.initialUSDT),
                           SimBalance(currency: "BTC", amount: config.initialBTC)]))
        }
        let rl = RateLimitConfig(
            contractCapacity: config.effectiveContractCapacity, othersCapacity: config.othersCapacityPerMinute,
            vip: config.rateLimitProfile == .vip, vipContractCapacity: config.effectiveContractCapacity,
            ipCapacity: config.ipCapacityPerFiveMinutes, ipBlockSeconds: Int64(config.ipLockoutSeconds))
        var simConfig = SimulatorConfig(
            seed: config.seed, instruments: instruments, accounts: accounts,
            maxActiveOrdersPerSymbol: config.maxActiveOrders,
            maxConditionalOrdersPerSymbol: config.maxConditionalOrders, rateLimits: rl)
        simConfig.emitBookDeltas = false  // the server diffs `bookSnapshot` per stream itself
        do {
            sim = try ExchangeSimulator(config: simConfig, now: Timestamp(nanos: wall))
        } catch {
            throw SimulatorServerError.invalidConfig("\(error)")
        }
        var s: [String: InstrumentSpec] = [:]
        for i in instruments { s[i.symbol.name] = i.spec }
        specs = s
        symbolOrder = instruments.map(\.symbol.name)
        var targets: [String: (symbol: String, kind: TickerEncoding.TickKind)] = [:]
        for i in instruments {
            for (name, kind) in TickerEncoding.tickSymbols(i.spec) { targets[name] = (i.symbol.name, kind) }
        }
        tickTargets = targets
        var f = config.faults
        if f.stallMarketDataSeconds > 0 {
            stallUntil = startMono + Int64(f.stallMarketDataSeconds * 1_000_000_000)
        }
        burst429Remaining = max(0, f.burst429)
        f.stallMarketDataSeconds = 0
        f.burst429 = 0
        f.dropConnections = false
        faults = f
        rng = SeededRandom(seed: config.seed ^ 0xFA17_5EED)
        mdSequence = 68_604_000_000 + Int64(config.seed % 1000) * 1000
    }

    // MARK: time

    /// Virtual now = start + elapsed × speed.
    func virtualNow(mono: Int64 = MonotonicClock.nanos()) -> Timestamp {
        let elapsed = Double(mono - startMono) * config.speed
        return Timestamp(nanos: startWall + Int64(elapsed))
    }

    /// Real wall-clock seconds (for request expiry checks).
    nonisolated func wallSeconds() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// The rate limiter's clock: real time since start plus the injected offset.
    func rateLimitNow(mono: Int64) -> Timestamp {
        Timestamp(nanos: startWall + (mono - startMono) + rateLimitClockOffset)
    }

    func advanceRateLimitClock(nanos: Int64) { rateLimitClockOffset += max(0, nanos) }

    func nextSequence() -> Int64 {
        mdSequence += 1 + Int64(rng.next() % 37)
        return mdSequence
    }

    // MARK: faults

    func applyFaults(_ f: FaultSwitches, mono: Int64 = MonotonicClock.nanos()) {
        faults = f
        if f.stallMarketDataSeconds > 0 {
            stallUntil = mono + Int64(f.stallMarketDataSeconds * 1_000_000_000)
        }
        if f.burst429 > 0 { burst429Remaining = f.burst429 }
        if f.dropConnections {
            for id in sessions.keys.sorted() { sessions[id]?.session.drop() }
            faults.dropConnections = false
        }
        faults.stallMarketDataSeconds = 0
        faults.burst429 = 0
    }

    func currentFaults() -> FaultSwitches {
        var f = faults
        f.burst429 = burst429Remaining
        let mono = MonotonicClock.nanos()
        f.stallMarketDataSeconds = stallUntil > mono ? Double(stallUntil - mono) / 1e9 : 0
        return f
    }

    func latencyMilliseconds() -> Int { faults.latencyMilliseconds }

    // MARK: sessions

    func connectionCount() -> Int { sessions.count }

    func register(channelSession make: @Sendable (Int) -> WSSession) -> WSSession? {
        guard sessions.count < config.maxConnections else { return nil }
        let id = nextSessionID
        nextSessionID += 1
        let s = make(id)
        sessions[id] = SessionState(session: s)
        return s
    }

    func unregister(_ id: Int) {
        guard let st = sessions.removeValue(forKey: id) else { return }
        for key in st.streams { removeStream(key, session: id, userID: st.userID) }
    }

    func removeStream(_ key: StreamKey, session id: Int, userID: Int64?) {
        switch key {
        case .book(let sym, let depth):
            let k = BookKey(symbol: sym, depth: depth)
            books[k]?.subscribers[id] = nil
            if books[k]?.subscribers.isEmpty == true { books[k] = nil }
        case .trade(let sym): tradeSubscribers[sym]?.remove(id)
        case .pack: packSubscribers.remove(id)
        case .aop(let kind):
            if let u = userID { aopSubscribers[AopKey(userID: u, kind: kind)]?.remove(id) }
        case .kline(let sym, let interval):
            let k = KlineKey(symbol: sym, interval: interval)
            klineSubscribers[k]?.remove(id)
            if klineSubscribers[k]?.isEmpty == true { klineSubscribers[k] = nil }
        case .tick, .market24h:
            tickerStreams[key]?.remove(id)
            if tickerStreams[key]?.isEmpty == true { tickerStreams[key] = nil }
        }
    }

    func send(_ id: Int, _ text: String) {
        send(id, ByteBuffer(string: text))
    }

    /// Sends one encoded frame; the same buffer can go to many sessions without a copy.
    func send(_ id: Int, _ frame: ByteBuffer) {
        guard let s = sessions[id] else { return }
        s.session.send(frame)
        framesSent += 1
    }

    func spec(_ symbol: String) -> InstrumentSpec? { specs[symbol] }
}

/// Why a simulator server could not start.
public enum SimulatorServerError: Error, CustomStringConvertible, Sendable {
    case unknownSymbol(String)
    case invalidConfig(String)
    case notStarted
    public var description: String {
        switch self {
        case .unknownSymbol(let s): return "unknown simulator symbol \(s) (known: BTCUSDT, ETHUSDT, BTCUSD)"
        case .invalidConfig(let s): return "invalid simulator config: \(s)"
        case .notStarted: return "simulator server not started"
        }
    }
}
