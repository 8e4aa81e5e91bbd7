import MarketCore

/// Builds the REST calls of PROTOCOL.md §5.1 (USDT-M, `/g-…`) and §5.2 (COIN-M) from
/// commands. USDT-M sends decimal strings (`priceRp`, `orderQtyRq`) and `posSide`; COIN-M
/// sends `priceEp` integers and integer contract counts and has no `posSide`.
enum RESTRequests {
    enum BuildError: Error, Equatable { case notRepresentable(String) }

    static func ep(_ p: Price, _ spec: InstrumentSpec) throws(BuildError) -> String {
        guard let v = p.scaled(to: spec.priceScale) else { throw .notRepresentable("price \(p)") }
        return String(v)
    }

    static func contracts(_ q: Quantity) throws(BuildError) -> String {
        guard q.raw % FixedPointScale.factor == 0 else { throw .notRepresentable("quantity \(q) is not whole contracts") }
        return String(q.raw / FixedPointScale.factor)
    }

    /// `PUT /g-orders/create?…` / `PUT /orders/create?…`.
    static func place(_ o: OrderRequest, _ spec: InstrumentSpec) throws(BuildError) -> RESTCall {
        var p: [(String, String)] = [("symbol", o.symbol.name), ("clOrdID", o.clientOrderID.value), ("side", o.side.rawValue)]
        let inverse = spec.kind == .inverse
        if inverse {
            p.append(("orderQty", try contracts(o.quantity)))
        } else {
            p.append(("posSide", o.positionSide.rawValue))
            p.append(("orderQtyRq", o.quantity.description))
        }
        p.append(("ordType", o.type.rawValue))
        if let price = o.price, o.type.hasLimitPrice {
            p.append(inverse ? ("priceEp", try ep(price, spec)) : ("priceRp", price.description))
        }
        if let stop = o.stopPrice, o.type.isConditional {
            p.append(inverse ? ("stopPxEp", try ep(stop, spec)) : ("stopPxRp", stop.description))
            p.append(("triggerType", (o.trigger ?? .markPrice).rawValue))
        }
        p.append(("timeInForce", o.type == .market ? TimeInForce.immediateOrCancel.rawValue : o.timeInForce.rawValue))
        if o.reduceOnly { p.append(("reduceOnly", "true")) }
        return RESTCall(.put, inverse ? "/orders/create" : "/g-orders/create", p, isWrite: true)
    }

    /// `PUT /g-orders/replace?…` / `PUT /orders/replace?…` by `origClOrdID`.
    static func amend(
        _ id: ClientOrderID, symbol: Symbol, positionSide: PositionSide, price: Price?, quantity: Quantity?,
        _ spec: InstrumentSpec
    ) throws(BuildError) -> RESTCall {
        var p: [(String, String)] = [("symbol", symbol.name), ("origClOrdID", id.value)]
        if spec.kind == .inverse {
            if let price { p.append(("priceEp", try ep(price, spec))) }
            if let quantity { p.append(("orderQty", try contracts(quantity))) }
            return RESTCall(.put, "/orders/replace", p, isWrite: true)
        }
        p.append(("posSide", positionSide.rawValue))
        if let price { p.append(("priceRp", price.description)) }
        if let quantity { p.append(("orderQtyRq", quantity.description)) }
        return RESTCall(.put, "/g-orders/replace", p, isWrite: true)
    }

    /// `DELETE /g-orders/cancel?…` / `DELETE /orders/cancel?…` by `clOrdID`.
    static func cancel(_ id: ClientOrderID, symbol: Symbol, positionSide: PositionSide, kind: ContractKind) -> RESTCall {
        if kind == .inverse {
            return RESTCall(.delete, "/orders/cancel", [("symbol", symbol.name), ("clOrdID", id.value)], isWrite: true)
        }
        return RESTCall(
            .delete, "/g-orders/cancel", [("clOrdID", id.value), ("symbol", symbol.name), ("posSide", positionSide.rawValue)],
            isWrite: true)
    }

