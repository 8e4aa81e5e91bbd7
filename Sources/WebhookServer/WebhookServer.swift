import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import MarketCore
import NIOCore
import ServiceLifecycle
import Strategies

/// The webhook HTTP server (`POST /webhook`, JSON, body at most 64 KiB) as a `Service`: put it
/// in the daemon's `ServiceGroup`, or run `run()` in a task (tests) and cancel the task to stop.
///
/// The request logic lives in `WebhookEndpoint`; orders go to a `WebhookSink` (the daemon feeds
/// them to the engine), prices and equity come from a `WebhookMarketView`. Nothing it logs
/// contains the token, the query string or the body.
public final class WebhookServer: Service, Sendable {
    public let settings: WebhookServerSettings
    public let endpoint: WebhookEndpoint
    let logger: Logger
    let port = BoundPort()

    /// - Parameters:
    ///   - settings: where to listen and the expected token (`WebhookServerSettings(config:environment:)`).
    ///   - strategy: the `webhook_signals` strategy built from the same file.
    ///   - sink: where accepted orders go.
    ///   - market: instrument, reference price and equity per symbol.
    ///   - clock: wall clock for the duplicate window (default: system time).
    public init(
        settings: WebhookServerSettings, strategy: WebhookSignalsStrategy, sink: any WebhookSink,
        market: @escaping WebhookMarketView, clock: @escaping @Sendable () -> Timestamp = WebhookServer.systemClock,
        logger: Logger = Logger(label: "mmbot.webhook")
    ) {
        self.settings = settings
        self.logger = logger
        endpoint = WebhookEndpoint(
            strategy: strategy, token: settings.token, sink: sink, market: market, clock: clock, logger: logger)
    }

    /// Current wall-clock time.
    public static let systemClock: @Sendable () -> Timestamp = {
        Timestamp(nanos: Int64((Date().timeIntervalSince1970 * 1_000_000_000).rounded()))
    }

    /// The port actually bound (useful with port 0); waits until the server listens, throws if
    /// it stopped before.
    public func boundPort() async throws -> Int { try await port.value() }

    /// Runs the server until the task is cancelled or the service group shuts down gracefully.
    public func run() async throws {
        let router = Router(context: BasicRequestContext.self)
        let endpoint = self.endpoint
        let logger = self.logger
        router.post("/webhook") { request, _ -> Response in
            await Self.respond(to: request, endpoint: endpoint, logger: logger)
        }
        for method in [HTTPRequest.Method.get, .put, .delete, .patch, .head, .options] {
            router.on("/webhook", method: method) { _, _ -> Response in
                Self.response(
                    WebhookResponse(
                        httpStatus: 405, reply: WebhookReply(status: "invalid", field: "method", reason: "use POST")))
            }
        }
        let port = self.port
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        // Hummingbird's own lines (one per request at debug/info) stay out of the bot's log.
        var appLogger = logger
        appLogger.logLevel = max(logger.logLevel, .notice)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in
                if let p = channel.localAddress?.port {
                    logger.info("webhook listening on http://\(host):\(p)/webhook", metadata: ["component": "webhook"])
                    port.resolve(.success(p))
                } else {
                    port.resolve(.failure(WebhookServerRunError("no local address")))
                }
            },
            logger: appLogger)
        do {
            try await app.run()
            port.resolve(.failure(WebhookServerRunError("stopped")))
        } catch {
            let failure = WebhookServerRunError("cannot serve on \(host):\(settings.port): \(error)")
            port.resolve(.failure(failure))
            logger.error("\(failure)")
            throw failure
        }
    }

    /// Reads at most 64 KiB of body (413 beyond), takes `?token=` and asks the endpoint.
    static func respond(to request: Request, endpoint: WebhookEndpoint, logger: Logger) async -> Response {
        let limit = WebhookSignal.maxBodyBytes
        let tooLarge = WebhookResponse.rejected(
            WebhookRejection(status: 413, field: "body", reason: "larger than \(limit) bytes"))
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            logger.notice("webhook request refused 413: body of \(length) bytes")
            return response(tooLarge, close: true)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            logger.notice("webhook request refused 413: body over \(limit) bytes")
            return response(tooLarge, close: true)
        } catch {
            return response(.rejected(WebhookRejection(field: "body", reason: "could not read the body")), close: true)
        }
        let token = request.uri.queryParameters.get("token")
        let answer = await endpoint.handle(body: Array(buffer.readableBytesView), queryToken: token)
        return response(answer)
    }

    static func response(_ r: WebhookResponse, close: Bool = false) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if close { headers[.connection] = "close" }
        return Response(
            status: HTTPResponse.Status(code: r.httpStatus), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: r.body)))
    }
}
