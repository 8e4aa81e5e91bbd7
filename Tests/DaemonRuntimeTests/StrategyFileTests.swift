import Foundation
import Testing
@testable import DaemonRuntime

@Suite struct StrategyFileTests {
    func yamlFiles(_ dir: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: packageRoot + "/" + dir)) ?? []
        return names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map { packageRoot + "/\(dir)/" + $0 }
    }

    @Test func everyShippedConfigFileLoads() {
        let files = yamlFiles("strategies") + yamlFiles("conf/rules") + [packageRoot + "/conf/mmbot.yml"]
        #expect(files.count >= 2)
        for f in files {
            let problems = ConfigCheck.check(path: f)
            #expect(problems.isEmpty, "\(f): \(problems)")
        }
    }

    @Test func shippedStrategyBuildsAStrategy() throws {
        let s = try StrategyFile.load(path: packageRoot + "/strategies/pure_mm_btcusdt.yml")
        #expect(s.name == "pure_mm_btcusdt")
        #expect(s.symbols.map(\.name) == ["BTCUSDT"])
        _ = try s.makeStrategy()
    }

    func problems(_ yaml: String) -> [String] {
        do {
            _ = try StrategyFile.parse(text: yaml, file: "strategies/bad.yml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func badStrategyFilesNameFileLineAndKey() throws {
        let good = try String(contentsOfFile: packageRoot + "/strategies/pure_mm_btcusdt.yml", encoding: .utf8)
        let lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func line(of key: String) -> Int { (lines.firstIndex { $0.hasPrefix(key + ":") } ?? -1) + 1 }
        // Unknown key, appended at the end.
        let unknown = problems(good + "\nbid_sprede: 0.1\n")
        #expect(unknown.contains { $0.hasPrefix("strategies/bad.yml:\(lines.count + 1): bid_sprede:") }, "\(unknown)")
        // Wrong type.
        let typed = problems(good.replacingOccurrences(of: "order_levels: 2", with: "order_levels: two"))
        #expect(typed.contains { $0.hasPrefix("strategies/bad.yml:\(line(of: "order_levels")): order_levels:") }, "\(typed)")
        // Out of range.
        let range = problems(good.replacingOccurrences(of: "order_levels: 2", with: "order_levels: 0"))
        #expect(range.contains { $0.hasPrefix("strategies/bad.yml:\(line(of: "order_levels")): order_levels:") }, "\(range)")
        // Missing discriminator.
        #expect(problems("symbol: BTCUSDT\n").first?.hasPrefix("strategies/bad.yml:1: strategy: required") == true)
    }
}
