import PhemexWire
import Synchronization
import WSClient

/// Where a `WSLink` writes text frames: swift-websocket's writer or a `WSDirectSocket`.
protocol WSOutbound: Sendable {
    func sendText(_ text: String) async throws
}

extension WebSocketOutboundWriter: WSOutbound {
    func sendText(_ text: String) async throws { try await write(.text(text)) }
}

/// The sending side of one live WebSocket connection: paced writes (the per-connection
/// request budget), request ids, reply matching and the time of the last inbound message.
final class WSLink: Sendable {
    private let outbound: any WSOutbound
    let replies = WSReplyWaiter()
    private let pacer: Mutex<RequestPacer>
    private let nextID = Mutex<Int64>(1)
    private let lastInboundNanos: Atomic<Int64>
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    /// Serialises writes so the pacer sees them in order.
    private let writeLock = AsyncSerial()

    init(outbound: any WSOutbound, requestsPerSecond: Int) {
        self.outbound = outbound
        self.pacer = Mutex(RequestPacer(limitPerSecond: requestsPerSecond))
        self.origin = clock.now
        self.lastInboundNanos = Atomic(0)
    }

    /// Nanoseconds since this link was created.
    var elapsedNanos: Int64 { ReconnectBackoff.nanos(clock.now - origin) }

    /// Records that something arrived.
    func touch() { lastInboundNanos.store(elapsedNanos, ordering: .relaxed) }

    /// Nanoseconds since the last inbound message (or since the link opened).
    var idleNanos: Int64 { elapsedNanos - lastInboundNanos.load(ordering: .relaxed) }

    /// A fresh request id.
    func makeID() -> Int64 {
        nextID.withLock { v in
            defer { v += 1 }
            return v
        }
    }

    /// Sends one text frame, waiting as needed to stay within the requests-per-second budget.
    func send(_ text: String) async throws {
        try await writeLock.run {
            while true {
                let now = self.elapsedNanos
                let wait = self.pacer.withLock { $0.delay(now: now) }
                if wait <= 0 { break }
                try await Task.sleep(for: .nanoseconds(wait))
            }
            self.pacer.withLock { $0.record(now: self.elapsedNanos) }
            try await self.outbound.sendText(text)
        }
    }

    /// Sends a request built for `id` and waits for its reply.
    func request(id: Int64, _ text: String, timeout: Duration) async throws -> WSReply {
        try await send(text)
        return try await replies.wait(for: id, timeout: timeout)
    }
}

/// A tiny async mutual-exclusion helper: runs closures one at a time, in arrival order.
final class AsyncSerial: Sendable {
    private struct State {
        var busy = false
        var queue: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if !s.busy {
                    s.busy = true
                    return true
                }
                s.queue.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    private func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.queue.isEmpty {
                s.busy = false
                return nil
            }
            return s.queue.removeFirst()
        }
        next?.resume()
    }
}
