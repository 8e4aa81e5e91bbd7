import ExchangeSimulator
import MarketCore

/// Kline channels of `SimulatorCore` (PROTOCOL.md §3.4): `kline_p.subscribe ["BTCUSDT", 60]` /
/// `kline.subscribe ["BTCUSD", 60]` answer an ack, a snapshot of up to 1000 candles (newest
/// first), then an incremental with the current candle whenever trades change it;
/// `GET /exchange/public/md/v2/kline/last` serves the same rows.
extension SimulatorCore {
    /// The series of `symbol`/`interval`, created on first use from the recent trades.
    func klineSeries(_ symbol: String, interval: Int64, now: Timestamp) -> KlineSeries? {
        let key = KlineKey(symbol: symbol, interval: interval)
        if var s = klines[key] {
            s.roll(to: now)
            klines[key] = s
            return s
        }
        guard let spec = specs[symbol] else { return nil }
        let recent = sim.recentTrades(symbol: Symbol(symbol), limit: 1000)
        let first = recent.first?.price ?? sim.ticker(symbol: Symbol(symbol))?.last ?? .zero
        var s = KlineSeries(interval: interval, inverse: spec.kind == .inverse, price: first,
                            now: recent.first?.time ?? now)
        for t in recent { s.add(t) }
        s.roll(to: now)
        klines[key] = s
        return s
    }

    func handleKlineSubscribe(_ params: [JSONValue], linear: Bool, id: String, session sid: Int) {
        guard params.count >= 2, let sym = params[0].stringValue, let spec = specs[sym], spec.kind == family(linear),
            let interval = params[1].intValue, KlineSeries.resolutions.contains(interval)
        else { return send(sid, Self.invalid(id)) }
        let key = StreamKey.kline(sym, interval)
        guard admit(key, session: sid, id: id) else { return }
        klineSubscribers[KlineKey(symbol: sym, interval: interval), default: []].insert(sid)
        send(sid, Self.success(id))
        guard let series = klineSeries(sym, interval: interval, now: virtualNow()) else { return }
        send(sid, KlineEncoding.frame(series.newestFirst(), interval: interval, spec: spec, snapshot: true, sequence: nextSequence()))
    }

    /// `kline_p.unsubscribe`/`kline.unsubscribe`: `[]` = every kline of that family, or one symbol.
    func handleKlineUnsubscribe(_ params: [JSONValue], linear: Bool, id: String, session sid: Int) {
        guard let st = sessions[sid] else { return }
        let only = params.first?.stringValue
        for key in st.streams.sorted(by: { $0.sortKey < $1.sortKey }) {
            guard case .kline(let sym, _) = key, specs[sym]?.kind == family(linear), only == nil || only == sym else { continue }
            drop(key, session: sid)
        }
        send(sid, Self.success(id))
    }

    /// Folds a trade batch into every live series of its symbol and pushes the current candle.
    func feedKlines(_ batch: SimTradeBatch, stalled: Bool) {
        guard !klines.isEmpty, let spec = specs[batch.symbol.name] else { return }
        for key in klines.keys.sorted(by: { $0.interval < $1.interval }) where key.symbol == batch.symbol.name {
            guard var s = klines[key] else { continue }
            for t in batch.trades { s.add(t) }
            klines[key] = s
            guard !stalled, let subs = klineSubscribers[key], !subs.isEmpty, let current = s.candles.last else { continue }
            let frame = KlineEncoding.frame([current], interval: key.interval, spec: spec, snapshot: false, sequence: nextSequence())
            for id in subs.sorted() { send(id, frame) }
        }
    }

    /// `GET /exchange/public/md/v2/kline/last?symbol=&resolution=&limit=` (limit ∈ 5, 10, 50,
    /// 100, 500, 1000): `{"code":0,"msg":"OK","data":{"total":-1,"rows":[…]}}`, newest first.
    func klineEndpoint(_ params: RESTParams) -> RESTReply {
        guard let sym = params["symbol"], let spec = specs[sym] else { return .bizError(11027, "TE_SYMBOL_INVALID") }
        guard let res = params["resolution"].flatMap({ Int64($0) }), KlineSeries.resolutions.contains(res) else {
            return .bizError(10500, "invalid argument resolution")
        }
        let limit = params["limit"].flatMap { Int($0) } ?? 1000
        guard [5, 10, 50, 100, 500, 1000].contains(limit) else { return .bizError(10500, "invalid argument limit") }
        guard let series = klineSeries(sym, interval: res, now: virtualNow()) else { return .bizError(11027, "TE_SYMBOL_INVALID") }
        let rows = series.newestFirst(limit: limit).map { KlineEncoding.row($0, interval: res, spec: spec) }
        return .ok("{\"total\":-1,\"rows\":" + JSONObject.array(rows) + "}", msg: "OK")
    }
}
