import Logging
import MarketCore
import PhemexWire
import Synchronization

/// The Phemex exchange adapter: public market data (books, trades, marks) over up to five
/// WebSocket connections, the private stream with REST reconciliation, and REST trading.
///
/// ```swift
/// let connector = PhemexConnector(configuration: cfg)
/// try await connector.start()
/// Task { for await event in connector.events { … } }
/// let result = await connector.execute(.place(order), id: 1)
/// await connector.stop()
/// ```
///
/// Books are invalid until a fresh snapshot after every (re)connect (`.bookStale` /
/// `.bookValid`); the account is in sync only between `.accountSynced` and
/// `.accountUnsynced`. Order writes are never retried by the connector: a 5xx or a timeout is
/// reported as `.unknown`.
public actor PhemexConnector {
    /// Everything the connector learns, in arrival order per connection.
    public nonisolated let events: AsyncStream<ExchangeEvent>
    /// Transport counters.
    public nonisolated let stats = ConnectorStats()
    /// The configuration in use.
    public nonisolated let configuration: PhemexConnectorConfiguration

    private let sink = EventSink()
    private let logger: Logger
    private let rest: PhemexREST
    private let registry = SessionRegistry()
    private var tasks: [Task<Void, Never>] = []
    private var started = false
    private var privateSession: PrivateSession?

    public init(configuration: PhemexConnectorConfiguration, logger: Logger = Logger(label: "mmbot.phemex")) {
        self.configuration = configuration
        self.logger = logger
        self.events = sink.stream
        self.rest = PhemexREST(configuration: configuration, logger: logger)
    }

    /// Synchronises the clock with `/public/time`, loads instruments, then opens the planned
    /// market-data connections and (with credentials) the private session. Throws when the
    /// subscriptions cannot fit the connection limits.
    public func start() async throws {
        guard !started else { return }
        let plan = try configuration.subscriptionPlan()
        started = true
        if configuration.syncServerTime {
            do { try await rest.syncServerTime() } catch {
                logger.warning("server time unavailable, using the local clock: \(WSConnectionRunner.describe(error))")
            }
        }
        do { _ = try await rest.loadInstruments() } catch {
            logger.warning("instruments unavailable: \(WSConnectionRunner.describe(error))")
        }
        let scales = rest.priceScales()
        let tickers = MarkTickExtractor(
            linear: Set(configuration.linearSymbols),
            inverse: Dictionary(configuration.inverseSymbols.map { ($0, scales[$0] ?? 4) }, uniquingKeysWith: { a, _ in a }))
        var sessions: [MarketDataSession] = []
        for (i, subs) in plan.connections.enumerated() {
            let session = MarketDataSession(
                index: i, subscriptions: subs, priceScales: scales, configuration: configuration, sink: sink,
                stats: stats, tickers: tickers, logger: logger)
            sessions.append(session)
            var runner = WSConnectionRunner(
                name: "market[\(i)]", url: configuration.network.wsURL, configuration: configuration, logic: session,
                logger: logger, seed: configuration.backoffSeed &+ UInt64(i), stats: stats)
            runner.direct = configuration.directMarketDataSocket
            tasks.append(Task { await runner.run() })
        }
        registry.set(sessions)
        if let credentials = configuration.credentials,
            !configuration.linearCurrencies.isEmpty || !configuration.inverseCurrencies.isEmpty
        {
            let rest = self.rest
            let session = PrivateSession(
                signer: PhemexSigner(credentials: credentials), serverNow: { rest.serverNow() },
                linear: !configuration.linearCurrencies.isEmpty, inverse: !configuration.inverseCurrencies.isEmpty,
                configuration: configuration,
                decode: { json, inverse in rest.decodeAccountFrame(json, inverse: inverse) },
                reconcile: { try await rest.reconcile() }, sink: sink, stats: stats, logger: logger)
            privateSession = session
            let runner = WSConnectionRunner(
                name: "private", url: configuration.network.wsURL, configuration: configuration, logic: session,
                logger: logger, seed: configuration.backoffSeed &+ 1000, stats: stats)
            tasks.append(Task { await runner.run() })
        }
    }

    /// Closes every connection, shuts the HTTP client down and finishes `events`.
    public func stop() async {
        for t in tasks { t.cancel() }
        for t in tasks { await t.value }
        tasks.removeAll()
        await rest.shutdown()
        sink.finish()
    }

    /// Executes one command over REST and returns its outcome (never retried; a 5xx or timeout
    /// on an order write is `.unknown`).
    public nonisolated func execute(_ command: ExchangeCommand, id: UInt64) async -> CommandResult {
        await rest.execute(command, id: id)
    }

    /// Builds and signs the requests of `commands` without sending them (see
    /// `PhemexREST.rehearse`): keeps the request path warm between real orders.
    @discardableResult
    public nonisolated func rehearse(_ commands: [ExchangeCommand]) -> Int {
        rest.rehearse(commands)
    }

    /// Executes `command` in the background and delivers the result as
    /// `ExchangeEvent.commandResult` on `events`.
    public nonisolated func submit(_ command: ExchangeCommand, id: UInt64) {
        let rest = self.rest
        let sink = self.sink
        Task { sink.yield(.commandResult(await rest.execute(command, id: id))) }
    }

    /// The instruments from `/public/products` (cached after the first successful load).
    public func instruments() async throws -> [InstrumentSpec] {
        try await rest.loadInstruments()
    }

    /// A copy of the live book of `symbol` (check `isValid`), or nil when not subscribed.
    public nonisolated func book(_ symbol: Symbol) -> OrderBook? {
        registry.book(symbol)
    }

    /// The REST operations beyond `ExchangeCommand` (cancel-all, leverage, position mode, history).
    public nonisolated var trading: PhemexREST { rest }

    /// `true` while the private stream is authenticated and reconciled.
    public var isAccountSynced: Bool { privateSession?.isSynced ?? false }
}

/// The market-data sessions, readable from any thread.
final class SessionRegistry: Sendable {
    private let sessions = Mutex<[MarketDataSession]>([])
    func set(_ s: [MarketDataSession]) { sessions.withLock { $0 = s } }
    func book(_ symbol: Symbol) -> OrderBook? {
        let all = sessions.withLock { $0 }
        for s in all { if let b = s.book(symbol) { return b } }
        return nil
    }
}
