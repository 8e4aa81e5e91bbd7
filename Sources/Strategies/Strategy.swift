import MarketCore

/// One quote a strategy would like to have resting on the book.
///
/// Strategies only *propose*: the order tracker decides what is actually sent, amended,
/// cancelled or delayed.
public struct QuoteProposal: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var side: Side
    /// Level index from the touch (0 = innermost) — lets the tracker pair proposals with
    /// resting orders for minimal amends.
    public var level: Int
    public var price: Price
    public var quantity: Quantity
    public var timeInForce: TimeInForce
    public var reduceOnly: Bool
    public var positionSide: PositionSide
    public init(
        symbol: Symbol, side: Side, level: Int, price: Price, quantity: Quantity,
        timeInForce: TimeInForce = .postOnly, reduceOnly: Bool = false, positionSide: PositionSide = .merged
    ) {
        self.symbol = symbol
        self.side = side
        self.level = level
        self.price = price
        self.quantity = quantity
        self.timeInForce = timeInForce
        self.reduceOnly = reduceOnly
        self.positionSide = positionSide
    }
}

/// A one-off order a strategy wants (stop-loss, take-profit, webhook signal): sent once
/// through the tracker, not maintained as a quote.
public struct OrderProposal: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var side: Side
    public var type: OrderType
    public var timeInForce: TimeInForce
    public var price: Price?
    public var stopPrice: Price?
    public var quantity: Quantity
    public var reduceOnly: Bool
    public var positionSide: PositionSide
    public var trigger: TriggerSource?
    /// `true` if it reduces risk (stop-loss): the tracker lets it through ahead of new quotes.
    public var isRiskReducing: Bool
    /// Caller's tag (e.g. webhook alert id) echoed back in audit records.
    public var tag: String?
    public init(
        symbol: Symbol, side: Side, type: OrderType, timeInForce: TimeInForce = .goodTillCancel,
        price: Price? = nil, stopPrice: Price? = nil, quantity: Quantity, reduceOnly: Bool = false,
        positionSide: PositionSide = .merged, trigger: TriggerSource? = nil, isRiskReducing: Bool = false,
        tag: String? = nil
    ) {
        self.symbol = symbol
        self.side = side
        self.type = type
        self.timeInForce = timeInForce
        self.price = price
        self.stopPrice = stopPrice
        self.quantity = quantity
        self.reduceOnly = reduceOnly
        self.positionSide = positionSide
        self.trigger = trigger
        self.isRiskReducing = isRiskReducing
        self.tag = tag
    }
}

/// What a strategy sees when asked for quotes: pure data, time included.
public struct StrategyContext: Sendable {
    public var now: Timestamp
    public var instrument: InstrumentSpec
    public var top: TopOfBook?
    public var lastTrade: TradeTick?
    public var markPrice: Price?
    /// Net position (long > 0) in the instrument's quantity unit.
    public var position: Quantity
    /// Long and short legs in hedged mode (both zero in one-way mode).
    public var longPosition: Quantity
    public var shortPosition: Quantity
    public var averageEntryPrice: Price?
    /// Account equity in the settle currency, excluding unrealized PnL.
    public var equity: Money
    /// The strategy's own live quotes as the tracker knows them (price, qty, side, level, age).
    public var liveQuotes: [LiveQuote]
    /// Maker and taker fee rates as fractions (0.0001 = 1 bp).
    public var makerFeeRate: Money
    public var takerFeeRate: Money
    /// `false` while the book is stale: strategies should propose nothing.
    public var bookIsValid: Bool
    public init(
        now: Timestamp, instrument: InstrumentSpec, top: TopOfBook?, lastTrade: TradeTick? = nil,
        markPrice: Price? = nil, position: Quantity = .zero, longPosition: Quantity = .zero,
        shortPosition: Quantity = .zero, averageEntryPrice: Price? = nil, equity: Money = .zero,
        liveQuotes: [LiveQuote] = [], makerFeeRate: Money = .zero, takerFeeRate: Money = .zero,
        bookIsValid: Bool = true
    ) {
        self.now = now
        self.instrument = instrument
        self.top = top
        self.lastTrade = lastTrade
        self.markPrice = markPrice
        self.position = position
        self.longPosition = longPosition
        self.shortPosition = shortPosition
        self.averageEntryPrice = averageEntryPrice
        self.equity = equity
        self.liveQuotes = liveQuotes
        self.makerFeeRate = makerFeeRate
        self.takerFeeRate = takerFeeRate
        self.bookIsValid = bookIsValid
    }
}

