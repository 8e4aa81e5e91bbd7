import Foundation
import Strategies
import TradingEngine

/// `mmbot replay JOURNAL…`: re-runs a journal through a fresh engine, printing outputs as JSON lines.
public enum ReplayRunner {
    /// Replays the file at `path` together with its rotated predecessors; returns the number of inputs.
    public static func run(path: String, emit: (String) -> Void) throws -> Int {
        try run(paths: [path], emit: emit)
    }

    /// Replays `paths` in order. A single live journal (`NAME.journal.jsonl`) brings its rotated
    /// files along (`NAME.journal.jsonl.<n>` … `.1`, oldest first), so a rotated run replays
    /// byte for byte; a single rotated file (`….jsonl.3`) or several paths replay as given.
    public static func run(paths: [String], emit: (String) -> Void) throws -> Int {
        guard !paths.isEmpty else { throw FileError.io("no journal file given") }
        let files = paths.count == 1 ? rotatedSet(paths[0]) : paths
        var texts: [String] = []
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw FileError.io("cannot read \(path)")
            }
            texts.append(String(decoding: data, as: UTF8.self))
        }
        let replayer = JournalReplayer { header in try StrategyFile.strategy(fromText: header.strategyConfig) }
        return try replayer.replay(texts, emit: emit)
    }

    /// `path` preceded by its rotated files `path.<n>` … `path.1` that exist (oldest first).
    public static func rotatedSet(_ path: String) -> [String] {
        let fm = FileManager.default
        var older: [String] = []
        var n = 1
        while fm.fileExists(atPath: "\(path).\(n)") {
            older.append("\(path).\(n)")
            n += 1
        }
        return older.reversed() + [path]
    }
}
