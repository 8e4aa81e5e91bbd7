import ArgumentParser
import DaemonRuntime
import Foundation

/// `mmbot config check FILE…`.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Configuration tools.", subcommands: [ConfigCheckCommand.self])
}

/// Validates strategy and daemon configs; errors name file, line and key; exit 2 on error.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate strategy files, conf/mmbot.yml and rule profiles.")

    @Argument(help: "Files to check.")
    var files: [String]

    func run() async throws {
        let code = ConfigCheck.run(
            paths: files, out: { print($0) }, err: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
        if code != 0 { throw ExitCode(code) }
    }
}
