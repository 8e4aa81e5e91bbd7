import MarketCore
import Strategies

/// Why an own order exists.
public enum OrderRole: String, Sendable, Codable {
    /// A maintained quote (side + level) from `reconcileQuotes`.
    case quote
    /// A one-off order from `submit` (stop, webhook signal).
    case single
    /// Found on the exchange with our prefix but not in our state (adopted after a restart).
    case adopted
}

/// Everything the tracker knows about one own order.
public struct TrackedOrder: Hashable, Sendable, Codable {
    public var clientOrderID: ClientOrderID
    /// Monotonic counter part of the id (ordering).
    public var sequence: UInt64
    public var role: OrderRole
    public var symbol: Symbol
    public var side: Side
    /// Quote level (quotes only; -1 otherwise).
    public var level: Int
    public var type: OrderType
    public var timeInForce: TimeInForce
    public var price: Price?
    public var stopPrice: Price?
    public var quantity: Quantity
    public var filledQuantity: Quantity
    public var reduceOnly: Bool
    public var positionSide: PositionSide
    public var trigger: TriggerSource?
    /// `true` for risk-reducing one-off orders.
    public var isRisk: Bool
    public var state: OrderState
    /// Last status the exchange reported.
    public var exchangeStatus: ExchangeOrderStatus?
    public var exchangeOrderID: String?
    /// When the place request was sent.
    public var createdAt: Timestamp
    /// When the current price/quantity started resting (place or last amend sent).
    public var restingSince: Timestamp
    public var lastUpdate: Timestamp
    /// Amend in flight: the target values.
    public var pendingPrice: Price?
    public var pendingQuantity: Quantity?
    /// A cancel is wanted (sent when the rules allow; risk cancels never wait for min rest).
    public var cancelWanted: Bool
    public var cancelIsRisk: Bool
    /// A query by clOrdID is needed before anything else is sent for this order.
    public var queryWanted: Bool
    /// A one-off order found missing after an unknown outcome: send again under the same clOrdID.
    public var resendWanted: Bool
    /// Earliest time the next retry (cancel/query) may go out (back-off).
    public var retryAt: Timestamp?
    public var retryCount: Int
    /// Fill execution ids seen (dedup).
    public var executionIDs: [String]
    /// Amends sent.
    public var amendCount: Int
    public var tag: String?
    /// When the order became terminal.
    public var closedAt: Timestamp?

    /// Quantity still open.
    public var leavesQuantity: Quantity { quantity.raw > filledQuantity.raw ? quantity - filledQuantity : .zero }

    init(id: ClientOrderID, sequence: UInt64, role: OrderRole, request: OrderRequest, level: Int, isRisk: Bool, tag: String?, now: Timestamp) {
        clientOrderID = id
        self.sequence = sequence
        self.role = role
        symbol = request.symbol
        side = request.side
        self.level = level
        type = request.type
        timeInForce = request.timeInForce
        price = request.price
        stopPrice = request.stopPrice
        quantity = request.quantity
        filledQuantity = .zero
        reduceOnly = request.reduceOnly
        positionSide = request.positionSide
        trigger = request.trigger
        self.isRisk = isRisk
        state = .pendingNew
        exchangeStatus = nil
        exchangeOrderID = nil
        createdAt = now
        restingSince = now
        lastUpdate = now
        pendingPrice = nil
        pendingQuantity = nil
        cancelWanted = false
        cancelIsRisk = false
        queryWanted = false
        resendWanted = false
        retryAt = nil
        retryCount = 0
        executionIDs = []
        amendCount = 0
        self.tag = tag
        closedAt = nil
    }

    /// The place request for this order (resend reuses the same clOrdID).
    public var request: OrderRequest {
        OrderRequest(
            clientOrderID: clientOrderID, symbol: symbol, side: side, type: type, timeInForce: timeInForce,
            price: price, stopPrice: stopPrice, quantity: quantity, reduceOnly: reduceOnly,
            positionSide: positionSide, trigger: trigger)
    }

    /// The order as a `LiveQuote`.
    public var liveQuote: LiveQuote {
        LiveQuote(
            clientOrderID: clientOrderID, side: side, level: level, price: price ?? .zero, quantity: quantity,
            filledQuantity: filledQuantity, createdAt: createdAt)
    }

    /// Applies a lifecycle event through the transition table; `false` when refused.
    @discardableResult
    mutating func apply(_ event: OrderEvent, now: Timestamp) -> Bool {
        guard let to = OrderLifecycle.next(state, event) else { return false }
        var target = to
        if target == .new && filledQuantity.raw > 0 { target = .partiallyFilled }
        state = target
        lastUpdate = now
        if state.isTerminal && closedAt == nil { closedAt = now }
        return true
    }

    /// Records a fill once per execution id; the filled quantity never exceeds the order quantity.
    /// Returns the quantity newly filled (zero for a duplicate).
    mutating func recordFill(executionID: String, quantity q: Quantity) -> Quantity {
        if executionIDs.contains(executionID) { return .zero }
        executionIDs.append(executionID)
        if executionIDs.count > 64 { executionIDs.removeFirst(executionIDs.count - 64) }
        let room = leavesQuantity
        let add = q.raw > room.raw ? room : (q.raw < 0 ? .zero : q)
        filledQuantity = filledQuantity + add
        return add
    }

    /// Adopts an exchange cumulative quantity when it is ahead of ours (missed fill events).
    mutating func syncCumulative(_ cum: Quantity) {
        if cum.raw > filledQuantity.raw { filledQuantity = cum.raw > quantity.raw ? quantity : cum }
    }
}
