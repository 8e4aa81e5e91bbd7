/// What kind of frame arrived on a Phemex WebSocket, decided by its top-level keys
/// (PROTOCOL §2.1 routing table).
public enum WSInboundKind: String, Sendable, Hashable, CaseIterable {
    /// `{error,id,result}` reply to a request.
    case reply
    /// `orderbook_p` (USDT-M book).
    case orderBookLinear
    /// `book` (COIN-M book).
    case orderBookInverse
    /// `trades_p`.
    case tradesLinear
    /// `trades`.
    case tradesInverse
    /// `accounts_p`/`orders_p`/`positions_p`.
    case aopLinear
    /// `accounts`/`orders`/`positions`.
    case aopInverse
    /// `method: perp_market24h_pack_p.update`.
    case perpMarket24hPack
    /// `market24h_p`.
    case market24hLinear
    /// `market24h`.
    case market24hInverse
    /// `tick_p`.
    case tickLinear
    /// `tick`.
    case tickInverse
    /// `kline_p` / `kline`.
    case kline
    /// `index_market24h`, `position_info` and other frames that can be ignored.
    case ignorable
    /// Anything else.
    case unknown

    /// Classifies a parsed frame.
    public static func classify(_ json: JSONValue) -> WSInboundKind {
        guard case .object(let o) = json else { return .unknown }
        if o["orderbook_p"] != nil { return .orderBookLinear }
        if o["book"] != nil { return .orderBookInverse }
        if o["trades_p"] != nil { return .tradesLinear }
        if o["trades"] != nil { return .tradesInverse }
        if o["accounts_p"] != nil || o["orders_p"] != nil || o["positions_p"] != nil { return .aopLinear }
        if o["accounts"] != nil || o["orders"] != nil || o["positions"] != nil { return .aopInverse }
        if case .string(let m)? = o["method"], m == "perp_market24h_pack_p.update" { return .perpMarket24hPack }
        if o["market24h_p"] != nil { return .market24hLinear }
        if o["market24h"] != nil { return .market24hInverse }
        if o["tick_p"] != nil { return .tickLinear }
        if o["tick"] != nil { return .tickInverse }
        if o["kline_p"] != nil || o["kline"] != nil { return .kline }
        if o["index_market24h"] != nil || o["position_info"] != nil || o["ras_p"] != nil { return .ignorable }
        if o["error"] != nil || o["result"] != nil || o["id"] != nil { return .reply }
        return .unknown
    }
}