    /// `DELETE /g-orders?symbol=&clOrdID=a,b&posSide=` / `DELETE /orders?symbol=&clOrdID=a,b`.
    static func cancelBulk(_ ids: [ClientOrderID], symbol: Symbol, positionSide: PositionSide, kind: ContractKind)
        -> RESTCall
    {
        let list = ids.map(\.value).joined(separator: ",")
        if kind == .inverse {
            return RESTCall(.delete, "/orders", [("symbol", symbol.name), ("clOrdID", list)], isWrite: true)
        }
        return RESTCall(
            .delete, "/g-orders", [("symbol", symbol.name), ("clOrdID", list), ("posSide", positionSide.rawValue)],
            isWrite: true)
    }

    /// `DELETE /g-orders/all?symbol=&untriggered=` / `DELETE /orders/all?…` (operator use).
    static func cancelAll(symbol: Symbol, untriggered: Bool, kind: ContractKind) -> RESTCall {
        RESTCall(
            .delete, kind == .inverse ? "/orders/all" : "/g-orders/all",
            [("symbol", symbol.name), ("untriggered", untriggered ? "true" : "false")], isWrite: true)
    }

    /// `GET /g-orders/activeList?symbol=` / `GET /orders/activeList?symbol=`.
    static func activeList(symbol: Symbol, kind: ContractKind) -> RESTCall {
        RESTCall(.get, kind == .inverse ? "/orders/activeList" : "/g-orders/activeList", [("symbol", symbol.name)])
    }

    /// Order history by client id: `GET /api-data/g-futures/orders/by-order-id` (USDT-M) or
    /// `GET /exchange/order` (COIN-M).
    static func orderByClientID(_ id: ClientOrderID, symbol: Symbol, kind: ContractKind) -> RESTCall {
        if kind == .inverse {
            return RESTCall(.get, "/exchange/order", [("symbol", symbol.name), ("clOrdID", id.value)])
        }
        return RESTCall(.get, "/api-data/g-futures/orders/by-order-id", [("symbol", symbol.name), ("clOrdID", id.value)])
    }

    /// `GET /g-accounts/accountPositions?currency=` (USDT/USDC) or `GET /accounts/accountPositions?currency=`.
    static func accountPositions(currency: String) -> RESTCall {
        let linear = currency == "USDT" || currency == "USDC"
        return RESTCall(.get, linear ? "/g-accounts/accountPositions" : "/accounts/accountPositions", [("currency", currency)])
    }

    /// Recent own fills for reconciliation: `GET /api-data/g-futures/trades` (USDT-M) or
    /// `GET /exchange/order/trade` (COIN-M), times in ms.
    static func recentFills(symbol: Symbol, kind: ContractKind, startMillis: Int64, endMillis: Int64) -> RESTCall {
        let p: [(String, String)] = [
            ("symbol", symbol.name), ("start", String(startMillis)), ("end", String(endMillis)), ("limit", "200"),
        ]
        return RESTCall(.get, kind == .inverse ? "/exchange/order/trade" : "/api-data/g-futures/trades", p)
    }

    /// Leverage: `PUT /g-positions/leverage?symbol=&leverageRr=` (one-way), `…&longLeverageRr=&shortLeverageRr=`
    /// (hedged), or COIN-M `PUT /positions/leverage?symbol=&leverageEr=`.
    static func setLeverage(symbol: Symbol, kind: ContractKind, leverage: Money, hedged: Bool) -> RESTCall {
        if kind == .inverse {
            return RESTCall(
                .put, "/positions/leverage", [("symbol", symbol.name), ("leverageEr", String(leverage.scaled(to: 8) ?? 0))],
                isWrite: true)
        }
        let p: [(String, String)] =
            hedged
            ? [("symbol", symbol.name), ("longLeverageRr", leverage.description), ("shortLeverageRr", leverage.description)]
            : [("symbol", symbol.name), ("leverageRr", leverage.description)]
        return RESTCall(.put, "/g-positions/leverage", p, isWrite: true)
    }

    /// `PUT /g-positions/switch-pos-mode-sync?symbol=&targetPosMode=`.
    static func switchPositionMode(symbol: Symbol, mode: PositionMode) -> RESTCall {
        RESTCall(
            .put, "/g-positions/switch-pos-mode-sync", [("symbol", symbol.name), ("targetPosMode", mode.rawValue)],
            isWrite: true)
    }

    static let products = RESTCall(.get, "/public/products")
    static let serverTime = RESTCall(.get, "/public/time")
}
