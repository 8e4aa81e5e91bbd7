import ArgumentParser
import DaemonRuntime
import Foundation

/// `mmbot replay JOURNAL…`: re-runs journaled inputs through a fresh engine; prints the outputs
/// as JSON lines (byte-identical to the live run's). A live journal brings its rotated files.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay an input journal and print the engine outputs as JSON lines.")

    @Argument(help: "Journal file(s), oldest first, e.g. logs/pure_mm_btcusdt.journal.jsonl (its rotated files .1, .2… are included)")
    var journal: [String]

    func run() async throws {
        let out = FileHandle.standardOutput
        var buffer = ""
        do {
            let n = try ReplayRunner.run(paths: journal) { line in
                buffer += line
                buffer += "\n"
                if buffer.utf8.count > 1 << 16 {
                    out.write(Data(buffer.utf8))
                    buffer = ""
                }
            }
            out.write(Data(buffer.utf8))
            FileHandle.standardError.write(Data("replayed \(n) inputs\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("mmbot: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
