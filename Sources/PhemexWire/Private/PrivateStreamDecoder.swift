import MarketCore

/// One decoded private-stream (`aop_p` / `aop`) frame.
public struct PrivateStreamUpdate: Sendable, Hashable {
    /// `type: snapshot` (state replaces local state) vs `incremental`.
    public var isSnapshot: Bool
    /// Frame `sequence` (monotonic, contiguity unconfirmed).
    public var sequence: Int64?
    /// Frame `timestamp`.
    public var time: Timestamp
    /// Order events in frame order. Incremental: every order event with its kind. Snapshot: only
    /// orders that are still open, each as kind `.status`.
    public var orders: [PhemexOrderEvent]
    /// Fills found among a snapshot's recently closed/filled history rows (kind `.fill`). They
    /// are NOT new: use them only to deduplicate/reconcile by `executionID`. Empty for incrementals.
    public var snapshotHistoricalFills: [ExecutionReport]
    public var positions: [PositionReport]
    public var balances: [BalanceReport]
    /// Rows skipped because they are account events on the order channel (funding, leverage…).
    public var ignoredOrderRows: Int
    /// Rows that failed to decode (the rest of the frame is still delivered).
    public var rowErrors: [PhemexWireError]

    /// The order reports (`orders.map(\.report)`).
    public var executions: [ExecutionReport] { orders.map(\.report) }

    /// An incremental frame as engine events: executions, then positions, then balances (frame
    /// order within each). Empty for snapshots — a snapshot is state for reconciliation
    /// (`ExchangeEvent.accountSynced`), not a stream of new events.
    public var incrementalEvents: [ExchangeEvent] {
        guard !isSnapshot else { return [] }
        return orders.map { .execution($0.report) } + positions.map { .position($0) } + balances.map { .balance($0) }
    }
}

/// Decodes `aop_p` (USDT-M, decimal strings) and `aop` (COIN-M, scaled integers) frames
/// (PROTOCOL §4.3, §4.4). Missing arrays count as empty. A bad row is reported in `rowErrors`;
/// only a frame that is not an AOP frame at all throws.
public struct PrivateStreamDecoder: Sendable {
    public let kind: ContractKind
    public let catalog: InstrumentCatalog

    /// `catalog` must know every COIN-M symbol/currency (price and value scales); USDT-M needs none.
    public init(kind: ContractKind, catalog: InstrumentCatalog = InstrumentCatalog()) {
        self.kind = kind
        self.catalog = catalog
    }

    /// Decodes a frame from its bytes.
    public func decode(_ bytes: some Collection<UInt8>) throws(PhemexWireError) -> PrivateStreamUpdate {
        try decode(json: try JSONValue.parse(bytes))
    }

    /// Decodes a frame from its text.
    public func decode(_ text: String) throws(PhemexWireError) -> PrivateStreamUpdate {
        try decode(json: try JSONValue.parse(text))
    }

    /// Decodes a parsed frame.
    public func decode(json: JSONValue) throws(PhemexWireError) -> PrivateStreamUpdate {
        let f = try JSONFields(json, context: "")
        let suffix = kind == .linear ? "_p" : ""
        let ordersKey = "orders" + suffix
        let positionsKey = "positions" + suffix
        let accountsKey = "accounts" + suffix
        guard f.members[ordersKey] != nil || f.members[positionsKey] != nil || f.members[accountsKey] != nil else {
            throw .unexpectedMessage("not an \(kind == .linear ? "aop_p" : "aop") frame")
        }
        let type = try f.optionalString("type") ?? "incremental"
        let isSnapshot = type == "snapshot"
        let frameTime = Timestamp(nanos: try f.optionalInt64("timestamp") ?? 0)
        var update = PrivateStreamUpdate(
            isSnapshot: isSnapshot, sequence: try f.optionalInt64("sequence"), time: frameTime, orders: [],
            snapshotHistoricalFills: [], positions: [], balances: [], ignoredOrderRows: 0, rowErrors: [])

        let rowDecoder = OrderRowDecoder(kind: kind, catalog: catalog)
        for (i, row) in try f.arrayOrEmpty(ordersKey).enumerated() {
            let ctx = "\(ordersKey)[\(i)]"
            do {
                if let rf = try? JSONFields(row, context: ctx), OrderRowDecoder.isNonOrderRow(rf) {
                    update.ignoredOrderRows += 1
                    continue
                }
                let event = try rowDecoder.decode(row, mode: .streamEvent, context: ctx, fallbackTime: frameTime)
                if isSnapshot {
                    if event.isOpen {
                        var e = event
                        e.report.kind = .status
                        update.orders.append(e)
                    } else if event.report.kind == .fill {
                        update.snapshotHistoricalFills.append(event.report)
                    }
                } else {
                    update.orders.append(event)
                }
            } catch {
                update.rowErrors.append(error)
            }
        }
        let accountDecoder = AccountRowDecoder(kind: kind, catalog: catalog)
        for (i, row) in try f.arrayOrEmpty(positionsKey).enumerated() {
            do {
                update.positions.append(
                    try accountDecoder.position(row, context: "\(positionsKey)[\(i)]", fallbackTime: frameTime))
            } catch { update.rowErrors.append(error) }
        }
        for (i, row) in try f.arrayOrEmpty(accountsKey).enumerated() {
            do {
                update.balances.append(try accountDecoder.balance(row, context: "\(accountsKey)[\(i)]", time: frameTime))
            } catch { update.rowErrors.append(error) }
        }
        return update
    }
}
