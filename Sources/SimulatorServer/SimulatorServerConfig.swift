import MarketCore

/// Everything a `SimulatorServer` needs to start. Defaults follow PROTOCOL.md §2.3, §7 and §8.
public struct SimulatorServerConfig: Sendable {
    /// An API key id and its secret (the secret is used as its raw UTF-8 string, §4.1).
    public struct Credential: Sendable, Hashable {
        public var apiKey: String
        public var apiSecret: String
        public init(apiKey: String, apiSecret: String) {
            self.apiKey = apiKey
            self.apiSecret = apiSecret
        }
    }

    /// Rate-limit profile (§7): standard (Contract 500/min) or VIP (Contract 5000/min plus
    /// 500/min per symbol).
    public enum RateLimitProfile: String, Sendable, Codable {
        case standard
        case vip
    }

    /// TCP port on 127.0.0.1; 0 picks a free port.
    public var port: Int = 0
    /// Symbols to simulate (BTCUSDT, ETHUSDT, BTCUSD are known).
    public var symbols: [String] = ["BTCUSDT", "ETHUSDT", "BTCUSD"]
    /// Seed of the synthetic market: same seed, same market.
    public var seed: UInt64 = 1
    /// Accepted API keys.
    public var credentials: [Credential] = []
    /// Virtual-time multiplier: virtual now = start + elapsed × speed.
    public var speed: Double = 1
    /// Interval of the driver task that advances virtual time and batches book deltas.
    public var tickMilliseconds: Int = 20
    /// Faults active from the start.
    public var faults: FaultSwitches = FaultSwitches()
    /// Open-order caps per account and symbol (11032 active, 11031 conditional).
    public var maxActiveOrders: Int = 200
    public var maxConditionalOrders: Int = 10
    public var rateLimitProfile: RateLimitProfile = .standard
    /// Contract group capacity per minute (500 standard, 5000 VIP); Others per minute.
    public var contractCapacityPerMinute: Int? = nil
    public var othersCapacityPerMinute: Int = 100
    /// Per-IP budget per 5 minutes, and the lockout after exceeding it.
    public var ipCapacityPerFiveMinutes: Int = 5000
    public var ipLockoutSeconds: Int = 300
    /// WebSocket limits (§2.3).
    public var maxConnections: Int = 5
    public var maxSubscriptionsPerConnection: Int = 20
    public var maxRequestsPerSecondPerConnection: Int = 20
    /// A connection with no heartbeat (server.ping or WS ping frame) for this long is dropped
    /// without a close frame (real time).
    public var heartbeatTimeoutSeconds: Double = 30
    /// Periodic book snapshot interval per stream (real time).
    public var snapshotIntervalSeconds: Double = 60
    /// Ticker (`perp_market24h_pack_p`) push interval (real time).
    public var tickerIntervalSeconds: Double = 1
    /// Offer permessage-deflate to WebSocket clients that ask for it. PROTOCOL.md does not
    /// document compression, and server frames are written uncompressed either way (RFC 7692
    /// allows uncompressed messages); only client frames are inflated when it is on.
    public var webSocketCompression: Bool = false
    /// A WebSocket client that stops reading is dropped (no close frame) once this many bytes
    /// of frames wait for its socket.
    public var maxOutboundBacklogBytes: Int = 64 << 20
    /// Maximum horizon accepted for `user.auth` expiry (§4.2).
    public var wsAuthMaxHorizonSeconds: Int64 = 120
    /// USDT-M `/g-orders/activeList` with no open orders answers 10002 like COIN-M (PROTOCOL §10
    /// choice); `false` answers an empty `rows` list.
    public var emptyActiveListAsNotFound: Bool = true
    /// Serve `/admin/*` (loopback only anyway).
    public var adminEnabled: Bool = true
    /// Initial USDT (linear) and BTC (inverse) balances of every account.
    public var initialUSDT: Money = 100_000
    public var initialBTC: Money = 10

    public init() {}

    /// The Contract-group capacity in effect.
    public var effectiveContractCapacity: Int {
        contractCapacityPerMinute ?? (rateLimitProfile == .vip ? 5000 : 500)
    }
}

/// Fault switches: settable at start (`SimulatorServerConfig.faults`) and at run time
/// (`SimulatorServer.setFaults` or `POST /admin/faults`).
public struct FaultSwitches: Sendable, Equatable, Codable {
    /// Drop every open WebSocket connection now (TCP close, no close frame); one-shot.
    public var dropConnections: Bool = false
    /// Send no market data for this many seconds (real time) from when it is set.
    public var stallMarketDataSeconds: Double = 0
    /// Send the next book incremental with a sequence lower than the previous one; one-shot.
    public var outOfOrderSequence: Bool = false
    /// Fraction (0…1) of trading requests answered with HTTP 503.
    public var http503Fraction: Double = 0
    /// Whether a 503-answered trading request was still applied.
    public var http503Applied: Bool = false
    /// Answer the next N REST requests with HTTP 429.
    public var burst429: Int = 0
    /// Extra latency added to every REST request, in milliseconds.
    public var latencyMilliseconds: Int = 0

    public init(
        dropConnections: Bool = false, stallMarketDataSeconds: Double = 0,
        outOfOrderSequence: Bool = false, http503Fraction: Double = 0,
        http503Applied: Bool = false, burst429: Int = 0, latencyMilliseconds: Int = 0
    ) {
        self.dropConnections = dropConnections
        self.stallMarketDataSeconds = stallMarketDataSeconds
        self.outOfOrderSequence = outOfOrderSequence
        self.http503Fraction = http503Fraction
        self.http503Applied = http503Applied
        self.burst429 = burst429
        self.latencyMilliseconds = latencyMilliseconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dropConnections = try c.decodeIfPresent(Bool.self, forKey: .dropConnections) ?? false
        stallMarketDataSeconds = try c.decodeIfPresent(Double.self, forKey: .stallMarketDataSeconds) ?? 0
        outOfOrderSequence = try c.decodeIfPresent(Bool.self, forKey: .outOfOrderSequence) ?? false
        http503Fraction = try c.decodeIfPresent(Double.self, forKey: .http503Fraction) ?? 0
        http503Applied = try c.decodeIfPresent(Bool.self, forKey: .http503Applied) ?? false
        burst429 = try c.decodeIfPresent(Int.self, forKey: .burst429) ?? 0
        latencyMilliseconds = try c.decodeIfPresent(Int.self, forKey: .latencyMilliseconds) ?? 0
    }
}
