import MarketCore

/// Pure rate-limit model in virtual time (PROTOCOL §7): fixed 60 s windows per (user, group)
/// with weights, VIP per-symbol groups, and a per-IP 5000 / 5 min budget whose breach locks the
/// IP out for 5 minutes. A refused request consumes nothing from the groups.
public struct SimRateLimiter: Sendable {
    public var config: RateLimitConfig

    private struct Window: Sendable {
        var start: Int64 = Int64.min
        var used: Int = 0
    }
    private struct Key: Hashable, Sendable {
        var subject: String
        var group: RateLimitGroup
    }
    private var windows: [Key: Window] = [:]
    private var ipWindows: [String: Window] = [:]
    private var ipBlockedUntil: [String: Int64] = [:]

    public init(config: RateLimitConfig = RateLimitConfig()) { self.config = config }

    /// Contract-group weights from PROTOCOL §7 (method + path without query).
    private static let contractWeights: [String: Int] = [
        "POST /orders": 1, "PUT /orders/replace": 1, "DELETE /orders/cancel": 1, "DELETE /orders/all": 3,
        "DELETE /orders": 1, "GET /orders/activeList": 1, "GET /orders/active": 1,
        "GET /accounts/accountPositions": 1, "GET /accounts/positions": 25, "POST /g-orders": 1,
        "PUT /g-orders/replace": 1, "DELETE /g-orders/cancel": 1, "DELETE /g-orders/all": 3,
        "DELETE /g-orders": 1, "GET /g-orders/activeList": 1, "GET /g-orders/active": 1,
        "PUT /g-orders/create": 1, "GET /g-accounts/accountPositions": 1, "GET /g-accounts/positions": 25,
        "POST /g-positions/assign": 1, "PUT /g-positions/leverage": 1, "PUT /g-positions/riskLimit": 1,
        "PUT /g-positions/switch-pos-mode-sync": 1,
        // Assumed (UNCONFIRMED): COIN-M create and position endpoints weigh 1 in Contract.
        "PUT /orders/create": 1, "PUT /positions/leverage": 1, "PUT /positions/riskLimit": 1,
        "POST /positions/assign": 1,
    ]
    /// Calls that can touch every symbol (VIP group `CONTACT_ALL_SYM` when no symbol is given).
    private static let allSymbolPaths: Set<String> = [
        "DELETE /orders/all", "DELETE /g-orders/all", "GET /accounts/accountPositions",
        "GET /accounts/positions", "GET /g-accounts/accountPositions", "GET /g-accounts/positions",
        "GET /orders/activeList", "GET /g-orders/activeList",
    ]

    /// Classifies a request: Contract endpoints with their documented weights, `/md/*` no group
    /// (IP only; S9 saw no headers there), kline 10 in Others, everything else Others weight 1.
    /// `symbol` is the request's symbol parameter, used for VIP per-symbol groups.
    public static func classify(method: String, path: String, symbol: Symbol?, vip: Bool) -> RateLimitRoute {
        var p = Substring(path)
        if let q = p.firstIndex(of: "?") { p = p[..<q] }
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        let key = method.uppercased() + " " + p
        if let w = contractWeights[key] {
            if !vip { return RateLimitRoute(groups: [.contract], weight: w) }
            if let s = symbol { return RateLimitRoute(groups: [.contract, .contractSymbol(s)], weight: w) }
            if allSymbolPaths.contains(key) {
                return RateLimitRoute(groups: [.contract, .contractAllSymbols], weight: w)
            }
            return RateLimitRoute(groups: [.contract], weight: w)
        }
        if p.hasPrefix("/md/") || p == "/md" { return RateLimitRoute(groups: [], weight: 1) }
        if p.hasPrefix("/exchange/public/md/") && p.contains("kline") {
            return RateLimitRoute(groups: [.others], weight: 10)
        }
        return RateLimitRoute(groups: [.others], weight: 1)
    }

    private func capacity(_ g: RateLimitGroup) -> Int {
        switch g {
        case .contract: return config.vip ? config.vipContractCapacity : config.contractCapacity
        case .others: return config.othersCapacity
        case .contractSymbol: return config.vipSymbolCapacity
        case .contractAllSymbols: return config.vipAllSymbolsCapacity
        }
    }

    private static func ceilSeconds(_ nanos: Int64) -> Int {
        let s = (nanos + 999_999_999) / 1_000_000_000
        return Int(max(1, s))
    }

    /// Decides one request. `user` is the API key's user (nil for public calls: the IP is the
    /// subject of the group buckets). Every call counts against the IP budget (also refused
    /// ones); breaching it locks the IP out for `ipBlockSeconds`.
    public mutating func check(
        user: Int64?, ip: String, method: String, path: String, symbol: Symbol?, now: Timestamp
    ) -> RateLimitDecision {
        let route = Self.classify(method: method, path: path, symbol: symbol, vip: config.vip)
        return check(user: user, ip: ip, route: route, now: now)
    }

