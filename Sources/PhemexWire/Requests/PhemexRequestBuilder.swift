import MarketCore

/// Builds exact REST requests (PROTOCOL §5.1 USDT-M, §5.2 COIN-M) from MarketCore commands.
///
/// The family of each symbol comes from `catalog` (`InstrumentSpec.kind`): USDT-M sends
/// decimal strings (`priceRp`, `orderQtyRq`) and `posSide`; COIN-M sends `priceEp` integers at
/// the symbol's price scale and integer contract counts, and has no `posSide`. Values that
/// cannot be expressed exactly (off-scale price, fractional contracts) throw `.unencodable`.
public struct PhemexRequestBuilder: Sendable {
    /// How orders are placed.
    public enum CreateStyle: Sendable, Hashable {
        /// `PUT /g-orders/create?…` / `PUT /orders/create?…` (preferred, parameters in the query).
        case putQuery
        /// `POST /g-orders` / `POST /orders` with a compact JSON body.
        case postBody
    }

    /// How one order is looked up by client order id (`ExchangeCommand.queryOrder`).
    public enum QueryOrderStyle: Sendable, Hashable {
        /// `GET /g-orders/active?symbol=&<idParam>=` / `GET /orders/active?…` (parameters
        /// UNCONFIRMED; open orders only). `idParam` defaults to `clOrdID`.
        case activeOrder(idParam: String)
        /// `GET /api-data/g-futures/orders/by-order-id?symbol=&clOrdID=` (documented; open and
        /// closed) / COIN-M `GET /exchange/order?symbol=&clOrdID=`.
        case ordersByOrderID
    }

    public var catalog: InstrumentCatalog
    public var createStyle: CreateStyle
    public var queryOrderStyle: QueryOrderStyle
    /// Maximum ids in one bulk cancel (the exchange maximum is UNCONFIRMED).
    public var maxBulkCancelIDs: Int

    public init(
        catalog: InstrumentCatalog, createStyle: CreateStyle = .putQuery,
        queryOrderStyle: QueryOrderStyle = .activeOrder(idParam: "clOrdID"), maxBulkCancelIDs: Int = 20
    ) {
        self.catalog = catalog
        self.createStyle = createStyle
        self.queryOrderStyle = queryOrderStyle
        self.maxBulkCancelIDs = maxBulkCancelIDs
    }

    private func spec(_ symbol: Symbol) throws(PhemexWireError) -> InstrumentSpec {
        // A bot trades a few symbols: a scan (from the end, the entry the catalog's table keeps
        // for a repeated symbol) costs less than hashing the symbol on every request.
        let all = catalog.instruments
        if all.count <= 8 {
            for s in all.reversed() where s.symbol == symbol { return s }
            throw .unknownInstrument(symbol.name)
        }
        guard let s = catalog.instrument(symbol) else { throw .unknownInstrument(symbol.name) }
        return s
    }

    /// `true` when `currency` settles linear contracts (USDT/USDC or a known linear settle coin).
    public func isLinearCurrency(_ currency: String) -> Bool {
        if currency == "USDT" || currency == "USDC" { return true }
        return catalog.instruments.contains { $0.kind == .linear && $0.settleCurrency == currency }
    }

    /// The request for an engine command.
    public func build(_ command: ExchangeCommand) throws(PhemexWireError) -> PhemexRequest {
        switch command {
        case .place(let o): return try create(o)
        case .amend(let id, let symbol, let ps, let price, let q):
            return try replace(clientOrderID: id, symbol: symbol, positionSide: ps, price: price, quantity: q)
        case .cancel(let id, let symbol, let ps): return try cancel(clientOrderID: id, symbol: symbol, positionSide: ps)
        case .cancelBulk(let ids, let symbol, let ps):
            return try bulkCancel(clientOrderIDs: ids, symbol: symbol, positionSide: ps)
        case .queryOrder(let id, let symbol): return try queryOrder(clientOrderID: id, symbol: symbol)
        case .fetchOpenOrders(let symbol): return try activeList(symbol: symbol)
        case .fetchPositions(let currency): return accountPositions(currency: currency)
        }
    }

    // MARK: number rendering

    private func ep(_ p: Price, _ s: InstrumentSpec, _ what: String) throws(PhemexWireError) -> Int64 {
        guard let v = p.scaled(to: s.priceScale) else {
            throw .unencodable("\(what) \(p) is not representable at price scale \(s.priceScale)")
        }
        return v
    }

    private func contracts(_ q: Quantity) throws(PhemexWireError) -> Int64 {
        guard q.raw % FixedPointScale.factor == 0 else { throw .unencodable("quantity \(q) is not a whole contract count") }
        return q.raw / FixedPointScale.factor
    }

