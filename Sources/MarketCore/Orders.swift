/// A client order id: at most 40 characters of `[A-Za-z0-9_-]` (Phemex `clOrdID`).
public struct ClientOrderID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The id text.
    public let value: String
    /// Maximum length Phemex accepts.
    public static let maxLength = 40

    /// Validates and wraps `value`; `nil` if empty, too long or with other characters.
    public init?(_ value: String) {
        guard Self.isValid(value) else { return nil }
        self.value = value
    }

    /// `true` when `value` is a legal client order id.
    public static func isValid(_ value: String) -> Bool {
        let u = value.utf8
        guard !u.isEmpty, u.count <= maxLength else { return false }
        for c in u {
            let ok =
                (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95
            if !ok { return false }
        }
        return true
    }

    /// `true` when the id starts with `prefix` (how the bot recognises its own orders).
    public func hasPrefix(_ prefix: String) -> Bool { value.hasPrefix(prefix) }
    public var description: String { value }
    public static func < (a: ClientOrderID, b: ClientOrderID) -> Bool { a.value < b.value }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let v = ClientOrderID(s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "invalid clOrdID")
        }
        self = v
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}

/// Order type (the subset mmbot sends).
public enum OrderType: String, Sendable, Codable, CaseIterable {
    case limit = "Limit"
    case market = "Market"
    case stop = "Stop"
    case stopLimit = "StopLimit"
    /// `true` for types that carry a trigger price.
    public var isConditional: Bool { self == .stop || self == .stopLimit }
    /// `true` for types that carry a limit price.
    public var hasLimitPrice: Bool { self == .limit || self == .stopLimit }
}

/// Time in force.
public enum TimeInForce: String, Sendable, Codable, CaseIterable {
    case goodTillCancel = "GoodTillCancel"
    case postOnly = "PostOnly"
    case immediateOrCancel = "ImmediateOrCancel"
    case fillOrKill = "FillOrKill"
}

/// Position side of an order or position (USDT-M): `merged` in one-way mode.
public enum PositionSide: String, Sendable, Codable, CaseIterable {
    case merged = "Merged"
    case long = "Long"
    case short = "Short"
}

/// Price source that triggers a conditional order.
public enum TriggerSource: String, Sendable, Codable {
    case markPrice = "ByMarkPrice"
    case lastPrice = "ByLastPrice"
}

/// Position mode of a symbol's account.
public enum PositionMode: String, Sendable, Codable {
    case oneWay = "OneWay"
    case hedged = "Hedged"
}

/// A new order as the bot wants it placed.
public struct OrderRequest: Hashable, Sendable, Codable {
    public var clientOrderID: ClientOrderID
    public var symbol: Symbol
    public var side: Side
    public var type: OrderType
    public var timeInForce: TimeInForce
    /// Limit price (limit and stop-limit).
    public var price: Price?
    /// Trigger price (stop and stop-limit).
    public var stopPrice: Price?
    public var quantity: Quantity
    public var reduceOnly: Bool
    public var positionSide: PositionSide
    public var trigger: TriggerSource?

    public init(
        clientOrderID: ClientOrderID, symbol: Symbol, side: Side, type: OrderType = .limit,
        timeInForce: TimeInForce = .postOnly, price: Price?, stopPrice: Price? = nil,
        quantity: Quantity, reduceOnly: Bool = false, positionSide: PositionSide = .merged,
        trigger: TriggerSource? = nil
    ) {
        self.clientOrderID = clientOrderID
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
    }
}

/// The exchange's view of an order's status (what `ordStatus` says), as opposed to the
/// tracker's richer lifecycle state.
public enum ExchangeOrderStatus: String, Sendable, Codable, CaseIterable {
    case created = "Created"
    case untriggered = "Untriggered"
    case triggered = "Triggered"
    case new = "New"
    case partiallyFilled = "PartiallyFilled"
    case filled = "Filled"
    case canceled = "Canceled"
    case rejected = "Rejected"
    case deactivated = "Deactivated"
    /// `true` while the order can still trade or trigger.
    public var isOpen: Bool {
        switch self {
        case .created, .untriggered, .triggered, .new, .partiallyFilled: return true
        case .filled, .canceled, .rejected, .deactivated: return false
        }
    }
}

/// Whether a fill added or removed liquidity.
public enum Liquidity: String, Sendable, Codable {
    case maker = "AddedLiquidity"
    case taker = "RemovedLiquidity"
}

