import Foundation
import PhemexWire

/// How `mmbot start` was invoked (plus test hooks).
public struct DaemonOptions: Sendable {
    public var strategyPath: String
    public var confPath: String
    public var fresh: Bool
    /// Write log lines to stdout too (the CLI does; tests do not).
    public var logToStdout: Bool
    /// Test hook: use this exchange instead of what the config says (`network` is ignored).
    public var exchangeOverride: ExchangeEndpoint?
    public init(
        strategyPath: String, confPath: String = "conf/mmbot.yml", fresh: Bool = false, logToStdout: Bool = true,
        exchangeOverride: ExchangeEndpoint? = nil
    ) {
        self.strategyPath = strategyPath
        self.confPath = confPath
        self.fresh = fresh
        self.logToStdout = logToStdout
        self.exchangeOverride = exchangeOverride
    }
}

/// An exchange endpoint with its credentials.
public struct ExchangeEndpoint: Sendable {
    public var restURL: String
    public var wsURL: String
    public var credentials: APICredentials
    public init(restURL: String, wsURL: String, credentials: APICredentials) {
        self.restURL = restURL
        self.wsURL = wsURL
        self.credentials = credentials
    }
}
