import Logging
import Synchronization
import NIOCore
import WSClient
import WSCompression

/// What one kind of WebSocket session does on top of the connection loop: the market-data
/// sessions and the private session implement it.
protocol WSSessionLogic: Sendable {
    /// Runs once per connection: authenticate/subscribe (paced through `link`). Throwing ends
    /// the connection and schedules a reconnect.
    func handshake(_ link: WSLink) async throws
    /// Called for every inbound text message (the hot path; must not block).
    func receive(_ bytes: UnsafeRawBufferPointer, link: WSLink)
    /// The connection ended (any reason) — mark state stale.
    func disconnected(reason: String)
    /// Called by the watchdog; return a reason to force a reconnect.
    func check(link: WSLink) -> String?
    /// The JSON text of an application ping with `id`.
    func pingFrame(id: Int64) -> String
}

/// Why a connection was torn down by our side.
struct WSSessionEnded: Error, CustomStringConvertible {
    var description: String
}

/// Connect → handshake → read/ping/watchdog → on any end: back off with jitter and reconnect,
/// until the task is cancelled.
struct WSConnectionRunner: Sendable {
    let name: String
    let url: String
    let configuration: PhemexConnectorConfiguration
    let logic: any WSSessionLogic
    let logger: Logger
    /// Jitter seed (different per connection).
    let seed: UInt64
    /// Observer of connection counts (tests and metrics).
    let stats: ConnectorStats
    /// Use `WSDirectSocket` (messages handled inside the channel handler) instead of
    /// swift-websocket's client.
    var direct = false

    func run() async {
        var backoff = ReconnectBackoff(
            initial: configuration.backoffInitial, maximum: configuration.backoffMaximum, seed: seed)
        let clock = ContinuousClock()
        while !Task.isCancelled {
            let start = clock.now
            let handshaken = HandshakeFlag()
            var reason = "closed"
            do {
                stats.connectionAttempt()
                if direct {
                    try await serveDirect(handshaken: handshaken)
                    throw WSSessionEnded(description: "closed by server")
                }
                let wsConfig = WebSocketClientConfiguration(
                    maxFrameSize: configuration.maxFrameSize,
                    extensions: [.perMessageDeflate(maxDecompressedFrameSize: configuration.maxFrameSize)],
                    closeTimeout: configuration.closeTimeout,
                    autoPing: .disabled,
                    validateUTF8: false)
                // The connection and its reader share one event loop (see EventLoopTaskExecutor).
                let reader = EventLoopTaskExecutor.onSharedLoop()
                try await WebSocketClient.connect(
                    url: url, configuration: wsConfig, eventLoopGroup: reader.loop, logger: logger
                ) { inbound, outbound, _ in
                    try await self.serve(inbound: inbound, outbound: outbound, reader: reader, handshaken: handshaken)
                }
            } catch let e as WSSessionEnded {
                reason = e.description
            } catch is CancellationError {
                reason = "stopped"
            } catch let e as WSDirectSocketError {
                reason = "connection error: \(e.description)"
            } catch {
                reason = "connection error: \(Self.describe(error))"
            }
            logic.disconnected(reason: reason)
            if Task.isCancelled { break }
            stats.reconnect()
            logger.notice("\(name) disconnected: \(reason)")
            if handshaken.value, clock.now - start >= configuration.stableAfter { backoff.reset() }
            let delay = backoff.nextDelay()
            do { try await Task.sleep(for: delay) } catch { break }
        }
    }

    private func serve(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, reader: EventLoopTaskExecutor,
        handshaken: HandshakeFlag
    ) async throws {
        let link = WSLink(outbound: outbound, requestsPerSecond: configuration.limits.maxRequestsPerSecond)
        defer { link.replies.closeAll() }
        let logic = self.logic
        let configuration = self.configuration
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The hot path: decode and apply each frame right here, on the connection's loop.
            group.addTask(executorPreference: configuration.readOnEventLoop ? reader : nil) {
                for try await message in inbound.messages(maxSize: configuration.maxFrameSize) {
                    link.touch()
                    switch message {
                    case .text(var s):
                        s.withUTF8 { logic.receive(UnsafeRawBufferPointer($0), link: link) }
                    case .binary(let b):
                        b.withUnsafeReadableBytes { logic.receive($0, link: link) }
                    }
                }
                throw WSSessionEnded(description: "closed by server")
            }
            try await runSession(group: &group, link: link, handshaken: handshaken)
        }
    }

    /// The same connection on `WSDirectSocket`: the channel handler calls `logic.receive` for
    /// each message on the connection's event loop; returns when the connection has closed.
    private func serveDirect(handshaken: HandshakeFlag) async throws {
        let socket = WSDirectSocket()
        let link = WSLink(outbound: socket, requestsPerSecond: configuration.limits.maxRequestsPerSecond)
        defer { link.replies.closeAll() }
        let logic = self.logic
        try await socket.connect(
            url: url, maxFrameSize: configuration.maxFrameSize, loop: EventLoopTaskExecutor.onSharedLoop().loop
        ) { bytes in
            link.touch()
            logic.receive(bytes, link: link)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Whatever ends the session, close the socket so the task awaiting it finishes.
            defer { socket.close() }
            group.addTask {
                try await socket.closed()
                throw WSSessionEnded(description: "closed by server")
            }
            try await runSession(group: &group, link: link, handshaken: handshaken)
        }
    }

    /// Adds the handshake/heartbeat and watchdog tasks to `group` and waits for the first of
    /// its tasks to end (by error: the reason the session ends).
    private func runSession(
        group: inout ThrowingTaskGroup<Void, any Error>, link: WSLink, handshaken: HandshakeFlag
    ) async throws {
        let logic = self.logic
        let configuration = self.configuration
        group.addTask {
            try await logic.handshake(link)
            handshaken.set()
            while true {
                try await Task.sleep(for: configuration.pingInterval)
                let id = link.makeID()
                try await link.send(logic.pingFrame(id: id))
            }
        }
        group.addTask {
            let idleLimit = ReconnectBackoff.nanos(configuration.idleTimeout)
            while true {
                try await Task.sleep(for: configuration.watchdogInterval)
                if link.idleNanos > idleLimit {
                    throw WSSessionEnded(description: "nothing received for \(configuration.idleTimeout)")
                }
                if let why = logic.check(link: link) { throw WSSessionEnded(description: why) }
            }
        }
        defer { group.cancelAll() }
        _ = try await group.next()
    }

    /// Error text that cannot carry secrets (transport errors only mention hosts and codes).
    static func describe(_ error: any Error) -> String {
        if let e = error as? PhemexConnectorError { return e.description }
        return String(describing: type(of: error)) + ": " + String(String(describing: error).prefix(200))
    }
}

/// A set-once flag shared with the handshake task.
final class HandshakeFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .relaxed) }
    var value: Bool { flag.load(ordering: .relaxed) }
}
