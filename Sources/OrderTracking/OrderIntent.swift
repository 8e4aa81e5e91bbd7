import MarketCore

/// One request the tracker considers sending, as the rule engine sees it.
public struct OrderIntent: Hashable, Sendable {
    public var kind: IntentKind
    public var symbol: Symbol
    public var side: Side
    public var type: OrderType
    public var timeInForce: TimeInForce
    /// Target limit price (new/amend).
    public var price: Price?
    /// Target order quantity (new/amend).
    public var quantity: Quantity
    public var reduceOnly: Bool
    /// Risk-reducing order or risk cancel: exempt from resting-time and activity rules.
    public var isRisk: Bool
    /// A normal requote (soft minimum resting time applies to its amend/cancel).
    public var isQuote: Bool
    /// Age of the order being amended/cancelled (time since it started resting).
    public var orderAge: Nanoseconds
    /// The order concerned (amend/cancel) or to be created.
    public var clientOrderID: ClientOrderID?
    /// Request weight.
    public var weight: Int

    public init(
        kind: IntentKind, symbol: Symbol, side: Side, type: OrderType = .limit, timeInForce: TimeInForce = .postOnly,
        price: Price?, quantity: Quantity, reduceOnly: Bool = false, isRisk: Bool = false, isQuote: Bool = true,
        orderAge: Nanoseconds = .zero, clientOrderID: ClientOrderID? = nil, weight: Int = 1
    ) {
        self.kind = kind
        self.symbol = symbol
        self.side = side
        self.type = type
        self.timeInForce = timeInForce
        self.price = price
        self.quantity = quantity
        self.reduceOnly = reduceOnly
        self.isRisk = isRisk
        self.isQuote = isQuote
        self.orderAge = orderAge
        self.clientOrderID = clientOrderID
        self.weight = weight
    }
}
