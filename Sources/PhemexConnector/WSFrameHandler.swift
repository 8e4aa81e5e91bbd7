import NIOCore
import NIOWebSocket

/// The inbound end of a `WSDirectSocket` pipeline (after SwiftNIO's WebSocket frame decoder):
/// joins fragmented messages, answers pings, echoes a close and ends the connection, and hands
/// every complete text/binary message to `onMessage` right here, on the connection's event-loop
/// thread, as a view of the frame's own bytes (no copy, no task or thread hop).
///
/// Protocol violations (reserved bits without a negotiated extension, a continuation without a
/// start, a new message inside a fragmented one, an unknown opcode, an oversized message) send
/// a close with the matching code and close the connection, as swift-websocket does.
final class WSFrameHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let maxMessageSize: Int
    private let onMessage: @Sendable (UnsafeRawBufferPointer) -> Void
    /// The fragments so far of a message whose last frame has not arrived.
    private var partial: ByteBuffer?
    private var closeSent = false

    init(maxMessageSize: Int, onMessage: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) {
        self.maxMessageSize = maxMessageSize
        self.onMessage = onMessage
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard frame.reservedBits.isEmpty else { return fail(context, .protocolError) }
        switch frame.opcode {
        case .text, .binary:
            guard partial == nil else { return fail(context, .protocolError) }
            guard frame.fin else {
                partial = frame.unmaskedData
                return
            }
            frame.unmaskedData.withUnsafeReadableBytes { onMessage($0) }
        case .continuation:
            guard var message = partial else { return fail(context, .protocolError) }
            partial = nil  // keep `message` uniquely referenced while appending
            var more = frame.unmaskedData
            guard message.readableBytes + more.readableBytes <= maxMessageSize else {
                return fail(context, .messageTooLarge)
            }
            message.writeBuffer(&more)
            if frame.fin {
                message.withUnsafeReadableBytes { onMessage($0) }
            } else {
                partial = message
            }
        case .ping:
            guard frame.fin else { return fail(context, .protocolError) }
            write(context, .pong, data: frame.unmaskedData)
        case .pong:
            break
        case .connectionClose:
            // RFC 6455 §5.5.1: answer with a close carrying the same status code, then end.
            var data = frame.unmaskedData
            let code = data.readWebSocketErrorCode() ?? .normalClosure
            sendClose(context, code: code)
            context.close(promise: nil)
        default:
            fail(context, .protocolError)
        }
    }

    private func fail(_ context: ChannelHandlerContext, _ code: WebSocketErrorCode) {
        partial = nil
        sendClose(context, code: code)
        context.close(promise: nil)
    }

    private func sendClose(_ context: ChannelHandlerContext, code: WebSocketErrorCode) {
        guard !closeSent else { return }
        closeSent = true
        var data = context.channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: code)
        write(context, .connectionClose, data: data)
    }

    /// Client frames are always masked (RFC 6455 §5.3); the frame encoder applies the mask.
    private func write(_ context: ChannelHandlerContext, _ opcode: WebSocketOpcode, data: ByteBuffer) {
        let frame = WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: data)
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }
}
