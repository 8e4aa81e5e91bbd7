import Foundation
import PhemexWire
import Testing

@testable import PhemexConnector

@Suite struct ConnectorSettingsTests {
    @Test func readsTheTopLevelConnectionKeys() throws {
        let yaml = """
            # mmbot
            network: custom   # custom endpoints
            rest_url: "http://127.0.0.1:9000"
            ws_url: ws://127.0.0.1:9000/ws
            api_key_env: MY_KEY
            api_secret_env: 'MY_SECRET'
            strategy:
              network: ignored-nested
            """
        let s = ConnectorSettings.parse(yaml: yaml)
        #expect(s.network == "custom")
        #expect(s.restURL == "http://127.0.0.1:9000")
        #expect(s.wsURL == "ws://127.0.0.1:9000/ws")
        #expect(s.apiKeyEnv == "MY_KEY" && s.apiSecretEnv == "MY_SECRET")
        let net = try s.resolveNetwork()
        #expect(net == .custom(restURL: "http://127.0.0.1:9000", wsURL: "ws://127.0.0.1:9000/ws"))
        let creds = try s.loadCredentials(environment: ["MY_KEY": "k1", "MY_SECRET": "s1"])
        #expect(creds?.apiKey == "k1")
    }

    @Test func defaultsAreSimWithTheStandardVariables() throws {
        let s = ConnectorSettings.parse(yaml: "")
        #expect(s.network == "sim" && s.apiKeyEnv == "PHEMEX_API_KEY" && s.apiSecretEnv == "PHEMEX_API_SECRET")
        #expect(throws: PhemexConnectorError.self) { try s.resolveNetwork() }  // sim needs URLs
        let testnet = try ConnectorSettings.parse(yaml: "network: testnet").resolveNetwork()
        #expect(testnet == .testnet)
    }
}
