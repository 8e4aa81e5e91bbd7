/// Everything an exchange adapter (the live connector, or the simulator driver) pushes to the
/// engine. Each event is stamped with the time it was received.
public enum ExchangeEvent: Hashable, Sendable, Codable {
    /// The book of `symbol` changed; the adapter keeps the full book, this is its top.
    case book(TopOfBook)
    case trade(TradeTick)
    case mark(MarkPriceTick)
    /// The book of `symbol` cannot be trusted (disconnect, stall, crossed, before first snapshot).
    /// The engine pulls quotes on that symbol until `.bookValid`.
    case bookStale(symbol: Symbol, reason: String)
    /// A fresh snapshot arrived; the book is trustworthy again.
    case bookValid(symbol: Symbol)
    case execution(ExecutionReport)
    case position(PositionReport)
    case balance(BalanceReport)
    /// The private stream (re)connected and REST reconciliation finished: the listed open
    /// orders, positions and balances are the exchange's truth at `time`.
    case accountSynced(openOrders: [ExecutionReport], positions: [PositionReport], balances: [BalanceReport], time: Timestamp)
    /// The private stream is down; account state may be behind.
    case accountUnsynced(reason: String)
    /// The result of a command the engine issued.
    case commandResult(CommandResult)
}
