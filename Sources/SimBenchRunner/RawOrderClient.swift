import Foundation
import NIOCore
import NIOPosix
import PhemexWire
import Synchronization

/// Reply counts shared between the order clients' event loops and the runner.
final class ReplyCounts: Sendable {
    let replies = Atomic<Int>(0)
    let accepted = Atomic<Int>(0)
}

/// A bare keep-alive HTTP/1.1 client that sends signed order requests (create, cancel, create,
/// …) one after the other on one connection (a new request as soon as the previous reply is
/// complete) and counts the replies (and the `"code":0` ones). Requests are prepared up front, so the client
/// costs little more than the socket.
enum RawOrderClient {
    /// `count` signed requests for worker `worker`: a create (a bid far below the market, so it
    /// rests) followed by the cancel of that order by `clOrdID`, and so on — the account keeps
    /// at most one open order per worker, as a quoting bot does.
    static func requests(port: Int, worker: Int, count: Int, key: String, secret: String, price: String) -> [ByteBuffer] {
        let signer = PhemexSigner(credentials: APICredentials(apiKey: key, secret: secret))
        let expiry = Int64(Date().timeIntervalSince1970) + 3600
        func request(_ method: String, _ path: String, _ query: String) -> ByteBuffer {
            let sig = signer.restSignature(path: path, query: query, expiry: expiry)
            return ByteBuffer(
                string: "\(method) \(path)?\(query) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
                    + "x-phemex-access-token: \(key)\r\nx-phemex-request-expiry: \(expiry)\r\n"
                    + "x-phemex-request-signature: \(sig)\r\nContent-Length: 0\r\n\r\n")
        }
        return (0..<count).map { i in
            let id = "bench-\(worker)-\(i / 2)"
            if i % 2 == 0 {
                return request(
                    "PUT", "/g-orders/create",
                    "clOrdID=\(id)&symbol=BTCUSDT&side=Buy&posSide=Merged&ordType=Limit&orderQtyRq=0.001&priceRp=\(price)")
            }
            return request("DELETE", "/g-orders/cancel", "clOrdID=\(id)&symbol=BTCUSDT&posSide=Merged")
        }
    }

    static func connect(
        port: Int, requests: [ByteBuffer], counts: ReplyCounts, group: any EventLoopGroup
    ) async throws -> any Channel {
        try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RawOrderHandler(requests: requests, counts: counts))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
    }
}

/// Sends the next request when a whole reply (headers + `content-length` body) has arrived.
final class RawOrderHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let requests: [ByteBuffer]
    private let counts: ReplyCounts
    private var next = 0
    private var pending = ByteBuffer()

    init(requests: [ByteBuffer], counts: ReplyCounts) {
        self.requests = requests
        self.counts = counts
    }

    func channelActive(context: ChannelHandlerContext) {
        sendNext(context: context)
        context.fireChannelActive()
    }

    private func sendNext(context: ChannelHandlerContext) {
        guard next < requests.count else { return }
        context.writeAndFlush(wrapOutboundOut(requests[next]), promise: nil)
        next += 1
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        pending.writeBuffer(&incoming)
        while true {
            let view = pending.readableBytesView
            guard let headEnd = view.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
            let headLength = headEnd.upperBound - pending.readerIndex
            guard let head = pending.getString(at: pending.readerIndex, length: headLength) else { return }
            var length = 0
            for line in head.split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == "content-length" {
                    length = Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            guard pending.readableBytes >= headLength + length else { return }
            let body = pending.getString(at: pending.readerIndex + headLength, length: length) ?? ""
            pending.moveReaderIndex(forwardBy: headLength + length)
            pending.discardReadBytes()
            counts.replies.add(1, ordering: .relaxed)
            if body.hasPrefix("{\"code\":0,") { counts.accepted.add(1, ordering: .relaxed) }
            sendNext(context: context)
        }
    }
}
