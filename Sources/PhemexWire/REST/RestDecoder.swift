import MarketCore

/// Decoders of REST reply bodies for one contract family (PROTOCOL §5).
///
/// Every method validates the `{code,msg,data}` envelope first: a non-zero `code` throws
/// `PhemexWireError.exchangeError` (except where documented, e.g. 10002 on active lists).
public struct RestDecoder: Sendable {
    public let kind: ContractKind
    public let catalog: InstrumentCatalog

    /// COIN-M decoders need a catalog with each symbol's price scale and currency value scales.
    public init(kind: ContractKind, catalog: InstrumentCatalog = InstrumentCatalog()) {
        self.kind = kind
        self.catalog = catalog
    }

    private var rows: OrderRowDecoder { OrderRowDecoder(kind: kind, catalog: catalog) }

    /// Create / replace / cancel acknowledgement → the order row as a `.status` report
    /// (`Created`/`PendingNew`, `New`/`PendingReplace`, `New`/`PendingCancel` …).
    public func orderAck(_ body: some Collection<UInt8>, receivedAt: Timestamp = .zero) throws(PhemexWireError)
        -> PhemexOrderEvent
    {
        let data = try RestEnvelope.decode(body).successData()
        return try rows.decode(data, mode: .status, context: "data", fallbackTime: receivedAt)
    }

    /// Active orders (`/g-orders/activeList`, `/orders/activeList`): `data.rows`; error 10002
    /// (no open orders) → empty list.
    public func activeOrders(_ body: some Collection<UInt8>, receivedAt: Timestamp = .zero) throws(PhemexWireError)
        -> [PhemexOrderEvent]
    {
        let env = try RestEnvelope.decode(body)
        if env.code == 10002 { return [] }
        return try orderList(try env.successData(), receivedAt: receivedAt)
    }

    /// Bulk cancel (`DELETE /g-orders`, `/orders`): the per-order rows when the reply lists them
    /// (shape UNCONFIRMED: a single row, `rows`, or an array are all accepted).
    public func bulkCancel(_ body: some Collection<UInt8>, receivedAt: Timestamp = .zero) throws(PhemexWireError)
        -> [PhemexOrderEvent]
    {
        let data = try RestEnvelope.decode(body).successData()
        if case .object(let o) = data, o["symbol"] != nil {
            return [try rows.decode(data, mode: .status, context: "data", fallbackTime: receivedAt)]
        }
        if data.isNull { return [] }
        return try orderList(data, receivedAt: receivedAt)
    }

    /// Query-one replies (`GET /g-orders/active`, `/orders/active`, by-order-id, `/exchange/order`):
    /// a single order row, `data.rows`, or an array, all as `.status` reports. Error 10002
    /// (unknown order) → empty list, so "not found" is a normal answer.
    public func queriedOrders(_ body: some Collection<UInt8>, receivedAt: Timestamp = .zero) throws(PhemexWireError)
        -> [PhemexOrderEvent]
    {
        let json = try JSONValue.parse(body)
        if case .array = json { return try orderList(json, receivedAt: receivedAt) }
        let env = try RestEnvelope.decode(json: json)
        if env.code == 10002 { return [] }
        let data = try env.successData()
        if case .object(let o) = data, o["symbol"] != nil {
            return [try rows.decode(data, mode: .status, context: "data", fallbackTime: receivedAt)]
        }
        return try orderList(data, receivedAt: receivedAt)
    }

    /// Closed-order history (`/exchange/order/v2/orderList` with integer enums,
    /// `/exchange/order/list`, `/api-data/g-futures/orders`) and
    /// `/api-data/g-futures/orders/by-order-id`: rows as `.status` reports. Accepts `data.rows`,
    /// a bare `data` array or a bare top-level array.
    public func orderHistory(_ body: some Collection<UInt8>, receivedAt: Timestamp = .zero) throws(PhemexWireError)
        -> [PhemexOrderEvent]
    {
        let json = try JSONValue.parse(body)
        if case .array = json { return try orderList(json, receivedAt: receivedAt) }
        let env = try RestEnvelope.decode(json: json)
        if env.code == 10002 { return [] }
        return try orderList(try env.successData(), receivedAt: receivedAt)
    }

    private func orderList(_ data: JSONValue, receivedAt: Timestamp) throws(PhemexWireError) -> [PhemexOrderEvent] {
        let list: [JSONValue]
        let ctx: String
        switch data {
        case .array(let a):
            list = a
            ctx = "data"
        case .object:
            list = try JSONFields(data, context: "data").arrayOrEmpty("rows")
            ctx = "data.rows"
        case .null:
            return []
        default:
            throw .wrongType(field: "data", expected: "object or array", found: data.typeName)
        }
        var out: [PhemexOrderEvent] = []
        out.reserveCapacity(list.count)
        for (i, r) in list.enumerated() {
            out.append(try rows.decode(r, mode: .status, context: "\(ctx)[\(i)]", fallbackTime: receivedAt))
        }
        return out
    }

