import ArgumentParser

/// The `mmbot` command line: argument parsing only; the work lives in DaemonRuntime.
@main
struct MMBot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmbot",
        abstract: "A market-making daemon for Phemex perpetual futures.",
        subcommands: [
            StartCommand.self, StopCommand.self, StatusCommand.self, ConfigCommand.self, ReplayCommand.self,
            WatchCommand.self, SimCommand.self, BookReplayCommand.self,
        ])
}
