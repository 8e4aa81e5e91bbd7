import MarketCore

/// A hand-written decoder for the journal's most frequent line shapes — book tops, public
/// trades, mark ticks, timers, balance, position and execution pushes, command results — as
/// `JournalCodec` writes them (sorted keys, no spaces):
///
///     {"input":{"_0":{"kind":{"timer":{}},"receivedAt":N}}}
///     {"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{…TopOfBook…}}}}},"receivedAt":N}}}
///     … "trade":{"_0":{…TradeTick…}} … / … "mark":{"_0":{…MarkPriceTick…}} …
///     … "balance":{"_0":{…BalanceReport…}} … / … "position":{"_0":{…PositionReport…}} …
///     … "execution":{"_0":{…ExecutionReport…}} … / … "commandResult":{"_0":{…CommandResult…}} …
///
/// It works on the line's bytes without allocating (keys are compared in place) and returns
/// `nil` for anything else or anything unexpected (escapes, unknown or repeated keys, keys out
/// of order, other number forms, `null`s), and the caller falls back to Foundation's
/// `JSONDecoder`; what it does decode equals what `JSONDecoder` gives (same strict decimal
/// parser), so replay stays byte for byte.
enum JournalFastDecoder {
    static let timerHead: [UInt8] = Array(#"{"input":{"_0":{"kind":{"timer":{}},"receivedAt":"#.utf8)
    static let exchangeHead: [UInt8] = Array(#"{"input":{"_0":{"kind":{"exchange":{"_0":{"#.utf8)
    static let bookKey: [UInt8] = Array(#""book":{"_0":{"#.utf8)
    static let tradeKey: [UInt8] = Array(#""trade":{"_0":{"#.utf8)
    static let markKey: [UInt8] = Array(#""mark":{"_0":{"#.utf8)
    static let balanceKey: [UInt8] = Array(#""balance":{"_0":{"#.utf8)
    static let positionKey: [UInt8] = Array(#""position":{"_0":{"#.utf8)
    static let executionKey: [UInt8] = Array(#""execution":{"_0":{"#.utf8)
    static let eventTail: [UInt8] = Array(#"}}}}},"receivedAt":"#.utf8)
    static let end: [UInt8] = Array("}}}".utf8)

    static func decode(_ line: Substring) -> EngineInput? {
        var line = line
        return line.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// Decodes one line given as its UTF-8 bytes (no newline).
    static func decode(_ bytes: UnsafeRawBufferPointer) -> EngineInput? {
        var c = Cursor(bytes: bytes)
        if c.take(timerHead) {
            guard let t = c.integer(), c.take(end), c.atEnd else { return nil }
            return EngineInput(receivedAt: Timestamp(nanos: t), kind: .timer)
        }
        guard c.take(exchangeHead) else { return nil }
        let event: ExchangeEvent
        if c.take(bookKey) {
            guard let top = book(&c) else { return nil }
            event = .book(top)
        } else if c.take(tradeKey) {
            guard let t = trade(&c) else { return nil }
            event = .trade(t)
        } else if c.take(markKey) {
            guard let m = mark(&c) else { return nil }
            event = .mark(m)
        } else if c.take(balanceKey) {
            guard let b = balance(&c) else { return nil }
            event = .balance(b)
        } else if c.take(positionKey) {
            guard let p = position(&c) else { return nil }
            event = .position(p)
        } else if c.take(executionKey) {
            guard let r = execution(&c) else { return nil }
            event = .execution(r)
        } else if c.take(commandResultKey) {
            guard let r = commandResult(&c) else { return nil }
            event = .commandResult(r)
        } else {
            return nil
        }
        guard c.take(eventTail), let t = c.integer(), c.take(end), c.atEnd else { return nil }
        return EngineInput(receivedAt: Timestamp(nanos: t), kind: .exchange(event))
    }

    /// The `TopOfBook` object's members up to (not including) its closing brace.
    static func book(_ c: inout Cursor) -> TopOfBook? {
        var bidPrice: Price?
        var bidSize: Quantity?
        var askPrice: Price?
        var askSize: Quantity?
        var sequence: Int64?
        var symbol: Symbol?
        var time: Int64?
        let ok = c.members { c, key in
            if eq(key, "askPrice") { guard let v = c.decimal() else { return false }; askPrice = Price(raw: v) }
            else if eq(key, "askSize") { guard let v = c.decimal() else { return false }; askSize = Quantity(raw: v) }
            else if eq(key, "bidPrice") { guard let v = c.decimal() else { return false }; bidPrice = Price(raw: v) }
            else if eq(key, "bidSize") { guard let v = c.decimal() else { return false }; bidSize = Quantity(raw: v) }
            else if eq(key, "sequence") { guard let v = c.integer() else { return false }; sequence = v }
            else if eq(key, "symbol") { guard let v = c.string() else { return false }; symbol = Symbol(v) }
            else if eq(key, "time") { guard let v = c.integer() else { return false }; time = v }
            else { return false }
            return true
        }
        guard ok, let sequence, let symbol, let time else { return nil }
        return TopOfBook(
            symbol: symbol, bidPrice: bidPrice, bidSize: bidSize, askPrice: askPrice, askSize: askSize,
            sequence: sequence, time: Timestamp(nanos: time))
    }

    /// The `TradeTick` object's members.
    static func trade(_ c: inout Cursor) -> TradeTick? {
        var price: Price?
        var quantity: Quantity?
        var side: Side?
        var symbol: Symbol?
        var time: Int64?
        let ok = c.members { c, key in
            if eq(key, "price") { guard let v = c.decimal() else { return false }; price = Price(raw: v) }
            else if eq(key, "quantity") { guard let v = c.decimal() else { return false }; quantity = Quantity(raw: v) }
            else if eq(key, "side") { guard let v = c.side() else { return false }; side = v }
            else if eq(key, "symbol") { guard let v = c.string() else { return false }; symbol = Symbol(v) }
            else if eq(key, "time") { guard let v = c.integer() else { return false }; time = v }
            else { return false }
            return true
        }
        guard ok, let price, let quantity, let side, let symbol, let time else { return nil }
        return TradeTick(symbol: symbol, side: side, price: price, quantity: quantity, time: Timestamp(nanos: time))
    }

    /// The `MarkPriceTick` object's members.
    static func mark(_ c: inout Cursor) -> MarkPriceTick? {
        var fundingRate: Money?
        var indexPrice: Price?
        var markPrice: Price?
        var symbol: Symbol?
        var time: Int64?
        let ok = c.members { c, key in
            if eq(key, "fundingRate") { guard let v = c.decimal() else { return false }; fundingRate = Money(raw: v) }
            else if eq(key, "indexPrice") { guard let v = c.decimal() else { return false }; indexPrice = Price(raw: v) }
            else if eq(key, "markPrice") { guard let v = c.decimal() else { return false }; markPrice = Price(raw: v) }
            else if eq(key, "symbol") { guard let v = c.string() else { return false }; symbol = Symbol(v) }
            else if eq(key, "time") { guard let v = c.integer() else { return false }; time = v }
            else { return false }
            return true
        }
        guard ok, let markPrice, let symbol, let time else { return nil }
        return MarkPriceTick(symbol: symbol, markPrice: markPrice, indexPrice: indexPrice, fundingRate: fundingRate, time: Timestamp(nanos: time))
    }

    /// The `BalanceReport` object's members.
    static func balance(_ c: inout Cursor) -> BalanceReport? {
        var balance: Money?
        var currency: String?
        var time: Int64?
        var used: Money?
        let ok = c.members { c, key in
            if eq(key, "balance") { guard let v = c.decimal() else { return false }; balance = Money(raw: v) }
            else if eq(key, "currency") { guard let v = c.string() else { return false }; currency = v }
            else if eq(key, "time") { guard let v = c.integer() else { return false }; time = v }
            else if eq(key, "used") { guard let v = c.decimal() else { return false }; used = Money(raw: v) }
            else { return false }
            return true
        }
        guard ok, let balance, let currency, let time, let used else { return nil }
        return BalanceReport(currency: currency, balance: balance, used: used, time: Timestamp(nanos: time))
    }

    /// The `PositionReport` object's members.
    static func position(_ c: inout Cursor) -> PositionReport? {
        var averageEntryPrice: Price?
        var leverage: Money?
        var markPrice: Price?
        var positionSide: PositionSide?
        var realizedPnL: Money?
        var size: Quantity?
        var symbol: Symbol?
        var time: Int64?
        var unrealizedPnL: Money?
        let ok = c.members { c, key in
            if eq(key, "averageEntryPrice") { guard let v = c.decimal() else { return false }; averageEntryPrice = Price(raw: v) }
            else if eq(key, "leverage") { guard let v = c.decimal() else { return false }; leverage = Money(raw: v) }
            else if eq(key, "markPrice") { guard let v = c.decimal() else { return false }; markPrice = Price(raw: v) }
            else if eq(key, "positionSide") {
                guard let v = c.rawString() else { return false }
                if eq(v, "Merged") { positionSide = .merged }
                else if eq(v, "Long") { positionSide = .long }
                else if eq(v, "Short") { positionSide = .short }
                else { return false }
            }
            else if eq(key, "realizedPnL") { guard let v = c.decimal() else { return false }; realizedPnL = Money(raw: v) }
            else if eq(key, "size") { guard let v = c.decimal() else { return false }; size = Quantity(raw: v) }
            else if eq(key, "symbol") { guard let v = c.string() else { return false }; symbol = Symbol(v) }
            else if eq(key, "time") { guard let v = c.integer() else { return false }; time = v }
            else if eq(key, "unrealizedPnL") { guard let v = c.decimal() else { return false }; unrealizedPnL = Money(raw: v) }
            else { return false }
            return true
        }
        guard ok, let averageEntryPrice, let positionSide, let realizedPnL, let size, let symbol, let time, let unrealizedPnL
        else { return nil }
        return PositionReport(
            symbol: symbol, positionSide: positionSide, size: size, averageEntryPrice: averageEntryPrice, markPrice: markPrice,
            realizedPnL: realizedPnL, unrealizedPnL: unrealizedPnL, leverage: leverage, time: Timestamp(nanos: time))
    }

    /// The `ExecutionReport` object's members (its `fill` object included).
    static func execution(_ c: inout Cursor) -> ExecutionReport? {
        var clientOrderID: ClientOrderID?
        var cumulativeQuantity: Quantity?
        var errorCode: Int?
        var fill: Fill?
        var kind: ExecutionReport.Kind?
        var leavesQuantity: Quantity?
        var orderID: String?
        var orderQuantity: Quantity?
        var orderType: OrderType?
        var price: Price?
        var reason: String?
        var side: Side?
        var status: ExchangeOrderStatus?
        var symbol: Symbol?
        var time: Int64?
        let ok = c.members { c, key in
            if eq(key, "clientOrderID") { guard let v = c.string().flatMap(ClientOrderID.init) else { return false }; clientOrderID = v }
            else if eq(key, "cumulativeQuantity") { guard let v = c.decimal() else { return false }; cumulativeQuantity = Quantity(raw: v) }
            else if eq(key, "errorCode") { guard let v = c.integer(), let n = Int(exactly: v) else { return false }; errorCode = n }
            else if eq(key, "fill") {
                guard c.take(UInt8(ascii: "{")), let f = Self.fill(&c), c.take(UInt8(ascii: "}")) else { return false }
                fill = f
            }
            else if eq(key, "kind") { guard let v = c.string().flatMap(ExecutionReport.Kind.init(rawValue:)) else { return false }; kind = v }
            else if eq(key, "leavesQuantity") { guard let v = c.decimal() else { return false }; leavesQuantity = Quantity(raw: v) }
            else if eq(key, "orderID") { guard let v = c.string() else { return false }; orderID = v }
            else if eq(key, "orderQuantity") { guard let v = c.decimal() else { return false }; orderQuantity = Quantity(raw: v) }
            else if eq(key, "orderType") { guard let v = c.string().flatMap(OrderType.init(rawValue:)) else { return false }; orderType = v }
            else if eq(key, "price") { guard let v = c.decimal() else { return false }; price = Price(raw: v) }
            else if eq(key, "reason") { guard let v = c.string() else { return false }; reason = v }
            else if eq(key, "side") { guard let v = c.side() else { return false }; side = v }
            else if eq(key, "status") { guard let v = c.string().flatMap(ExchangeOrderStatus.init(rawValue:)) else { return false }; status = v }
            else if eq(key, "symbol") { guard let v = c.string() else { return false }; symbol = Symbol(v) }
            else if eq(key, "time") { guard let v = c.integer() else { return false }; time = v }
            else { return false }
            return true
        }
        guard ok, let cumulativeQuantity, let errorCode, let kind, let leavesQuantity, let orderID, let orderQuantity,
            let orderType, let side, let status, let symbol, let time
        else { return nil }
        return ExecutionReport(
            kind: kind, clientOrderID: clientOrderID, orderID: orderID, symbol: symbol, side: side, status: status,
            orderType: orderType, price: price, orderQuantity: orderQuantity, cumulativeQuantity: cumulativeQuantity,
            leavesQuantity: leavesQuantity, fill: fill, errorCode: errorCode, reason: reason, time: Timestamp(nanos: time))
    }

    /// The `Fill` object's members.
    static func fill(_ c: inout Cursor) -> Fill? {
        var executionID: String?
        var fee: Money?
        var liquidity: Liquidity?
        var price: Price?
        var quantity: Quantity?
        let ok = c.members { c, key in
            if eq(key, "executionID") { guard let v = c.string() else { return false }; executionID = v }
            else if eq(key, "fee") { guard let v = c.decimal() else { return false }; fee = Money(raw: v) }
            else if eq(key, "liquidity") { guard let v = c.string().flatMap(Liquidity.init(rawValue:)) else { return false }; liquidity = v }
            else if eq(key, "price") { guard let v = c.decimal() else { return false }; price = Price(raw: v) }
            else if eq(key, "quantity") { guard let v = c.decimal() else { return false }; quantity = Quantity(raw: v) }
            else { return false }
            return true
        }
        guard ok, let executionID, let fee, let liquidity, let price, let quantity else { return nil }
        return Fill(executionID: executionID, quantity: quantity, price: price, fee: fee, liquidity: liquidity)
    }

    /// `true` when the key bytes spell `literal`.
    @inline(__always)
    static func eq(_ key: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard key.count == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        for k in 0..<key.count where key[k] != p[k] { return false }
        return true
    }

    /// A read position in one line.
    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var i = 0

        var atEnd: Bool { i == bytes.count }

        func peek(_ b: UInt8) -> Bool { i < bytes.count && bytes[i] == b }

        mutating func take(_ b: UInt8) -> Bool {
            guard peek(b) else { return false }
            i += 1
            return true
        }

        mutating func take(_ literal: [UInt8]) -> Bool {
            guard bytes.count - i >= literal.count else { return false }
            for k in 0..<literal.count where bytes[i + k] != literal[k] { return false }
            i += literal.count
            return true
        }

        /// An object's members up to (not including) its closing brace: keys strictly
        /// increasing (sorted, no repeats), each value read by `value`.
        mutating func members(_ value: (inout Cursor, UnsafeRawBufferPointer) -> Bool) -> Bool {
            var last: UnsafeRawBufferPointer?
            while !peek(UInt8(ascii: "}")) {
                if last != nil { guard take(UInt8(ascii: ",")) else { return false } }
                guard let key = rawString(), take(UInt8(ascii: ":")) else { return false }
                if let last, !Self.less(last, key) { return false }
                last = key
                guard value(&self, key) else { return false }
            }
            return true
        }

        static func less(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
            let n = min(a.count, b.count)
            for k in 0..<n where a[k] != b[k] { return a[k] < b[k] }
            return a.count < b.count
        }

        /// A JSON integer (optional minus, digits, no leading zeros), fitting Int64.
        mutating func integer() -> Int64? {
            var k = i
            let negative = k < bytes.count && bytes[k] == UInt8(ascii: "-")
            if negative { k += 1 }
            let digitsStart = k
            while k < bytes.count, bytes[k] >= 48, bytes[k] <= 57 { k += 1 }
            let n = k - digitsStart
            guard n > 0, n == 1 || bytes[digitsStart] != 48 else { return nil }
            // No leading zeros: 20 digits or more are at least 10^19, beyond Int64.
            guard n <= 19 else { return nil }
            // At most 19 digits: below 10^19 < UInt64.max, no overflow possible.
            var magnitude: UInt64 = 0
            for d in digitsStart..<k { magnitude = magnitude &* 10 &+ UInt64(bytes[d] &- 48) }
            guard let value = Int64.journalInteger(magnitude: magnitude, negative: negative) else { return nil }
            i = k
            return value
        }

        /// The bytes of a plain ASCII string (no escapes, no control characters); nil otherwise.
        mutating func rawString() -> UnsafeRawBufferPointer? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") || bytes[i] < 0x20 || bytes[i] >= 0x80 { return nil }
                i += 1
            }
            guard i < bytes.count else { return nil }
            let s = UnsafeRawBufferPointer(rebasing: bytes[start..<i])
            i += 1
            return s
        }

        /// A plain string (no escapes); nil otherwise.
        mutating func string() -> String? {
            rawString().map { String(decoding: $0, as: UTF8.self) }
        }

        /// `"Buy"` or `"Sell"`.
        mutating func side() -> Side? {
            guard let s = rawString() else { return nil }
            if JournalFastDecoder.eq(s, "Buy") { return .buy }
            if JournalFastDecoder.eq(s, "Sell") { return .sell }
            return nil
        }

        /// A fixed-point decimal written as a JSON string, by the strict parser.
        mutating func decimal() -> Int64? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") { return nil }
                i += 1
            }
            guard i < bytes.count else { return nil }
            let raw = try? FixedPointParser.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
            i += 1
            return raw
        }
    }
}
