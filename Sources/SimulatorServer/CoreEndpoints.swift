import Foundation
import ExchangeSimulator
import MarketCore

/// The REST endpoints themselves (PROTOCOL.md §5).
extension SimulatorCore {
    func reply(_ r: Result<String, SimReject>) -> RESTReply {
        switch r {
        case .success(let data): return .ok(data)
        case .failure(let e): return .bizError(e.code, e.message)
        }
    }

    func symbolSpec(_ params: RESTParams, _ family: Family) throws(SimReject) -> InstrumentSpec {
        let name = try params.require("symbol")
        guard let spec = specs[name] else { throw SimReject(code: 11027, message: "TE_SYMBOL_INVALID") }
        switch family {
        case .linear where spec.kind != .linear, .inverse where spec.kind != .inverse:
            throw SimReject(code: 11027, message: "TE_SYMBOL_INVALID")
        default: return spec
        }
    }

    func orderJSON(_ o: SimOrder, includeReduceOnly: Bool = false) -> String {
        guard let spec = specs[o.symbol.name] else { return "null" }
        return WireEncoding.restOrder(o, spec, listRow: includeReduceOnly)
    }

    // MARK: public

    func publicEndpoint(_ key: String, params: RESTParams) -> RESTReply {
        switch key {
        case "GET /public/time":
            // The clock request expiry is checked against (wall time, not the accelerated
            // virtual clock): a client that corrects its signing clock from here never signs
            // an already-expired request, however fast the market runs.
            return .ok("{\"serverTime\":\(Int64(Date().timeIntervalSince1970 * 1000))}")
        case "GET /public/products":
            return .ok(ProductsEncoding.products(sim.instruments))
        case "GET /md/v2/orderbook", "GET /md/orderbook", "GET /md/v2/fullbook", "GET /md/fullbook":
            let linear = key.hasPrefix("GET /md/v2/")
            let depth = key.hasSuffix("fullbook") ? 0 : 30
            guard let sym = params["symbol"], let spec = specs[sym], spec.kind == (linear ? ContractKind.linear : ContractKind.inverse),
                let book = trueBook(sym, depth: depth)
            else { return RESTReply(status: 500, body: MarketEncoding.mdError) }
            let stream = books[BookKey(symbol: sym, depth: depth)]
            return RESTReply(status: 200, body: MarketEncoding.restBook(
                spec: spec, depth: depth, bids: book.bids, asks: book.asks,
                sequence: stream?.sequence ?? mdSequence, timestamp: book.timestamp))
        case "GET /md/v2/trade", "GET /md/trade":
            let linear = key == "GET /md/v2/trade"
            guard let sym = params["symbol"], let spec = specs[sym], spec.kind == (linear ? ContractKind.linear : ContractKind.inverse)
            else { return RESTReply(status: 500, body: MarketEncoding.mdError) }
            let trades = Array(sim.recentTrades(symbol: Symbol(sym), limit: 200).reversed())
            return RESTReply(status: 200, body: MarketEncoding.restTrades(spec: spec, trades: trades, sequence: mdSequence))
        case "GET /exchange/public/md/v2/kline/last", "GET /exchange/public/md/v2/kline":
            return klineEndpoint(params)
        case "GET /contract-biz/public/real-funding-rates":
            return realFundingRates(params)
        case "GET /api-data/public/data/funding-rate-history":
            return fundingRateHistory(params)
        default:
            return tickerEndpoint(key, params: params) ?? RESTReply(status: 403, body: "")
        }
    }

    // MARK: private

    func privateEndpoint(_ key: String, route: Route, user: Int64, params p: RESTParams) -> RESTReply {
        do throws(SimReject) {
            return try privateEndpointThrowing(key, route: route, user: user, params: p)
        } catch {
            return .bizError(error.code, error.message)
        }
    }

