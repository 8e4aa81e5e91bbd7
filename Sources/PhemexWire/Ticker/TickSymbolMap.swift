import MarketCore

/// Maps `tick_p`/`tick` symbols (`.MBTCUSDT`, `.BTCUSDT`, `.BTCUSDTFR8H`, `.MBTC` …) to the
/// instrument they belong to, from the product fields `markSymbol`, `indexSymbol`,
/// `fundingRateSymbol` and `fundingRate8hSymbol`.
public struct TickSymbolMap: Sendable, Hashable {
    /// What a tick symbol measures.
    public enum Role: String, Sendable, Hashable {
        case mark, index, predictedFundingRate, fundingRate8h
    }

    /// The instrument and role of one tick symbol.
    public struct Entry: Sendable, Hashable {
        public var symbol: Symbol
        public var role: Role
    }

    private var entries: [String: Entry] = [:]

    /// Builds the map; when several products share a tick symbol (COIN-M `.BTC` index), the
    /// first product in symbol order wins.
    public init(products: [PhemexProduct]) {
        for p in products.sorted(by: { $0.spec.symbol < $1.spec.symbol }) {
            let pairs: [(String?, Role)] = [
                (p.markSymbol, .mark), (p.indexSymbol, .index), (p.fundingRateSymbol, .predictedFundingRate),
                (p.fundingRate8hSymbol, .fundingRate8h),
            ]
            for (s, role) in pairs {
                if let s, !s.isEmpty, entries[s] == nil { entries[s] = Entry(symbol: p.spec.symbol, role: role) }
            }
        }
    }

    /// The entry of `tickSymbol`, if known.
    public func entry(_ tickSymbol: String) -> Entry? { entries[tickSymbol] }

    /// A mark-price tick as a `MarkPriceTick` (nil for other roles or unknown symbols).
    public func markPriceTick(_ tick: PhemexTick) -> MarkPriceTick? {
        guard let e = entries[tick.tickSymbol], e.role == .mark else { return nil }
        return MarkPriceTick(symbol: e.symbol, markPrice: tick.value, time: tick.time)
    }
}
