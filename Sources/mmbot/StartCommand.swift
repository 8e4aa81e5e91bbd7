import ArgumentParser
import DaemonRuntime
import Foundation

/// `mmbot start STRATEGY.yml [--conf FILE] [--fresh]`: runs a bot in the foreground.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Run a bot in the foreground (resumes from its state file if there is one).")

    @Argument(help: "Strategy file, e.g. strategies/pure_mm_btcusdt.yml (the bot name is its base name).")
    var strategy: String

    @Option(name: .long, help: "Daemon configuration file.")
    var conf: String = "conf/mmbot.yml"

    @Flag(name: .long, help: "Start anew: cancel what the old state still owns, then ignore it.")
    var fresh = false

    func run() async throws {
        let daemon: Daemon
        do {
            daemon = try Daemon(options: DaemonOptions(strategyPath: strategy, confPath: conf, fresh: fresh))
        } catch let e as ConfigErrors {
            FileHandle.standardError.write(Data((e.description + "\n").utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("mmbot: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let code = await daemon.run()
        if code != 0 { throw ExitCode(code) }
    }
}
