import NIOCore
import NIOWebSocket
import Synchronization

/// One WebSocket connection: its channel (frames are written to it directly, batched per
/// event-loop turn, and it can be dropped without a close frame) and its heartbeat clock.
/// Subscriptions live in `SimulatorCore` so that a snapshot and the deltas after it are ordered
/// by the same actor.
final class WSSession: Sendable {
    private struct Outbox {
        var frames: [ByteBuffer] = []
        var scheduled = false
        var closed = false
        /// Bytes handed to the channel while it was not writable (reset once it drains).
        var backlog = 0
    }

    let id: Int
    let channel: any Channel
    /// Real-time nanoseconds (monotonic) of the last heartbeat (`server.ping` or ping frame).
    let lastHeartbeat: Atomic<Int64>
    /// Request times within the last second, for the 20 requests/s cap.
    private let recentRequests = Mutex<[Int64]>([])
    /// Frames waiting for the next event-loop turn (one write batch, one flush).
    private let outbox = Mutex(Outbox())
    /// A client that stops reading is dropped once this many bytes wait for its socket.
    let maxBacklogBytes: Int

    init(id: Int, channel: any Channel, now: Int64, maxBacklogBytes: Int = 64 << 20) {
        self.id = id
        self.channel = channel
        self.lastHeartbeat = Atomic(now)
        self.maxBacklogBytes = maxBacklogBytes
    }

    func send(_ text: String) { send(ByteBuffer(string: text)) }

    /// Queues one text message. The buffer is shared, not copied, when several sessions get the
    /// same frame. Frames queued before the event loop runs are written together and flushed
    /// once, in order.
    func send(_ frame: ByteBuffer) {
        let schedule = outbox.withLock { o -> Bool in
            guard !o.closed else { return false }
            o.frames.append(frame)
            if o.scheduled { return false }
            o.scheduled = true
            return true
        }
        guard schedule else { return }
        channel.eventLoop.execute { self.writePending() }
    }

    private func writePending() {
        var frames: [ByteBuffer] = []
        outbox.withLock { o in
            swap(&frames, &o.frames)
            o.scheduled = false
        }
        guard channel.isActive else { return }
        // A slow consumer: NIO keeps what the socket does not take; past the cap the
        // connection is dropped (as a venue drops a client that does not read) instead of
        // buffering without bound.
        let writable = channel.isWritable
        var bytes = 0
        if !writable { for f in frames { bytes += f.readableBytes } }
        let overflow = outbox.withLock { o -> Bool in
            o.backlog = writable ? 0 : o.backlog + bytes
            return o.backlog > maxBacklogBytes
        }
        if overflow {
            drop()
            return
        }
        for f in frames {
            channel.write(WebSocketFrame(fin: true, opcode: .text, data: f), promise: nil)
        }
        channel.flush()
    }

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
        outbox.withLock { o in
            o.closed = true
            o.frames.removeAll()
        }
        channel.close(mode: .all, promise: nil)
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
