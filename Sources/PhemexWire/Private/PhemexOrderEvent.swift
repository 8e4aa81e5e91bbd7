import MarketCore

/// One decoded order row (private stream event, REST order ack, active-list or history row):
/// the MarketCore `ExecutionReport` plus the Phemex details it cannot carry.
public struct PhemexOrderEvent: Sendable, Hashable {
    /// The normalized report.
    public var report: ExecutionReport
    /// `posSide` (USDT-M); nil on COIN-M or when absent.
    public var positionSide: PositionSide?
    /// `timeInForce` as sent by the exchange (may be unknown, e.g. `GoodTillModify`).
    public var timeInForceRaw: String?
    /// `ordStatus` as sent.
    public var orderStatusRaw: String
    /// `execStatus` as sent (nil when absent).
    public var execStatusRaw: String?
    /// `ordType`/`orderType` as sent.
    public var orderTypeRaw: String
    /// `action` (`New`, `Cancel`, `Replace`, …) when present.
    public var action: String?
    /// `tradeType` (`Trade`, `Funding`, …) when present.
    public var tradeType: String?
    /// Reduce-only (`reduceOnly` or `execInst` ReduceOnly/CloseOnTrigger).
    public var reduceOnly: Bool
    /// Trigger price of conditional orders (nil or zero when none).
    public var stopPrice: Price?
    /// `cxlRejReason` (0 = none).
    public var cancelRejectReason: Int

    /// `true` when the exchange still considers the order live.
    public var isOpen: Bool { report.status.isOpen }
}
