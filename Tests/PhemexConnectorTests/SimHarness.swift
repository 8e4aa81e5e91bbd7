import ExchangeSimulator
import Foundation
import Logging
import MarketCore
import PhemexWire
import SimulatorServer
import Synchronization

@testable import PhemexConnector

/// Collects every event of a connector for assertions.
final class EventRecorder: Sendable {
    private let events = Mutex<[ExchangeEvent]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ stream: AsyncStream<ExchangeEvent>) {
        let t = Task { [self] in
            for await e in stream { self.events.withLock { $0.append(e) } }
        }
        task.withLock { $0 = t }
    }

    var all: [ExchangeEvent] { events.withLock { $0 } }

    func count(where p: (ExchangeEvent) -> Bool) -> Int { events.withLock { $0.filter(p).count } }

    /// Index of the next event after `from` matching `p`.
    func firstIndex(after from: Int = -1, where p: (ExchangeEvent) -> Bool) -> Int? {
        events.withLock { evs in
            var i = from + 1
            while i < evs.count {
                if p(evs[i]) { return i }
                i += 1
            }
            return nil
        }
    }

    /// Polls until `condition` holds (true) or `timeout` passes (false).
    func wait(timeout: Duration = .seconds(10), _ condition: @Sendable ([ExchangeEvent]) -> Bool) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout * testPatience
        while clock.now < deadline {
            if condition(all) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(all)
    }

    var endIndex: Int { events.withLock { $0.count } - 1 }
}

/// A simulator server on loopback plus a connector pointed at it, with fast timers.
struct SimHarness {
    static let apiKey = "test-key-0001"
    static let apiSecret = "TESTSECRET-not-a-real-key"

    let server: SimulatorServer
    let connector: PhemexConnector
    let recorder: EventRecorder

    static func start(
        speed: Double = 1, tickMilliseconds: Int = 20, linear: [Symbol] = ["BTCUSDT"], inverse: [Symbol] = [],
        withCredentials: Bool = true, linearCurrencies: [String] = ["USDT"], faults: FaultSwitches = FaultSwitches(),
        configure: (inout SimulatorServerConfig) -> Void = { _ in },
        tweak: (inout PhemexConnectorConfiguration) -> Void = { _ in }
    ) async throws -> SimHarness {
        var sc = SimulatorServerConfig()
        sc.speed = speed
        sc.tickMilliseconds = tickMilliseconds
        sc.credentials = [.init(apiKey: apiKey, apiSecret: apiSecret)]
        sc.faults = faults
        configure(&sc)
        let server = try await SimulatorServer.start(sc)
        guard let rest = server.restURL, let ws = server.wsURL else { throw PhemexConnectorError.notStarted }
        var cfg = PhemexConnectorConfiguration(
            network: .sim(restURL: rest, wsURL: ws),
            credentials: withCredentials ? APICredentials(apiKey: apiKey, secret: apiSecret) : nil,
            linearSymbols: linear, inverseSymbols: inverse)
        cfg.linearCurrencies = withCredentials ? linearCurrencies : []
        cfg.pingInterval = .milliseconds(200)
        cfg.idleTimeout = .seconds(2)
        cfg.staleAfter = .seconds(2)
        cfg.watchdogInterval = .milliseconds(50)
        cfg.backoffInitial = .milliseconds(50)
        cfg.backoffMaximum = .milliseconds(400)
        cfg.stableAfter = .milliseconds(200)
        cfg.requestTimeout = .seconds(3)
        cfg.restTimeout = .seconds(3)
        cfg.closeTimeout = .milliseconds(200)
        tweak(&cfg)
        var logger = Logger(label: "test.connector")
        logger.logLevel = .error
        let connector = PhemexConnector(configuration: cfg, logger: logger)
        let recorder = EventRecorder(connector.events)
        try await connector.start()
        return SimHarness(server: server, connector: connector, recorder: recorder)
    }

    func stop() async {
        await connector.stop()
        await server.stop()
    }

    /// `true` when the connector's book equals the simulator's true book (30 levels).
    func booksMatch(_ symbol: Symbol) async -> Bool {
        guard let truth = await server.trueBook(symbol: symbol.name, depth: 30), let mine = connector.book(symbol) else {
            return false
        }
        return Self.sameLevels(mine, truth)
    }

    /// The connector's book of `symbol` once its last applied sequence is at least `sequence`
    /// (or whatever it holds when `timeout` expires).
    func bookReaching(_ symbol: Symbol, sequence: Int64, timeout: Duration) async -> OrderBook? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout * testPatience
        var book = connector.book(symbol)
        while (book?.lastSequence ?? 0) < sequence, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(1))
            book = connector.book(symbol)
        }
        return book
    }

    /// Level-by-level equality of a valid client book and a simulator book.
    static func sameLevels(_ mine: OrderBook, _ truth: SimBookSnapshot) -> Bool {
        sameLevels(mine, bids: truth.bids, asks: truth.asks)
    }

    /// Level-by-level equality of a valid client book and what the server published.
    static func sameLevels(_ mine: OrderBook, _ published: PublishedBook) -> Bool {
        sameLevels(mine, bids: published.bids, asks: published.asks)
    }

    static func sameLevels(_ mine: OrderBook, bids truthBids: [SimLevel], asks truthAsks: [SimLevel]) -> Bool {
        guard mine.isValid else { return false }
        let bids = mine.levels(.buy).map { [$0.price.raw, $0.quantity.raw] }
        let asks = mine.levels(.sell).map { [$0.price.raw, $0.quantity.raw] }
        return bids == truthBids.map { [$0.price.raw, $0.size.raw] } && asks == truthAsks.map { [$0.price.raw, $0.size.raw] }
    }

    /// Drops every connection at the simulator and waits until a book goes stale and then
    /// valid again (reconnect + fresh snapshot); true when that happened.
    func dropAndAwaitResnapshot() async -> Bool {
        let before = recorder.endIndex
        await server.setFaults(FaultSwitches(dropConnections: true))
        return await recorder.wait { evs in
            guard let stale = evs.indices.first(where: { $0 > before && evs[$0].isBookStale }) else { return false }
            return evs[(stale + 1)...].contains(where: \.isBookValid)
        }
    }

    /// Polls `booksMatch` for up to `timeout`.
    func waitForMatch(_ symbol: Symbol, timeout: Duration = .seconds(3)) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout * testPatience
        while clock.now < deadline {
            if await booksMatch(symbol) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }
}

extension ExchangeEvent {
    var isBookValid: Bool { if case .bookValid = self { return true } else { return false } }
    var isBookStale: Bool { if case .bookStale = self { return true } else { return false } }
    var isAccountSynced: Bool { if case .accountSynced = self { return true } else { return false } }
    var isAccountUnsynced: Bool { if case .accountUnsynced = self { return true } else { return false } }
    var execution: ExecutionReport? { if case .execution(let e) = self { return e } else { return nil } }
}

/// Deadline multiplier for waits over loopback: `swift test` runs suites in parallel on a loaded
/// machine. A passing wait never reaches its deadline, so the slack costs nothing when things work.
let testPatience = 6
