#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An append-only line file rotated by size: `NAME` → `NAME.1` → … → `NAME.<keep>`.
///
/// Not thread-safe; owners serialise access (the log sink holds it under a mutex).
public final class RotatingFile {
    public let path: String
    let maxBytes: Int
    let keep: Int
    let mode: mode_t
    var fd: Int32 = -1
    var size = 0
    /// Called after a rotation with the new (empty) file open, e.g. to write a header.
    var onRotate: ((RotatingFile) -> Void)?

    public init(path: String, maxBytes: Int, keep: Int, mode: mode_t = 0o644) throws {
        self.path = path
        self.maxBytes = maxBytes
        self.keep = keep
        self.mode = mode
        try open()
    }

    deinit { if fd >= 0 { _ = close(fd) } }

    func open() throws {
        fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileError.io("cannot open \(path): \(String(cString: strerror(errno)))") }
        var st = stat()
        size = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
    }

    /// Appends one line (a newline is added).
    public func append(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(10)
        if size > 0 && size + bytes.count > maxBytes { rotate() }
        bytes.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = write(fd, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { break }
                off += n
            }
        }
        size += bytes.count
    }

    /// Flushes to disk.
    public func sync() { _ = fsync(fd) }

    func rotate() {
        _ = close(fd)
        fd = -1
        let fm = FileManager.default
        try? fm.removeItem(atPath: "\(path).\(keep)")
        if keep > 1 {
            for i in stride(from: keep - 1, through: 1, by: -1) where fm.fileExists(atPath: "\(path).\(i)") {
                _ = Glibc.rename("\(path).\(i)", "\(path).\(i + 1)")
            }
        }
        _ = Glibc.rename(path, "\(path).1")
        try? open()
        onRotate?(self)
    }
}

/// File-level errors of the runtime.
public enum FileError: Error, CustomStringConvertible, Sendable {
    case io(String)
    public var description: String {
        switch self {
        case .io(let m): return m
        }
    }
}
