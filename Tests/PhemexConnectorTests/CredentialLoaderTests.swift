import Foundation
import PhemexWire
import Testing

@testable import PhemexConnector

@Suite struct CredentialLoaderTests {
    static let secret = "TESTSECRET-not-a-real-key"

    static func writeKeyFile(_ text: String, mode: Int) throws -> String {
        let path = NSTemporaryDirectory() + "mmbot-key-\(UUID().uuidString)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func keyFileWithOwnerOnlyModeLoads() throws {
        let path = try Self.writeKeyFile("# mmbot key\napi_key: apikey-1234\napi_secret: \"\(Self.secret)\"\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try CredentialLoader.fromKeyFile(path: path)
        #expect(c.apiKey == "apikey-1234")
        #expect(c.secret == Self.secret)
        #expect(!"\(c)".contains(Self.secret))
    }

    @Test func twoBareLinesAreKeyThenSecret() throws {
        let path = try Self.writeKeyFile("apikey-1234\n\(Self.secret)\n", mode: 0o400)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try CredentialLoader.fromKeyFile(path: path)
        #expect(c.apiKey == "apikey-1234" && c.secret == Self.secret)
    }

    @Test(arguments: [0o640, 0o604, 0o644, 0o660, 0o610])
    func groupOrWorldAccessibleKeyFileIsRefused(mode: Int) throws {
        let path = try Self.writeKeyFile("api_key: apikey-1234\napi_secret: \(Self.secret)\n", mode: mode)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try CredentialLoader.fromKeyFile(path: path)
            Issue.record("mode \(String(mode, radix: 8)) accepted")
        } catch {
            #expect(error.description.contains("chmod 600"))
            #expect(!error.description.contains(Self.secret))
        }
    }

    @Test func missingOrIncompleteKeyFilesFailWithoutLeaking() throws {
        #expect(throws: PhemexConnectorError.self) { try CredentialLoader.fromKeyFile(path: "/nonexistent/key") }
        let path = try Self.writeKeyFile("api_secret: \(Self.secret)\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try CredentialLoader.fromKeyFile(path: path)
            Issue.record("incomplete key file accepted")
        } catch {
            #expect(!error.description.contains(Self.secret))
        }
    }

    @Test func environmentVariablesWithConfigurableNames() throws {
        let env = ["MY_KEY": "apikey-1234", "MY_SECRET": Self.secret]
        let c = try CredentialLoader.fromEnvironment(keyVariable: "MY_KEY", secretVariable: "MY_SECRET", environment: env)
        #expect(c?.apiKey == "apikey-1234")
        let none = try CredentialLoader.fromEnvironment(environment: [:])
        #expect(none == nil)
        #expect(throws: PhemexConnectorError.self) {
            try CredentialLoader.fromEnvironment(environment: ["PHEMEX_API_SECRET": Self.secret])
        }
    }
}
