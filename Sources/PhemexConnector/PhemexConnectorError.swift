/// Errors of the connector's own setup and transport. Messages never contain key material.
public enum PhemexConnectorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A configuration value is missing or invalid.
    case configuration(String)
    /// Credentials could not be loaded (the message names the source, never the secret).
    case credentials(String)
    /// The subscription plan does not fit the connection limits.
    case subscriptionCapacity(needed: Int, available: Int)
    /// A reply could not be understood.
    case protocolError(String)
    /// An HTTP or WebSocket transport failure.
    case transport(String)
    /// The exchange answered with an error code.
    case exchange(code: Int, message: String)
    /// The connector is not running.
    case notStarted

    public var description: String {
        switch self {
        case .configuration(let m): return "configuration: \(m)"
        case .credentials(let m): return "credentials: \(m)"
        case .subscriptionCapacity(let n, let a):
            return "subscriptions: \(n) needed but the connection limits allow \(a)"
        case .protocolError(let m): return "protocol: \(m)"
        case .transport(let m): return "transport: \(m)"
        case .exchange(let c, let m): return "exchange error \(c): \(m)"
        case .notStarted: return "connector not started"
        }
    }
}
