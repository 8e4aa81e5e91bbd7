import ExchangeSimulator
import MarketCore
import PhemexWire
import TradingEngine

/// Runs a real `Engine` (strategy + order tracker) against the pure `ExchangeSimulator` in
/// virtual time, the way the daemon runs it against the simulator server, but without sockets:
/// every command the engine emits is built into the Phemex REST request it would become
/// (`PhemexRequestBuilder`), charged to the simulator's rate-limit model exactly as the server
/// charges it (a refused request is answered as HTTP 429 with the documented headers), executed
/// by the matching engine, and its result, the stream events and the timers are fed back.
///
/// It records what an exchange would see: every request, every 429, every reject code, and each
/// order's age when it was cancelled or amended.
struct VenueLoop {
    static let user: Int64 = 4_242
    static let ip = "127.0.0.1"

    var simulator: ExchangeSimulator
    var engine: Engine
    let builder: PhemexRequestBuilder
    var now: Timestamp
    var timerAt: Timestamp?
    let step: Nanoseconds

    /// Requests that reached the exchange (allowed by its rate limiter), by command kind.
    var sent: [String: Int] = [:]
    var http429 = 0
    var rejectCodes: [Int: Int] = [:]
    /// Resting (GTC/post-only) orders acknowledged by the exchange.
    var restingPlaced = 0
    /// Cancels and amends of an order younger than `quickAge` since its placement or last amend.
    var quickMutations = 0
    let quickAge: Nanoseconds
    var fills = 0
    var maxOpenOrders = 0
    private var liveSince: [String: Timestamp] = [:]
    private var commandCount = 0

    init(simulator: ExchangeSimulator, engine: Engine, start: Timestamp, step: Nanoseconds, quickAge: Nanoseconds) {
        self.simulator = simulator
        self.engine = engine
        self.builder = PhemexRequestBuilder(catalog: InstrumentCatalog(instruments: engine.config.instruments))
        self.now = start
        self.step = step
        self.quickAge = quickAge
    }

    /// Starts the engine and runs `duration` of virtual time, yielding to other tasks every 50
    /// steps so that a long run never monopolises a cooperative-pool thread that parallel loopback
    /// tests need.
    mutating func run(for duration: Nanoseconds) async {
        feed(.start)
        let end = now + duration
        var steps = 0
        while now < end {
            steps += 1
            if steps % 50 == 0 { await Task.yield() }
            now = now + step
            let events = simulator.advance(to: now)
            for e in simulator.exchangeEvents(events, user: Self.user) { feed(.exchange(e)) }
            if let t = timerAt, t <= now {
                timerAt = nil
                feed(.timer)
            }
        }
    }

    /// Feeds one input and everything it causes (commands are answered at once: zero latency).
    mutating func feed(_ kind: EngineInput.Kind) {
        var pending: [EngineInput.Kind] = [kind]
        while !pending.isEmpty {
            let input = pending.removeFirst()
            if case .exchange(.execution(let r)) = input, r.fill != nil { fills += 1 }
            for output in engine.handle(EngineInput(receivedAt: now, kind: input)) {
                switch output {
                case .command(let id, let command):
                    pending.append(.exchange(.commandResult(execute(command, id: id))))
                    let caused = simulator.exchangeEvents(simulator.drainEvents(), user: Self.user)
                    pending += caused.map { .exchange($0) }
                case .scheduleTimer(let at):
                    timerAt = at
                default:
                    break
                }
            }
        }
    }

    /// One request as the venue sees it.
    mutating func execute(_ command: ExchangeCommand, id: UInt64) -> CommandResult {
        commandCount += 1
        guard let request = try? builder.build(command) else {
            return CommandResult(
                commandID: id, command: command, outcome: .rejected(code: -1, message: "unbuildable"), reports: [],
                positions: [], balances: [], rateLimits: [], httpStatus: 400, time: now)
        }
        let decision = simulator.rateLimiter.check(
            user: Self.user, ip: Self.ip, method: request.method.rawValue, path: request.path, symbol: command.symbol,
            now: now)
        let limits = RateLimitHeaders.parse(decision.headers.map { (name: $0.name, value: $0.value) })
        guard decision.allowed else {
            http429 += 1
            return CommandResult(
                commandID: id, command: command, outcome: .rateLimited(retryAfterSeconds: decision.retryAfterSeconds),
                reports: [], positions: [], balances: [], rateLimits: limits, httpStatus: 429, time: now)
        }
        sent[Self.kind(command), default: 0] += 1
        recordMutation(command)
        var result = simulator.execute(command, commandID: id, user: Self.user, now: now)
        result.rateLimits = limits
        switch result.outcome {
        case .rejected(let code, _): rejectCodes[code, default: 0] += 1
        case .acknowledged: recordAcknowledged(command, result)
        default: break
        }
        if case .success(let open) = simulator.openOrders(user: Self.user, symbol: nil) {
            maxOpenOrders = max(maxOpenOrders, open.count)
        }
        return result
    }

    private mutating func recordMutation(_ command: ExchangeCommand) {
        var ids: [ClientOrderID] = []
        switch command {
        case .cancel(let id, _, _), .amend(let id, _, _, _, _): ids = [id]
        case .cancelBulk(let list, _, _): ids = list
        default: return
        }
        for id in ids {
            guard let since = liveSince[id.value] else { continue }
            if now - since < quickAge { quickMutations += 1 }
            if case .amend = command { liveSince[id.value] = now } else { liveSince[id.value] = nil }
        }
    }

    private mutating func recordAcknowledged(_ command: ExchangeCommand, _ result: CommandResult) {
        guard case .place(let r) = command, r.type == .limit, r.timeInForce != .immediateOrCancel,
            r.timeInForce != .fillOrKill
        else { return }
        restingPlaced += 1
        if result.reports.first?.status.isOpen ?? true { liveSince[r.clientOrderID.value] = now }
    }

    static func kind(_ c: ExchangeCommand) -> String {
        switch c {
        case .place: return "place"
        case .amend: return "amend"
        case .cancel: return "cancel"
        case .cancelBulk: return "cancelBulk"
        case .queryOrder: return "queryOrder"
        case .fetchOpenOrders: return "openOrders"
        default: return "other"
        }
    }
}
