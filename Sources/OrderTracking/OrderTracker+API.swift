import MarketCore
import Strategies

extension OrderTracker {
    func effectiveLimit(_ gi: Int, now: Timestamp) -> Int { groups[gi].rule.clientLimit }

    /// Reconciles the live quotes of `symbol` towards `desired` (skeleton).
    public mutating func reconcileQuotes(symbol: Symbol, desired: [QuoteProposal], market: MarketSnapshot, now: Timestamp) -> [TrackerAction] { [] }
    /// Submits a one-off order (skeleton).
    public mutating func submit(_ order: OrderProposal, market: MarketSnapshot, now: Timestamp) -> (ClientOrderID?, [TrackerAction]) { (nil, []) }
    /// Applies an execution report (skeleton).
    public mutating func handle(_ report: ExecutionReport, now: Timestamp) -> [TrackerAction] { [] }
    /// Applies a command result (skeleton).
    public mutating func handle(_ result: CommandResult, now: Timestamp) -> [TrackerAction] { [] }
    /// Timer (skeleton).
    public mutating func onTimer(now: Timestamp) -> [TrackerAction] { [] }
    /// Risk cancel of own orders (skeleton).
    public mutating func cancelAllOwn(symbol: Symbol?, reason: String, now: Timestamp) -> [TrackerAction] { [] }
    /// Adopts open orders after a restart (skeleton).
    @discardableResult
    public mutating func adopt(openOrders: [ExecutionReport], now: Timestamp) -> [TrackerAction] { [] }
    /// Market/position/equity update for the kill switch (skeleton).
    public mutating func observe(market: MarketSnapshot, now: Timestamp) -> [TrackerAction] { [] }
}
