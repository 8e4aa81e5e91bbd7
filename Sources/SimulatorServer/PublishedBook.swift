import ExchangeSimulator
import MarketCore

/// The book as last published on one `orderbook_p`/`orderbook` stream: the levels a client
/// holds after applying every frame up to `sequence`.
public struct PublishedBook: Sendable, Hashable {
    public var symbol: Symbol
    public var depth: Int
    public var sequence: Int64
    public var bids: [SimLevel]
    public var asks: [SimLevel]
}

extension SimulatorCore {
    func publishedBook(_ symbol: String, depth: Int) -> PublishedBook? {
        guard let s = books[BookKey(symbol: symbol, depth: depth)] else { return nil }
        return PublishedBook(symbol: Symbol(symbol), depth: depth, sequence: s.sequence, bids: s.bids, asks: s.asks)
    }
}

extension SimulatorServer {
    /// The book a subscriber of (`symbol`, `depth`) must hold once it has applied the frame with
    /// the returned `sequence` — the exact reference for book-consistency tests (the true book
    /// may already be ahead of what was published). `nil` until someone subscribed.
    public func publishedBook(symbol: String, depth: Int = 30) async -> PublishedBook? {
        guard let c = try? core() else { return nil }
        return await c.publishedBook(symbol, depth: depth)
    }
}
