import MarketCore

/// The hand-written decoder for command-result lines (`JournalCodec` output, sorted keys):
///
///     {"input":{"_0":{"kind":{"exchange":{"_0":{"commandResult":{"_0":{…CommandResult…}}}}},"receivedAt":N}}}
///
/// Same rules as the other shapes: anything unexpected returns `nil` and the caller falls back
/// to `JSONDecoder`; what it decodes equals what `JSONDecoder` gives.
extension JournalFastDecoder {
    static let commandResultKey: [UInt8] = Array(#""commandResult":{"_0":{"#.utf8)
    static let trueLiteral: [UInt8] = Array("true".utf8)
    static let falseLiteral: [UInt8] = Array("false".utf8)

    /// The `CommandResult` object's members.
    static func commandResult(_ c: inout Cursor) -> CommandResult? {
        var balances: [BalanceReport]?
        var command: ExchangeCommand?
        var commandID: UInt64?
        var httpStatus: Int?
        var outcome: CommandOutcome?
        var positions: [PositionReport]?
        var rateLimits: [RateLimitStatus]?
        var reports: [ExecutionReport]?
        var time: Int64?
        let ok = c.members { c, key in
            if eq(key, "balances") { guard let v = array(&c, balance) else { return false }; balances = v }
            else if eq(key, "command") { guard let v = exchangeCommand(&c) else { return false }; command = v }
            else if eq(key, "commandID") { guard let v = c.integer(), v >= 0 else { return false }; commandID = UInt64(v) }
            else if eq(key, "httpStatus") { guard let v = c.integer(), let n = Int(exactly: v) else { return false }; httpStatus = n }
            else if eq(key, "outcome") { guard let v = commandOutcome(&c) else { return false }; outcome = v }
            else if eq(key, "positions") { guard let v = array(&c, position) else { return false }; positions = v }
            else if eq(key, "rateLimits") { guard let v = array(&c, rateLimit) else { return false }; rateLimits = v }
            else if eq(key, "reports") { guard let v = array(&c, execution) else { return false }; reports = v }
            else if eq(key, "time") { guard let v = c.integer() else { return false }; time = v }
            else { return false }
            return true
        }
        guard ok, let balances, let command, let commandID, let outcome, let positions, let rateLimits, let reports,
            let time
        else { return nil }
        return CommandResult(
            commandID: commandID, command: command, outcome: outcome, reports: reports, positions: positions,
            balances: balances, rateLimits: rateLimits, httpStatus: httpStatus, time: Timestamp(nanos: time))
    }

    /// A JSON array of objects, each read by `element` (its members up to the closing brace).
    static func array<T>(_ c: inout Cursor, _ element: (inout Cursor) -> T?) -> [T]? {
        guard c.take(UInt8(ascii: "[")) else { return nil }
        var out: [T] = []
        while !c.peek(UInt8(ascii: "]")) {
            if !out.isEmpty { guard c.take(UInt8(ascii: ",")) else { return nil } }
            guard c.take(UInt8(ascii: "{")), let v = element(&c), c.take(UInt8(ascii: "}")) else { return nil }
            out.append(v)
        }
        c.i += 1
        return out
    }

    /// The `RateLimitStatus` object's members.
    static func rateLimit(_ c: inout Cursor) -> RateLimitStatus? {
        var capacity: Int?
        var group: String?
        var remaining: Int?
        var retryAfterSeconds: Int?
        let ok = c.members { c, key in
            if eq(key, "capacity") { guard let v = c.integer(), let n = Int(exactly: v) else { return false }; capacity = n }
            else if eq(key, "group") { guard let v = c.string() else { return false }; group = v }
            else if eq(key, "remaining") { guard let v = c.integer(), let n = Int(exactly: v) else { return false }; remaining = n }
            else if eq(key, "retryAfterSeconds") {
                guard let v = c.integer(), let n = Int(exactly: v) else { return false }
                retryAfterSeconds = n
            }
            else { return false }
            return true
        }
        guard ok, let group else { return nil }
        return RateLimitStatus(group: group, remaining: remaining, capacity: capacity, retryAfterSeconds: retryAfterSeconds)
    }

    /// `{"acknowledged":{}}`, `{"rejected":{…}}`, `{"rateLimited":{…}}` or `{"unknown":{…}}`.
    static func commandOutcome(_ c: inout Cursor) -> CommandOutcome? {
        guard c.take(UInt8(ascii: "{")), let name = c.rawString(), c.take(UInt8(ascii: ":")), c.take(UInt8(ascii: "{"))
        else { return nil }
        var outcome: CommandOutcome?
        if eq(name, "acknowledged") {
            outcome = .acknowledged
        } else if eq(name, "rejected") {
            var code: Int?
            var message: String?
            let ok = c.members { c, key in
                if eq(key, "code") { guard let v = c.integer(), let n = Int(exactly: v) else { return false }; code = n }
                else if eq(key, "message") { guard let v = c.string() else { return false }; message = v }
                else { return false }
                return true
            }
            if ok, let code, let message { outcome = .rejected(code: code, message: message) }
        } else if eq(name, "rateLimited") {
            var retry: Int?
            let ok = c.members { c, key in
                if eq(key, "retryAfterSeconds") { guard let v = c.integer(), let n = Int(exactly: v) else { return false }; retry = n }
                else { return false }
                return true
            }
            if ok { outcome = .rateLimited(retryAfterSeconds: retry) }
        } else if eq(name, "unknown") {
            var reason: String?
            let ok = c.members { c, key in
                if eq(key, "reason") { guard let v = c.string() else { return false }; reason = v }
                else { return false }
                return true
            }
            if ok, let reason { outcome = .unknown(reason: reason) }
        }
        guard let outcome, c.take(UInt8(ascii: "}")), c.take(UInt8(ascii: "}")) else { return nil }
        return outcome
    }

    /// An `ExchangeCommand`: `{"<case>":{…}}` (`place` wraps its request in `"_0"`).
    static func exchangeCommand(_ c: inout Cursor) -> ExchangeCommand? {
        guard c.take(UInt8(ascii: "{")), let name = c.rawString(), c.take(UInt8(ascii: ":")), c.take(UInt8(ascii: "{"))
        else { return nil }
        var command: ExchangeCommand?
        if eq(name, "place") {
            guard let key = c.rawString(), eq(key, "_0"), c.take(UInt8(ascii: ":")), c.take(UInt8(ascii: "{")),
                let r = orderRequest(&c), c.take(UInt8(ascii: "}"))
            else { return nil }
            command = .place(r)
        } else {
            var id: ClientOrderID?
            var ids: [ClientOrderID]?
            var currency: String?
            var positionSide: PositionSide?
            var price: Price?
            var quantity: Quantity?
            var symbol: Symbol?
            let ok = c.members { c, key in
                if eq(key, "clientOrderID") { guard let v = c.string().flatMap(ClientOrderID.init) else { return false }; id = v }
                else if eq(key, "clientOrderIDs") { guard let v = clientOrderIDs(&c) else { return false }; ids = v }
                else if eq(key, "currency") { guard let v = c.string() else { return false }; currency = v }
                else if eq(key, "positionSide") { guard let v = c.positionSide() else { return false }; positionSide = v }
                else if eq(key, "price") { guard let v = c.decimal() else { return false }; price = Price(raw: v) }
                else if eq(key, "quantity") { guard let v = c.decimal() else { return false }; quantity = Quantity(raw: v) }
                else if eq(key, "symbol") { guard let v = c.string() else { return false }; symbol = Symbol(v) }
                else { return false }
                return true
            }
            guard ok else { return nil }
            // Each case takes exactly its own members: an extra one means another shape.
            if eq(name, "amend") {
                if let id, let symbol, let positionSide, ids == nil, currency == nil {
                    command = .amend(clientOrderID: id, symbol: symbol, positionSide: positionSide, price: price, quantity: quantity)
                }
            } else if eq(name, "cancel") {
                if let id, let symbol, let positionSide, ids == nil, currency == nil, price == nil, quantity == nil {
                    command = .cancel(clientOrderID: id, symbol: symbol, positionSide: positionSide)
                }
            } else if eq(name, "cancelBulk") {
                if let ids, let symbol, let positionSide, id == nil, currency == nil, price == nil, quantity == nil {
                    command = .cancelBulk(clientOrderIDs: ids, symbol: symbol, positionSide: positionSide)
                }
            } else if eq(name, "queryOrder") {
                if let id, let symbol, ids == nil, currency == nil, positionSide == nil, price == nil, quantity == nil {
                    command = .queryOrder(clientOrderID: id, symbol: symbol)
                }
            } else if eq(name, "fetchOpenOrders") {
                if let symbol, id == nil, ids == nil, currency == nil, positionSide == nil, price == nil, quantity == nil {
                    command = .fetchOpenOrders(symbol: symbol)
                }
            } else if eq(name, "fetchPositions") {
                if let currency, id == nil, ids == nil, symbol == nil, positionSide == nil, price == nil, quantity == nil {
                    command = .fetchPositions(currency: currency)
                }
            }
        }
        guard let command, c.take(UInt8(ascii: "}")), c.take(UInt8(ascii: "}")) else { return nil }
        return command
    }

    /// A JSON array of clOrdIDs.
    static func clientOrderIDs(_ c: inout Cursor) -> [ClientOrderID]? {
        guard c.take(UInt8(ascii: "[")) else { return nil }
        var out: [ClientOrderID] = []
        while !c.peek(UInt8(ascii: "]")) {
            if !out.isEmpty { guard c.take(UInt8(ascii: ",")) else { return nil } }
            guard let id = c.string().flatMap(ClientOrderID.init) else { return nil }
            out.append(id)
        }
        c.i += 1
        return out
    }

    /// The `OrderRequest` object's members.
    static func orderRequest(_ c: inout Cursor) -> OrderRequest? {
        var clientOrderID: ClientOrderID?
        var positionSide: PositionSide?
        var price: Price?
        var quantity: Quantity?
        var reduceOnly: Bool?
        var side: Side?
        var stopPrice: Price?
        var symbol: Symbol?
        var timeInForce: TimeInForce?
        var trigger: TriggerSource?
        var type: OrderType?
        let ok = c.members { c, key in
            if eq(key, "clientOrderID") { guard let v = c.string().flatMap(ClientOrderID.init) else { return false }; clientOrderID = v }
            else if eq(key, "positionSide") { guard let v = c.positionSide() else { return false }; positionSide = v }
            else if eq(key, "price") { guard let v = c.decimal() else { return false }; price = Price(raw: v) }
            else if eq(key, "quantity") { guard let v = c.decimal() else { return false }; quantity = Quantity(raw: v) }
            else if eq(key, "reduceOnly") { guard let v = c.bool() else { return false }; reduceOnly = v }
            else if eq(key, "side") { guard let v = c.side() else { return false }; side = v }
            else if eq(key, "stopPrice") { guard let v = c.decimal() else { return false }; stopPrice = Price(raw: v) }
            else if eq(key, "symbol") { guard let v = c.string() else { return false }; symbol = Symbol(v) }
            else if eq(key, "timeInForce") { guard let v = c.string().flatMap(TimeInForce.init(rawValue:)) else { return false }; timeInForce = v }
            else if eq(key, "trigger") { guard let v = c.string().flatMap(TriggerSource.init(rawValue:)) else { return false }; trigger = v }
            else if eq(key, "type") { guard let v = c.string().flatMap(OrderType.init(rawValue:)) else { return false }; type = v }
            else { return false }
            return true
        }
        guard ok, let clientOrderID, let positionSide, let quantity, let reduceOnly, let side, let symbol, let timeInForce,
            let type
        else { return nil }
        return OrderRequest(
            clientOrderID: clientOrderID, symbol: symbol, side: side, type: type, timeInForce: timeInForce, price: price,
            stopPrice: stopPrice, quantity: quantity, reduceOnly: reduceOnly, positionSide: positionSide, trigger: trigger)
    }
}

extension JournalFastDecoder.Cursor {
    /// `true` or `false`.
    mutating func bool() -> Bool? {
        if take(JournalFastDecoder.trueLiteral) { return true }
        if take(JournalFastDecoder.falseLiteral) { return false }
        return nil
    }

    /// `"Merged"`, `"Long"` or `"Short"`.
    mutating func positionSide() -> PositionSide? {
        guard let v = rawString() else { return nil }
        if JournalFastDecoder.eq(v, "Merged") { return .merged }
        if JournalFastDecoder.eq(v, "Long") { return .long }
        if JournalFastDecoder.eq(v, "Short") { return .short }
        return nil
    }
}
