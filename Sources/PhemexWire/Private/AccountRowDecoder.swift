import MarketCore

/// Decodes position and account rows (private stream `positions_p`/`positions`,
/// `accounts_p`/`accounts`, and REST `accountPositions`) into MarketCore reports.
public struct AccountRowDecoder: Sendable {
    public let kind: ContractKind
    public let catalog: InstrumentCatalog

    public init(kind: ContractKind, catalog: InstrumentCatalog = InstrumentCatalog()) {
        self.kind = kind
        self.catalog = catalog
    }

    /// A position row → `PositionReport` with a signed size (long > 0, short < 0, `None` = 0).
    public func position(_ row: JSONValue, context: String, fallbackTime: Timestamp = .zero)
        throws(PhemexWireError) -> PositionReport
    {
        let f = try JSONFields(row, context: context)
        let symbol = Symbol(try f.string("symbol"))
        var n = WireNumbers(f, kind: kind)
        if kind == .inverse {
            let vs: Int
            if let cur = try f.optionalString("currency"), let s = try? catalog.valueScale(forCurrency: cur) {
                vs = s
            } else {
                vs = try catalog.valueScale(for: symbol)
            }
            n = WireNumbers(f, kind: kind, priceScale: try catalog.priceScale(for: symbol), valueScale: vs)
        }
        let sideText = try f.optionalString("side") ?? "None"
        let size = try n.quantity("size") ?? .zero
        let signed: Quantity
        switch sideText {
        case "Buy": signed = size.magnitude
        case "Sell": signed = -size.magnitude
        case "None": signed = .zero
        default: throw .invalidValue(field: context + ".side", value: sideText)
        }
        let posSide: PositionSide
        if kind == .linear, let ps = try f.optionalString("posSide") {
            guard let p = PhemexEnums.positionSide(ps) else { throw .invalidValue(field: context + ".posSide", value: ps) }
            posSide = p
        } else {
            posSide = .merged
        }
        var time = fallbackTime
        if let t = try f.optionalInt64("transactTimeNs"), t > 0 { time = Timestamp(nanos: t) }
        return PositionReport(
            symbol: symbol, positionSide: posSide, size: signed,
            averageEntryPrice: try n.price("avgEntryPrice") ?? .zero,
            markPrice: try n.price("markPrice"),
            realizedPnL: try n.value("cumClosedPnl") ?? .zero,
            unrealizedPnL: try n.value("unrealisedPnl", "unRealisedPnl") ?? .zero,
            leverage: try n.ratio("leverage"),
            time: time)
    }

    /// An account row → `BalanceReport` (`accountBalance` and `totalUsedBalance`).
    public func balance(_ row: JSONValue, context: String, time: Timestamp) throws(PhemexWireError) -> BalanceReport {
        let f = try JSONFields(row, context: context)
        let currency = try f.string("currency")
        let n = WireNumbers(
            f, kind: kind, valueScale: kind == .inverse ? try catalog.valueScale(forCurrency: currency) : 0)
        guard let bal = try n.value("accountBalance") else { throw .missingField(context + ".accountBalance") }
        return BalanceReport(currency: currency, balance: bal, used: try n.value("totalUsedBalance") ?? .zero, time: time)
    }
}
