#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
    ///
    /// Every file is opened first (one that cannot be opened fails before any output), then
    /// read in 1 MiB chunks into one reused buffer (`JournalReplayer.replay(files:read:emit:)`):
    /// reading a whole journal into memory and making it a `String` cost as much as replaying
    /// it (README, daemon benchmark).
    public static func run(paths: [String], emit: (String) -> Void) throws -> Int {
        guard !paths.isEmpty else { throw FileError.io("no journal file given") }
        let files = paths.count == 1 ? rotatedSet(paths[0]) : paths
        var descriptors: [Int32] = []
        defer { for fd in descriptors { _ = close(fd) } }
        for path in files {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw FileError.io("cannot read \(path)") }
            descriptors.append(fd)
        }
        let replayer = JournalReplayer { header in try StrategyFile.strategy(fromText: header.strategyConfig) }
        return try replayer.replay(
            files: descriptors.count,
            read: { file, into in
                while true {
                    let n = read(descriptors[file], into.baseAddress, into.count)
                    if n >= 0 { return n }
                    guard errno == EINTR else { throw FileError.io("cannot read \(files[file])") }
                }
            }, emit: emit)
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
