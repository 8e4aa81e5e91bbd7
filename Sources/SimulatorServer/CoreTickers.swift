import ExchangeSimulator
import MarketCore

/// Ticker channels of `SimulatorCore` (PROTOCOL.md §3.4): `tick_p`/`tick` per tick symbol and
/// `market24h_p`/`market24h` per symbol or for all symbols, pushed every
/// `tickerIntervalSeconds`, with one frame right after the subscribe ack.
extension SimulatorCore {
    func family(_ linear: Bool) -> ContractKind { linear ? .linear : .inverse }

    func handleTickSubscribe(_ params: [JSONValue], linear: Bool, id: String, session sid: Int) {
        guard let name = params.first?.stringValue, let target = tickTargets[name],
            specs[target.symbol]?.kind == family(linear)
        else { return send(sid, Self.invalid(id)) }
        let key = StreamKey.tick(name)
        guard admit(key, session: sid, id: id) else { return }
        tickerStreams[key, default: []].insert(sid)
        send(sid, Self.success(id))
        for frame in tickerFrames(key, now: virtualNow()) { send(sid, frame) }
    }

    func handleMarket24hSubscribe(_ params: [JSONValue], linear: Bool, id: String, session sid: Int) {
        var symbol: String?
        if let first = params.first {
            guard let s = first.stringValue, specs[s]?.kind == family(linear) else { return send(sid, Self.invalid(id)) }
            symbol = s
        }
        let key = StreamKey.market24h(family(linear), symbol)
        guard admit(key, session: sid, id: id) else { return }
        tickerStreams[key, default: []].insert(sid)
        send(sid, Self.success(id))
        for frame in tickerFrames(key, now: virtualNow()) { send(sid, frame) }
    }

    /// `tick_p.unsubscribe`/`tick.unsubscribe` (`[]` = all of that family, or one tick symbol)
    /// and `market24h_p.unsubscribe`/`market24h.unsubscribe` (all of that family).
    func handleTickerUnsubscribe(_ params: [JSONValue], tick: Bool, linear: Bool, id: String, session sid: Int) {
        guard let st = sessions[sid] else { return }
        let only = params.first?.stringValue
        for key in st.streams.sorted(by: { $0.sortKey < $1.sortKey }) {
            switch key {
            case .tick(let name) where tick:
                guard let t = tickTargets[name], specs[t.symbol]?.kind == family(linear), only == nil || only == name
                else { continue }
                drop(key, session: sid)
            case .market24h(let kind, _) where !tick && kind == family(linear):
                drop(key, session: sid)
            default:
                continue
            }
        }
        send(sid, Self.success(id))
    }

    /// The frames one ticker stream carries at `now`.
    func tickerFrames(_ key: StreamKey, now: Timestamp) -> [String] {
        switch key {
        case .tick(let name):
            guard let t = tickTargets[name], let spec = specs[t.symbol], let mark = sim.markTick(symbol: Symbol(t.symbol))
            else { return [] }
            return [TickerEncoding.tickFrame(name: name, kind: t.kind, spec: spec, mark: mark, time: now)]
        case .market24h(let kind, let only):
            return symbolOrder.compactMap { name -> String? in
                guard only == nil || only == name, let spec = specs[name], spec.kind == kind,
                    let t = sim.ticker(symbol: Symbol(name))
                else { return nil }
                return kind == .linear
                    ? TickerEncoding.market24hLinearFrame(t, time: now)
                    : TickerEncoding.market24hInverseFrame(t, spec: spec, time: now)
            }
        default:
            return []
        }
    }

    /// Pushes every ticker stream to its subscribers (driver, every `tickerIntervalSeconds`).
    func publishTickers(now: Timestamp) {
        for key in tickerStreams.keys.sorted(by: { $0.sortKey < $1.sortKey }) {
            guard let subs = tickerStreams[key], !subs.isEmpty else { continue }
            let frames = tickerFrames(key, now: now)
            for id in subs.sorted() {
                for f in frames { send(id, f) }
            }
        }
    }

    // MARK: REST

    /// `/md/v3/ticker/24hr`, `/md/v3/ticker/24hr/all`, legacy `/md/v2/ticker/24hr` (and `/all`), COIN-M
    /// `/md/v1/ticker/24hr` and `/md/v1/ticker/24hr/all`; nil when `key` is none of them.
    func tickerEndpoint(_ key: String, params: RESTParams) -> RESTReply? {
        let now = virtualNow()
        let kind: ContractKind
        let all: Bool
        switch key {
        case "GET /md/v3/ticker/24hr", "GET /md/v2/ticker/24hr": kind = .linear; all = false
        case "GET /md/v3/ticker/24hr/all", "GET /md/v2/ticker/24hr/all": kind = .linear; all = true
        case "GET /md/v1/ticker/24hr": kind = .inverse; all = false
        case "GET /md/v1/ticker/24hr/all": kind = .inverse; all = true
        default: return nil
        }
        func body(_ name: String) -> String? {
            guard let spec = specs[name], spec.kind == kind, var t = sim.ticker(symbol: Symbol(name)) else { return nil }
            t.time = now
            switch key {
            case "GET /md/v2/ticker/24hr", "GET /md/v2/ticker/24hr/all": return TickerEncoding.market24hLinearBody(t, timestamp: now)
            case "GET /md/v1/ticker/24hr", "GET /md/v1/ticker/24hr/all": return TickerEncoding.market24hInverseBody(t, spec: spec)
            default: return TickerEncoding.v3Ticker(t)
            }
        }
        if all {
            return .init(status: 200, body: MarketEncoding.mdEnvelope(JSONObject.array(symbolOrder.compactMap(body))))
        }
        guard let sym = params["symbol"], let b = body(sym) else { return RESTReply(status: 500, body: MarketEncoding.mdError) }
        return RESTReply(status: 200, body: MarketEncoding.mdEnvelope(b))
    }
}