    func placeRequest(_ p: RESTParams, spec: InstrumentSpec) throws(SimReject) -> SimPlaceOrder {
        let linear = spec.kind == .linear
        let side = try p.side()
        let posSide = try p.posSide(required: linear)
        let type = try p.orderType()
        let price: Price?
        let stop: Price?
        let qty: Quantity
        if linear {
            price = try p.decimal("priceRp", Price.self)
            stop = try p.decimal("stopPxRp", Price.self)
            qty = try p.decimal("orderQtyRq", Quantity.self) ?? .zero
        } else {
            price = try p.scaledOrPlain("priceEp", "price", scale: spec.priceScale, Price.self)
            stop = try p.scaledOrPlain("stopPxEp", "stopPx", scale: spec.priceScale, Price.self)
            qty = try p.scaled("orderQty", scale: 0, Quantity.self) ?? .zero
        }
        let tif = try p.timeInForce(default: type == .market || type == .stop ? .immediateOrCancel : .goodTillCancel)
        if let cl = p["clOrdID"], cl.count > 40 { throw SimReject(code: 10500, message: "invalid argument clOrdID") }
        return SimPlaceOrder(
            symbol: spec.symbol, clOrdID: p["clOrdID"], side: side, posSide: posSide, ordType: type,
            timeInForce: tif, price: price, stopPx: stop, trigger: try p.trigger(), quantity: qty,
            reduceOnly: try p.bool("reduceOnly"), closeOnTrigger: try p.bool("closeOnTrigger"), text: p["text"] ?? "")
    }

