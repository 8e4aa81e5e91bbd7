import NIOCore
import NIOPosix
import Synchronization

/// Frame counts shared between the raw client's event loop and the runner.
final class FrameCounts: Sendable {
    let frames = Atomic<Int>(0)
    let books = Atomic<Int>(0)
    let bytes = Atomic<Int>(0)
}

/// The cheapest possible WebSocket client: a plain TCP connection that sends the HTTP upgrade
/// by hand, subscribes, then only walks frame headers and counts text frames (book frames by
/// their first key). It decodes no JSON, so the figure it gives is the server's, not a client's.
enum RawFrameClient {
    static func connect(
        port: Int, subscriptions: [String], counts: FrameCounts, group: any EventLoopGroup
    ) async throws -> any Channel {
        try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        RawFrameHandler(port: port, subscriptions: subscriptions, counts: counts))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
    }
}

/// Upgrade, subscribe, count (see `RawFrameClient`).
final class RawFrameHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let port: Int
    private let subscriptions: [String]
    private let counts: FrameCounts
    private var upgraded = false
    private var pending = ByteBuffer()

    init(port: Int, subscriptions: [String], counts: FrameCounts) {
        self.port = port
        self.subscriptions = subscriptions
        self.counts = counts
    }

    func channelActive(context: ChannelHandlerContext) {
        let request =
            "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: c2ltYmVuY2gtcmF3LWtleQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: request)), promise: nil)
        context.fireChannelActive()
    }

    /// A masked client text frame (mask key 0: the payload bytes stay as they are).
    private func clientFrame(_ text: String) -> ByteBuffer {
        let payload = Array(text.utf8)
        var b = ByteBuffer()
        b.writeInteger(UInt8(0x81))
        if payload.count < 126 {
            b.writeInteger(UInt8(0x80 | payload.count))
        } else {
            b.writeInteger(UInt8(0x80 | 126))
            b.writeInteger(UInt16(payload.count))
        }
        b.writeInteger(UInt32(0))
        b.writeBytes(payload)
        return b
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        pending.writeBuffer(&incoming)
        if !upgraded {
            let view = pending.readableBytesView
            guard let end = view.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
            pending.moveReaderIndex(to: end.upperBound)
            upgraded = true
            for s in subscriptions { context.write(wrapOutboundOut(clientFrame(s)), promise: nil) }
            context.flush()
        }
        var frames = 0, books = 0, bytes = 0
        while pending.readableBytes >= 2 {
            let start = pending.readerIndex
            guard let b0: UInt8 = pending.getInteger(at: start), let b1: UInt8 = pending.getInteger(at: start + 1)
            else { break }
            var header = 2
            var length = Int(b1 & 0x7F)
            if length == 126 {
                guard let l: UInt16 = pending.getInteger(at: start + 2) else { break }
                header = 4
                length = Int(l)
            } else if length == 127 {
                guard let l: UInt64 = pending.getInteger(at: start + 2) else { break }
                header = 10
                length = Int(l)
            }
            guard pending.readableBytes >= header + length else { break }
            if b0 & 0x0F == 0x1 {
                frames += 1
                bytes += length
                if let head = pending.getString(at: start + header, length: min(8, length)),
                    head.hasPrefix("{\"depth\"") || head.hasPrefix("{\"book\"")
                {
                    books += 1
                }
            }
            pending.moveReaderIndex(forwardBy: header + length)
        }
        pending.discardReadBytes()
        if frames > 0 {
            counts.frames.add(frames, ordering: .relaxed)
            counts.books.add(books, ordering: .relaxed)
            counts.bytes.add(bytes, ordering: .relaxed)
        }
    }
}
