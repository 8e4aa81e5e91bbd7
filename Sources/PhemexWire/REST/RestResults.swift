import MarketCore

/// Positions and balance from `GET /g-accounts/accountPositions` or `/accounts/accountPositions`.
public struct AccountPositionsSnapshot: Sendable, Hashable {
    public var balance: BalanceReport
    /// One row per symbol (one-way/COIN-M) or per symbol and side (hedged `Long`/`Short`).
    public var positions: [PositionReport]
    /// `posMode` per position row when present (USDT-M), same order as `positions`.
    public var positionModes: [PositionMode?]
}

/// A fill from a fills/trades history endpoint (reconciliation).
public struct PhemexFillRecord: Sendable, Hashable {
    public var symbol: Symbol
    /// Exchange order id when the endpoint returns it.
    public var orderID: String?
    public var clientOrderID: ClientOrderID?
    public var side: Side
    public var fill: Fill
    public var time: Timestamp
}
