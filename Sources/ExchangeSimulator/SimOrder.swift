import MarketCore

/// Phemex `execStatus` values the simulator emits.
public enum SimExecStatus: String, Sendable, Codable {
    case pendingNew = "PendingNew"
    case new = "New"
    /// Conditional order accepted (REST ack) / waiting.
    case registered = "Registered"
    case makerFill = "MakerFill"
    case takerFill = "TakerFill"
    case pendingCancel = "PendingCancel"
    case canceled = "Canceled"
    case pendingReplace = "PendingReplace"
    case replaced = "Replaced"
    case createRejected = "CreateRejected"
    /// Reserved (not emitted: IOC/FOK/market remainders end `Canceled`).
    case expired = "Expired"
}

/// Phemex `action` of an order event.
public enum SimOrderAction: String, Sendable, Codable {
    case new = "New"
    case cancel = "Cancel"
    case replace = "Replace"
}

/// Phemex `stopDirection`.
public enum SimStopDirection: String, Sendable, Codable {
    case unspecified = "UNSPECIFIED"
    case rising = "Rising"
    case falling = "Falling"
}

/// A full snapshot of one order: every field REST replies (`create`, `replace`, `cancel`,
/// `activeList`) and `aop_p`/`aop` order rows need. Quantities are base coin (linear) or contracts
/// (inverse); values are in the settle currency.
public struct SimOrder: Hashable, Sendable, Codable {
    /// Server UUID text.
    public var orderID: String
    /// Client order id; empty string when none was given.
    public var clOrdID: String
    public var userID: Int64
    public var accountID: Int64
    public var symbol: Symbol
    public var currency: String
    public var side: Side
    public var posSide: PositionSide
    public var ordType: OrderType
    public var timeInForce: TimeInForce
    /// Limit price (nil for market and stop-market).
    public var price: Price?
    /// Trigger price for conditionals.
    public var stopPx: Price?
    /// Trigger source for conditionals (nil = `UNSPECIFIED` on the wire).
    public var trigger: TriggerSource?
    public var stopDirection: SimStopDirection
    public var reduceOnly: Bool
    public var closeOnTrigger: Bool
    public var orderQty: Quantity
    public var cumQty: Quantity
    public var leavesQty: Quantity
    /// Sum of fill values (settle currency).
    public var cumValue: Money
    /// `leavesQty` valued at `price` (0 when no price).
    public var leavesValue: Money
    public var cumFee: Money
    /// Realized PnL and size closed by this order's fills.
    public var closedPnl: Money
    public var closedSize: Quantity
    public var ordStatus: ExchangeOrderStatus
    public var execStatus: SimExecStatus
    /// Business error (0 = none).
    public var bizError: Int
    public var text: String
    /// Time of the request that created the order.
    public var createdTime: Timestamp
    /// Time of the latest action on the order (`actionTimeNs`).
    public var actionTime: Timestamp
    /// Time of the latest state change (`transactTimeNs`).
    public var transactTime: Timestamp
    /// Monotonic per-order-book counter of when the order was (re)queued (`addedSeq`).
    public var addedSeq: Int64

    /// `execInst` wire value.
    public var execInst: String {
        closeOnTrigger ? "CloseOnTrigger" : (reduceOnly ? "ReduceOnly" : "None")
    }
}
