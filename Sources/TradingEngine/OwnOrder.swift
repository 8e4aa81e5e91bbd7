import MarketCore
import OrderTracking

/// A read-only view of one own open order, taken from the order tracker (status pages, tests).
///
/// Quotes carry the strategy's level (0 = innermost); one-off and adopted orders have
/// `level == -1`.
public struct OwnOrder: Hashable, Sendable, Codable {
    /// Engine-side status.
    public enum Status: String, Hashable, Sendable, Codable {
        /// Sent, no acknowledgement yet.
        case pendingNew
        /// Resting on the book.
        case open
        /// Amend sent, not yet confirmed.
        case pendingAmend
        /// Cancel sent, not yet confirmed.
        case pendingCancel
        /// The outcome of the last command is unknown: a query by clOrdID is in flight.
        case unknown
    }

    public var clientOrderID: ClientOrderID
    public var orderID: String?
    public var symbol: Symbol
    public var side: Side
    public var level: Int
    public var price: Price?
    public var quantity: Quantity
    public var filled: Quantity
    public var status: Status
    public var positionSide: PositionSide
    public var createdAt: Timestamp

    /// The view of a tracked order.
    public init(tracked o: TrackedOrder) {
        clientOrderID = o.clientOrderID
        orderID = o.exchangeOrderID
        symbol = o.symbol
        side = o.side
        level = o.role == .single ? -1 : o.level
        price = o.price
        quantity = o.quantity
        filled = o.filledQuantity
        switch o.state {
        case .pendingNew: status = .pendingNew
        case .pendingReplace: status = .pendingAmend
        case .pendingCancel: status = .pendingCancel
        case .unknown: status = .unknown
        case .new, .partiallyFilled, .filled, .canceled, .rejected: status = o.cancelWanted ? .pendingCancel : .open
        }
        positionSide = o.positionSide
        createdAt = o.createdAt
    }

    /// `true` for strategy quotes (managed by reconciliation).
    public var isQuote: Bool { level >= 0 }
    /// Quantity still working.
    public var remaining: Quantity { quantity - filled }
}

/// The engine's view of one market: top of book, freshness, last trade and mark.
public struct MarketState: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var top: TopOfBook?
    /// When the last book update was received (receivedAt).
    public var lastBookAt: Timestamp?
    /// The adapter declared the book untrustworthy (until `.bookValid` or a new snapshot).
    public var invalidated: Bool
    /// Quotes were pulled because the book went stale.
    public var pulled: Bool
    public var lastTrade: TradeTick?
    public var markPrice: Price?
    /// Own orders found live at (re)start wait for the first quote decision: the tracker keeps
    /// what the strategy wants and cancels the rest before any new quote goes out.
    public var settlePending: Bool?
    public init(symbol: Symbol) {
        self.symbol = symbol
        self.invalidated = true
        self.pulled = false
    }
}

/// Position and PnL of one symbol as the engine accounts them.
public struct PositionState: Hashable, Sendable, Codable {
    public var symbol: Symbol
    /// Signed size (long > 0).
    public var size: Quantity
    public var averageEntryPrice: Price?
    /// Realized PnL in the settle currency (before fees).
    public var realizedPnL: Money
    /// Fees paid (negative = rebates received).
    public var fees: Money
    public var fillCount: Int
    /// Traded volume in quantity units.
    public var volume: Quantity
    public init(symbol: Symbol) {
        self.symbol = symbol
        self.size = .zero
        self.realizedPnL = .zero
        self.fees = .zero
        self.fillCount = 0
        self.volume = .zero
    }
}

/// Counters for status and metrics.
public struct EngineCounters: Hashable, Sendable, Codable {
    public var ordersSent: Int = 0
    public var amendsSent: Int = 0
    public var cancelsSent: Int = 0
    public var rejected: Int = 0
    public var denied: Int = 0
    public var rateLimited: Int = 0
    public var unknownOutcomes: Int = 0
    public var fills: Int = 0
    public var stalePulls: Int = 0
    public var marketThroughCancels: Int = 0
    public init() {}
}