    private func checkPositive(_ q: Quantity) throws(PhemexWireError) {
        if q.raw <= 0 { throw .unencodable("quantity \(q) must be positive") }
    }

    private func checkPrice(_ p: Price) throws(PhemexWireError) {
        if p.raw <= 0 { throw .unencodable("price \(p) must be positive") }
    }

    private func effectiveTIF(_ o: OrderRequest) -> TimeInForce {
        if o.type == .market || o.type == .stop {
            return o.timeInForce == .fillOrKill ? .fillOrKill : .immediateOrCancel
        }
        return o.timeInForce
    }

    // MARK: orders

    /// Place an order (`createStyle` decides PUT query vs POST body).
    public func create(_ o: OrderRequest) throws(PhemexWireError) -> PhemexRequest {
        let s = try spec(o.symbol)
        try checkPositive(o.quantity)
        var price: Price?
        if o.type.hasLimitPrice {
            guard let p = o.price else { throw .unencodable("\(o.type.rawValue) order needs a price") }
            try checkPrice(p)
            price = p
        }
        var stop: Price?
        if o.type.isConditional {
            guard let p = o.stopPrice else { throw .unencodable("\(o.type.rawValue) order needs a stop price") }
            try checkPrice(p)
            stop = p
        }
        let tif = effectiveTIF(o).rawValue
        let trigger = (o.trigger ?? .markPrice).rawValue
        switch (s.kind, createStyle) {
        case (.linear, .putQuery):
            var q = QueryBuilder()
            q.add("clOrdID", o.clientOrderID.value)
            q.add("symbol", o.symbol.name)
            q.add("side", o.side.rawValue)
            q.add("posSide", o.positionSide.rawValue)
            q.add("ordType", o.type.rawValue)
            q.add("timeInForce", tif)
            q.add("reduceOnly", o.reduceOnly)
            q.add("orderQtyRq", quantity: o.quantity)
            q.add("priceRp", price: price)
            if let st = stop {
                q.add("stopPxRp", price: st)
                q.add("triggerType", trigger)
            }
            return PhemexEndpoint.createOrderPutLinear.request(query: q.string)
        case (.linear, .postBody):
            var w = JSONWriter()
            w.beginObject()
            w.field("symbol", string: o.symbol.name)
            w.field("clOrdID", string: o.clientOrderID.value)
            w.field("side", string: o.side.rawValue)
            w.field("posSide", string: o.positionSide.rawValue)
            w.field("ordType", string: o.type.rawValue)
            w.field("timeInForce", string: tif)
            if let p = price { w.field("priceRp", string: p.description) }
            w.field("orderQtyRq", string: o.quantity.description)
            w.field("reduceOnly", bool: o.reduceOnly)
            if let st = stop {
                w.field("stopPxRp", string: st.description)
                w.field("triggerType", string: trigger)
            }
            w.endObject()
            return PhemexEndpoint.createOrderPostLinear.request(body: Array(w.text.utf8))
        case (.inverse, .putQuery):
            var q = QueryBuilder()
            q.add("clOrdID", o.clientOrderID.value)
            q.add("symbol", o.symbol.name)
            q.add("side", o.side.rawValue)
            q.add("ordType", o.type.rawValue)
            q.add("timeInForce", tif)
            q.add("reduceOnly", o.reduceOnly)
            q.add("orderQty", try contracts(o.quantity))
            if let p = price { q.add("priceEp", try ep(p, s, "price")) }
            if let st = stop {
                q.add("stopPxEp", try ep(st, s, "stop price"))
                q.add("triggerType", trigger)
            }
            return PhemexEndpoint.createOrderPutInverse.request(query: q.string)
        case (.inverse, .postBody):
            var w = JSONWriter()
            w.beginObject()
            w.field("symbol", string: o.symbol.name)
            w.field("clOrdID", string: o.clientOrderID.value)
            w.field("side", string: o.side.rawValue)
            if let p = price { w.field("priceEp", raw: String(try ep(p, s, "price"))) }
            w.field("orderQty", raw: String(try contracts(o.quantity)))
            w.field("ordType", string: o.type.rawValue)
            w.field("reduceOnly", bool: o.reduceOnly)
            w.field("timeInForce", string: tif)
            if let st = stop {
                w.field("stopPxEp", raw: String(try ep(st, s, "stop price")))
                w.field("triggerType", string: trigger)
            }
            w.endObject()
            return PhemexEndpoint.createOrderPostInverse.request(body: Array(w.text.utf8))
        }
    }

