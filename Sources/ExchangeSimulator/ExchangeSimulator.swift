import DequeModule
import MarketCore

/// Why a simulator could not be built from a config.
public enum SimConfigError: Error, Hashable, Sendable {
    case noInstruments
    case duplicateSymbol(Symbol)
    case duplicateAPIKey
    case duplicateUserID(Int64)
    case invalid(String)
}

/// An in-memory Phemex: synthetic markets, matching engine, accounts, venue rules and a
/// rate-limit model, all in virtual time. Pure: no clock, no I/O, randomness from `seed`.
///
/// Usage (server): keep one value behind a lock; call `advance(to:)` every ~20 ms of virtual
/// time and publish the returned events; call the request methods for REST/WS requests, answer
/// with their result, then publish `drainEvents()`. See SimulatorAPI.md.
public struct ExchangeSimulator: Sendable {
    public let config: SimulatorConfig
    /// The rate-limit model; the server calls `rateLimiter.check(...)` on every REST request.
    public var rateLimiter: SimRateLimiter
    /// The latest virtual time seen by `advance(to:)` or any request.
    public internal(set) var now: Timestamp

    var symbols: [SymbolState]
    var symbolIndex: [Symbol: Int]
    var users: [UserState]
    var userIndexByID: [Int64: Int]
    var userIndexByKey: [String: Int]
    var slots: [OrderState?]
    var freeSlots: [Int]
    var slotByOrderID: [String: Int]
    var outbox: [SimEvent]
    var batches: [PrivateBatch]
    var touchedPositions: [TouchedPosition]
    var sequence: Int64
    var execSeq: Int64
    var addedSeq: Int64
    var seqRng: SeededRandom
    var idRng: SeededRandom
    var lastStep: Timestamp
    var lastMark: Timestamp

    /// Builds the simulator. `now` is the virtual start time (the market starts there).
    public init(config: SimulatorConfig, now: Timestamp) throws(SimConfigError) {
        guard !config.instruments.isEmpty else { throw .noInstruments }
        self.config = config
        self.rateLimiter = SimRateLimiter(config: config.rateLimits)
        self.now = now
        symbols = []
        symbolIndex = [:]
        users = []
        userIndexByID = [:]
        userIndexByKey = [:]
        slots = []
        freeSlots = []
        slotByOrderID = [:]
        outbox = []
        batches = []
        touchedPositions = []
        seqRng = SeededRandom(seed: config.seed ^ 0x5EC0_1234_ABCD_0001)
        idRng = SeededRandom(seed: config.seed ^ 0x1D1D_5EED_0000_0002)
        sequence = 1_000_000_000 + Int64(seqRng.next() % 1_000_000)
        execSeq = 1_000_000
        addedSeq = 1_000_000
        lastStep = now
        lastMark = now
        for (i, inst) in config.instruments.enumerated() {
            if symbolIndex[inst.symbol] != nil { throw .duplicateSymbol(inst.symbol) }
            if inst.market.levelsPerSide < 1 || inst.market.startPrice.raw <= 0 {
                throw .invalid("market params of \(inst.symbol)")
            }
            symbolIndex[inst.symbol] = i
            let seed = config.seed &+ UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15
            symbols.append(SymbolState(index: i, instrument: inst, seed: seed, depth: config.bookDepth, now: now))
        }
        for a in config.accounts {
            do { try addAccount(a) } catch {
                if userIndexByID[a.userID] != nil { throw .duplicateUserID(a.userID) }
                throw .duplicateAPIKey
            }
        }
        for i in symbols.indices { initialFill(i, now: now) }
    }

    // MARK: accounts

    /// Adds a user (e.g. at run time from the admin endpoint). Duplicate key or user → 10500.
    public mutating func addAccount(_ account: SimAccountConfig) throws(SimReject) {
        if userIndexByKey[account.apiKey] != nil || userIndexByID[account.userID] != nil {
            throw SimReject(code: 10500, message: "duplicate api key or user id")
        }
        let idx = users.count
        users.append(UserState(config: account, instruments: config.instruments))
        userIndexByID[account.userID] = idx
        userIndexByKey[account.apiKey] = idx
    }

    /// Credentials of an API key (nil when unknown: `{"code":10500,"msg":"Failed to find api-key …"}`).
    public func apiKey(_ key: String) -> SimAPIKey? {
        guard let i = userIndexByKey[key] else { return nil }
        let c = users[i].config
        return SimAPIKey(apiKey: c.apiKey, apiSecret: c.apiSecret, userID: c.userID)
    }

    /// Every configured user id, in creation order.
    public var userIDs: [Int64] { users.map(\.config.userID) }

    // MARK: reference data

    /// The instruments, in config order.
    public var instruments: [SimInstrument] { symbols.map(\.instrument) }

    /// The instrument of `symbol`.
    public func instrument(_ symbol: Symbol) -> SimInstrument? {
        symbolIndex[symbol].map { symbols[$0].instrument }
    }

    /// The shared sequence counter's latest value.
    public var currentSequence: Int64 { sequence }
}
