import Foundation
import PhemexWire

/// The connection keys of `conf/mmbot.yml` (`network`, `rest_url`, `ws_url`, `api_key_env`,
/// `api_secret_env`, `key_file`). `parse` reads only top-level `key: value` lines, enough for
/// `mmbot watch`; the daemon's full loader produces the same struct.
public struct ConnectorSettings: Sendable, Equatable {
    public var network: String = "sim"
    public var restURL: String?
    public var wsURL: String?
    public var apiKeyEnv: String = "PHEMEX_API_KEY"
    public var apiSecretEnv: String = "PHEMEX_API_SECRET"
    public var keyFile: String?

    public init(
        network: String = "sim", restURL: String? = nil, wsURL: String? = nil, apiKeyEnv: String = "PHEMEX_API_KEY",
        apiSecretEnv: String = "PHEMEX_API_SECRET", keyFile: String? = nil
    ) {
        self.network = network
        self.restURL = restURL
        self.wsURL = wsURL
        self.apiKeyEnv = apiKeyEnv
        self.apiSecretEnv = apiSecretEnv
        self.keyFile = keyFile
    }

    /// Reads the top-level connection keys of a YAML config (nested sections are skipped).
    public static func parse(yaml text: String) -> ConnectorSettings {
        var s = ConnectorSettings()
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            guard let first = raw.first, first != " ", first != "\t", first != "#", first != "-" else { continue }
            guard let colon = raw.firstIndex(of: ":") else { continue }
            let key = raw[..<colon].trimmingCharacters(in: .whitespaces)
            var value = raw[raw.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if let hash = value.range(of: " #") { value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces) }
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                value = String(value.dropFirst().dropLast())
            }
            if value.isEmpty { continue }
            switch key {
            case "network": s.network = value
            case "rest_url": s.restURL = value
            case "ws_url": s.wsURL = value
            case "api_key_env": s.apiKeyEnv = value
            case "api_secret_env": s.apiSecretEnv = value
            case "key_file": s.keyFile = value
            default: continue
            }
        }
        return s
    }

    /// The network these settings select (`sim` and `custom` need both URLs).
    public func resolveNetwork() throws(PhemexConnectorError) -> PhemexNetwork {
        try PhemexNetwork.parse(network, restURL: restURL, wsURL: wsURL)
    }

    /// Credentials from the key file if configured, else from the environment variables;
    /// `nil` when none are configured.
    public func loadCredentials(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(PhemexConnectorError) -> APICredentials?
    {
        if let keyFile { return try CredentialLoader.fromKeyFile(path: keyFile) }
        return try CredentialLoader.fromEnvironment(
            keyVariable: apiKeyEnv, secretVariable: apiSecretEnv, environment: environment)
    }
}
