import MarketCore

/// A rate-limit group (PROTOCOL §7). The header suffix is what follows
/// `x-ratelimit-remaining-` (empty for Others: plain `x-ratelimit-remaining`).
public enum RateLimitGroup: Hashable, Sendable, Codable {
    /// Contract group (500/min, VIP 5000/min).
    case contract
    /// Everything else (100/min).
    case others
    /// VIP per-symbol group (500/min per symbol).
    case contractSymbol(Symbol)
    /// VIP group of calls touching all symbols (spelled `CONTACT_ALL_SYM` by Phemex).
    case contractAllSymbols

    /// Header suffix: `CONTRACT`, ``, `CONTRACT_BTCUSDT`, `CONTACT_ALL_SYM`.
    public var headerSuffix: String {
        switch self {
        case .contract: return "CONTRACT"
        case .others: return ""
        case .contractSymbol(let s): return "CONTRACT_" + s.name
        case .contractAllSymbols: return "CONTACT_ALL_SYM"
        }
    }
}

/// How one (method, path) is charged.
public struct RateLimitRoute: Hashable, Sendable, Codable {
    /// Groups charged (empty: only the IP limit applies, no group headers — `/md/*`).
    public var groups: [RateLimitGroup]
    public var weight: Int
    public init(groups: [RateLimitGroup], weight: Int) {
        self.groups = groups
        self.weight = weight
    }
}

/// Capacities and windows. Defaults follow PROTOCOL §7.
public struct RateLimitConfig: Hashable, Sendable, Codable {
    public var enabled: Bool
    public var contractCapacity: Int
    public var othersCapacity: Int
    /// VIP mode: Contract 5000/min plus 500/min per symbol (and `CONTACT_ALL_SYM` 500/min).
    public var vip: Bool
    public var vipContractCapacity: Int
    public var vipSymbolCapacity: Int
    public var vipAllSymbolsCapacity: Int
    public var windowSeconds: Int64
    public var ipCapacity: Int
    public var ipWindowSeconds: Int64
    public var ipBlockSeconds: Int64
    public init(
        enabled: Bool = true, contractCapacity: Int = 500, othersCapacity: Int = 100, vip: Bool = false,
        vipContractCapacity: Int = 5000, vipSymbolCapacity: Int = 500, vipAllSymbolsCapacity: Int = 500,
        windowSeconds: Int64 = 60, ipCapacity: Int = 5000, ipWindowSeconds: Int64 = 300, ipBlockSeconds: Int64 = 300
    ) {
        self.enabled = enabled
        self.contractCapacity = contractCapacity
        self.othersCapacity = othersCapacity
        self.vip = vip
        self.vipContractCapacity = vipContractCapacity
        self.vipSymbolCapacity = vipSymbolCapacity
        self.vipAllSymbolsCapacity = vipAllSymbolsCapacity
        self.windowSeconds = windowSeconds
        self.ipCapacity = ipCapacity
        self.ipWindowSeconds = ipWindowSeconds
        self.ipBlockSeconds = ipBlockSeconds
    }
}

/// State of one group after a decision: the values of its three headers.
public struct RateLimitGroupState: Hashable, Sendable, Codable {
    public var group: RateLimitGroup
    public var capacity: Int
    /// Permits left in the current window.
    public var remaining: Int
    /// Seconds until the window resets (ceil, ≥ 1) when this group refused; 0 otherwise.
    public var retryAfterSeconds: Int
    /// Seconds until the current window resets (always filled).
    public var resetInSeconds: Int
}

/// One HTTP header to send.
public struct RateLimitHeader: Hashable, Sendable, Codable {
    public var name: String
    public var value: String
}

/// The verdict for one request plus the headers to send on the response (allowed or not).
public struct RateLimitDecision: Hashable, Sendable, Codable {
    public var allowed: Bool
    /// 429 when refused, else nil (the server picks the normal status).
    public var httpStatus: Int?
    /// True when refused because the IP is locked out (5000 per 5 min exceeded).
    public var ipBlocked: Bool
    /// Largest retry-after among refusing groups / the IP block (0 when allowed).
    public var retryAfterSeconds: Int
    public var groups: [RateLimitGroupState]
    /// `x-ratelimit-remaining-<suffix>`, `x-ratelimit-capacity-<suffix>`,
    /// `x-ratelimit-retry-after-<suffix>` for every charged group (suffix-less for Others).
    public var headers: [RateLimitHeader]
}
