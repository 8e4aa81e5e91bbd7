import ExchangeSimulator
import MarketCore

/// WebSocket request handling (PROTOCOL.md §2–§4): envelopes, ping, auth, subscriptions.
extension SimulatorCore {
    static func success(_ id: String) -> String {
        "{\"error\":null,\"id\":" + id + ",\"result\":{\"status\":\"success\"}}"
    }
    static func failure(_ id: String, code: Int, message: String) -> String {
        "{\"error\":{\"code\":\(code),\"message\":" + JSONObject.quoted(message) + "},\"id\":" + id + ",\"result\":null}"
    }
    static func invalid(_ id: String) -> String { failure(id, code: 6001, message: "invalid argument") }

    /// Handles one text frame from session `sid`.
    func handleWebSocketText(_ text: String, session sid: Int) {
        guard let state = sessions[sid] else { return }
        let mono = MonotonicClock.nanos()
        guard let value = try? JSONValue.parse(text), case .object(let obj) = value else {
            send(sid, Self.invalid("null"))
            return
        }
        let idText: String
        switch obj["id"] {
        case .int(let i)?: idText = String(i)
        default: idText = "null"
        }
        guard state.session.admitRequest(now: mono, limit: config.maxRequestsPerSecondPerConnection) else {
            send(sid, Self.failure(idText, code: 6001, message: "too many requests"))
            return
        }
        guard let method = obj["method"]?.stringValue else {
            send(sid, Self.invalid(idText))
            return
        }
        let params: [JSONValue]
        switch obj["params"] {
        case .array(let a)?: params = a
        case nil, .null?, .object?: params = []
        default:
            send(sid, Self.invalid(idText))
            return
        }
        switch method {
        case "server.ping":
            state.session.heartbeat(now: mono)
            send(sid, "{\"error\":null,\"id\":" + idText + ",\"result\":\"pong\"}")
        case "user.auth":
            handleAuth(params, id: idText, session: sid)
        case "orderbook_p.subscribe", "orderbook.subscribe":
            handleBookSubscribe(params, linear: method == "orderbook_p.subscribe", id: idText, session: sid)
        case "orderbook_p.unsubscribe", "orderbook.unsubscribe":
            let linear = method == "orderbook_p.unsubscribe"
            for key in state.streams {
                if case .book(let sym, _) = key, specs[sym]?.kind == (linear ? ContractKind.linear : ContractKind.inverse) {
                    drop(key, session: sid)
                }
            }
            send(sid, Self.success(idText))
        case "trade_p.subscribe", "trade.subscribe":
            handleTradeSubscribe(params, linear: method == "trade_p.subscribe", id: idText, session: sid)
        case "trade_p.unsubscribe", "trade.unsubscribe":
            let linear = method == "trade_p.unsubscribe"
            let only = params.first?.stringValue
            for key in state.streams {
                if case .trade(let sym) = key, specs[sym]?.kind == (linear ? ContractKind.linear : ContractKind.inverse),
                    only == nil || only == sym
                {
                    drop(key, session: sid)
                }
            }
            send(sid, Self.success(idText))
        case "perp_market24h_pack_p.subscribe":
            guard admit(.pack, session: sid, id: idText) else { return }
            packSubscribers.insert(sid)
            send(sid, Self.success(idText))
            publishPack(now: virtualNow(), snapshotTo: sid)
        case "perp_market24h_pack_p.unsubscribe":
            drop(.pack, session: sid)
            send(sid, Self.success(idText))
        case "tick_p.subscribe", "tick.subscribe":
            handleTickSubscribe(params, linear: method == "tick_p.subscribe", id: idText, session: sid)
        case "tick_p.unsubscribe", "tick.unsubscribe":
            handleTickerUnsubscribe(params, tick: true, linear: method == "tick_p.unsubscribe", id: idText, session: sid)
        case "market24h_p.subscribe", "market24h.subscribe":
            handleMarket24hSubscribe(params, linear: method == "market24h_p.subscribe", id: idText, session: sid)
        case "market24h_p.unsubscribe", "market24h.unsubscribe":
            handleTickerUnsubscribe(params, tick: false, linear: method == "market24h_p.unsubscribe", id: idText, session: sid)
        case "kline_p.subscribe", "kline.subscribe":
            handleKlineSubscribe(params, linear: method == "kline_p.subscribe", id: idText, session: sid)
        case "kline_p.unsubscribe", "kline.unsubscribe":
            handleKlineUnsubscribe(params, linear: method == "kline_p.unsubscribe", id: idText, session: sid)
        case "aop_p.subscribe", "aop.subscribe":
            handleAopSubscribe(kind: method == "aop_p.subscribe" ? .linear : .inverse, id: idText, session: sid)
        case "aop_p.unsubscribe", "aop.unsubscribe":
            drop(.aop(method == "aop_p.unsubscribe" ? .linear : .inverse), session: sid)
            send(sid, Self.success(idText))
        default:
            send(sid, Self.invalid(idText))
        }
    }

