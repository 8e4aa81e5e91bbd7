import MarketCore

/// Account state read from one source (a private-stream frame or REST reconciliation).
struct AccountSnapshot: Sendable {
    var executions: [ExecutionReport] = []
    var positions: [PositionReport] = []
    var balances: [BalanceReport] = []
    /// `true` for `type: snapshot` stream frames.
    var isSnapshot = false

    mutating func append(_ other: AccountSnapshot) {
        executions += other.executions
        positions += other.positions
        balances += other.balances
    }
}
