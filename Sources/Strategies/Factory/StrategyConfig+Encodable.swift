import MarketCore

extension StrategyConfig: Encodable {
    /// Encodes the flat strategy-file mapping: `strategy` plus the config's keys (decimal values
    /// as exact strings, percentages as percent text, durations in seconds), so a config can be
    /// stored (e.g. in a journal header) and decoded back to an equal value.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DiscriminatorKey.self)
        try c.encode(strategyName, forKey: .strategy)
        switch self {
        case .pureMarketMaking(let v): try v.encode(to: encoder)
        case .perpetualMarketMaking(let v): try v.encode(to: encoder)
        case .avellanedaMarketMaking(let v): try v.encode(to: encoder)
        case .webhookSignals(let v): try v.encode(to: encoder)
        }
    }
}
