import ArgumentParser
import Foundation
import MarketCore
import PhemexWire

/// `mmbot book-replay FILE [--symbol S] [--json]`: replays a capture of raw Phemex WebSocket
/// frames (one JSON text per line) through the hot-path decoder into per-symbol order books
/// and prints the message count, the decode+apply time, messages per second and the final
/// best bid and ask. Malformed lines are counted and the first few reported on stderr.
struct BookReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book-replay",
        abstract: "Replay a capture of Phemex order-book/trade frames and report speed and final top of book.")

    @Argument(help: "Capture file: one raw Phemex WebSocket JSON frame per line.")
    var file: String

    @Option(help: "Symbol whose final best bid/ask is printed (default: the first book seen).")
    var symbol: String?

    @Flag(help: "Print exactly one JSON object on stdout.")
    var json = false

    func run() throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
        var replayer = BookReplayer(symbol: symbol.map { Symbol($0) })
        let clock = ContinuousClock()
        let elapsed = data.withUnsafeBytes { bytes in
            let start = clock.now
            replayer.feedAll(bytes)
            return clock.now - start
        }
        let report = replayer.report
        let c = elapsed.components
        let seconds = Double(c.seconds) + Double(c.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(report.messages) / seconds : 0

        for e in report.firstErrors {
            FileHandle.standardError.write(Data("line \(e.line): \(e.error)\n".utf8))
        }
        if report.malformed > report.firstErrors.count {
            FileHandle.standardError.write(
                Data("… \(report.malformed - report.firstErrors.count) more malformed lines\n".utf8))
        }

        let bid = report.bestBid
        let ask = report.bestAsk
        if json {
            func str(_ v: (any CustomStringConvertible)?) -> String { v.map { "\"\($0)\"" } ?? "null" }
            let out =
                "{\"messages\":\(report.messages),\"seconds\":\(String(format: "%.6f", seconds)),"
                + "\"msgs_per_s\":\(String(format: "%.0f", rate)),"
                + "\"best_bid\":\(str(bid?.price)),\"best_bid_size\":\(str(bid?.quantity)),"
                + "\"best_ask\":\(str(ask?.price)),\"best_ask_size\":\(str(ask?.quantity)),"
                + "\"malformed\":\(report.malformed),\"stale\":\(report.stale)}"
            print(out)
        } else {
            print("symbol      \(report.symbol?.name ?? "-")")
            print("messages    \(report.messages)  (book \(report.bookFrames), trades \(report.tradeFrames), other \(report.otherFrames))")
            print("seconds     \(String(format: "%.6f", seconds))")
            print("msgs/s      \(String(format: "%.0f", rate))")
            print("best bid    \(bid.map { "\($0.price) x \($0.quantity)" } ?? "-")")
            print("best ask    \(ask.map { "\($0.price) x \($0.quantity)" } ?? "-")")
            print("malformed   \(report.malformed)")
            print("stale       \(report.stale)")
        }
    }
}
