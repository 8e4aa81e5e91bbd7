import MarketCore

@testable import ExchangeSimulator

/// Shared fixtures: a hand-advanced clock and still or live markets.
enum Fixture {
    static let t0 = Timestamp.seconds(1_760_000_000)
    static let user1: Int64 = 1_234_567
    static let user2: Int64 = 7_654_321

    static func accounts() -> [SimAccountConfig] {
        [
            SimAccountConfig(
                apiKey: "key-1", apiSecret: "secret-1", userID: user1,
                balances: [SimBalance(currency: "USDT", amount: 10000), SimBalance(currency: "BTC", amount: 1)]),
            SimAccountConfig(
                apiKey: "key-2", apiSecret: "secret-2", userID: user2,
                balances: [SimBalance(currency: "USDT", amount: 10000), SimBalance(currency: "BTC", amount: 1)]),
        ]
    }

    /// A market with no random walk, no trades and no churn: only requests and injected trades
    /// move it. BTCUSDT: best bid 64999.9, best ask 65000.1.
    static func still(seed: UInt64 = 7, configure: (inout SimulatorConfig) -> Void = { _ in }) throws -> ExchangeSimulator {
        var cfg = SimulatorConfig(seed: seed)
        cfg.instruments = SimInstruments.defaults.map { inst in
            var i = inst
            i.market.volatilityPerSqrtSecond = 0
            i.market.tradesPerSecond = 0
            i.market.churnPerStep = 0
            return i
        }
        cfg.accounts = accounts()
        configure(&cfg)
        return try ExchangeSimulator(config: cfg, now: t0)
    }

    static func live(seed: UInt64) throws -> ExchangeSimulator {
        var cfg = SimulatorConfig(seed: seed)
        cfg.accounts = accounts()
        return try ExchangeSimulator(config: cfg, now: t0)
    }

    static func limit(
        _ cl: String, _ side: Side, _ price: String, _ qty: String, symbol: Symbol = "BTCUSDT",
        tif: TimeInForce = .goodTillCancel, reduceOnly: Bool = false, posSide: PositionSide = .merged
    ) -> SimPlaceOrder {
        SimPlaceOrder(
            symbol: symbol, clOrdID: cl, side: side, posSide: posSide, ordType: .limit, timeInForce: tif,
            price: Price(price), quantity: Quantity(qty) ?? .zero, reduceOnly: reduceOnly)
    }

    static func market(_ cl: String, _ side: Side, _ qty: String, symbol: Symbol = "BTCUSDT", reduceOnly: Bool = false)
        -> SimPlaceOrder
    {
        SimPlaceOrder(
            symbol: symbol, clOrdID: cl, side: side, ordType: .market, timeInForce: .immediateOrCancel, price: nil,
            quantity: Quantity(qty) ?? .zero, reduceOnly: reduceOnly)
    }
}

extension Array where Element == SimEvent {
    /// Order events of one user, in order.
    func orderEvents(_ user: Int64) -> [SimOrderEvent] {
        var out: [SimOrderEvent] = []
        for e in self {
            if case .privateUpdate(let u) = e, u.userID == user { out += u.orders }
        }
        return out
    }
    /// Fill events of one user.
    func fills(_ user: Int64) -> [SimOrderEvent] {
        orderEvents(user).filter { $0.execStatus == .makerFill || $0.execStatus == .takerFill }
    }
    /// Position rows of one user, last update last.
    func positions(_ user: Int64) -> [SimPosition] {
        var out: [SimPosition] = []
        for e in self {
            if case .privateUpdate(let u) = e, u.userID == user { out += u.positions }
        }
        return out
    }
    /// All public trades.
    var trades: [SimTrade] {
        var out: [SimTrade] = []
        for e in self {
            if case .trades(let b) = e { out += b.trades }
        }
        return out
    }
}

extension Result {
    var value: Success? {
        if case .success(let v) = self { return v }
        return nil
    }
    var rejectCode: Int? {
        if case .failure(let e) = self, let r = e as? SimReject { return r.code }
        return nil
    }
}
