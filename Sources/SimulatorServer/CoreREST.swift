import ExchangeSimulator
import MarketCore

/// REST request pipeline of `SimulatorCore`: route lookup, rate limits and faults, signature
/// checks, then the endpoint.
extension SimulatorCore {
    enum Family { case linear, inverse, either }

    struct Route {
        var private_: Bool
        var trading: Bool
        var family: Family
    }

    static let routes: [String: Route] = {
        var r: [String: Route] = [:]
        for k in ["PUT /g-orders/create", "POST /g-orders", "PUT /g-orders/replace", "DELETE /g-orders/cancel",
                  "DELETE /g-orders", "DELETE /g-orders/all"] {
            r[k] = Route(private_: true, trading: true, family: .linear)
        }
        for k in ["GET /g-orders/activeList", "GET /g-orders/active", "GET /api-data/g-futures/orders/by-order-id",
                  "GET /exchange/order/v2/orderList", "GET /exchange/order/v2/tradingList",
                  "GET /g-accounts/accountPositions", "GET /g-accounts/positions", "PUT /g-positions/leverage",
                  "PUT /g-positions/switch-pos-mode-sync"] {
            r[k] = Route(private_: true, trading: false, family: .linear)
        }
        for k in ["PUT /orders/create", "POST /orders", "PUT /orders/replace", "DELETE /orders/cancel",
                  "DELETE /orders", "DELETE /orders/all"] {
            r[k] = Route(private_: true, trading: true, family: .inverse)
        }
        for k in ["GET /orders/activeList", "GET /orders/active", "GET /exchange/order", "GET /exchange/order/list",
                  "GET /exchange/order/trade", "GET /accounts/accountPositions", "GET /accounts/positions",
                  "PUT /positions/leverage"] {
            r[k] = Route(private_: true, trading: false, family: .inverse)
        }
        for k in ["GET /public/products", "GET /public/time", "GET /md/v2/orderbook", "GET /md/orderbook",
                  "GET /md/v2/trade", "GET /md/trade", "GET /md/fullbook", "GET /md/v2/fullbook",
                  "GET /md/v3/ticker/24hr", "GET /md/v3/ticker/24hr/all", "GET /md/v2/ticker/24hr",
                  "GET /md/v1/ticker/24hr", "GET /md/v1/ticker/24hr/all", "GET /exchange/public/md/v2/kline/last",
                  "GET /exchange/public/md/v2/kline", "GET /md/v2/ticker/24hr/all",
                  "GET /contract-biz/public/real-funding-rates", "GET /api-data/public/data/funding-rate-history"] {
            r[k] = Route(private_: false, trading: false, family: .either)
        }
        return r
    }()

    func handleREST(_ req: RESTRequest) -> RESTReply {
        restRequests += 1
        let mono = MonotonicClock.nanos()
        defer { restNanos += MonotonicClock.nanos() - mono }
        let wallNow = rateLimitNow(mono: mono)
        var path = req.path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        let key = req.method + " " + path
        let params = RESTParams(items: req.queryItems)
        let user = req.apiKey.flatMap { sim.apiKey($0) }
        // Rate limits (headers on every reply; `/md/*` is charged to Others so it has them too).
        var route = SimRateLimiter.classify(
            method: req.method, path: path, symbol: params["symbol"].map { Symbol($0) }, vip: config.rateLimitProfile == .vip)
        if route.groups.isEmpty { route = RateLimitRoute(groups: [.others], weight: 1) }
        if burst429Remaining > 0 {
            burst429Remaining -= 1
            var reply = RESTReply(status: 429, body: "{\"code\":39995,\"msg\":\"Too many requests.\",\"data\":null}")
            let suffix = route.groups.first?.headerSuffix ?? ""
            let s = suffix.isEmpty ? "" : "-" + suffix
            let cap = route.groups.first == .contract ? config.effectiveContractCapacity : config.othersCapacityPerMinute
            reply.headers = [("x-ratelimit-remaining" + s, "0"), ("x-ratelimit-capacity" + s, String(cap)),
                             ("x-ratelimit-retry-after" + s, "1")]
            return reply
        }
        let decision = sim.rateLimiter.check(user: user?.userID, ip: req.clientIP, route: route, now: wallNow)
        let rl = decision.headers.map { ($0.name, $0.value) }
        guard decision.allowed else {
            return RESTReply(status: 429, body: "{\"code\":39995,\"msg\":\"Too many requests.\",\"data\":null}", headers: rl)
        }
        var reply = dispatch(req, key: key, path: path, params: params)
        reply.headers.append(contentsOf: rl)
        return reply
    }

    func dispatch(_ req: RESTRequest, key: String, path: String, params: RESTParams) -> RESTReply {
        guard let route = Self.routes[key] else {
            if path.hasPrefix("/admin") { return RESTReply(status: 404, body: "") }
            return RESTReply(status: 403, body: "")
        }
        if !route.private_ { return publicEndpoint(key, params: params) }
        // Authentication (§4.1).
        guard let apiKey = req.apiKey, !apiKey.isEmpty else {
            return RESTReply(status: 401, body: "{\"code\":\"401\",\"msg\":\"401 Miss Api Key.\"}")
        }
        guard let cred = sim.apiKey(apiKey) else {
            return RESTReply(status: 401, body: "{\"msg\":\"Failed to find api-key \(apiKey.prefix(8))…\",\"code\":10500}")
        }
        guard let expiryText = req.expiry, let expiry = Int64(expiryText) else {
            return RESTReply(status: 401, body: "{\"msg\":\"API Signature verification failed.\",\"code\":10500}")
        }
        if expiry < wallSeconds() {
            return RESTReply(status: 401, body: "{\"code\":\"401\",\"msg\":\"401 Request Expired at \(expiry)\"}")
        }
        let message = RequestAuth.restMessage(path: req.path, query: req.query, expiry: expiryText, body: req.body)
        let expected = RequestAuth.sign(secret: cred.apiSecret, message: message)
        guard let sig = req.signature, RequestAuth.matches(expected, sig.lowercased()) else {
            return RESTReply(status: 401, body: "{\"msg\":\"API Signature verification failed.\",\"code\":10500}")
        }
        // Body parameters (POST) replace the query parameters.
        var p = params
        if req.method == "POST" {
            guard let json = try? JSONValue.parse(req.body), case .object = json else {
                return RESTReply.bizError(10500, "invalid argument: body is not a JSON object")
            }
            p = RESTParams(json: json)
        }
        // 503 fault for trading requests: applied or not, the client sees "unknown outcome".
        if route.trading && faults.http503Fraction > 0 {
            let draw = Double(rng.next() % 1_000_000) / 1_000_000
            if draw < faults.http503Fraction {
                if faults.http503Applied {
                    _ = privateEndpoint(key, route: route, user: cred.userID, params: p)
                    flushRequestEvents()
                }
                return RESTReply(status: 503, body: "{\"code\":503,\"msg\":\"Service Unavailable\",\"data\":null}")
            }
        }
        let reply = privateEndpoint(key, route: route, user: cred.userID, params: p)
        flushRequestEvents()
        return reply
    }
}