/// One execution (fill) of an order.
public struct Fill: Hashable, Sendable, Codable {
    /// Unique per fill; used to deduplicate.
    public var executionID: String
    public var quantity: Quantity
    public var price: Price
    /// Fee charged in the settle currency (negative = rebate).
    public var fee: Money
    public var liquidity: Liquidity
    public init(executionID: String, quantity: Quantity, price: Price, fee: Money, liquidity: Liquidity) {
        self.executionID = executionID
        self.quantity = quantity
        self.price = price
        self.fee = fee
        self.liquidity = liquidity
    }
}

/// What the exchange reported about one order: an ack, a fill, a cancel, a reject, an amend.
/// Produced by the connector from the private stream and REST replies (and by the simulator).
public struct ExecutionReport: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// The order rests (or a conditional is registered).
        case accepted
        /// A fill; see `fill`.
        case fill
        /// The order was cancelled (by us, by IOC expiry, or post-only cross).
        case canceled
        /// Created then rejected by the matching engine (`CreateRejected`).
        case rejected
        /// An amend took effect; price/quantity are the new ones.
        case replaced
        /// A conditional order triggered.
        case triggered
        /// A state snapshot from reconciliation (REST query or stream snapshot).
        case status
    }
    public var kind: Kind
    public var clientOrderID: ClientOrderID?
    /// Exchange order id.
    public var orderID: String
    public var symbol: Symbol
    public var side: Side
    public var status: ExchangeOrderStatus
    public var orderType: OrderType
    public var price: Price?
    public var orderQuantity: Quantity
    public var cumulativeQuantity: Quantity
    public var leavesQuantity: Quantity
    public var fill: Fill?
    /// Business error code (0 = none).
    public var errorCode: Int
    /// Exchange reason text (`cxlRejReason`/`message`).
    public var reason: String?
    /// Exchange time of the event.
    public var time: Timestamp

    public init(
        kind: Kind, clientOrderID: ClientOrderID?, orderID: String, symbol: Symbol, side: Side,
        status: ExchangeOrderStatus, orderType: OrderType = .limit, price: Price?,
        orderQuantity: Quantity, cumulativeQuantity: Quantity, leavesQuantity: Quantity,
        fill: Fill? = nil, errorCode: Int = 0, reason: String? = nil, time: Timestamp
    ) {
        self.kind = kind
        self.clientOrderID = clientOrderID
        self.orderID = orderID
        self.symbol = symbol
        self.side = side
        self.status = status
        self.orderType = orderType
        self.price = price
        self.orderQuantity = orderQuantity
        self.cumulativeQuantity = cumulativeQuantity
        self.leavesQuantity = leavesQuantity
        self.fill = fill
        self.errorCode = errorCode
        self.reason = reason
        self.time = time
    }
}

/// A position as the exchange reports it.
public struct PositionReport: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var positionSide: PositionSide
    /// Signed size: long > 0, short < 0.
    public var size: Quantity
    public var averageEntryPrice: Price
    public var markPrice: Price?
    public var realizedPnL: Money
    public var unrealizedPnL: Money
    public var leverage: Money?
    public var time: Timestamp
    public init(
        symbol: Symbol, positionSide: PositionSide = .merged, size: Quantity, averageEntryPrice: Price,
        markPrice: Price? = nil, realizedPnL: Money = .zero, unrealizedPnL: Money = .zero,
        leverage: Money? = nil, time: Timestamp
    ) {
        self.symbol = symbol
        self.positionSide = positionSide
        self.size = size
        self.averageEntryPrice = averageEntryPrice
        self.markPrice = markPrice
        self.realizedPnL = realizedPnL
        self.unrealizedPnL = unrealizedPnL
        self.leverage = leverage
        self.time = time
    }
}

/// An account balance as the exchange reports it.
public struct BalanceReport: Hashable, Sendable, Codable {
    public var currency: String
    /// Wallet balance (excludes unrealized PnL).
    public var balance: Money
    /// Balance in use as margin.
    public var used: Money
    public var time: Timestamp
    public init(currency: String, balance: Money, used: Money, time: Timestamp) {
        self.currency = currency
        self.balance = balance
        self.used = used
        self.time = time
    }
    /// Balance not in use.
    public var available: Money { balance - used }
}
