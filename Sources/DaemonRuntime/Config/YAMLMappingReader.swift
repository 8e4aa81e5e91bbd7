import Foundation
import MarketCore
import Yams

/// Reads one YAML mapping strictly: typed getters record `file:line: key: message` problems
/// (wrong type, out of range, bad choice) and `finish` refuses keys nobody asked for.
///
/// Works on Yams' `Node` tree so every problem carries the line of the key.
struct YAMLMappingReader {
    let file: String
    let mapping: Node.Mapping
    let line: Int
    private(set) var known: [String] = []
    var errors: [ConfigError] = []

    /// Parses `text` and returns a reader on its root mapping, or the parse error.
    static func parse(file: String, text: String) -> Result<YAMLMappingReader, ConfigErrors> {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            return .failure(ConfigErrors([YAMLMappingReader.describe(e, file: file, text: text)]))
        } catch {
            return .failure(ConfigErrors([ConfigError(file: file, line: 0, key: "yaml", message: "\(error)")]))
        }
        guard let node, let mapping = node.mapping else {
            return .failure(ConfigErrors([ConfigError(
                file: file, line: node?.mark?.line ?? 1, key: "(root)", message: "expected a mapping of key: value")]))
        }
        var reader = YAMLMappingReader(file: file, mapping: mapping, line: node.mark?.line ?? 1)
        reader.checkDuplicates()
        return .success(reader)
    }

    init(file: String, mapping: Node.Mapping, line: Int) {
        self.file = file
        self.mapping = mapping
        self.line = line
    }

    static func describe(_ e: YamlError, file: String, text: String) -> ConfigError {
        switch e {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigError(file: file, line: mark.line, key: "yaml", message: problem)
        case .duplicatedKeysInMapping(let duplicates, _):
            // Yams gives no position: the line of the key's second top-level occurrence.
            let key = duplicates.first ?? "yaml"
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let hits = lines.indices.filter { lines[$0].hasPrefix(key + ":") }
            return ConfigError(file: file, line: hits.count > 1 ? hits[1] + 1 : 0, key: key, message: "duplicate key")
        default:
            return ConfigError(file: file, line: 0, key: "yaml", message: "\(e)".prefix(200).description)
        }
    }

    mutating func checkDuplicates() {
        var seen: [String] = []
        for (k, _) in mapping {
            let name = k.string ?? "?"
            if seen.contains(name) { fail(k.mark?.line ?? line, name, "duplicate key") }
            seen.append(name)
        }
    }

    /// All keys in file order with their lines.
    var keys: [(String, Int)] { mapping.map { ($0.key.string ?? "?", $0.key.mark?.line ?? line) } }

    func keyLine(_ key: String) -> Int {
        mapping.first { $0.key.string == key }?.key.mark?.line ?? line
    }

    func node(_ key: String) -> Node? {
        let n = mapping.first { $0.key.string == key }?.value
        if let s = n?.scalar, s.tag.rawValue == Tag.Name.null.rawValue { return nil }
        return n
    }

    mutating func fail(_ line: Int, _ key: String, _ message: String) {
        errors.append(ConfigError(file: file, line: line, key: key, message: message))
    }

    /// A scalar's text, or a type error for mappings and sequences.
    mutating func scalarText(_ key: String) -> String? {
        known.append(key)
        guard let n = node(key) else { return nil }
        guard let s = n.scalar else {
            fail(keyLine(key), key, "expected a single value, not a \(n.mapping != nil ? "mapping" : "list")")
            return nil
        }
        return s.string
    }

    mutating func string(_ key: String) -> String? {
        guard let n = node(key) else {
            known.append(key)
            return nil
        }
        let t = scalarText(key)
        if let t, t.isEmpty { fail(keyLine(key), key, "must not be empty") }
        if n.scalar?.style == .plain, n.bool != nil || n.int != nil {
            // `log_dir: 12` or `network: yes` are almost always mistakes.
            if n.bool != nil { fail(keyLine(key), key, "expected text, got a boolean") }
        }
        return t
    }

    mutating func choice(_ key: String, _ allowed: [String], default fallback: String) -> String {
        guard let t = string(key) else { return fallback }
        guard allowed.contains(t) else {
            fail(keyLine(key), key, "must be one of \(allowed.joined(separator: ", ")) (got \"\(t.prefix(40))\")")
            return fallback
        }
        return t
    }

    mutating func int(_ key: String, _ range: ClosedRange<Int>, default fallback: Int) -> Int {
        guard let t = scalarText(key) else { return fallback }
        guard let v = Int(t.replacingOccurrences(of: "_", with: "")) else {
            fail(keyLine(key), key, "expected an integer (got \"\(t.prefix(40))\")")
            return fallback
        }
        guard range.contains(v) else {
            fail(keyLine(key), key, "must be between \(range.lowerBound) and \(range.upperBound) (got \(v))")
            return fallback
        }
        return v
    }

    mutating func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let t = scalarText(key) else { return fallback }
        switch t {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail(keyLine(key), key, "expected true or false (got \"\(t.prefix(40))\")")
            return fallback
        }
    }

    /// A non-negative fixed-point decimal (strictly parsed, never through Double).
    mutating func decimal<T: FixedPointNumber>(_ key: String, as: T.Type, positive: Bool = false) -> T? {
        guard let t = scalarText(key) else { return nil }
        guard let v = try? T(parsing: t) else {
            fail(keyLine(key), key, "expected a decimal number (got \"\(t.prefix(40))\")")
            return nil
        }
        if v.isNegative || (positive && v.isZero) {
            fail(keyLine(key), key, positive ? "must be > 0 (got \(t))" : "must not be negative (got \(t))")
            return nil
        }
        return v
    }

    /// Marks `key` as known without reading it (validated elsewhere).
    mutating func allow(_ key: String) { known.append(key) }

    /// Refuses every key that no getter asked for.
    mutating func finish() {
        for (k, line) in keys where !known.contains(k) {
            let suggestion = known.sorted().joined(separator: ", ")
            fail(line, k, "unknown key (known keys: \(suggestion))")
        }
        errors.sort { ($0.line, $0.key) < ($1.line, $1.key) }
    }
}
