/// A request the engine asks the exchange adapter (connector or simulator) to perform. Every
/// command carries a correlation id so the outcome can be matched back.
public enum ExchangeCommand: Hashable, Sendable, Codable {
    case place(OrderRequest)
    /// Amend price and/or quantity of a resting order, identified by client order id.
    case amend(clientOrderID: ClientOrderID, symbol: Symbol, positionSide: PositionSide, price: Price?, quantity: Quantity?)
    case cancel(clientOrderID: ClientOrderID, symbol: Symbol, positionSide: PositionSide)
    /// Cancel several own orders of one symbol in one request.
    case cancelBulk(clientOrderIDs: [ClientOrderID], symbol: Symbol, positionSide: PositionSide)
    /// Ask the current state of one order (used to resolve UNKNOWN outcomes).
    case queryOrder(clientOrderID: ClientOrderID, symbol: Symbol)
    /// List open orders of a symbol (reconciliation).
    case fetchOpenOrders(symbol: Symbol)
    /// Positions and balance (reconciliation).
    case fetchPositions(currency: String)

    /// `true` for commands that only read.
    public var isReadOnly: Bool {
        switch self {
        case .queryOrder, .fetchOpenOrders, .fetchPositions: return true
        default: return false
        }
    }
    /// The symbol the command concerns, if any.
    public var symbol: Symbol? {
        switch self {
        case .place(let r): return r.symbol
        case .amend(_, let s, _, _, _), .cancel(_, let s, _), .cancelBulk(_, let s, _), .queryOrder(_, let s),
            .fetchOpenOrders(let s):
            return s
        case .fetchPositions: return nil
        }
    }
}

/// Rate-limit state of one API group as read from `x-ratelimit-*` headers.
public struct RateLimitStatus: Hashable, Sendable, Codable {
    /// Group name as in the header suffix (`CONTRACT`, `` for Others, `CONTRACT_BTCUSDT`).
    public var group: String
    public var remaining: Int?
    public var capacity: Int?
    /// Seconds until the group may be used again (only when limited).
    public var retryAfterSeconds: Int?
    public init(group: String, remaining: Int?, capacity: Int?, retryAfterSeconds: Int?) {
        self.group = group
        self.remaining = remaining
        self.capacity = capacity
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// How a command ended, as far as the adapter can tell.
public enum CommandOutcome: Hashable, Sendable, Codable {
    /// The exchange accepted the request (not a final order state; the stream follows).
    case acknowledged
    /// Business or validation refusal with the exchange's code; nothing happened.
    case rejected(code: Int, message: String)
    /// HTTP 429: nothing happened; retry after the given seconds.
    case rateLimited(retryAfterSeconds: Int?)
    /// Timeout, connection loss or 5xx: the action may or may not have happened. Never resend
    /// blindly: query by client order id first.
    case unknown(reason: String)
}

/// The adapter's answer to a command.
public struct CommandResult: Hashable, Sendable, Codable {
    /// Correlation id of the command.
    public var commandID: UInt64
    public var command: ExchangeCommand
    public var outcome: CommandOutcome
    /// Order states learned from the reply (create/amend/cancel ack, query, open-order list).
    public var reports: [ExecutionReport]
    public var positions: [PositionReport]
    public var balances: [BalanceReport]
    /// Rate-limit headers of the reply, per group.
    public var rateLimits: [RateLimitStatus]
    /// HTTP status when there was one.
    public var httpStatus: Int?
    public var time: Timestamp
    public init(
        commandID: UInt64, command: ExchangeCommand, outcome: CommandOutcome, reports: [ExecutionReport] = [],
        positions: [PositionReport] = [], balances: [BalanceReport] = [], rateLimits: [RateLimitStatus] = [],
        httpStatus: Int? = nil, time: Timestamp
    ) {
        self.commandID = commandID
        self.command = command
        self.outcome = outcome
        self.reports = reports
        self.positions = positions
        self.balances = balances
        self.rateLimits = rateLimits
        self.httpStatus = httpStatus
        self.time = time
    }
}

/// A public trade print.
public struct TradeTick: Hashable, Sendable, Codable {
    public var symbol: Symbol
    /// Taker side.
    public var side: Side
    public var price: Price
    public var quantity: Quantity
    public var time: Timestamp
    public init(symbol: Symbol, side: Side, price: Price, quantity: Quantity, time: Timestamp) {
        self.symbol = symbol
        self.side = side
        self.price = price
        self.quantity = quantity
        self.time = time
    }
}

/// Best levels of a book, as handed to strategies and the engine.
public struct TopOfBook: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var bidPrice: Price?
    public var bidSize: Quantity?
    public var askPrice: Price?
    public var askSize: Quantity?
    public var sequence: Int64
    public var time: Timestamp
    public init(
        symbol: Symbol, bidPrice: Price?, bidSize: Quantity?, askPrice: Price?, askSize: Quantity?,
        sequence: Int64, time: Timestamp
    ) {
        self.symbol = symbol
        self.bidPrice = bidPrice
        self.bidSize = bidSize
        self.askPrice = askPrice
        self.askSize = askSize
        self.sequence = sequence
        self.time = time
    }
    /// Midpoint rounded down to 10⁻⁹; nil unless both sides exist.
    public var mid: Price? {
        guard let b = bidPrice, let a = askPrice else { return nil }
        return Price(raw: b.raw / 2 + a.raw / 2 + ((b.raw % 2 + a.raw % 2) / 2))
    }
}

/// Mark/index/funding update for a symbol.
public struct MarkPriceTick: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var markPrice: Price
    public var indexPrice: Price?
    /// Funding rate as a fraction (e.g. 0.0001).
    public var fundingRate: Money?
    public var time: Timestamp
    public init(symbol: Symbol, markPrice: Price, indexPrice: Price? = nil, fundingRate: Money? = nil, time: Timestamp) {
        self.symbol = symbol
        self.markPrice = markPrice
        self.indexPrice = indexPrice
        self.fundingRate = fundingRate
        self.time = time
    }
}
