import MarketCore

/// The connection limits of a Phemex WebSocket client (PROTOCOL.md §2.3).
public struct ConnectionLimits: Hashable, Sendable {
    /// Subscriptions one connection may carry (exchange maximum 20; default 15 for headroom).
    public var maxSubscriptionsPerConnection: Int
    /// Connections the client may open (exchange maximum 5).
    public var maxConnections: Int
    /// Requests (subscribe, ping, auth) one connection may send per second (exchange maximum 20).
    public var maxRequestsPerSecond: Int

    public init(maxSubscriptionsPerConnection: Int = 15, maxConnections: Int = 5, maxRequestsPerSecond: Int = 10) {
        self.maxSubscriptionsPerConnection = min(max(1, maxSubscriptionsPerConnection), 20)
        self.maxConnections = min(max(1, maxConnections), 5)
        self.maxRequestsPerSecond = min(max(1, maxRequestsPerSecond), 20)
    }
}

/// The planned public connections: each inner array is the ordered subscription list of one
/// connection.
public struct SubscriptionPlan: Hashable, Sendable {
    public var connections: [[MarketSubscription]]
    /// Total subscriptions.
    public var count: Int { connections.reduce(0) { $0 + $1.count } }
    /// The connection index carrying a symbol's book, if any.
    public func connectionIndex(ofBook symbol: Symbol) -> Int? {
        connections.firstIndex { $0.contains { $0.channel.isBook && $0.symbol == symbol } }
    }
}

/// Spreads subscriptions over WebSocket connections (pure, deterministic).
///
/// All channels of one symbol stay on the same connection (a reconnect then affects a symbol
/// atomically). The number of connections is the fewest that fit, and groups go to the least
/// loaded connection (ties → lowest index), so load is even. Symbols are placed in sorted order.
public enum SubscriptionPlanner {
    /// Plans `groups` (one group per symbol plus any all-symbol channels, each a unit) under
    /// `limits`; throws `.subscriptionCapacity` when they cannot fit.
    public static func plan(groups: [[MarketSubscription]], limits: ConnectionLimits) throws(PhemexConnectorError)
        -> SubscriptionPlan
    {
        let cap = limits.maxSubscriptionsPerConnection
        let units = groups.compactMap { g in g.first.map { (key: $0, group: g) } }.sorted { $0.key < $1.key }.map(\.group)
        let total = units.reduce(0) { $0 + $1.count }
        let available = cap * limits.maxConnections
        guard total <= available else { throw .subscriptionCapacity(needed: total, available: available) }
        if let big = units.first(where: { $0.count > cap }) {
            throw .subscriptionCapacity(needed: big.count, available: cap)
        }
        if total == 0 { return SubscriptionPlan(connections: []) }
        var count = (total + cap - 1) / cap
        while count <= limits.maxConnections {
            if let plan = place(units, connections: count, cap: cap) { return plan }
            count += 1
        }
        throw .subscriptionCapacity(needed: total, available: available)
    }

    /// Plans the standard channel set: book and trades for each symbol plus one all-symbol
    /// ticker channel per family present.
    public static func plan(
        symbols: [(Symbol, ContractKind)], trades: Bool = true, tickers: Bool = true, limits: ConnectionLimits
    ) throws(PhemexConnectorError) -> SubscriptionPlan {
        var groups: [[MarketSubscription]] = []
        var seen: Set<Symbol> = []
        for (s, k) in symbols where seen.insert(s).inserted {
            groups.append(MarketSubscription.forSymbol(s, kind: k, trades: trades))
        }
        if tickers {
            if symbols.contains(where: { $0.1 == .linear }) {
                groups.append([MarketSubscription(channel: .tickerPackP, symbol: nil)])
            }
            if symbols.contains(where: { $0.1 == .inverse }) {
                groups.append([MarketSubscription(channel: .market24h, symbol: nil)])
            }
        }
        return try plan(groups: groups, limits: limits)
    }

    private static func place(_ units: [[MarketSubscription]], connections: Int, cap: Int) -> SubscriptionPlan? {
        var conns = Array(repeating: [MarketSubscription](), count: connections)
        // Larger groups first keeps first-fit-decreasing packing valid; stable by sorted order.
        let order = units.indices.sorted { units[$0].count != units[$1].count ? units[$0].count > units[$1].count : $0 < $1 }
        for i in order {
            let g = units[i]
            var best: Int?
            for c in 0..<connections where conns[c].count + g.count <= cap {
                if let b = best, conns[b].count <= conns[c].count { continue }
                best = c
            }
            guard let b = best else { return nil }
            conns[b].append(contentsOf: g)
        }
        return SubscriptionPlan(connections: conns.map { $0 })
    }
}
