import ArgumentParser
import DaemonRuntime
import Foundation

/// `mmbot stop NAME`: signals a running bot; it cancels its own orders and exits.
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop a running bot.")

    @Argument(help: "Bot name (the strategy file's base name).")
    var name: String

    @Option(name: .long, help: "Daemon configuration file (for state_dir).")
    var conf: String = "conf/mmbot.yml"

    @Option(name: .long, help: "Seconds to wait for the bot to exit.")
    var timeout: Double = 30

    func run() async throws {
        let stateDir = CLIConfig.stateDir(conf: conf)
        switch await StopRunner.stop(name: name, stateDir: stateDir, timeoutSeconds: timeout) {
        case .stopped(let pid): print("\(name) (pid \(pid)) stopped")
        case .notRunning:
            FileHandle.standardError.write(Data("mmbot: \(name) is not running\n".utf8))
            throw ExitCode(1)
        case .timedOut(let pid):
            FileHandle.standardError.write(Data("mmbot: \(name) (pid \(pid)) did not exit within \(timeout) s\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Reads `state_dir` from the daemon config when the file exists (defaults otherwise).
enum CLIConfig {
    static func stateDir(conf: String) -> String {
        guard FileManager.default.fileExists(atPath: conf) else { return "state" }
        return (try? DaemonConfig.load(path: conf).stateDir) ?? "state"
    }
}
