import Foundation
import OrderTracking
import Yams

/// Loads an order-tracker rule profile (`conf/rules/<name>.yml`) into `RuleProfile`.
///
/// Keys are snake_case and strict (unknown keys are refused by `RuleProfile`'s decoder); a
/// failure names the file.
public enum RuleProfileLoader {
    /// Decodes `text` (the content of `file`) as a rule profile.
    public static func decode(text: String, file: String) throws(ConfigErrors) -> RuleProfile {
        do {
            return try YAMLDecoder().decode(RuleProfile.self, from: text)
        } catch {
            let key = Self.key(of: error)
            var line = Self.line(of: error)
            if line == 0, let last = key.split(separator: ".").last {
                // Decoding errors carry no position: point at the first line naming the key.
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                if let i = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("\(last):") }) {
                    line = i + 1
                }
            }
            throw ConfigErrors([ConfigError(file: file, line: line, key: key, message: Self.message(of: error))])
        }
    }

    /// Reads and decodes the profile at `path`.
    public static func load(path: String) throws(ConfigErrors) -> RuleProfile {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigErrors([ConfigError(file: path, line: 0, key: "rules", message: "cannot read rule profile")])
        }
        return try decode(text: text, file: path)
    }

    private static func key(of error: any Error) -> String {
        guard let e = error as? DecodingError else { return "rules" }
        let path: [any CodingKey]
        switch e {
        case .keyNotFound(let k, let c): path = c.codingPath + [k]
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): path = c.codingPath
        @unknown default: path = []
        }
        let joined = path.map(\.stringValue).joined(separator: ".")
        return joined.isEmpty ? "rules" : joined
    }

    private static func message(of error: any Error) -> String {
        guard let e = error as? DecodingError else { return "invalid YAML" }
        switch e {
        case .keyNotFound: return "missing key"
        case .typeMismatch(let t, _): return "expected \(t)"
        case .valueNotFound(let t, _): return "expected \(t)"
        case .dataCorrupted(let c): return c.debugDescription
        @unknown default: return "invalid value"
        }
    }

    private static func line(of error: any Error) -> Int {
        if let y = error as? YamlError, case .scanner(_, _, let mark, _) = y { return mark.line }
        if let y = error as? YamlError, case .parser(_, _, let mark, _) = y { return mark.line }
        return 0
    }
}
