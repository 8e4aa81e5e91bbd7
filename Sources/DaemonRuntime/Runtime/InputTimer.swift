import MarketCore
import Synchronization
import TradingEngine

/// The engine's single timer: `schedule(at:)` replaces the previous one; when it fires a
/// `.timer` input is yielded into the engine's stream.
final class InputTimer: Sendable {
    let task = Mutex<Task<Void, Never>?>(nil)
    let sink: AsyncStream<EngineInput>.Continuation

    init(sink: AsyncStream<EngineInput>.Continuation) { self.sink = sink }

    func schedule(at: Timestamp) {
        let sink = self.sink
        let t = Task {
            let delay = at.nanos - WallClock.nanos()
            if delay > 0 {
                do { try await Task.sleep(for: .nanoseconds(delay)) } catch { return }
            }
            sink.yield(EngineInput(receivedAt: WallClock.now(), kind: .timer))
        }
        task.withLock { old in
            old?.cancel()
            old = t
        }
    }

    func cancel() { task.withLock { $0?.cancel() } }
}
