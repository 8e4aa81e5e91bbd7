import MarketCore

/// Why a strategy could not be built from its configuration.
public enum StrategyFactoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The config failed its range checks.
    case invalidConfig([ConfigIssue])
    public var description: String {
        switch self {
        case .invalidConfig(let issues): return issues.map(\.description).joined(separator: "; ")
        }
    }
}

/// Builds the `Strategy` a strategy file describes.
///
/// The daemon decodes the YAML file into `StrategyConfig` (Yams' `YAMLDecoder`), reports
/// `config.validate()` issues, then calls `StrategyFactory.make(config)`.
public enum StrategyFactory {
    /// The strategy for `config`; throws `.invalidConfig` if `validate()` finds issues.
    public static func make(_ config: StrategyConfig) throws(StrategyFactoryError) -> any Strategy {
        let issues = config.validate()
        if !issues.isEmpty { throw .invalidConfig(issues) }
        switch config {
        case .pureMarketMaking(let c): return PureMarketMakingStrategy(config: c)
        case .perpetualMarketMaking(let c): return PerpetualMarketMakingStrategy(config: c)
        case .avellanedaMarketMaking(let c): return AvellanedaMarketMakingStrategy(config: c)
        case .webhookSignals(let c): return WebhookSignalsStrategy(config: c)
        }
    }

    /// Decodes a `StrategyConfig` with `decoder` (e.g. the one Yams hands to `init(from:)`)
    /// and builds the strategy.
    public static func make(from decoder: any Decoder) throws -> any Strategy {
        try make(try StrategyConfig(from: decoder))
    }
}
