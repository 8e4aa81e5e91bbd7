import Strategies

/// Why a webhook server cannot be set up. Descriptions name the environment variable, never
/// its value.
public enum WebhookServerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `listen` is not `host:port`.
    case badListen(String)
    /// `listen` names a non-loopback host and `allow_non_loopback` is not set.
    case nonLoopback(host: String)
    /// The token environment variable is unset or empty.
    case missingToken(variable: String)

    public var description: String {
        switch self {
        case .badListen(let s): return "webhook listen address '\(s)' is not host:port"
        case .nonLoopback(let h):
            return "webhook listen host \(h) is not a loopback address (set allow_non_loopback: true to opt out)"
        case .missingToken(let v): return "webhook token: environment variable \(v) is unset or empty"
        }
    }
}

/// Where the webhook server listens and the token it expects. Its description hides the token.
public struct WebhookServerSettings: Sendable, Equatable, CustomStringConvertible {
    /// Host to bind (`127.0.0.1`, `::1`, `localhost`, or any address with `allowNonLoopback`).
    public var host: String
    /// Port to bind; 0 picks an ephemeral port (see `WebhookServer.boundPort()`).
    public var port: Int
    /// The shared secret alerts must carry.
    public var token: String
    /// Opt-in to bind a non-loopback address.
    public var allowNonLoopback: Bool

    /// Checks the host (loopback unless `allowNonLoopback`) and that the token is not empty.
    public init(host: String, port: Int, token: String, allowNonLoopback: Bool = false) throws(WebhookServerError) {
        guard (0...65535).contains(port), !host.isEmpty else { throw .badListen("\(host):\(port)") }
        guard allowNonLoopback || WebhookSignalsConfig.isLoopback(host) else { throw .nonLoopback(host: host) }
        guard !token.isEmpty else { throw .missingToken(variable: "token") }
        self.host = host
        self.port = port
        self.token = token
        self.allowNonLoopback = allowNonLoopback
    }

    /// Settings from a `webhook_signals` strategy file: `listen`, `allow_non_loopback`, and the
    /// token read from the environment variable `token_env` (default `MMBOT_WEBHOOK_TOKEN`).
    public init(config: WebhookSignalsConfig, environment: [String: String]) throws(WebhookServerError) {
        guard let address = config.listenAddress else { throw .badListen(config.listen) }
        guard let token = environment[config.tokenEnv], !token.isEmpty else {
            throw .missingToken(variable: config.tokenEnv)
        }
        try self.init(host: address.host, port: address.port, token: token, allowNonLoopback: config.allowNonLoopback)
    }

    public var description: String {
        "webhook on \(host):\(port)\(allowNonLoopback ? " (non-loopback allowed)" : "") token <redacted>"
    }
}
