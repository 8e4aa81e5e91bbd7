import Foundation

/// CPU time of this process's threads grouped by role, read from `/proc/self/task/*/schedstat`
/// (nanoseconds on CPU) and the thread names: the connector's NIO loops ("NIO-SGLTN-…", the
/// process-wide group the connector uses), the feed server's loop ("NIO-ELT-…") and everything
/// else (concurrency pool, main).
struct ThreadCPU {
    var client: Int64 = 0
    var server: Int64 = 0
    var other: Int64 = 0

    static func now() -> ThreadCPU {
        var cpu = ThreadCPU()
        let fm = FileManager.default
        guard let tids = try? fm.contentsOfDirectory(atPath: "/proc/self/task") else { return cpu }
        for tid in tids {
            let dir = "/proc/self/task/\(tid)/"
            guard let stat = try? String(contentsOfFile: dir + "schedstat", encoding: .utf8),
                let ns = stat.split(separator: " ").first.flatMap({ Int64($0) })
            else { continue }
            let name = (try? String(contentsOfFile: dir + "comm", encoding: .utf8)) ?? ""
            if name.hasPrefix("NIO-SGLTN") {
                cpu.client += ns
            } else if name.hasPrefix("NIO-ELT") {
                cpu.server += ns
            } else {
                cpu.other += ns
            }
        }
        return cpu
    }

    static func - (a: ThreadCPU, b: ThreadCPU) -> ThreadCPU {
        ThreadCPU(client: a.client - b.client, server: a.server - b.server, other: a.other - b.other)
    }
}
