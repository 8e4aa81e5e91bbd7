#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import MarketCore
import Synchronization

/// Where log lines go: stdout and the rotated `logs/NAME.log`, in text or JSON.
public final class LogSink: Sendable {
    let state: Mutex<RotatingFileBox?>
    let json: Bool
    let toStdout: Bool
    public let minimumLevel: Logger.Level

    final class RotatingFileBox: @unchecked Sendable {
        let file: RotatingFile
        init(_ file: RotatingFile) { self.file = file }
    }

    public init(file: RotatingFile?, json: Bool, toStdout: Bool = true, minimumLevel: Logger.Level) {
        self.state = Mutex(file.map(RotatingFileBox.init))
        self.json = json
        self.toStdout = toStdout
        self.minimumLevel = minimumLevel
    }

    /// Writes one event.
    public func write(level: Logger.Level, component: String, symbol: String?, clOrdID: String?, message: String) {
        guard level >= minimumLevel else { return }
        let time = Timestamp(nanos: WallClock.nanos())
        let name = LogSink.levelName(level)
        let line = json
            ? LogLineFormat.json(time: time, level: name.lowercased(), component: component, symbol: symbol, clOrdID: clOrdID, message: message)
            : LogLineFormat.text(time: time, level: name, component: component, symbol: symbol, clOrdID: clOrdID, message: message)
        state.withLock { box in
            if toStdout {
                var bytes = Array(line.utf8)
                bytes.append(10)
                bytes.withUnsafeBytes { _ = Glibc.write(1, $0.baseAddress!, $0.count) }
            }
            box?.file.append(line)
        }
    }

    static func levelName(_ l: Logger.Level) -> String {
        switch l {
        case .trace: return "TRACE"
        case .debug: return "DEBUG"
        case .info, .notice: return "INFO"
        case .warning: return "WARN"
        case .error: return "ERROR"
        case .critical: return "CRIT"
        }
    }
}

/// A swift-log handler writing through a `LogSink`; metadata `component`, `symbol` and
/// `clOrdID` become the fixed columns of the line.
public struct SinkLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let sink: LogSink
    let label: String

    public init(label: String, sink: LogSink) {
        self.label = label
        self.sink = sink
        self.logLevel = sink.minimumLevel
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let m = event.metadata { all.merge(m) { _, new in new } }
        let component = all["component"].map { "\($0)" } ?? label.split(separator: ".").last.map(String.init) ?? label
        sink.write(
            level: event.level, component: component, symbol: all["symbol"].map { "\($0)" },
            clOrdID: all["clOrdID"].map { "\($0)" }, message: "\(event.message)")
    }
}

/// The wall clock of the runtime (the only place that reads it).
public enum WallClock {
    public static func nanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
    public static func now() -> MarketCore.Timestamp { Timestamp(nanos: nanos()) }
}
