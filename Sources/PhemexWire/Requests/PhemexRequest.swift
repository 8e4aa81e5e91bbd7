/// HTTP method of a Phemex REST call.
public enum HTTPMethodName: String, Sendable, Hashable, Codable {
    case get = "GET"
    case put = "PUT"
    case post = "POST"
    case delete = "DELETE"
}

/// Phemex REST rate-limit groups (PROTOCOL §7).
public enum RateLimitGroup: String, Sendable, Hashable, Codable, CaseIterable {
    /// Contract trading group (500/min per user; VIP 5000/min + per symbol).
    case contract = "Contract"
    /// Everything else (100/min documented, 300 observed: read the header).
    case others = "Others"

    /// The header suffix Phemex uses for this group (`CONTRACT`; empty for Others).
    public var headerSuffix: String { self == .contract ? "CONTRACT" : "" }
}

/// A fully built REST request: what to send, byte for byte, and what it costs.
///
/// `query` is the exact query string (without `?`) and `body` the exact body bytes: sign and
/// send exactly these (`PhemexSigner.sign(_:expiry:)`).
public struct PhemexRequest: Sendable, Hashable {
    public var method: HTTPMethodName
    /// Path starting with `/`, without host and query.
    public var path: String
    /// Query string as sent, without `?` (empty when none).
    public var query: String
    /// Body bytes as sent (empty when none; compact JSON for POST).
    public var body: [UInt8]
    /// Whether the call needs the signature headers.
    public var requiresAuth: Bool
    /// Rate-limit group charged.
    public var rateLimitGroup: RateLimitGroup
    /// Weight charged in that group.
    public var weight: Int
    /// `true` for order writes whose 5xx/timeout outcome is UNKNOWN and must not be retried blindly.
    public var isOrderWrite: Bool

    public init(
        method: HTTPMethodName, path: String, query: String = "", body: [UInt8] = [], requiresAuth: Bool = true,
        rateLimitGroup: RateLimitGroup, weight: Int, isOrderWrite: Bool = false
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.requiresAuth = requiresAuth
        self.rateLimitGroup = rateLimitGroup
        self.weight = weight
        self.isOrderWrite = isOrderWrite
    }

    /// `path?query` (or just `path`), to append to the base URL.
    public var pathAndQuery: String { query.isEmpty ? path : path + "?" + query }

    /// The body as text (compact JSON) — for logging and tests; never contains secrets.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// `Content-Type` to send (only with a body).
    public var contentType: String? { body.isEmpty ? nil : "application/json" }
}