    func drop(_ key: StreamKey, session sid: Int) {
        guard var st = sessions[sid], st.streams.contains(key) else { return }
        st.streams.remove(key)
        sessions[sid] = st
        removeStream(key, session: sid, userID: st.userID)
    }

    /// Counts a new stream against the 20-per-connection cap; `false` (6015 sent) when full.
    /// An existing stream is accepted again (success twice, one stream).
    func admit(_ key: StreamKey, session sid: Int, id: String) -> Bool {
        guard var st = sessions[sid] else { return false }
        if st.streams.contains(key) {
            send(sid, Self.success(id))
            return false
        }
        guard st.streams.count < config.maxSubscriptionsPerConnection else {
            send(sid, Self.failure(id, code: 6015, message: "subscription limit exceeded"))
            return false
        }
        st.streams.insert(key)
        sessions[sid] = st
        return true
    }

    func handleBookSubscribe(_ params: [JSONValue], linear: Bool, id: String, session sid: Int) {
        guard let sym = params.first?.stringValue, let spec = specs[sym],
            spec.kind == (linear ? ContractKind.linear : ContractKind.inverse)
        else { return send(sid, Self.invalid(id)) }
        var depth = 30
        // One symbol per frame: a second symbol is ignored (§3.1, S9), not an error.
        var params = params
        if params.count >= 2, params[1].stringValue != nil { params = [params[0]] }
        if params.count >= 2 {
            guard let full = params[1].boolValue else { return send(sid, Self.invalid(id)) }
            if full { depth = 0 }
        }
        if params.count >= 3 {
            guard let d = params[2].intValue, [0, 1, 5, 10, 30].contains(d) else { return send(sid, Self.invalid(id)) }
            depth = Int(d)
        }
        guard admit(.book(sym, depth), session: sid, id: id) else { return }
        send(sid, Self.success(id))
        subscribeBook(session: sid, symbol: sym, depth: depth)
    }

    func handleTradeSubscribe(_ params: [JSONValue], linear: Bool, id: String, session sid: Int) {
        guard let sym = params.first?.stringValue, let spec = specs[sym],
            spec.kind == (linear ? ContractKind.linear : ContractKind.inverse)
        else { return send(sid, Self.invalid(id)) }
        guard admit(.trade(sym), session: sid, id: id) else { return }
        tradeSubscribers[sym, default: []].insert(sid)
        send(sid, Self.success(id))
        let recent = Array(sim.recentTrades(symbol: Symbol(sym), limit: 200).reversed())
        let now = virtualNow()
        send(sid, MarketEncoding.tradeFrame(spec: spec, snapshot: true, trades: recent, sequence: nextSequence(), sendTime: now))
    }

    func handleAuth(_ params: [JSONValue], id: String, session sid: Int) {
        let fail = Self.failure(id, code: 6012, message: "invalid login token")
        guard params.count >= 4, params[0].stringValue == "API", let key = params[1].stringValue,
            let sig = params[2].stringValue, case .int(let expiry) = params[3],
            let cred = sim.apiKey(key)
        else { return send(sid, fail) }
        let now = wallSeconds()
        guard expiry >= now, expiry <= now + config.wsAuthMaxHorizonSeconds else { return send(sid, fail) }
        let expected = RequestAuth.sign(secret: cred.apiSecret, message: key + String(expiry))
        guard RequestAuth.matches(expected, sig.lowercased()) else { return send(sid, fail) }
        if var st = sessions[sid] {
            if let old = st.userID, old != cred.userID {
                for key in st.streams { if case .aop = key { drop(key, session: sid) } }
                st = sessions[sid] ?? st
            }
            st.userID = cred.userID
            sessions[sid] = st
        }
        send(sid, Self.success(id))
    }

    func handleAopSubscribe(kind: ContractKind, id: String, session sid: Int) {
        guard let user = sessions[sid]?.userID else {
            return send(sid, Self.failure(id, code: 6012, message: "invalid login token"))
        }
        guard admit(.aop(kind), session: sid, id: id) else { return }
        aopSubscribers[AopKey(userID: user, kind: kind), default: []].insert(sid)
        send(sid, Self.success(id))
        flushRequestEvents()
        let now = virtualNow()
        if let snap = sim.privateSnapshot(user: user, kind: kind, now: now) {
            send(sid, privateFrame(snap, snapshot: true))
        }
    }
}
