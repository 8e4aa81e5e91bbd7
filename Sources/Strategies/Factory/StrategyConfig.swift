import MarketCore

/// A decoded strategy file: the `strategy:` key picks the case, the other top-level keys are
/// that strategy's config (flat, Hummingbot style).
///
/// Decoding is strict: a key that is neither the strategy's nor one of
/// `StrategyConfig.commonKeys` nor listed under `StrategyConfig.extraKeysUserInfoKey` in the
/// decoder's `userInfo` fails with `DecodingError.dataCorrupted` whose coding path ends with
/// the key. Range checks come separately from `validate()`.
public enum StrategyConfig: Sendable, Equatable, Decodable {
    case pureMarketMaking(PureMarketMakingConfig)
    case perpetualMarketMaking(PerpetualMarketMakingConfig)
    case avellanedaMarketMaking(AvellanedaMarketMakingConfig)
    case webhookSignals(WebhookSignalsConfig)

    /// Keys every strategy file may carry besides its own: `strategy` (the discriminator).
    public static let commonKeys = ["strategy"]

    /// `userInfo` key under which the daemon may pass `[String]` of extra keys it owns in
    /// strategy files (they are then accepted and ignored here).
    public static let extraKeysUserInfoKey = CodingUserInfoKey(rawValue: "mmbot.strategy.extraKeys")!

    /// Names accepted in the `strategy:` key.
    public static let strategyNames = [
        PureMarketMakingStrategy.name, PerpetualMarketMakingStrategy.name, AvellanedaMarketMakingStrategy.name,
        WebhookSignalsStrategy.name,
    ]

    /// The YAML keys a strategy's file may contain (common keys included); `nil` for an
    /// unknown strategy name.
    public static func keys(for strategy: String) -> [String]? {
        switch strategy {
        case PureMarketMakingStrategy.name: return PureMarketMakingConfig.keys
        case PerpetualMarketMakingStrategy.name: return PerpetualMarketMakingConfig.keys
        case AvellanedaMarketMakingStrategy.name: return AvellanedaMarketMakingConfig.keys
        case WebhookSignalsStrategy.name: return WebhookSignalsConfig.keys
        default: return nil
        }
    }

    enum DiscriminatorKey: String, CodingKey { case strategy }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DiscriminatorKey.self)
        let name = try c.decode(String.self, forKey: .strategy)
        guard let keys = Self.keys(for: name) else {
            throw DecodingError.dataCorruptedError(
                forKey: .strategy, in: c,
                debugDescription: "unknown strategy '\(name.prefix(60))' (known: \(Self.strategyNames.joined(separator: ", ")))")
        }
        let extra = decoder.userInfo[Self.extraKeysUserInfoKey] as? [String] ?? []
        try StrictKeys.check(decoder, allowed: keys + Self.commonKeys + extra)
        switch name {
        case PureMarketMakingStrategy.name: self = .pureMarketMaking(try PureMarketMakingConfig(from: decoder))
        case PerpetualMarketMakingStrategy.name:
            self = .perpetualMarketMaking(try PerpetualMarketMakingConfig(from: decoder))
        case AvellanedaMarketMakingStrategy.name:
            self = .avellanedaMarketMaking(try AvellanedaMarketMakingConfig(from: decoder))
        default: self = .webhookSignals(try WebhookSignalsConfig(from: decoder))
        }
    }

    /// The `strategy:` name.
    public var strategyName: String {
        switch self {
        case .pureMarketMaking: return PureMarketMakingStrategy.name
        case .perpetualMarketMaking: return PerpetualMarketMakingStrategy.name
        case .avellanedaMarketMaking: return AvellanedaMarketMakingStrategy.name
        case .webhookSignals: return WebhookSignalsStrategy.name
        }
    }

    /// The symbols the strategy trades.
    public var symbols: [Symbol] {
        switch self {
        case .pureMarketMaking(let c): return [c.symbol]
        case .perpetualMarketMaking(let c): return [c.quoting.symbol]
        case .avellanedaMarketMaking(let c): return [c.symbol]
        case .webhookSignals(let c): return c.symbols
        }
    }

    /// Range checks of the chosen config (empty = valid).
    public func validate() -> [ConfigIssue] {
        switch self {
        case .pureMarketMaking(let c): return c.validate()
        case .perpetualMarketMaking(let c): return c.validate()
        case .avellanedaMarketMaking(let c): return c.validate()
        case .webhookSignals(let c): return c.validate()
        }
    }
}
