import Synchronization

/// The port a server bound, delivered once to any number of waiters (or the start failure).
final class BoundPort: Sendable {
    struct State {
        var result: Result<Int, WebhookServerRunError>?
        var waiters: [CheckedContinuation<Int, any Error>] = []
    }
    let state = Mutex(State())

    /// Records the outcome (first call wins) and wakes the waiters.
    func resolve(_ result: Result<Int, WebhookServerRunError>) {
        let waiters = state.withLock { s -> [CheckedContinuation<Int, any Error>] in
            guard s.result == nil else { return [] }
            s.result = result
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume(with: result.mapError { $0 as any Error }) }
    }

    /// Waits for the outcome.
    func value() async throws -> Int {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Int, any Error>) in
            let ready = state.withLock { s -> Result<Int, WebhookServerRunError>? in
                if let r = s.result { return r }
                s.waiters.append(c)
                return nil
            }
            if let ready { c.resume(with: ready.mapError { $0 as any Error }) }
        }
    }
}

/// The server stopped before (or without) binding its port.
public struct WebhookServerRunError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "webhook server: \(message)" }
}
