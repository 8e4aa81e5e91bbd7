import MarketCore

/// A public WebSocket channel the connector subscribes to (PROTOCOL.md §3).
public enum MarketChannel: String, Hashable, Sendable, CaseIterable {
    /// USDT-M order book (`orderbook_p.subscribe [symbol]`).
    case orderbookP = "orderbook_p"
    /// USDT-M trades (`trade_p.subscribe [symbol]`).
    case tradeP = "trade_p"
    /// USDT-M all-symbol ticker with mark, index and funding (`perp_market24h_pack_p.subscribe []`).
    case tickerPackP = "perp_market24h_pack_p"
    /// COIN-M order book (`orderbook.subscribe [symbol]`).
    case orderbook = "orderbook"
    /// COIN-M trades (`trade.subscribe [symbol]`).
    case trade = "trade"
    /// COIN-M all-symbol 24 h ticker with mark and funding (`market24h.subscribe []`).
    case market24h = "market24h"

    /// `true` for channels that carry one symbol per subscription.
    public var isPerSymbol: Bool {
        switch self {
        case .orderbookP, .tradeP, .orderbook, .trade: return true
        case .tickerPackP, .market24h: return false
        }
    }

    /// `true` for book channels.
    public var isBook: Bool { self == .orderbookP || self == .orderbook }
}

/// One subscription: a channel and, for per-symbol channels, the symbol.
public struct MarketSubscription: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var channel: MarketChannel
    public var symbol: Symbol?

    public init(channel: MarketChannel, symbol: Symbol?) {
        self.channel = channel
        self.symbol = symbol
    }

    public var description: String { symbol.map { "\(channel.rawValue)[\($0.name)]" } ?? channel.rawValue }

    public static func < (a: MarketSubscription, b: MarketSubscription) -> Bool {
        let sa = a.symbol?.name ?? "", sb = b.symbol?.name ?? ""
        return sa != sb ? sa < sb : a.channel.rawValue < b.channel.rawValue
    }

    /// The subscriptions for one symbol of the given kind: book and trades (one each).
    public static func forSymbol(_ symbol: Symbol, kind: ContractKind, trades: Bool = true) -> [MarketSubscription] {
        switch kind {
        case .linear:
            return [MarketSubscription(channel: .orderbookP, symbol: symbol)]
                + (trades ? [MarketSubscription(channel: .tradeP, symbol: symbol)] : [])
        case .inverse:
            return [MarketSubscription(channel: .orderbook, symbol: symbol)]
                + (trades ? [MarketSubscription(channel: .trade, symbol: symbol)] : [])
        }
    }
}