    /// Amend price and/or quantity of an order identified by client order id.
    public func replace(
        clientOrderID: ClientOrderID, symbol: Symbol, positionSide: PositionSide = .merged, price: Price?,
        quantity: Quantity?
    ) throws(PhemexWireError) -> PhemexRequest {
        let s = try spec(symbol)
        if price == nil && quantity == nil { throw .unencodable("amend changes nothing") }
        if let p = price { try checkPrice(p) }
        if let qn = quantity { try checkPositive(qn) }
        var q = QueryBuilder()
        q.add("symbol", symbol.name)
        q.add("origClOrdID", clientOrderID.value)
        if s.kind == .linear {
            q.add("posSide", positionSide.rawValue)
            q.add("priceRp", price: price)
            q.add("orderQtyRq", quantity: quantity)
            return PhemexEndpoint.replaceOrderLinear.request(query: q.string)
        }
        if let p = price { q.add("priceEp", try ep(p, s, "price")) }
        if let qn = quantity { q.add("orderQty", try contracts(qn)) }
        return PhemexEndpoint.replaceOrderInverse.request(query: q.string)
    }

    /// Cancel one order by client order id.
    public func cancel(clientOrderID: ClientOrderID, symbol: Symbol, positionSide: PositionSide = .merged)
        throws(PhemexWireError) -> PhemexRequest
    {
        let s = try spec(symbol)
        var q = QueryBuilder()
        q.add("clOrdID", clientOrderID.value)
        q.add("symbol", symbol.name)
        if s.kind == .linear {
            q.add("posSide", positionSide.rawValue)
            return PhemexEndpoint.cancelOrderLinear.request(query: q.string)
        }
        return PhemexEndpoint.cancelOrderInverse.request(query: q.string)
    }

    /// Cancel several orders of one symbol by client order ids (comma-separated list).
    public func bulkCancel(clientOrderIDs: [ClientOrderID], symbol: Symbol, positionSide: PositionSide = .merged)
        throws(PhemexWireError) -> PhemexRequest
    {
        let s = try spec(symbol)
        if clientOrderIDs.isEmpty { throw .unencodable("bulk cancel without ids") }
        if clientOrderIDs.count > maxBulkCancelIDs {
            throw .unencodable("bulk cancel of \(clientOrderIDs.count) ids exceeds \(maxBulkCancelIDs)")
        }
        var q = QueryBuilder()
        q.add("symbol", symbol.name)
        q.add("clOrdID", ids: clientOrderIDs)
        if s.kind == .linear {
            q.add("posSide", positionSide.rawValue)
            return PhemexEndpoint.bulkCancelLinear.request(query: q.string)
        }
        return PhemexEndpoint.bulkCancelInverse.request(query: q.string)
    }

    /// Cancel all orders of a symbol (operator use). `untriggered: true` cancels untriggered
    /// conditionals instead of active orders (call both to clear everything).
    public func cancelAll(symbol: Symbol, untriggered: Bool = false, text: String? = nil) throws(PhemexWireError)
        -> PhemexRequest
    {
        let s = try spec(symbol)
        var q = QueryBuilder()
        q.add("symbol", symbol.name)
        q.add("untriggered", untriggered)
        if let t = text { q.add("text", String(t.prefix(40))) }
        return (s.kind == .linear ? PhemexEndpoint.cancelAllLinear : .cancelAllInverse).request(query: q.string)
    }

    /// Open orders of a symbol.
    public func activeList(symbol: Symbol) throws(PhemexWireError) -> PhemexRequest {
        let s = try spec(symbol)
        var q = QueryBuilder()
        q.add("symbol", symbol.name)
        return (s.kind == .linear ? PhemexEndpoint.activeListLinear : .activeListInverse).request(query: q.string)
    }

    /// One order by client order id, per `queryOrderStyle`.
    public func queryOrder(clientOrderID: ClientOrderID, symbol: Symbol) throws(PhemexWireError) -> PhemexRequest {
        switch queryOrderStyle {
        case .activeOrder(let idParam):
            let s = try spec(symbol)
            var q = QueryBuilder()
            q.add("symbol", symbol.name)
            q.add(idParam, clientOrderID.value)
            return (s.kind == .linear ? PhemexEndpoint.activeOrderLinear : .activeOrderInverse).request(query: q.string)
        case .ordersByOrderID:
            return try ordersByID(symbol: symbol, clientOrderIDs: [clientOrderID])
        }
    }

    /// `GET /api-data/g-futures/orders/by-order-id` / COIN-M `GET /exchange/order` by ids.
    public func ordersByID(symbol: Symbol, orderIDs: [String] = [], clientOrderIDs: [ClientOrderID] = [])
        throws(PhemexWireError) -> PhemexRequest
    {
        let s = try spec(symbol)
        if orderIDs.isEmpty && clientOrderIDs.isEmpty { throw .unencodable("order lookup without ids") }
        var q = QueryBuilder()
        q.add("symbol", symbol.name)
        if !orderIDs.isEmpty { q.add("orderID", orderIDs.joined(separator: ",")) }
        if !clientOrderIDs.isEmpty { q.add("clOrdID", clientOrderIDs.map(\.value).joined(separator: ",")) }
        return (s.kind == .linear ? PhemexEndpoint.ordersByIDLinear : .ordersByIDInverse).request(query: q.string)
    }

