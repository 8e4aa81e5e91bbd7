import NIOCore
import NIOWebSocket
import Synchronization

/// One WebSocket connection: its outbound queue, its channel (to drop it without a close
/// frame) and its heartbeat clock. Subscriptions live in `SimulatorCore` so that a snapshot and
/// the deltas after it are ordered by the same actor.
final class WSSession: Sendable {
    let id: Int
    let channel: any Channel
    let outbound: AsyncStream<String>.Continuation
    /// Real-time nanoseconds (monotonic) of the last heartbeat (`server.ping` or ping frame).
    let lastHeartbeat: Atomic<Int64>
    /// Request times within the last second, for the 20 requests/s cap.
    private let recentRequests = Mutex<[Int64]>([])

    init(id: Int, channel: any Channel, outbound: AsyncStream<String>.Continuation, now: Int64) {
        self.id = id
        self.channel = channel
        self.outbound = outbound
        self.lastHeartbeat = Atomic(now)
    }

    func send(_ text: String) { outbound.yield(text) }

    func heartbeat(now: Int64) { lastHeartbeat.store(now, ordering: .relaxed) }

    /// Counts one request; `false` when the per-second cap is exceeded.
    func admitRequest(now: Int64, limit: Int) -> Bool {
        recentRequests.withLock { times in
            times.removeAll { now - $0 >= 1_000_000_000 }
            if times.count >= limit { return false }
            times.append(now)
            return true
        }
    }

    /// Closes the TCP connection without a WebSocket close frame.
    func drop() {
        channel.close(mode: .all, promise: nil)
        outbound.finish()
    }
}

/// Sits after the WebSocket frame decoder and records ping frames as heartbeats (the WS library
/// answers pings itself and does not surface them).
final class PingSpyHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    let session: WSSession

    init(session: WSSession) { self.session = session }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if frame.opcode == .ping { session.heartbeat(now: MonotonicClock.nanos()) }
        context.fireChannelRead(data)
    }
}

/// Real time sources for the I/O layer (pure modules never read clocks).
enum MonotonicClock {
    static func nanos() -> Int64 {
        let d = ContinuousClock.now - base
        return d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }
    private static let base = ContinuousClock.now
}
