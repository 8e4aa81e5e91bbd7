import Synchronization

/// Counters of the connector's transport (for tests, `watch` and metrics).
public final class ConnectorStats: Sendable {
    private let attempts = Atomic<Int>(0)
    private let reconnects = Atomic<Int>(0)
    private let staleDropped = Atomic<Int>(0)
    private let frames = Atomic<Int>(0)
    private let decodeErrors = Atomic<Int>(0)

    /// Exchange `timestamp` of a book frame → local time the book was updated (only filled when
    /// `PhemexConnectorConfiguration.measureLatency` is on; meaningful when the sender stamps
    /// frames with its send time, as the benchmark server does).
    public let bookLatency = LatencyRecorder()
    /// Same origin → the moment the frame reached the session's reader, before decoding (the
    /// transport share of `bookLatency`; filled only with `measureLatency`).
    public let arrivalLatency = LatencyRecorder()

    public init() {}

    func connectionAttempt() { attempts.add(1, ordering: .relaxed) }
    func reconnect() { reconnects.add(1, ordering: .relaxed) }
    func droppedStale() { staleDropped.add(1, ordering: .relaxed) }
    func frame() { frames.add(1, ordering: .relaxed) }
    func decodeError() { decodeErrors.add(1, ordering: .relaxed) }

    /// WebSocket connection attempts (all sessions).
    public var connectionAttempts: Int { attempts.load(ordering: .relaxed) }
    /// Disconnects followed by a reconnect.
    public var reconnectCount: Int { reconnects.load(ordering: .relaxed) }
    /// Book deltas dropped because their sequence was lower than the last applied.
    public var staleFramesDropped: Int { staleDropped.load(ordering: .relaxed) }
    /// Market-data frames processed.
    public var framesProcessed: Int { frames.load(ordering: .relaxed) }
    /// Frames that could not be decoded (ignored).
    public var decodeFailures: Int { decodeErrors.load(ordering: .relaxed) }
}
