import MarketCore

/// Configuration of `webhook_signals`: which symbols alerts may trade, where the endpoint
/// listens, which environment variable holds the token, and the duplicate window.
///
/// Keys: `symbol` or `symbols` (at least one), `listen` (default `127.0.0.1:8642`),
/// `token_env` (default `MMBOT_WEBHOOK_TOKEN`), `idempotency_window` (seconds, default 60),
/// `allow_non_loopback` (default false: `listen` must be a loopback address).
public struct WebhookSignalsConfig: Sendable, Equatable, Codable {
    public var symbols: [Symbol]
    public var listen: String = "127.0.0.1:8642"
    public var tokenEnv: String = "MMBOT_WEBHOOK_TOKEN"
    public var idempotencyWindow: Nanoseconds = .seconds(60)
    public var allowNonLoopback: Bool = false

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case symbol, symbols, listen
        case tokenEnv = "token_env"
        case idempotencyWindow = "idempotency_window"
        case allowNonLoopback = "allow_non_loopback"
    }

    /// Every YAML key this config reads.
    public static var keys: [String] { ["strategy"] + CodingKeys.allCases.map(\.rawValue) }

    public init(symbols: [Symbol]) { self.symbols = symbols }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var list = try c.decodeIfPresent([Symbol].self, forKey: .symbols) ?? []
        if let one = try c.decodeIfPresent(Symbol.self, forKey: .symbol), !list.contains(one) { list.insert(one, at: 0) }
        symbols = list
        listen = try c.value(.listen, default: listen)
        tokenEnv = try c.value(.tokenEnv, default: tokenEnv)
        idempotencyWindow = try c.seconds(.idempotencyWindow, default: idempotencyWindow)
        allowNonLoopback = try c.value(.allowNonLoopback, default: allowNonLoopback)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(symbols, forKey: .symbols)
        try c.encode(listen, forKey: .listen)
        try c.encode(tokenEnv, forKey: .tokenEnv)
        try c.encodeSeconds(idempotencyWindow, forKey: .idempotencyWindow)
        try c.encode(allowNonLoopback, forKey: .allowNonLoopback)
    }

    /// `listen` split into host and port (`[::1]:8642` style for IPv6), or `nil` if malformed.
    public var listenAddress: (host: String, port: Int)? {
        guard let colon = listen.lastIndex(of: ":") else { return nil }
        var host = String(listen[..<colon])
        guard let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port), !host.isEmpty else {
            return nil
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }

    /// `true` for 127.0.0.0/8, `::1` and `localhost`.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Range checks.
    public func validate() -> [ConfigIssue] {
        var v = IssueCollector()
        if symbols.isEmpty { v.add("symbols", "at least one symbol is required") }
        if symbols.contains(where: { $0.name.isEmpty }) { v.add("symbols", "must not contain an empty symbol") }
        if let a = listenAddress {
            if !allowNonLoopback && !Self.isLoopback(a.host) {
                v.add("listen", "\(a.host) is not a loopback address (set allow_non_loopback: true to opt out)")
            }
        } else {
            v.add("listen", "must be host:port")
        }
        let okEnv = !tokenEnv.isEmpty && tokenEnv.utf8.allSatisfy { c in
            (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95
        } && !(tokenEnv.utf8.first.map { $0 >= 48 && $0 <= 57 } ?? true)
        if !okEnv { v.add("token_env", "must be an environment variable name") }
        if idempotencyWindow.value <= 0 { v.add("idempotency_window", "must be > 0 seconds") }
        return v.issues
    }
}
