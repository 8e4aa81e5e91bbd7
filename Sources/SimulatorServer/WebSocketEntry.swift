import HTTPTypes
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

/// The WebSocket side: upgrade `/ws`, register a session (which writes its frames to the
/// channel itself), read requests, and drop it (no close frame) when its heartbeat is older than
/// the timeout.
enum WebSocketEntry {
    static func shouldUpgrade(
        request: HTTPRequest, channel: any Channel, core: SimulatorCore
    ) async throws -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let path = request.path ?? "/"
        guard path == "/ws" || path == "/" else { return .dontUpgrade }
        guard await core.connectionCount() < core.config.maxConnections else { return .dontUpgrade }
        return .upgrade([:]) { inbound, _, _ in
            let session = await core.register { id in
                WSSession(
                    id: id, channel: channel, now: MonotonicClock.nanos(),
                    maxBacklogBytes: core.config.maxOutboundBacklogBytes)
            }
            guard let session else {
                channel.close(mode: .all, promise: nil)
                return
            }
            try? await channel.eventLoop.submit {
                let sync = channel.pipeline.syncOperations
                let decoder = try sync.context(handlerType: ByteToMessageHandler<WebSocketFrameDecoder>.self)
                try sync.addHandler(PingSpyHandler(session: session), position: .after(decoder.handler))
            }.get()
            let timeout = Int64(core.config.heartbeatTimeoutSeconds * 1_000_000_000)
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    let step = max(Int64(10_000_000), min(timeout / 4, 1_000_000_000))
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .nanoseconds(step))
                        let idle = MonotonicClock.nanos() - session.lastHeartbeat.load(ordering: .relaxed)
                        if idle > timeout {
                            session.drop()
                            return
                        }
                    }
                }
                group.addTask {
                    do {
                        for try await message in inbound.messages(maxSize: 1 << 22) {
                            switch message {
                            case .text(let t): await core.handleWebSocketText(t, session: session.id)
                            case .binary: await core.handleWebSocketText("", session: session.id)
                            }
                        }
                    } catch {}
                }
                _ = await group.next()
                group.cancelAll()
            }
            await core.unregister(session.id)
        }
    }
}
