import ExchangeSimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import MarketCore
import NIOCore
import NIOWebSocket
import ServiceLifecycle
import Synchronization
import WSCompression

/// A Phemex-protocol exchange on 127.0.0.1: REST (USDT-M, COIN-M, public, `/md`) and the
/// WebSocket at `/ws`, over an in-memory `ExchangeSimulator` advanced in virtual time, with
/// fault switches and an admin endpoint (`POST /admin/faults`, `GET /admin/state`).
///
/// ```swift
/// var cfg = SimulatorServerConfig()
/// cfg.credentials = [.init(apiKey: "k", apiSecret: "s")]
/// let server = SimulatorServer(config: cfg)
/// let port = try await server.start()          // port 0 → ephemeral
/// await server.setFaults(FaultSwitches(stallMarketDataSeconds: 5))
/// let book = await server.trueBook(symbol: "BTCUSDT")
/// await server.stop()
/// ```
public final class SimulatorServer: Sendable {
    struct Running: Sendable {
        var core: SimulatorCore
        var group: ServiceGroup
        var runTask: Task<Void, any Error>
        var driver: Task<Void, Never>
        var port: Int
    }

    public let config: SimulatorServerConfig
    private let running = Mutex<Running?>(nil)

    public init(config: SimulatorServerConfig) {
        self.config = config
    }

    /// Builds and starts a server; the bound port is `server.port`.
    public static func start(_ config: SimulatorServerConfig) async throws -> SimulatorServer {
        let s = SimulatorServer(config: config)
        _ = try await s.start()
        return s
    }

    /// The bound port once started.
    public var port: Int? { running.withLock { $0?.port } }
    /// `http://127.0.0.1:PORT` once started.
    public var restURL: String? { port.map { "http://127.0.0.1:\($0)" } }
    /// `ws://127.0.0.1:PORT/ws` once started.
    public var wsURL: String? { port.map { "ws://127.0.0.1:\($0)/ws" } }

    /// Binds 127.0.0.1 (port 0 = ephemeral), starts the driver, returns the bound port.
    @discardableResult
    public func start() async throws -> Int {
        try await start(standalone: false)
    }

    func start(standalone: Bool) async throws -> Int {
        if let p = port { return p }
        let core = try SimulatorCore(config: config)
        var logger = Logger(label: "mmbot.sim")
        logger.logLevel = .warning
        let portBox = PortWaiter()
        let app = Application(
            responder: HTTPEntry.responder(core: core),
            server: .http1WebSocketUpgrade(
                configuration: .init(
                    ws: WebSocketServerConfiguration(
                        maxFrameSize: 1 << 22,
                        extensions: config.webSocketCompression
                            ? [.perMessageDeflate(maxDecompressedFrameSize: 1 << 22, minFrameSizeToCompress: 64)] : [],
                        autoPing: .disabled)),
                shouldUpgrade: { request, channel, _ in
                    try await WebSocketEntry.shouldUpgrade(request: request, channel: channel, core: core)
                }),
            configuration: .init(address: .hostname("127.0.0.1", port: config.port)),
            onServerRunning: { channel in portBox.resolve(.success(channel.localAddress?.port ?? 0)) },
            logger: logger)
        let group = ServiceGroup(
            services: [app], gracefulShutdownSignals: standalone ? [.sigterm, .sigint] : [], cancellationSignals: [],
            logger: logger)
        let runTask = Task {
            do {
                try await group.run()
                portBox.resolve(.failure(SimulatorServerError.notStarted))
            } catch {
                portBox.resolve(.failure(error))
                throw error
            }
        }
        let boundPort = try await portBox.wait()
        let tick = max(0, config.tickMilliseconds)
        let driver = Task {
            while !Task.isCancelled {
                if tick > 0 {
                    try? await Task.sleep(for: .milliseconds(tick))
                } else {
                    await Task.yield()  // benchmark mode: step as fast as possible
                }
                await core.tick()
            }
        }
        running.withLock { $0 = Running(core: core, group: group, runTask: runTask, driver: driver, port: boundPort) }
        return boundPort
    }

    /// Drops every WebSocket connection, stops the driver and the HTTP server.
    public func stop() async {
        guard let r = running.withLock({ r -> Running? in
            let v = r
            r = nil
            return v
        }) else { return }
        r.driver.cancel()
        await r.core.closeAllSessions()
        await r.group.triggerGracefulShutdown()
        _ = try? await r.runTask.value
    }

    /// Runs standalone until SIGINT/SIGTERM; `onReady` gets the bound port once listening.
    public func run(onReady: @Sendable (Int) -> Void = { _ in }) async throws {
        let p = try await start(standalone: true)
        onReady(p)
        let task = running.withLock { $0?.runTask }
        _ = try await task?.value
        running.withLock { r in
            r?.driver.cancel()
            r = nil
        }
    }

    func core() throws -> SimulatorCore {
        guard let c = running.withLock({ $0?.core }) else { throw SimulatorServerError.notStarted }
        return c
    }

    /// Applies fault switches now (one-shot switches fire once).
    public func setFaults(_ faults: FaultSwitches) async {
        guard let c = try? core() else { return }
        await c.applyFaults(faults)
    }

    /// The faults in effect (remaining 429 burst, remaining stall seconds).
    public func faults() async -> FaultSwitches {
        guard let c = try? core() else { return FaultSwitches() }
        return await c.currentFaults()
    }

    /// The simulator's true book of `symbol` (depth 0 = full), for tests.
    public func trueBook(symbol: String, depth: Int = 30) async -> SimBookSnapshot? {
        guard let c = try? core() else { return nil }
        return await c.trueBook(symbol, depth: depth)
    }

    /// Runs `body` on the simulator inside the owning actor (test hooks such as
    /// `setFairPrice`, `setMarkPrice`, `injectMarketTrade`); events are published right away.
    public func withSimulator<T: Sendable>(_ body: @Sendable (inout ExchangeSimulator, Timestamp) throws -> T) async throws -> T {
        try await core().mutate(body)
    }

    /// The admin state JSON (`GET /admin/state`).
    public func stateJSON() async -> String {
        guard let c = try? core() else { return "{}" }
        return await c.adminState()
    }

    /// Moves the rate-limit clock forward by `seconds` (injected time for tests: windows, the
    /// IP lockout and `retry-after` values follow it without real waiting).
    public func advanceRateLimitClock(seconds: Double) async {
        guard let c = try? core() else { return }
        await c.advanceRateLimitClock(nanos: Int64(seconds * 1_000_000_000))
    }

    /// Current virtual time of the simulator.
    public func virtualNow() async -> Timestamp? {
        guard let c = try? core() else { return nil }
        return await c.virtualNow()
    }
}

/// Waits for the server's bound port (or its start failure).
final class PortWaiter: Sendable {
    private let state = Mutex<(Result<Int, any Error>?, CheckedContinuation<Int, any Error>?)>((nil, nil))

    func resolve(_ r: Result<Int, any Error>) {
        let c: CheckedContinuation<Int, any Error>? = state.withLock { s in
            if s.0 != nil { return nil }
            s.0 = r
            let c = s.1
            s.1 = nil
            return c
        }
        c?.resume(with: r)
    }

    func wait() async throws -> Int {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Int, any Error>) in
            let ready: Result<Int, any Error>? = state.withLock { s in
                if let r = s.0 { return r }
                s.1 = cont
                return nil
            }
            if let ready { cont.resume(with: ready) }
        }
    }
}
