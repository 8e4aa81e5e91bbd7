#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `mmbot stop NAME`: SIGTERM to the pid in `state/NAME.pid`, then wait for the exit.
public enum StopRunner {
    public enum Outcome: Equatable, Sendable {
        case stopped(pid: Int32)
        case notRunning
        case timedOut(pid: Int32)
    }

    public static func stop(name: String, stateDir: String, timeoutSeconds: Double = 30) async -> Outcome {
        let paths = DaemonPaths(name: name, stateDir: stateDir, logDir: "")
        guard let pid = PidFile.livePid(paths.pidFile) else { return .notRunning }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            if kill(pid, 0) != 0 && errno == ESRCH { return .stopped(pid: pid) }
            if !FileManager.default.fileExists(atPath: paths.pidFile) { return .stopped(pid: pid) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return .timedOut(pid: pid)
    }
}
