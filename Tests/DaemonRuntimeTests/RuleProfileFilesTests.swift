import Foundation
import OrderTracking
import Testing
@testable import DaemonRuntime

/// Every shipped rule profile under conf/rules decodes (through Yams) to the built-in value of
/// the same name, and a broken profile is refused with file, line and key.
@Suite struct RuleProfileFilesTests {
    static let confRules: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/conf/rules"
    }()

    @Test(arguments: RuleProfile.builtIn.map(\.file))
    func shippedProfileMatchesBuiltIn(_ file: String) throws {
        let path = Self.confRules + "/" + (file.hasSuffix(".yml") ? file : file + ".yml")
        let loaded = try RuleProfileLoader.load(path: path)
        let builtIn = try #require(RuleProfile.builtIn.first { $0.file == file }?.profile)
        #expect(loaded == builtIn)
        #expect(ConfigCheck.check(path: path).isEmpty)
    }

    @Test func brokenProfileIsRefusedWithKey() throws {
        let path = Self.confRules + "/phemex-standard.yml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let broken = text.replacingOccurrences(of: "server_limit: 500", with: "server_limit: lots")
        #expect(broken != text)
        #expect(throws: ConfigErrors.self) { try RuleProfileLoader.decode(text: broken, file: "x.yml") }
    }
}
