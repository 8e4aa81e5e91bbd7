import AsyncHTTPClient
import Logging
import MarketCore
import NIOCore
import PhemexWire
import Synchronization

/// One HTTP exchange as the connector sees it.
struct RESTResponse: Sendable {
    var status: Int
    /// Header names lowercased, in arrival order.
    var headers: [(name: String, value: String)]
    var body: [UInt8]
}

/// How an HTTP exchange failed before a status line arrived.
enum RESTFailure: Error, Sendable {
    /// No reply within the deadline: the request may have been executed.
    case timeout
    /// The connection failed; `mayHaveSent` tells whether the request could have reached the server.
    case connection(String)
}

/// Signed REST calls over one pooled, keep-alive `HTTPClient` owned by the connector.
///
/// Signing follows PROTOCOL.md §4.1: `HMAC(secret, path + query as sent + expiry + body as
/// sent)`, expiry = server-corrected now + `restExpiry`. The server-time offset comes from
/// `/public/time`.
final class RESTTransport: Sendable {
    let baseURL: String
    private let client: HTTPClient
    private let signer: PhemexSigner?
    private let expiry: Duration
    private let timeout: Duration
    private let maxBody: Int
    private let logger: Logger
    /// Server clock minus local clock, in nanoseconds.
    private let offsetNanos = Atomic<Int64>(0)
    private let closed = Atomic<Bool>(false)

    init(configuration: PhemexConnectorConfiguration, logger: Logger) {
        self.baseURL = configuration.network.restURL
        var cfg = HTTPClient.Configuration()
        cfg.timeout = .init(connect: .seconds(5), read: Self.timeAmount(configuration.restTimeout))
        cfg.connectionPool.idleTimeout = .seconds(60)
        cfg.decompression = .enabled(limit: .ratio(50))
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: cfg)
        self.signer = configuration.credentials.map { PhemexSigner(credentials: $0) }
        self.expiry = configuration.restExpiry
        self.timeout = configuration.restTimeout
        self.maxBody = configuration.maxResponseBytes
        self.logger = logger
    }

    /// `true` when credentials are configured.
    var canSign: Bool { signer != nil }

    /// The server-corrected current time.
    func serverNow() -> Timestamp { Timestamp(nanos: WallClock.now().nanos &+ offsetNanos.load(ordering: .relaxed)) }

    /// Sets the server-time offset from a `/public/time` reading taken between `sent` and `received`.
    func setServerTime(_ serverMillis: Int64, sent: Timestamp, received: Timestamp) {
        let localMid = sent.nanos / 2 + received.nanos / 2
        offsetNanos.store(serverMillis &* 1_000_000 &- localMid, ordering: .relaxed)
    }

    /// Current offset (server − local) in nanoseconds.
    var serverOffsetNanos: Int64 { offsetNanos.load(ordering: .relaxed) }

    /// The expiry (Unix seconds) a request signed now would carry.
    func expirySeconds() -> Int64 { (serverNow().nanos &+ ReconnectBackoff.nanos(expiry)) / 1_000_000_000 }

    /// The expiry and signature `request` would carry if sent now (nil without credentials).
    func signature(of request: RESTCall) -> (expiry: Int64, signature: String)? {
        guard let signer else { return nil }
        let expiry = expirySeconds()
        return (expiry, signer.restSignature(path: request.path, query: request.query, expiry: expiry, body: request.body))
    }

    /// Sends `request`, signed when `signed` is true. Never retries.
    func send(_ request: RESTCall, signed: Bool) async throws(RESTFailure) -> RESTResponse {
        let pathAndQuery = request.query.isEmpty ? request.path : request.path + "?" + request.query
        var req = HTTPClientRequest(url: baseURL + pathAndQuery)
        switch request.method {
        case .get: req.method = .GET
        case .put: req.method = .PUT
        case .post: req.method = .POST
        case .delete: req.method = .DELETE
        }
        req.headers.add(name: "Accept", value: "application/json")
        if !request.body.isEmpty {
            req.headers.add(name: "Content-Type", value: "application/json")
            req.body = .bytes(request.body)
        }
        if signed {
            guard let signer, let auth = signature(of: request) else { throw .connection("no API credentials configured") }
            req.headers.add(name: "x-phemex-access-token", value: signer.apiKey)
            req.headers.add(name: "x-phemex-request-expiry", value: String(auth.expiry))
            req.headers.add(name: "x-phemex-request-signature", value: auth.signature)
        }
        do {
            let resp = try await client.execute(req, timeout: Self.timeAmount(timeout))
            let body = try await resp.body.collect(upTo: maxBody)
            let headers = resp.headers.map { (name: $0.name.lowercased(), value: $0.value) }
            return RESTResponse(status: Int(resp.status.code), headers: headers, body: Array(buffer: body))
        } catch let e as HTTPClientError where e == .deadlineExceeded || e == .readTimeout || e == .connectTimeout {
            throw .timeout
        } catch {
            throw .connection(WSConnectionRunner.describe(error))
        }
    }

    /// Shuts the pooled client down (idempotent).
    func shutdown() async {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        try? await client.shutdown()
    }

    static func timeAmount(_ d: Duration) -> TimeAmount { .nanoseconds(ReconnectBackoff.nanos(d)) }
}
