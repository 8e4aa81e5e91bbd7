import Foundation
import Strategies
import TradingEngine

/// `mmbot replay JOURNAL`: re-runs a journal through a fresh engine, printing outputs as JSON lines.
public enum ReplayRunner {
    /// Replays the file at `path`; returns the number of inputs.
    public static func run(path: String, emit: (String) -> Void) throws -> Int {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError.io("cannot read \(path)")
        }
        let replayer = JournalReplayer { header in try StrategyFile.strategy(fromText: header.strategyConfig) }
        return try replayer.replay(String(decoding: data, as: UTF8.self), emit: emit)
    }
}
