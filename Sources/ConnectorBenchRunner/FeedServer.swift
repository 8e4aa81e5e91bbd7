import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import PhemexConnector
import PhemexWire
import Synchronization

/// What the next connection's feed does (set by the benchmark before each connector starts).
final class FeedPlan: Sendable {
    private let seconds = Atomic<Int>(0)
    /// Stamp → frame handed to the socket (`writeAndFlush` returned): the sender's own share.
    let senderLatency = LatencyRecorder()
    /// Incremental frames per second of feed for `BTCUSDT` after its snapshot (0: none).
    var feedSeconds: Int {
        get { seconds.load(ordering: .relaxed) }
        set { seconds.store(newValue, ordering: .relaxed) }
    }
}

/// A minimal Phemex-shaped WebSocket server written directly on SwiftNIO: every frame is built,
/// stamped and written+flushed from the connection's event loop by a loop timer, so the stamp is
/// taken immediately before the bytes go to the socket (no task or actor hop on the sender).
enum FeedServer {
    /// Binds 127.0.0.1 on an ephemeral port; returns the port.
    static func start(group: any EventLoopGroup, plan: FeedPlan) async throws -> Int {
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: 1 << 22,
            shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FeedHandler(plan: plan))
                }
            })
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withServerUpgrade: (
                            upgraders: [upgrader],
                            completionHandler: { context in
                                context.pipeline.removeHandler(name: "notFound", promise: nil)
                            }
                        ))
                    try channel.pipeline.syncOperations.addHandler(NotFoundHandler(), name: "notFound")
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return channel.localAddress?.port ?? 0
    }
}

/// Answers subscribe/ping requests, sends a 30-level snapshot per `orderbook_p` subscription and,
/// for `BTCUSDT`, incrementals at 1,000 frames/s on a loop timer.
final class FeedHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let plan: FeedPlan
    private var seq: Int64 = 1_000_000
    private var step = 0
    private var remaining = 0
    private var timer: Scheduled<Void>?

    init(plan: FeedPlan) { self.plan = plan }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            var data = frame.unmaskedData
            guard let text = data.readString(length: data.readableBytes) else { return }
            request(text, context: context)
        case .ping:
            send(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData), context: context)
        case .connectionClose:
            timer?.cancel()
            context.close(promise: nil)
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        context.fireChannelInactive()
    }

    private func request(_ text: String, context: ChannelHandlerContext) {
        guard case .object(let o)? = try? JSONValue.parse(text) else { return }
        let id = o["id"].flatMap { if case .number(let n) = $0 { return n } else { return nil } } ?? "0"
        if case .string("server.ping")? = o["method"] {
            sendText("{\"error\":null,\"id\":\(id),\"result\":\"pong\"}", context: context)
            return
        }
        sendText("{\"error\":null,\"id\":\(id),\"result\":{\"status\":\"success\"}}", context: context)
        guard case .string("orderbook_p.subscribe")? = o["method"], case .array(let p)? = o["params"],
            case .string(let symbol)? = p.first
        else { return }
        sendText(snapshotFrame(symbol: symbol, seq: seq), context: context)
        if symbol == "BTCUSDT" && plan.feedSeconds > 0 {
            remaining = plan.feedSeconds * 1000
            schedule(at: .now() + .milliseconds(1), context: context)
        }
    }

    /// Next frame at `deadline`, then every millisecond from there (no drift).
    private func schedule(at deadline: NIODeadline, context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            let (handler, context) = bound.value
            handler.tick(deadline: deadline, context: context)
        }
    }

    private func tick(deadline: NIODeadline, context: ChannelHandlerContext) {
        guard remaining > 0 else { return }
        remaining -= 1
        step += 1
        seq += 1 + Int64(step % 5)
        let ts = realtimeNanos()
        sendText(incrementalFrame(seq: seq, step: step, ts: ts), context: context)
        plan.senderLatency.record(realtimeNanos() - ts)
        schedule(at: deadline + .milliseconds(1), context: context)
    }

    private func sendText(_ text: String, context: ChannelHandlerContext) {
        let buffer = context.channel.allocator.buffer(string: text)
        send(WebSocketFrame(fin: true, opcode: .text, data: buffer), context: context)
    }

    private func send(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }
}

/// Plain HTTP requests (the connector's `/public/products` at start) get an empty 404 at once.
final class NotFoundHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        var headers = HTTPHeaders()
        headers.add(name: "content-length", value: "0")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .notFound, headers: headers))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
