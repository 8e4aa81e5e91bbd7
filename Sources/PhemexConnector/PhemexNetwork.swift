/// Which Phemex deployment the connector talks to (PROTOCOL.md §1).
public enum PhemexNetwork: Hashable, Sendable {
    /// Production: `https://api.phemex.com`, `wss://ws.phemex.com`.
    case mainnet
    /// Testnet: `https://testnet-api.phemex.com`, `wss://testnet-api.phemex.com/ws`.
    case testnet
    /// High-rate-limit VIP gateway (whitelisted IPs): `https://vapi.phemex.com`, `wss://vapi.phemex.com/ws`.
    case vip
    /// The local simulator; the URLs are those of the running simulator server.
    case sim(restURL: String, wsURL: String)
    /// Any other endpoint pair.
    case custom(restURL: String, wsURL: String)

    /// REST base URL without a trailing slash.
    public var restURL: String {
        switch self {
        case .mainnet: return "https://api.phemex.com"
        case .testnet: return "https://testnet-api.phemex.com"
        case .vip: return "https://vapi.phemex.com"
        case .sim(let r, _), .custom(let r, _): return Self.trimmed(r)
        }
    }

    /// WebSocket URL.
    public var wsURL: String {
        switch self {
        case .mainnet: return "wss://ws.phemex.com"
        case .testnet: return "wss://testnet-api.phemex.com/ws"
        case .vip: return "wss://vapi.phemex.com/ws"
        case .sim(_, let w), .custom(_, let w): return w
        }
    }

    /// Short name as used in configuration files.
    public var name: String {
        switch self {
        case .mainnet: return "mainnet"
        case .testnet: return "testnet"
        case .vip: return "vip"
        case .sim: return "sim"
        case .custom: return "custom"
        }
    }

    /// Parses a configuration value (`mainnet`, `testnet`, `vip`, `sim`, `custom`). `sim` and
    /// `custom` need both URLs.
    public static func parse(_ name: String, restURL: String? = nil, wsURL: String? = nil) throws(PhemexConnectorError)
        -> PhemexNetwork
    {
        switch name.lowercased() {
        case "mainnet", "production", "prod": return .mainnet
        case "testnet", "test": return .testnet
        case "vip", "vapi": return .vip
        case "sim", "custom":
            guard let r = restURL, let w = wsURL, !r.isEmpty, !w.isEmpty else {
                throw .configuration("network \(name) needs rest_url and ws_url")
            }
            guard Self.hasScheme(r, ["http://", "https://"]), Self.hasScheme(w, ["ws://", "wss://"]) else {
                throw .configuration("rest_url must start with http(s):// and ws_url with ws(s)://")
            }
            return name.lowercased() == "sim" ? .sim(restURL: r, wsURL: w) : .custom(restURL: r, wsURL: w)
        default:
            throw .configuration("unknown network \(name) (mainnet, testnet, vip, sim, custom)")
        }
    }

    private static func hasScheme(_ url: String, _ schemes: [String]) -> Bool {
        let lower = url.lowercased()
        return schemes.contains { lower.hasPrefix($0) }
    }

    private static func trimmed(_ url: String) -> String {
        var u = Substring(url)
        while u.hasSuffix("/") { u = u.dropLast() }
        return String(u)
    }
}