    /// Closed orders (history, ms times, `limit` ≤ 200): `/exchange/order/v2/orderList`
    /// (USDT-M, integer enums) or `/exchange/order/list` (COIN-M).
    public func closedOrders(
        symbol: Symbol, start: Timestamp? = nil, end: Timestamp? = nil, offset: Int = 0, limit: Int = 200
    ) throws(PhemexWireError) -> PhemexRequest {
        let s = try spec(symbol)
        var q = QueryBuilder()
        q.add("symbol", symbol.name)
        if s.kind == .linear { q.add("currency", s.settleCurrency) }
        if let st = start { q.add("start", st.millis) }
        if let en = end { q.add("end", en.millis) }
        q.add("offset", Int64(max(0, offset)))
        q.add("limit", Int64(min(200, max(1, limit))))
        q.add("withCount", true)
        return (s.kind == .linear ? PhemexEndpoint.closedOrdersLinear : .closedOrdersInverse).request(query: q.string)
    }

    /// Own fills: `/exchange/order/v2/tradingList` (USDT-M) or `/exchange/order/trade` (COIN-M).
    public func fills(
        symbol: Symbol, start: Timestamp? = nil, end: Timestamp? = nil, offset: Int = 0, limit: Int = 200
    ) throws(PhemexWireError) -> PhemexRequest {
        let s = try spec(symbol)
        var q = QueryBuilder()
        q.add("symbol", symbol.name)
        if s.kind == .linear { q.add("currency", s.settleCurrency) }
        if s.kind == .inverse { q.add("tradeType", "Trade") }
        if let st = start { q.add("start", st.millis) }
        if let en = end { q.add("end", en.millis) }
        q.add("offset", Int64(max(0, offset)))
        q.add("limit", Int64(min(200, max(1, limit))))
        q.add("withCount", true)
        return (s.kind == .linear ? PhemexEndpoint.fillsLinear : .fillsInverse).request(query: q.string)
    }

    /// Account balance and positions of a settle currency (weight 1).
    public func accountPositions(currency: String, symbol: Symbol? = nil) -> PhemexRequest {
        var q = QueryBuilder()
        q.add("currency", currency)
        if isLinearCurrency(currency) {
            q.add("symbol", symbol?.name)
            return PhemexEndpoint.accountPositionsLinear.request(query: q.string)
        }
        return PhemexEndpoint.accountPositionsInverse.request(query: q.string)
    }

    /// Set leverage. USDT-M one-way: `leverageRr`; hedged: pass `longLeverage` and
    /// `shortLeverage`. COIN-M: `leverageEr` (scale 8; ≤ 0 = cross). Negative = cross margin.
    public func setLeverage(symbol: Symbol, leverage: Money?, longLeverage: Money? = nil, shortLeverage: Money? = nil)
        throws(PhemexWireError) -> PhemexRequest
    {
        let s = try spec(symbol)
        var q = QueryBuilder()
        q.add("symbol", symbol.name)
        if s.kind == .linear {
            if let l = longLeverage, let sh = shortLeverage {
                q.add("longLeverageRr", l.description)
                q.add("shortLeverageRr", sh.description)
            } else if let l = leverage {
                q.add("leverageRr", l.description)
            } else {
                throw .unencodable("leverage missing")
            }
            return PhemexEndpoint.leverageLinear.request(query: q.string)
        }
        guard let l = leverage, let er = l.scaled(to: InstrumentCatalog.ratioScale) else {
            throw .unencodable("leverage missing or not representable at ratio scale 8")
        }
        q.add("leverageEr", er)
        return PhemexEndpoint.leverageInverse.request(query: q.string)
    }

    /// Switch the position mode of a USDT-M symbol (`OneWay`/`Hedged`).
    public func switchPositionMode(symbol: Symbol, mode: PositionMode) throws(PhemexWireError) -> PhemexRequest {
        let s = try spec(symbol)
        guard s.kind == .linear else { throw .unencodable("COIN-M contracts are one-way only") }
        var q = QueryBuilder()
        q.add("symbol", symbol.name)
        q.add("targetPosMode", mode.rawValue)
        return PhemexEndpoint.switchPositionModeLinear.request(query: q.string)
    }

    /// `GET /public/products` (no auth).
    public static func products() -> PhemexRequest { PhemexEndpoint.products.request() }

    /// `GET /public/time` (no auth).
    public static func serverTime() -> PhemexRequest { PhemexEndpoint.serverTime.request() }
}
