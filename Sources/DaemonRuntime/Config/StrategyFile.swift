import Foundation
import MarketCore
import Strategies
import Yams

/// A strategy file (`strategies/NAME.yml`) loaded and validated: the bot name, the YAML text
/// (journaled for replay) and the decoded `StrategyConfig`.
public struct StrategyFile: Sendable {
    public var name: String
    public var path: String
    public var text: String
    public var config: StrategyConfig

    /// The symbols the strategy trades.
    public var symbols: [Symbol] { config.symbols }

    /// Loads `path` strictly; problems come back as `file:line: key: message`.
    public static func load(path: String) throws(ConfigErrors) -> StrategyFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigErrors([ConfigError(file: path, line: 0, key: "(file)", message: "cannot read the file")])
        }
        let text = String(decoding: data, as: UTF8.self)
        let config = try parse(text: text, file: path)
        return StrategyFile(name: DaemonPaths.botName(strategyPath: path), path: path, text: text, config: config)
    }

    /// Validates `text` as a strategy file named `file` in messages.
    public static func parse(text: String, file: String) throws(ConfigErrors) -> StrategyConfig {
        let reader: YAMLMappingReader
        switch YAMLMappingReader.parse(file: file, text: text) {
        case .success(let r): reader = r
        case .failure(let e): throw e
        }
        if !reader.errors.isEmpty { throw ConfigErrors(reader.errors) }
        if reader.node("strategy") == nil {
            throw ConfigErrors([ConfigError(
                file: file, line: reader.line, key: "strategy",
                message: "required (one of \(StrategyConfig.strategyNames.joined(separator: ", ")))")])
        }
        let config: StrategyConfig
        do {
            config = try YAMLDecoder().decode(StrategyConfig.self, from: text)
        } catch let e as DecodingError {
            throw ConfigErrors([describe(e, reader: reader)])
        } catch {
            throw ConfigErrors([ConfigError(file: file, line: 0, key: "yaml", message: "\(error)".prefix(200).description)])
        }
        let issues = config.validate()
        if !issues.isEmpty {
            throw ConfigErrors(issues.map {
                ConfigError(file: file, line: reader.keyLine($0.key), key: $0.key, message: $0.message)
            })
        }
        return config
    }

    static func describe(_ e: DecodingError, reader: YAMLMappingReader) -> ConfigError {
        func err(_ path: [any CodingKey], _ message: String) -> ConfigError {
            let key = path.first?.stringValue ?? "(root)"
            return ConfigError(file: reader.file, line: reader.keyLine(key), key: key, message: message)
        }
        switch e {
        case .dataCorrupted(let c):
            return err(c.codingPath, c.debugDescription.replacingOccurrences(of: "unknown key '\(c.codingPath.last?.stringValue ?? "")'", with: "unknown key"))
        case .keyNotFound(let k, let c):
            return ConfigError(file: reader.file, line: reader.line, key: (c.codingPath + [k]).first?.stringValue ?? k.stringValue,
                               message: "required key missing")
        case .typeMismatch(let t, let c):
            return err(c.codingPath, "wrong type: expected \(typeName(t))")
        case .valueNotFound(let t, let c):
            return err(c.codingPath, "missing value: expected \(typeName(t))")
        @unknown default:
            return ConfigError(file: reader.file, line: 0, key: "(root)", message: "\(e)")
        }
    }

    static func typeName(_ t: Any.Type) -> String {
        switch t {
        case is String.Type: return "text"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default: return "\(t)"
        }
    }

    /// Builds the strategy.
    public func makeStrategy() throws -> any Strategy { try StrategyFactory.make(config) }

    /// Builds a strategy from journaled YAML text (replay).
    public static func strategy(fromText text: String) throws -> any Strategy {
        try StrategyFactory.make(try parse(text: text, file: "journal"))
    }
}
