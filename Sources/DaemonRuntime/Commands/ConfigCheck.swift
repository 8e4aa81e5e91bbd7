import Foundation
import Yams

/// `mmbot config check FILE…`: validates strategy files, daemon configs and rule profiles.
public enum ConfigCheck {
    /// Kind of a configuration file, guessed from its place and keys.
    public enum Kind: String, Sendable { case strategy, daemon, rules }

    public static func kind(of path: String, text: String) -> Kind {
        if path.contains("/rules/") || path.hasPrefix("rules/") { return .rules }
        if let node = try? Yams.compose(yaml: text), let m = node.mapping, m["strategy"] != nil { return .strategy }
        return .daemon
    }

    /// Checks one file; returns its problems (empty = valid).
    public static func check(path: String) -> [ConfigError] {
        guard let data = FileManager.default.contents(atPath: path) else {
            return [ConfigError(file: path, line: 0, key: "(file)", message: "cannot read the file")]
        }
        let text = String(decoding: data, as: UTF8.self)
        do throws(ConfigErrors) {
            switch kind(of: path, text: text) {
            case .strategy: _ = try StrategyFile.parse(text: text, file: path)
            case .daemon: _ = try DaemonConfig.parse(text: text, file: path)
            case .rules:
                try RulesProfileCheck.check(text: text, file: path)
                _ = try RuleProfileLoader.decode(text: text, file: path)
            }
            return []
        } catch {
            return error.errors
        }
    }

    /// Checks every file; prints problems to `err` and `ok` lines to `out`; returns the exit code.
    public static func run(paths: [String], out: (String) -> Void, err: (String) -> Void) -> Int32 {
        var bad = false
        for p in paths {
            let problems = check(path: p)
            if problems.isEmpty {
                out("\(p): ok")
            } else {
                bad = true
                problems.forEach { err($0.description) }
            }
        }
        return bad ? 2 : 0
    }
}