    func privateEndpointThrowing(_ key: String, route: Route, user: Int64, params p: RESTParams) throws(SimReject) -> RESTReply {
        let now = virtualNow()
        switch key {
        case "PUT /g-orders/create", "POST /g-orders", "PUT /orders/create", "POST /orders":
            let spec = try symbolSpec(p, route.family)
            let req = try placeRequest(p, spec: spec)
            return reply(sim.placeOrder(user: user, req, now: now).map { orderJSON($0) })

        case "PUT /g-orders/replace", "PUT /orders/replace":
            let spec = try symbolSpec(p, route.family)
            let linear = spec.kind == .linear
            let refs = try p.refs(idKey: "orderID", clKey: "origClOrdID")
            let price: Price?, qty: Quantity?, stop: Price?
            if linear {
                price = try p.decimal("priceRp", Price.self)
                qty = try p.decimal("orderQtyRq", Quantity.self)
                stop = try p.decimal("stopPxRp", Price.self)
            } else {
                price = try p.scaledOrPlain("priceEp", "price", scale: spec.priceScale, Price.self)
                qty = try p.scaled("orderQty", scale: 0, Quantity.self)
                stop = try p.scaledOrPlain("stopPxEp", "stopPx", scale: spec.priceScale, Price.self)
            }
            let req = SimAmendOrder(
                symbol: spec.symbol, posSide: try p.posSide(required: linear), ref: refs[0], price: price,
                quantity: qty, stopPx: stop, trigger: try p.trigger())
            return reply(sim.amendOrder(user: user, req, now: now).map { orderJSON($0) })

        case "DELETE /g-orders/cancel", "DELETE /orders/cancel":
            let spec = try symbolSpec(p, route.family)
            let refs = try p.refs()
            let r = sim.cancelOrder(user: user, symbol: spec.symbol, posSide: try p.posSide(required: false), ref: refs[0], now: now)
            return reply(r.map { orderJSON($0) })

        case "DELETE /g-orders", "DELETE /orders":
            let spec = try symbolSpec(p, route.family)
            let refs = try p.refs()
            let items = sim.cancelOrders(user: user, symbol: spec.symbol, posSide: try p.posSide(required: false), refs: refs, now: now)
            var rows: [String] = []
            var firstError: SimReject?
            for i in items {
                switch i.result {
                case .success(let o): rows.append(orderJSON(o))
                case .failure(let e): if firstError == nil { firstError = e }
                }
            }
            if rows.isEmpty, let e = firstError { return .bizError(e.code, e.message) }
            return .ok(JSONObject.array(rows))

        case "DELETE /g-orders/all", "DELETE /orders/all":
            var symbol: Symbol?
            if p["symbol"] != nil { symbol = try symbolSpec(p, route.family).symbol }
            let untriggered = try p.bool("untriggered")
            if let symbol {
                return reply(sim.cancelAll(user: user, symbol: symbol, untriggered: untriggered, now: now).map { String($0) })
            }
            var total = 0
            for name in symbolOrder where specs[name]?.kind == (route.family == .linear ? ContractKind.linear : ContractKind.inverse) {
                if case .success(let n) = sim.cancelAll(user: user, symbol: Symbol(name), untriggered: untriggered, now: now) {
                    total += n
                }
            }
            return .ok(String(total))

        case "GET /g-orders/activeList", "GET /orders/activeList":
            var symbol: Symbol?
            if p["symbol"] != nil { symbol = try symbolSpec(p, route.family).symbol }
            let family: ContractKind = route.family == .linear ? .linear : .inverse
            let orders = try sim.openOrders(user: user, symbol: symbol).get()
                .filter { specs[$0.symbol.name]?.kind == family }
            if orders.isEmpty && (family == .inverse || config.emptyActiveListAsNotFound) {
                return .bizError(10002, "OM_ORDER_NOT_FOUND")
            }
            let rows = JSONObject.array(orders.map { orderJSON($0, includeReduceOnly: true) })
            // `nextPageArg` is in the USDT-M reply only (samples `rest-usdtm-07`, `rest-coinm-04`).
            return .ok(family == .linear ? "{\"rows\":" + rows + ",\"nextPageArg\":\"\"}" : "{\"rows\":" + rows + "}")

        case "GET /g-orders/active", "GET /orders/active":
            let spec = try symbolSpec(p, route.family)
            let refs = try p.refs()
            let open = try sim.openOrders(user: user, symbol: spec.symbol).get()
            guard let o = open.first(where: { Self.matches($0, refs[0]) }) else {
                return .bizError(10002, "OM_ORDER_NOT_FOUND")
            }
            return .ok(orderJSON(o, includeReduceOnly: true))

        case "GET /api-data/g-futures/orders/by-order-id", "GET /exchange/order":
            let spec = try symbolSpec(p, route.family)
            let refs = try p.refs()
            var found = try sim.queryOrders(user: user, symbol: spec.symbol, refs: refs).get()
            for r in refs where !found.contains(where: { Self.matches($0, r) }) {
                if let o = (closedOrders[user] ?? []).last(where: { Self.matches($0, r) }) { found.append(o) }
            }
            let rows = found.map { o in
                spec.kind == .linear ? WireEncoding.dataOrderLinear(o, spec) : orderJSON(o, includeReduceOnly: true)
            }
            return .ok("{\"total\":\(rows.count),\"rows\":" + JSONObject.array(rows) + "}", msg: "OK")

        case "GET /exchange/order/v2/orderList", "GET /exchange/order/list":
            let family: ContractKind = route.family == .linear ? .linear : .inverse
            let sym = p["symbol"]
            let limit = min(200, max(1, Int(p["limit"] ?? "") ?? 200))
            let offset = max(0, Int(p["offset"] ?? "") ?? 0)
            let all = (closedOrders[user] ?? []).reversed().filter {
                specs[$0.symbol.name]?.kind == family && (sym == nil || $0.symbol.name == sym)
            }
            let page = all.dropFirst(offset).prefix(limit)
            let rows = page.compactMap { o -> String? in
                guard let spec = specs[o.symbol.name] else { return nil }
                return family == .linear ? WireEncoding.historyOrderLinear(o, spec) : orderJSON(o, includeReduceOnly: true)
            }
            return .ok("{\"total\":\(all.count),\"rows\":" + JSONObject.array(rows) + "}", msg: "OK")

        case "GET /exchange/order/v2/tradingList", "GET /exchange/order/trade":
            let family: ContractKind = route.family == .linear ? .linear : .inverse
            let sym = p["symbol"]
            let limit = min(200, max(1, Int(p["limit"] ?? "") ?? 200))
            let offset = max(0, Int(p["offset"] ?? "") ?? 0)
            let all = (fills[user] ?? []).reversed().filter {
                specs[$0.order.symbol.name]?.kind == family && (sym == nil || $0.order.symbol.name == sym)
            }
            let rows = all.dropFirst(offset).prefix(limit).compactMap { e -> String? in
                guard let spec = specs[e.order.symbol.name] else { return nil }
                return family == .linear ? HistoryEncoding.fillLinear(e) : HistoryEncoding.fillInverse(e, spec)
            }
            return .ok("{\"total\":\(all.count),\"rows\":" + JSONObject.array(rows) + "}", msg: "OK")

        case "GET /g-accounts/accountPositions", "GET /g-accounts/positions":
            let currency = p["currency"] ?? "USDT"
            let ap = try sim.accountPositions(user: user, currency: currency, now: now).get()
            let positions = ap.positions.filter { p["symbol"] == nil || $0.symbol.name == p["symbol"] }
            // Only the weight-25 `/g-accounts/positions` adds `unRealisedPnlRv` (§5.1).
            let withPnl = key == "GET /g-accounts/positions"
            return .ok("{\"account\":" + WireEncoding.restAccount(ap.account, currencySpec(currency), kind: .linear) + ",\"positions\":"
                + JSONObject.array(positions.compactMap { pos in
                    specs[pos.symbol.name].map { WireEncoding.restPosition(pos, $0, unrealisedPnl: withPnl) }
                }) + "}")

        case "GET /accounts/accountPositions", "GET /accounts/positions":
            let currency = p["currency"] ?? "BTC"
            let ap = try sim.accountPositions(user: user, currency: currency, now: now).get()
            let cs = currencySpec(currency)
            let rows = ap.positions.compactMap { pos -> String? in
                guard let spec = specs[pos.symbol.name] else { return nil }
                return WireEncoding.restPosition(pos, spec)
            }
            return .ok("{\"account\":" + WireEncoding.restAccount(ap.account, cs, kind: .inverse) + ",\"positions\":"
                + JSONObject.array(rows) + "}")

        case "PUT /g-positions/leverage":
            let spec = try symbolSpec(p, .linear)
            let req = SimSetLeverage(
                symbol: spec.symbol, leverage: try p.decimal("leverageRr", Money.self),
                longLeverage: try p.decimal("longLeverageRr", Money.self),
                shortLeverage: try p.decimal("shortLeverageRr", Money.self))
            if req.leverage == nil && req.longLeverage == nil { throw SimReject(code: 412, message: "Missing parameter - leverageRr") }
            return reply(sim.setLeverage(user: user, req, now: now).map { _ in "\"OK\"" })

        case "PUT /positions/leverage":
            let spec = try symbolSpec(p, .inverse)
            let lev = try p.scaledOrPlain("leverageEr", "leverage", scale: 8, Money.self)
            guard let lev else { throw SimReject(code: 412, message: "Missing parameter - leverage") }
            return reply(sim.setLeverage(user: user, SimSetLeverage(symbol: spec.symbol, leverage: lev), now: now).map { _ in "\"OK\"" })

        case "PUT /g-positions/switch-pos-mode-sync":
            let spec = try symbolSpec(p, .linear)
            guard let mode = PositionMode(rawValue: try p.require("targetPosMode")) else {
                throw SimReject(code: 10500, message: "invalid argument targetPosMode")
            }
            return reply(sim.setPositionMode(user: user, symbol: spec.symbol, mode: mode, now: now).map { _ in "\"OK\"" })

        default:
            return RESTReply(status: 403, body: "")
        }
    }

    static func matches(_ o: SimOrder, _ ref: SimOrderRef) -> Bool {
        switch ref {
        case .orderID(let id): return o.orderID == id
        case .clOrdID(let c): return !c.isEmpty && o.clOrdID == c
        }
    }
}
