/// One parameter of a WS request's `params` array.
public enum WSParam: Sendable, Hashable {
    case string(String)
    case int(Int64)
    case bool(Bool)

    var json: String {
        switch self {
        case .string(let s): return JSONWriter.quoted(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        }
    }
}

/// A client → server WS frame `{"id":N,"method":"…","params":[…]}` (PROTOCOL §2.1).
///
/// Build one with the static helpers (`subscribeOrderBook`, `ping`, …) and send `text`.
public struct WSRequest: Sendable, Hashable {
    /// Request id echoed in the reply.
    public var id: Int64
    /// `<channel>.<verb>` or a session method.
    public var method: String
    public var params: [WSParam]

    public init(id: Int64, method: String, params: [WSParam] = []) {
        self.id = id
        self.method = method
        self.params = params
    }

    /// The compact JSON text frame.
    public var text: String {
        var w = JSONWriter()
        w.beginObject()
        w.field("id", raw: String(id))
        w.field("method", string: method)
        w.field("params", raw: "[" + params.map(\.json).joined(separator: ",") + "]")
        w.endObject()
        return w.text
    }

    /// Book depth variants of `orderbook_p`/`orderbook` subscriptions (PROTOCOL §3.1).
    public enum BookDepth: Sendable, Hashable {
        /// `[symbol]`: 30 levels, ~20 ms batching.
        case standard
        /// `[symbol, false, depth]`: depth ∈ {0, 1, 5, 10, 30}, ~20 ms batching.
        case levels(Int)
        /// `[symbol, true]`: full book, ~100 ms batching.
        case fullBook
        /// `[symbol, true, depth]`: `depth` levels at ~100 ms batching.
        case slowLevels(Int)

        func params(_ symbol: String) -> [WSParam] {
            switch self {
            case .standard: return [.string(symbol)]
            case .levels(let d): return [.string(symbol), .bool(false), .int(Int64(d))]
            case .fullBook: return [.string(symbol), .bool(true)]
            case .slowLevels(let d): return [.string(symbol), .bool(true), .int(Int64(d))]
            }
        }
    }

    /// `server.ping` heartbeat.
    public static func ping(id: Int64) -> WSRequest { WSRequest(id: id, method: "server.ping") }

    /// `user.auth` with a precomputed signature (see `PhemexSigner.wsAuthRequest`).
    public static func userAuth(id: Int64, apiKey: String, signature: String, expiry: Int64) -> WSRequest {
        WSRequest(id: id, method: "user.auth", params: [.string("API"), .string(apiKey), .string(signature), .int(expiry)])
    }

    /// `orderbook_p.subscribe` (linear) or `orderbook.subscribe` (inverse) for one symbol.
    public static func subscribeOrderBook(id: Int64, symbol: String, inverse: Bool = false, depth: BookDepth = .standard)
        -> WSRequest
    {
        WSRequest(id: id, method: inverse ? "orderbook.subscribe" : "orderbook_p.subscribe", params: depth.params(symbol))
    }

    /// `trade_p.subscribe` / `trade.subscribe` for one symbol.
    public static func subscribeTrades(id: Int64, symbol: String, inverse: Bool = false) -> WSRequest {
        WSRequest(id: id, method: inverse ? "trade.subscribe" : "trade_p.subscribe", params: [.string(symbol)])
    }

    /// `perp_market24h_pack_p.subscribe` (all USDT-M symbols, `params: []`).
    public static func subscribePerpMarket24hPack(id: Int64) -> WSRequest {
        WSRequest(id: id, method: "perp_market24h_pack_p.subscribe")
    }

    /// `market24h_p.subscribe` (USDT-M per symbol; params UNCONFIRMED: `[symbol]` or `[]`).
    public static func subscribeMarket24hP(id: Int64, symbol: String?) -> WSRequest {
        WSRequest(id: id, method: "market24h_p.subscribe", params: symbol.map { [.string($0)] } ?? [])
    }

    /// COIN-M `market24h.subscribe` (all symbols, `params: []`).
    public static func subscribeMarket24h(id: Int64) -> WSRequest {
        WSRequest(id: id, method: "market24h.subscribe")
    }

    /// `tick_p.subscribe` / `tick.subscribe` for a tick symbol such as `.MBTCUSDT` or `.MBTC`.
    public static func subscribeTick(id: Int64, tickSymbol: String, inverse: Bool = false) -> WSRequest {
        WSRequest(id: id, method: inverse ? "tick.subscribe" : "tick_p.subscribe", params: [.string(tickSymbol)])
    }

    /// `aop_p.subscribe` (USDT-M) or `aop.subscribe` (COIN-M); needs `user.auth` first.
    public static func subscribeAOP(id: Int64, inverse: Bool = false) -> WSRequest {
        WSRequest(id: id, method: inverse ? "aop.subscribe" : "aop_p.subscribe")
    }

    /// `<channel>.unsubscribe`; for books `params` must be empty (removes every book subscription).
    public static func unsubscribe(id: Int64, channel: String, symbol: String? = nil) -> WSRequest {
        WSRequest(id: id, method: channel + ".unsubscribe", params: symbol.map { [.string($0)] } ?? [])
    }
}
