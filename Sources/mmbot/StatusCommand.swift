import ArgumentParser
import DaemonRuntime
import Foundation

/// `mmbot status [NAME] [--json]`: what a running or stopped bot holds.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show open orders, position, PnL and counters of one or all bots.")

    @Argument(help: "Bot name; all bots when omitted.")
    var name: String?

    @Flag(name: .long, help: "JSON output.")
    var json = false

    @Option(name: .long, help: "Daemon configuration file (for state_dir).")
    var conf: String = "conf/mmbot.yml"

    func run() async throws {
        let stateDir = CLIConfig.stateDir(conf: conf)
        let names = name.map { [$0] } ?? StatusReport.names(stateDir: stateDir)
        var reports: [StatusReport] = []
        for n in names {
            do {
                if let r = try StatusReport.load(name: n, stateDir: stateDir) { reports.append(r) }
            } catch {
                FileHandle.standardError.write(Data("mmbot: \(n): \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        if let name, reports.isEmpty {
            FileHandle.standardError.write(Data("mmbot: no state for \(name) in \(stateDir)/\n".utf8))
            throw ExitCode(1)
        }
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys, .prettyPrinted]
            let data = try e.encode(name != nil ? AnyEncodable(reports[0]) : AnyEncodable(reports))
            print(String(decoding: data, as: UTF8.self))
        } else if reports.isEmpty {
            print("no bots in \(stateDir)/")
        } else {
            print(reports.map(\.text).joined(separator: "\n\n"))
        }
    }
}

/// Type eraser so one `encode` call serves both shapes.
struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