    /// Same as `check(user:ip:method:path:symbol:now:)` with a pre-classified route.
    public mutating func check(user: Int64?, ip: String, route: RateLimitRoute, now: Timestamp) -> RateLimitDecision {
        let t = now.nanos
        let win = config.windowSeconds * 1_000_000_000
        let subject = user.map { "u\($0)" } ?? "ip:" + ip
        // Current window of every group (fresh window if expired).
        var states: [(Key, Window, Int)] = []
        for g in route.groups {
            let k = Key(subject: subject, group: g)
            var w = windows[k] ?? Window()
            if w.start == Int64.min || t >= w.start &+ win || t < w.start { w = Window(start: t, used: 0) }
            states.append((k, w, capacity(g)))
        }
        guard config.enabled else {
            return RateLimitDecision(
                allowed: true, httpStatus: nil, ipBlocked: false, retryAfterSeconds: 0,
                groups: states.map { groupState($0.0.group, $0.1, $0.2, refused: false, now: t) },
                headers: headers(states.map { groupState($0.0.group, $0.1, $0.2, refused: false, now: t) }))
        }
        // IP layer.
        if let until = ipBlockedUntil[ip], t < until {
            let ra = Self.ceilSeconds(until - t)
            return refusal(states, ipRetry: ra, now: t)
        }
        let ipWin = config.ipWindowSeconds * 1_000_000_000
        var iw = ipWindows[ip] ?? Window()
        if iw.start == Int64.min || t >= iw.start &+ ipWin || t < iw.start { iw = Window(start: t, used: 0) }
        iw.used += 1
        ipWindows[ip] = iw
        if iw.used > config.ipCapacity {
            let until = t &+ config.ipBlockSeconds * 1_000_000_000
            ipBlockedUntil[ip] = until
            return refusal(states, ipRetry: Self.ceilSeconds(until - t), now: t)
        }
        // Group layer: all groups must have room for the weight.
        var refusedAny = false
        var result: [RateLimitGroupState] = []
        for (_, w, cap) in states where w.used + route.weight > cap { refusedAny = true }
        if refusedAny {
            for (k, w, cap) in states {
                result.append(groupState(k.group, w, cap, refused: w.used + route.weight > cap, now: t))
            }
            let ra = result.map(\.retryAfterSeconds).max() ?? 1
            return RateLimitDecision(
                allowed: false, httpStatus: 429, ipBlocked: false, retryAfterSeconds: ra, groups: result,
                headers: headers(result))
        }
        for (k, w, cap) in states {
            var n = w
            n.used += route.weight
            windows[k] = n
            result.append(groupState(k.group, n, cap, refused: false, now: t))
        }
        return RateLimitDecision(
            allowed: true, httpStatus: nil, ipBlocked: false, retryAfterSeconds: 0, groups: result,
            headers: headers(result))
    }

    /// Forgets every window and block (admin reset).
    public mutating func reset() {
        windows.removeAll()
        ipWindows.removeAll()
        ipBlockedUntil.removeAll()
    }

    private func refusal(_ states: [(Key, Window, Int)], ipRetry: Int, now t: Int64) -> RateLimitDecision {
        var gs = states.map { groupState($0.0.group, $0.1, $0.2, refused: false, now: t) }
        for i in gs.indices { gs[i].retryAfterSeconds = ipRetry }
        return RateLimitDecision(
            allowed: false, httpStatus: 429, ipBlocked: true, retryAfterSeconds: ipRetry, groups: gs,
            headers: headers(gs))
    }

    private func groupState(_ g: RateLimitGroup, _ w: Window, _ cap: Int, refused: Bool, now t: Int64)
        -> RateLimitGroupState
    {
        let reset = Self.ceilSeconds(w.start &+ config.windowSeconds * 1_000_000_000 - t)
        return RateLimitGroupState(
            group: g, capacity: cap, remaining: max(0, cap - w.used), retryAfterSeconds: refused ? reset : 0,
            resetInSeconds: reset)
    }

    private func headers(_ gs: [RateLimitGroupState]) -> [RateLimitHeader] {
        var h: [RateLimitHeader] = []
        for g in gs {
            let suffix = g.group.headerSuffix.isEmpty ? "" : "-" + g.group.headerSuffix
            h.append(RateLimitHeader(name: "x-ratelimit-remaining" + suffix, value: String(g.remaining)))
            h.append(RateLimitHeader(name: "x-ratelimit-capacity" + suffix, value: String(g.capacity)))
            h.append(RateLimitHeader(name: "x-ratelimit-retry-after" + suffix, value: String(g.retryAfterSeconds)))
        }
        return h
    }
}
