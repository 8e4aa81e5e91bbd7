import Foundation

/// Where one bot's files live: `state/NAME.state.json`, `state/NAME.pid`, `logs/NAME.log`,
/// `logs/NAME.audit.jsonl`, `logs/NAME.journal.jsonl`.
public struct DaemonPaths: Sendable, Equatable {
    public var name: String
    public var stateDir: String
    public var logDir: String
    public init(name: String, stateDir: String, logDir: String) {
        self.name = name
        self.stateDir = stateDir
        self.logDir = logDir
    }
    public var stateFile: String { "\(stateDir)/\(name).state.json" }
    public var pidFile: String { "\(stateDir)/\(name).pid" }
    public var logFile: String { "\(logDir)/\(name).log" }
    public var auditFile: String { "\(logDir)/\(name).audit.jsonl" }
    public var journalFile: String { "\(logDir)/\(name).journal.jsonl" }

    /// The bot name of a strategy file: its base name without extension.
    public static func botName(strategyPath: String) -> String {
        let base = (strategyPath as NSString).lastPathComponent
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { return String(base[..<dot]) }
        return base
    }

    /// Creates the directories (0700 for state).
    public func createDirectories() throws {
        try FileManager.default.createDirectory(
            atPath: stateDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createDirectory(atPath: logDir, withIntermediateDirectories: true)
    }
}
