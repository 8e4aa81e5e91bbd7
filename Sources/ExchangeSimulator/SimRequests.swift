import MarketCore

/// A synchronous refusal with Phemex's business code (REST `{"code":…,"msg":…}`).
public struct SimReject: Error, Hashable, Sendable, Codable {
    public var code: Int
    /// Phemex-style name or text (`TE_CL_ORD_ID_DUPLICATE`, `OM_ORDER_NOT_FOUND` …).
    public var message: String
    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }
}

/// Identifies an own order by exchange id or client id.
public enum SimOrderRef: Hashable, Sendable, Codable {
    case orderID(String)
    case clOrdID(String)
}

/// Create-order parameters (`PUT /g-orders/create`, `POST /g-orders`, `PUT /orders/create`,
/// `POST /orders`), already decoded by the server. COIN-M passes `posSide: .merged`.
public struct SimPlaceOrder: Hashable, Sendable, Codable {
    public var symbol: Symbol
    /// Raw client id text (validated: ≤ 40 chars); nil or empty = none.
    public var clOrdID: String?
    public var side: Side
    public var posSide: PositionSide
    public var ordType: OrderType
    public var timeInForce: TimeInForce
    public var price: Price?
    public var stopPx: Price?
    public var trigger: TriggerSource?
    public var quantity: Quantity
    public var reduceOnly: Bool
    public var closeOnTrigger: Bool
    public var text: String
    public init(
        symbol: Symbol, clOrdID: String?, side: Side, posSide: PositionSide = .merged,
        ordType: OrderType = .limit, timeInForce: TimeInForce = .goodTillCancel, price: Price?,
        stopPx: Price? = nil, trigger: TriggerSource? = nil, quantity: Quantity, reduceOnly: Bool = false,
        closeOnTrigger: Bool = false, text: String = ""
    ) {
        self.symbol = symbol
        self.clOrdID = clOrdID
        self.side = side
        self.posSide = posSide
        self.ordType = ordType
        self.timeInForce = timeInForce
        self.price = price
        self.stopPx = stopPx
        self.trigger = trigger
        self.quantity = quantity
        self.reduceOnly = reduceOnly
        self.closeOnTrigger = closeOnTrigger
        self.text = text
    }
}

/// Amend parameters (`PUT /g-orders/replace`, `PUT /orders/replace`); nil = unchanged.
public struct SimAmendOrder: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var posSide: PositionSide
    public var ref: SimOrderRef
    public var price: Price?
    public var quantity: Quantity?
    public var stopPx: Price?
    public var trigger: TriggerSource?
    public init(
        symbol: Symbol, posSide: PositionSide = .merged, ref: SimOrderRef, price: Price? = nil,
        quantity: Quantity? = nil, stopPx: Price? = nil, trigger: TriggerSource? = nil
    ) {
        self.symbol = symbol
        self.posSide = posSide
        self.ref = ref
        self.price = price
        self.quantity = quantity
        self.stopPx = stopPx
        self.trigger = trigger
    }
}

/// Result of one order within a bulk cancel.
public struct SimBulkCancelItem: Hashable, Sendable {
    public var ref: SimOrderRef
    public var result: Result<SimOrder, SimReject>
}

/// Position-mode / leverage request (`PUT /g-positions/leverage`, `PUT /positions/leverage`).
/// One-way: `leverage`; hedged: `longLeverage` and `shortLeverage`. Negative = cross,
/// 0 = cross at max leverage.
public struct SimSetLeverage: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var leverage: Money?
    public var longLeverage: Money?
    public var shortLeverage: Money?
    public init(symbol: Symbol, leverage: Money? = nil, longLeverage: Money? = nil, shortLeverage: Money? = nil) {
        self.symbol = symbol
        self.leverage = leverage
        self.longLeverage = longLeverage
        self.shortLeverage = shortLeverage
    }
}

/// Reply of `accountPositions`: the wallet and every position row of the currency.
public struct SimAccountPositions: Hashable, Sendable, Codable {
    public var account: SimAccountSnapshot
    public var positions: [SimPosition]
}

/// Credentials and ids of a known API key (for signature checks).
public struct SimAPIKey: Hashable, Sendable, Codable {
    public var apiKey: String
    public var apiSecret: String
    public var userID: Int64
}
