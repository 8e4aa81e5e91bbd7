#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MarketCore
import TradingEngine

/// The state file `state/NAME.state.json`: versioned engine state plus run metadata.
public struct StateFile: Codable, Sendable, Equatable {
    public static let currentVersion = 1
    public var version: Int
    public var bot: String
    /// `running` while the daemon lives, `stopped` after a clean stop.
    public var status: String
    public var pid: Int32?
    public var savedAt: Timestamp
    public var network: String
    public var engine: EngineState
    public init(bot: String, status: String, pid: Int32?, savedAt: Timestamp, network: String, engine: EngineState) {
        self.version = StateFile.currentVersion
        self.bot = bot
        self.status = status
        self.pid = pid
        self.savedAt = savedAt
        self.network = network
        self.engine = engine
    }
}

/// Reads and writes state files atomically: temp file, fsync, rename, fsync of the
/// directory, mode 0600.
public enum StateStore {
    /// Writes `state` to `path` atomically.
    public static func save(_ state: StateFile, to path: String) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = try e.encode(state)
        try writeAtomically(data, to: path, mode: 0o600)
    }

    /// Loads a state file; `nil` if there is none.
    public static func load(from path: String) throws -> StateFile? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let s = try JSONDecoder().decode(StateFile.self, from: data)
        guard s.version <= StateFile.currentVersion else {
            throw FileError.io("\(path): state version \(s.version) is newer than this mmbot (\(StateFile.currentVersion))")
        }
        return s
    }

    /// temp + fsync + rename + directory fsync.
    public static func writeAtomically(_ data: Data, to path: String, mode: mode_t) throws {
        let tmp = "\(path).tmp.\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileError.io("cannot create \(tmp): \(String(cString: strerror(errno)))") }
        _ = fchmod(fd, mode)
        let ok = data.withUnsafeBytes { buf -> Bool in
            var off = 0
            while off < buf.count {
                let n = write(fd, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { return false }
                off += n
            }
            return true
        }
        guard ok, fsync(fd) == 0 else {
            _ = close(fd)
            unlink(tmp)
            throw FileError.io("cannot write \(tmp)")
        }
        _ = close(fd)
        guard rename(tmp, path) == 0 else {
            unlink(tmp)
            throw FileError.io("cannot rename \(tmp) to \(path): \(String(cString: strerror(errno)))")
        }
        let dir = (path as NSString).deletingLastPathComponent
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 {
            _ = fsync(dfd)
            _ = close(dfd)
        }
    }
}

/// `state/NAME.pid`: the pid of a running daemon.
public enum PidFile {
    public static func write(_ path: String) throws {
        try StateStore.writeAtomically(Data("\(getpid())\n".utf8), to: path, mode: 0o644)
    }
    /// The pid in the file if that process is alive.
    public static func livePid(_ path: String) -> Int32? {
        guard let data = FileManager.default.contents(atPath: path),
            let pid = Int32(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
            pid > 0
        else { return nil }
        return kill(pid, 0) == 0 || errno == EPERM ? pid : nil
    }
    public static func remove(_ path: String) { unlink(path) }
}
