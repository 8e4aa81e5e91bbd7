#if canImport(Glibc)
import Glibc
#endif

/// Gives back, once after start-up, the memory the daemon touched only while starting.
///
/// Most of a fresh daemon's RSS is clean, file-backed pages: code and read-only data of the
/// binary and of the Swift, Foundation and ICU libraries that start-up ran once (argument and
/// YAML parsing, TLS and HTTP set-up, the first reconciliation) and that the kernel mapped in
/// large read-around chunks. `releaseStartupPages()` asks the kernel to reclaim the read-only
/// file-backed mappings of this process (`madvise(MADV_PAGEOUT)`; pages other processes map
/// are left alone by the kernel).
/// The mappings are also marked random-access (`MADV_RANDOM`), so the steady-state code
/// faults back in page by page as it runs and RSS settles at the working set.
/// Writable and anonymous memory (the engine's state) is never touched. Linux only; a no-op
/// elsewhere.
public enum StartupMemoryTrim {
    /// What one release did.
    public struct Result: Sendable, Equatable {
        /// Bytes of read-only file-backed mappings the kernel was asked to reclaim.
        public var advisedBytes: Int
        /// Resident set before and right after, in KiB (0 when unknown).
        public var rssBeforeKiB: Int
        public var rssAfterKiB: Int
    }

    /// Releases the start-up pages; see the type's documentation.
    public static func releaseStartupPages() -> Result {
        let before = residentKiB()
        var advised = 0
        #if os(Linux)
        let mappings = readOnlyFileMappings(maps: readFile("/proc/self/maps"))
        for range in mappings {
            guard let start = UnsafeMutableRawPointer(bitPattern: range.start) else { continue }
            // Random-access advice first: later faults read single pages instead of large
            // read-ahead chunks, so what comes back is the code that actually runs.
            _ = madvise(start, range.length, randomAccessAdvice)
            if madvise(start, range.length, pageOutAdvice) == 0 { advised += range.length }
        }
        // Unmapped pages that stay in the page cache would come back in 64 KiB fault-around
        // windows; dropping the now-unmapped cached pages of these files (the kernel keeps any
        // page another process maps) makes them come back one page at a time.
        var dropped = Set<String>()
        for range in mappings where dropped.insert(range.path).inserted {
            let fd = open(range.path, O_RDONLY)
            guard fd >= 0 else { continue }
            _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
            close(fd)
        }
        #endif
        return Result(advisedBytes: advised, rssBeforeKiB: before, rssAfterKiB: residentKiB())
    }

    /// `MADV_PAGEOUT` (Linux 5.4+); an older kernel answers EINVAL and nothing happens.
    static let pageOutAdvice: Int32 = 21
    /// `MADV_RANDOM`: no read-ahead on later faults of these mappings.
    static let randomAccessAdvice: Int32 = 1

    /// One mapping of `/proc/PID/maps`.
    struct MappedRange: Equatable {
        var start: UInt
        var length: Int
        var path: String
    }

    /// The read-only (not writable), file-backed, private mappings of a `/proc/PID/maps` text.
    static func readOnlyFileMappings(maps: String) -> [MappedRange] {
        var out: [MappedRange] = []
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[5].hasPrefix("/") else { continue }
            let perms = fields[1]
            guard perms.hasPrefix("r"), !perms.contains("w"), perms.hasSuffix("p") else { continue }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let lo = UInt(bounds[0], radix: 16), let hi = UInt(bounds[1], radix: 16), hi > lo
            else { continue }
            out.append(MappedRange(start: lo, length: Int(hi - lo), path: fields[5...].joined(separator: " ")))
        }
        return out
    }

    /// `VmRSS` of this process in KiB, or 0.
    public static func residentKiB() -> Int {
        for line in readFile("/proc/self/status").split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let digits = line.dropFirst("VmRSS:".count).filter(\.isNumber)
            return Int(String(digits)) ?? 0
        }
        return 0
    }

    /// Whole small `/proc` file as text ("" when unreadable).
    static func readFile(_ path: String) -> String {
        #if os(Linux)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
        #else
        return ""
        #endif
    }
}