    /// Fills (`/exchange/order/v2/tradingList`, `/api-data/g-futures/trades`, COIN-M
    /// `/exchange/order/trade`). Funding and other non-trade rows are skipped.
    public func fills(_ body: some Collection<UInt8>) throws(PhemexWireError) -> [PhemexFillRecord] {
        let json = try JSONValue.parse(body)
        var data = json
        if case .object = json { data = try RestEnvelope.decode(json: json).successData() }
        let list: [JSONValue]
        switch data {
        case .array(let a): list = a
        case .object: list = try JSONFields(data, context: "data").arrayOrEmpty("rows")
        case .null: list = []
        default: throw .wrongType(field: "data", expected: "object or array", found: data.typeName)
        }
        var out: [PhemexFillRecord] = []
        for (i, r) in list.enumerated() {
            if let rec = try fillRow(r, context: "rows[\(i)]") { out.append(rec) }
        }
        return out
    }

    private func fillRow(_ row: JSONValue, context: String) throws(PhemexWireError) -> PhemexFillRecord? {
        let f = try JSONFields(row, context: context)
        var tradeType: String?
        if let v = f.value("tradeType") {
            if case .string(let s) = v { tradeType = s } else { tradeType = PhemexEnums.tradeTypeName(code: try f.int("tradeType")) }
        }
        if let t = tradeType, t != "Trade", t != "LiqTrade", t != "AdlTrade" { return nil }
        let symbol = Symbol(try f.string("symbol"))
        var n = WireNumbers(f, kind: kind)
        if kind == .inverse {
            n = WireNumbers(
                f, kind: kind, priceScale: try catalog.priceScale(for: symbol), valueScale: try catalog.valueScale(for: symbol))
        }
        let side: Side
        switch try f.require("side") {
        case .string(let s):
            guard let sd = PhemexEnums.side(s) else { throw .invalidValue(field: context + ".side", value: s) }
            side = sd
        default:
            let c = try f.int("side")
            guard let sd = PhemexEnums.side(code: c) else { throw .invalidValue(field: context + ".side", value: String(c)) }
            side = sd
        }
        var execStatus: String?
        if let v = f.value("execStatus") {
            if case .string(let s) = v { execStatus = s } else { execStatus = PhemexEnums.execStatusName(code: try f.int("execStatus")) }
        }
        let liq: Liquidity
        switch try f.optionalString("lastLiquidityInd") {
        case "AddedLiquidity": liq = .maker
        case "RemovedLiquidity": liq = .taker
        default: liq = execStatus == "MakerFill" ? .maker : .taker
        }
        guard let q = try n.quantity("execQty") else { throw .missingField(context + ".execQty") }
        guard let p = try n.price("execPrice") else { throw .missingField(context + ".execPrice") }
        let fill = Fill(
            executionID: try f.optionalString(anyOf: ["execID", "execId"]) ?? "", quantity: q, price: p,
            fee: try n.value("execFee") ?? .zero, liquidity: liq)
        var time = Timestamp.zero
        if let ns = try f.optionalInt64("transactTimeNs"), ns > 0 {
            time = Timestamp(nanos: ns)
        } else if let ms = try f.optionalInt64("createdAt") {
            time = .millis(ms)
        } else if let ms = try f.optionalInt64("createTime") {
            time = .millis(ms)
        }
        let cl = try f.optionalString(anyOf: ["clOrdID", "clOrdId"]).flatMap { ClientOrderID($0) }
        return PhemexFillRecord(
            symbol: symbol, orderID: try f.optionalString(anyOf: ["orderID", "orderId"]), clientOrderID: cl, side: side,
            fill: fill, time: time)
    }

    /// Cancel-all (`DELETE /g-orders/all`): the count in `data` when it is a number (docs: not
    /// to be relied on), else nil.
    public func cancelAll(_ body: some Collection<UInt8>) throws(PhemexWireError) -> Int? {
        let data = try RestEnvelope.decode(body).successData()
        if case .number = data, let n = try? JSONNumbers.int64(data, field: "data") { return Int(exactly: n) }
        return nil
    }

    /// Replies whose `data` carries nothing reliable (leverage, position-mode switch): checks
    /// `code` and returns `data`.
    public func acknowledgement(_ body: some Collection<UInt8>) throws(PhemexWireError) -> JSONValue {
        try RestEnvelope.decode(body).successData()
    }

    /// `GET /public/time` → server time.
    public func serverTime(_ body: some Collection<UInt8>) throws(PhemexWireError) -> Timestamp {
        let data = try RestEnvelope.decode(body).successData()
        return .millis(try JSONFields(data, context: "data").int64("serverTime"))
    }

    /// `GET /g-accounts/accountPositions` / `/accounts/accountPositions`.
    public func accountPositions(_ body: some Collection<UInt8>, receivedAt: Timestamp) throws(PhemexWireError)
        -> AccountPositionsSnapshot
    {
        let data = try JSONFields(try RestEnvelope.decode(body).successData(), context: "data")
        let acc = AccountRowDecoder(kind: kind, catalog: catalog)
        let balance = try acc.balance(try data.require("account"), context: "data.account", time: receivedAt)
        var positions: [PositionReport] = []
        var modes: [PositionMode?] = []
        for (i, row) in try data.arrayOrEmpty("positions").enumerated() {
            positions.append(try acc.position(row, context: "data.positions[\(i)]", fallbackTime: receivedAt))
            if case .string(let m)? = row["posMode"] { modes.append(PositionMode(rawValue: m)) } else { modes.append(nil) }
        }
        return AccountPositionsSnapshot(balance: balance, positions: positions, positionModes: modes)
    }
}
