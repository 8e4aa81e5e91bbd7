import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import Synchronization

/// A WebSocket client connection built directly on SwiftNIO (HTTP/1.1 upgrade, SwiftNIO's frame
/// codec, TLS for `wss://`), used by the market-data connections: each inbound message is
/// handed to the session inside the channel handler (`WSFrameHandler`) on the connection's
/// event-loop thread — no async sequence, no task resume, no `String` copy per frame.
///
/// It does not offer permessage-deflate (the server then sends plain frames); the private
/// session keeps the swift-websocket client.
final class WSDirectSocket: WSOutbound {
    private enum Upgrade: Sendable {
        case upgraded(any Channel)
        case refused
    }

    /// The connection, once `connect` has succeeded.
    private let channel = Mutex<(any Channel)?>(nil)

    init() {}

    /// Opens the connection on `loop`; `onMessage` then runs on that loop for every message.
    func connect(
        url: String, maxFrameSize: Int, loop: any EventLoop,
        onMessage: @escaping @Sendable (UnsafeRawBufferPointer) -> Void
    ) async throws {
        guard let target = Target(url) else { throw WSDirectSocketError.invalidURL }
        let sslContext = try target.tls ? NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let frameLimit = min(maxFrameSize, Int(UInt32.max))
        let upgrade = try await ClientBootstrap(group: loop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connect(host: target.host, port: target.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Self.configure(
                        channel, target: target, sslContext: sslContext, frameLimit: frameLimit, onMessage: onMessage)
                }
            }
            .get()
        switch upgrade {
        case .upgraded(let c): channel.withLock { $0 = c }
        case .refused: throw WSDirectSocketError.upgradeRefused
        }
    }

    private static func configure(
        _ channel: any Channel, target: Target, sslContext: NIOSSLContext?, frameLimit: Int,
        onMessage: @escaping @Sendable (UnsafeRawBufferPointer) -> Void
    ) throws -> EventLoopFuture<Upgrade> {
        let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(maxFrameSize: frameLimit) { channel, _ in
            channel.eventLoop.makeCompletedFuture {
                let handler = WSFrameHandler(maxMessageSize: frameLimit, onMessage: onMessage)
                try channel.pipeline.syncOperations.addHandler(handler)
                return .upgraded(channel)
            }
        }
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: target.hostHeader)
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target.path, headers: headers)
        var configuration = NIOUpgradableHTTPClientPipelineConfiguration(
            upgradeConfiguration: NIOTypedHTTPClientUpgradeConfiguration(
                upgradeRequestHead: head, upgraders: [upgrader],
                notUpgradingCompletionHandler: { $0.eventLoop.makeSucceededFuture(.refused) }))
        configuration.leftOverBytesStrategy = .forwardBytes
        if let sslContext {
            let tls = try NIOSSLClientHandler(context: sslContext, serverHostname: target.sniHostname)
            try channel.pipeline.syncOperations.addHandler(tls, position: .first)
        }
        return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: configuration)
    }

    /// Completes when the connection has closed (either side); fails if it never opened.
    func closed() async throws {
        guard let c = channel.withLock({ $0 }) else { throw WSDirectSocketError.notConnected }
        try await c.closeFuture.get()
    }

    /// Sends one text frame (masked, as every client frame).
    func sendText(_ text: String) async throws {
        guard let c = channel.withLock({ $0 }) else { throw WSDirectSocketError.notConnected }
        let frame = WebSocketFrame(
            fin: true, opcode: .text, maskKey: .random(), data: c.allocator.buffer(string: text))
        try await c.writeAndFlush(frame).get()
    }

    /// Sends a normal-closure close frame and closes the connection (idempotent).
    func close() {
        guard let c = channel.withLock({ $0 }) else { return }
        var data = c.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: .normalClosure)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data)
        c.writeAndFlush(frame).whenComplete { _ in c.close(promise: nil) }
    }

    /// Where to connect, from a `ws://` / `wss://` URL.
    private struct Target: Sendable {
        var tls: Bool
        var host: String
        var port: Int
        var path: String
        var hostHeader: String

        init?(_ url: String) {
            guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(),
                scheme == "ws" || scheme == "wss", let name = c.host, !name.isEmpty
            else { return nil }
            tls = scheme == "wss"
            // An IPv6 literal may come back in its URL brackets; the resolver wants it bare.
            let host = name.hasPrefix("[") && name.hasSuffix("]") ? String(name.dropFirst().dropLast()) : name
            self.host = host
            port = c.port ?? (tls ? 443 : 80)
            let p = c.percentEncodedPath.isEmpty ? "/" : c.percentEncodedPath
            path = p + (c.percentEncodedQuery.map { "?" + $0 } ?? "")
            let hostText = host.contains(":") ? "[\(host)]" : host
            hostHeader = c.port.map { "\(hostText):\($0)" } ?? hostText
        }

        /// SNI takes a name, never an address literal.
        var sniHostname: String? {
            host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
        }
    }
}

/// Why a `WSDirectSocket` could not be used.
enum WSDirectSocketError: Error, CustomStringConvertible {
    case invalidURL
    case upgradeRefused
    case notConnected

    var description: String {
        switch self {
        case .invalidURL: "invalid WebSocket URL"
        case .upgradeRefused: "server refused the WebSocket upgrade"
        case .notConnected: "WebSocket not connected"
        }
    }
}