/// A resting quote of the strategy, as the tracker reports it.
public struct LiveQuote: Hashable, Sendable, Codable {
    public var clientOrderID: ClientOrderID
    public var side: Side
    public var level: Int
    public var price: Price
    public var quantity: Quantity
    public var filledQuantity: Quantity
    public var createdAt: Timestamp
    public init(
        clientOrderID: ClientOrderID, side: Side, level: Int, price: Price, quantity: Quantity,
        filledQuantity: Quantity = .zero, createdAt: Timestamp
    ) {
        self.clientOrderID = clientOrderID
        self.side = side
        self.level = level
        self.price = price
        self.quantity = quantity
        self.filledQuantity = filledQuantity
        self.createdAt = createdAt
    }
}

/// What a strategy answers: the full desired quote set (an empty set means "no quotes"), any
/// one-off orders, and when it next wants to be asked even if nothing happens.
public struct StrategyDecision: Sendable, Equatable {
    /// The complete set of quotes wanted now; `nil` means "leave the current quotes alone".
    public var quotes: [QuoteProposal]?
    public var orders: [OrderProposal]
    /// Ask again no later than this (a timer, never a sleep).
    public var wakeAt: Timestamp?
    /// Human-readable notes for the log (e.g. "inventory skew 0.3").
    public var notes: [String]
    public init(quotes: [QuoteProposal]?, orders: [OrderProposal] = [], wakeAt: Timestamp? = nil, notes: [String] = []) {
        self.quotes = quotes
        self.orders = orders
        self.wakeAt = wakeAt
        self.notes = notes
    }
    /// Keep what rests; no orders.
    public static let unchanged = StrategyDecision(quotes: nil)
}

/// A pure, deterministic quoting strategy. It never sends: it proposes. Time arrives in the
/// context; state it keeps must be `Codable` so the daemon can persist and resume it.
public protocol Strategy: Sendable {
    /// Strategy name as in the YAML `strategy:` key (e.g. `pure_market_making`).
    static var name: String { get }
    /// The symbol(s) traded; fixed for the strategy's life (the engine reads it once).
    var symbols: [Symbol] { get }
    /// Called on every relevant input (book change, trade, fill, timer). Must be cheap.
    mutating func decide(_ context: StrategyContext) -> StrategyDecision
    /// The decision `decide(context)` would return, when the strategy knows it without deciding
    /// and deciding would change none of its state (nothing it reads moved since its last
    /// decision and none of its timers is due); `nil` = call `decide`. The engine may use the
    /// answer instead of calling `decide`, so it must be exact. Default: `nil` (always decide).
    func unchangedDecision(_ context: StrategyContext) -> StrategyDecision?
    /// A fill of one of the strategy's orders.
    mutating func onFill(_ report: ExecutionReport, context: StrategyContext)
    /// A public trade (for online volatility/intensity estimation).
    mutating func onTrade(_ trade: TradeTick)
    /// Opaque persisted state (JSON) for resume; `nil` if stateless.
    func saveState() -> [String: String]
    mutating func restoreState(_ state: [String: String])
}

extension Strategy {
    public func unchangedDecision(_ context: StrategyContext) -> StrategyDecision? { nil }
    public mutating func onFill(_ report: ExecutionReport, context: StrategyContext) {}
    public mutating func onTrade(_ trade: TradeTick) {}
    public func saveState() -> [String: String] { [:] }
    public mutating func restoreState(_ state: [String: String]) {}
}
