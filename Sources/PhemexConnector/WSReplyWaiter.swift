import PhemexWire
import Synchronization

/// Matches WebSocket replies to the requests waiting for them (one per request id), with a
/// timeout. Thread-safe; used by the reader task and the sender task of one connection.
final class WSReplyWaiter: Sendable {
    private struct State {
        var waiting: [Int64: CheckedContinuation<WSReply, any Error>] = [:]
        var early: [Int64: Result<WSReply, any Error>] = [:]
        var closed = false
    }
    private let state = Mutex(State())

    /// Waits for the reply to `id`; throws `.transport` on timeout or when the connection ends.
    func wait(for id: Int64, timeout: Duration) async throws -> WSReply {
        try await withThrowingTaskGroup(of: WSReply.self) { group in
            group.addTask {
                try await withCheckedThrowingContinuation { (c: CheckedContinuation<WSReply, any Error>) in
                    let immediate: Result<WSReply, any Error>? = self.state.withLock { s in
                        if s.closed { return .failure(PhemexConnectorError.transport("connection closed")) }
                        if let r = s.early.removeValue(forKey: id) { return r }
                        s.waiting[id] = c
                        return nil
                    }
                    if let immediate { c.resume(with: immediate) }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                self.fail(id: id, PhemexConnectorError.transport("no reply to request \(id) within \(timeout)"))
                throw PhemexConnectorError.transport("no reply to request \(id) within \(timeout)")
            }
            defer { group.cancelAll() }
            do {
                guard let first = try await group.next() else {
                    throw PhemexConnectorError.transport("reply wait ended")
                }
                return first
            } catch {
                self.fail(id: id, error)
                throw error
            }
        }
    }

    /// Delivers a reply (called by the reader).
    func deliver(_ reply: WSReply) {
        guard let id = reply.id else { return }
        let c = state.withLock { s -> CheckedContinuation<WSReply, any Error>? in
            if let c = s.waiting.removeValue(forKey: id) { return c }
            if !s.closed && s.early.count < 1024 { s.early[id] = .success(reply) }
            return nil
        }
        c?.resume(returning: reply)
    }

    private func fail(id: Int64, _ error: any Error) {
        let c = state.withLock { s -> CheckedContinuation<WSReply, any Error>? in
            if let c = s.waiting.removeValue(forKey: id) { return c }
            s.early[id] = .failure(error)
            return nil
        }
        c?.resume(throwing: error)
    }

    /// Fails every waiter (connection ended).
    func closeAll() {
        let all = state.withLock { s -> [CheckedContinuation<WSReply, any Error>] in
            s.closed = true
            let v = Array(s.waiting.values)
            s.waiting.removeAll()
            s.early.removeAll()
            return v
        }
        for c in all { c.resume(throwing: PhemexConnectorError.transport("connection closed")) }
    }
}
