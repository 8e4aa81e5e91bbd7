import MarketCore

/// The single outlet of `ExchangeEvent`s (an unbounded `AsyncStream`: execution reports must
/// never be dropped). Thread-safe.
final class EventSink: Sendable {
    let stream: AsyncStream<ExchangeEvent>
    private let continuation: AsyncStream<ExchangeEvent>.Continuation

    init() {
        let (s, c) = AsyncStream.makeStream(of: ExchangeEvent.self, bufferingPolicy: .unbounded)
        stream = s
        continuation = c
    }

    func yield(_ event: ExchangeEvent) { continuation.yield(event) }

    func finish() { continuation.finish() }
}
