import MarketCore

/// Why a webhook request is refused, with the HTTP status the endpoint should answer.
public struct WebhookRejection: Error, Equatable, Sendable, CustomStringConvertible {
    /// 400 invalid payload, 401 bad or missing token, 413 body too large.
    public var status: Int
    /// The payload field at fault (`body`, `token`, `symbol`, `quantity`…).
    public var field: String
    public var reason: String
    public init(status: Int = 400, field: String, reason: String) {
        self.status = status
        self.field = field
        self.reason = reason
    }
    public var description: String { "\(status) \(field): \(reason)" }
}

/// How a signal's `quantity` is meant (`quantity_type`).
public enum WebhookQuantity: Equatable, Sendable {
    /// Contracts (inverse) or base quantity (linear).
    case fixed(Quantity)
    /// A quote-currency amount (USDT for linear, USD for inverse).
    case cash(Money)
    /// A percentage of account equity excluding unrealized PnL.
    case percentOfEquity(Fraction)
}

/// A validated webhook alert (Phemex-style payload). Its description never shows the token.
public struct WebhookSignal: Equatable, Sendable, CustomStringConvertible {
    public var symbol: Symbol
    public var side: Side
    public var quantity: WebhookQuantity
    public var limitPrice: Price?
    public var stopPrice: Price?
    public var reduceOnly: Bool
    /// The alert's optional `id`.
    public var id: String?
    /// `id:<id>` or `fnv:<hash of the body>`.
    public var idempotencyKey: String
    /// Market, limit, stop (market) or stop-limit, from which prices are present.
    public var orderType: OrderType {
        switch (limitPrice, stopPrice) {
        case (nil, nil): return .market
        case (.some, nil): return .limit
        case (nil, .some): return .stop
        case (.some, .some): return .stopLimit
        }
    }
    public var description: String {
        "\(side.rawValue) \(quantity) \(symbol) \(orderType.rawValue)"
            + (limitPrice.map { " limit \($0)" } ?? "") + (stopPrice.map { " stop \($0)" } ?? "")
            + (id.map { " id \($0)" } ?? "")
    }

    /// Largest body accepted (64 KiB).
    public static let maxBodyBytes = 65_536

    /// Parses and validates a JSON body. `knownSymbols` decides which symbols are accepted
    /// (matched case-insensitively, returned in the known spelling). Unknown keys are ignored.
    /// The token is not checked here (see `WebhookSignalsStrategy.accept`).
    public static func parse(body: [UInt8], knownSymbols: [Symbol]) throws(WebhookRejection) -> WebhookSignal {
        let fields = try members(of: body)
        return try parse(fields: fields, body: body, knownSymbols: knownSymbols)
    }

    /// The body's JSON members, refusing oversized and non-JSON bodies and duplicate keys.
    static func members(of body: [UInt8]) throws(WebhookRejection) -> [(key: String, value: FlatJSONValue)] {
        if body.count > maxBodyBytes {
            throw WebhookRejection(status: 413, field: "body", reason: "larger than \(maxBodyBytes) bytes")
        }
        let fields: [(key: String, value: FlatJSONValue)]
        do { fields = try FlatJSON.parseObject(body) } catch {
            throw WebhookRejection(field: "body", reason: "not a JSON object: \(error.reason) at byte \(error.offset)")
        }
        var seen: [String] = []
        for f in fields {
            if seen.contains(f.key) {
                throw WebhookRejection(field: String(f.key.prefix(40)), reason: "duplicate key")
            }
            seen.append(f.key)
        }
        return fields
    }

    static func parse(fields: [(key: String, value: FlatJSONValue)], body: [UInt8], knownSymbols: [Symbol])
        throws(WebhookRejection) -> WebhookSignal
    {
        func value(_ key: String) -> FlatJSONValue? {
            guard let v = fields.first(where: { $0.key == key })?.value, v != .null else { return nil }
            return v
        }
        func text(_ key: String) throws(WebhookRejection) -> String? {
            switch value(key) {
            case nil: return nil
            case .string(let s)?: return s
            case .number(let n)?: return n
            default: throw WebhookRejection(field: key, reason: "must be a string")
            }
        }
        func decimalText(_ key: String) throws(WebhookRejection) -> String? {
            switch value(key) {
            case nil: return nil
            case .string(let s)?: return DecimalText.plain(s.trimmingSpaces)
            case .number(let n)?: return DecimalText.plain(n)
            default: throw WebhookRejection(field: key, reason: "must be a number")
            }
        }
        func positive<T: FixedPointNumber>(_ key: String, as: T.Type) throws(WebhookRejection) -> T? {
            guard let t = try decimalText(key) else { return nil }
            guard let v = try? T(parsing: t) else {
                throw WebhookRejection(field: key, reason: "not a decimal number (at most 9 decimals)")
            }
            guard v.raw > 0 else { throw WebhookRejection(field: key, reason: "must be > 0") }
            return v
        }

        guard let symbolText = try text("symbol"), !symbolText.isEmpty else {
            throw WebhookRejection(field: "symbol", reason: "missing")
        }
        guard let symbol = knownSymbols.first(where: { $0.name.uppercased() == symbolText.uppercased() }) else {
            throw WebhookRejection(field: "symbol", reason: "unknown symbol '\(symbolText.prefix(20))'")
        }
        guard let action = try text("action") else { throw WebhookRejection(field: "action", reason: "missing") }
        let side: Side
        switch action.lowercased() {
        case "buy": side = .buy
        case "sell": side = .sell
        default: throw WebhookRejection(field: "action", reason: "must be buy or sell")
        }
        let typeText = (try text("quantity_type"))?.lowercased() ?? "fixed"
        let quantity: WebhookQuantity
        switch typeText {
        case "fixed": quantity = .fixed(try positive("quantity", as: Quantity.self) ?? 1)
        case "cash":
            guard let cash = try positive("quantity", as: Money.self) else {
                throw WebhookRejection(field: "quantity", reason: "required with quantity_type cash")
            }
            quantity = .cash(cash)
        case "percent_of_equity":
            guard let t = try decimalText("quantity") else {
                throw WebhookRejection(field: "quantity", reason: "required with quantity_type percent_of_equity")
            }
            guard let f = try? Fraction(percentText: t) else {
                throw WebhookRejection(field: "quantity", reason: "not a percentage (at most 7 decimals)")
            }
            guard f.raw > 0, f <= .one else {
                throw WebhookRejection(field: "quantity", reason: "must be > 0 and <= 100 percent")
            }
            quantity = .percentOfEquity(f)
        default: throw WebhookRejection(field: "quantity_type", reason: "must be fixed, cash or percent_of_equity")
        }
        let limit = try positive("limit_price", as: Price.self)
        let stop = try positive("stop_price", as: Price.self)
        var reduceOnly = false
        switch value("reduce_only") {
        case nil: break
        case .bool(let b)?: reduceOnly = b
        default: throw WebhookRejection(field: "reduce_only", reason: "must be true or false")
        }
        let id = try text("id")
        if let id, id.utf8.count > 128 { throw WebhookRejection(field: "id", reason: "longer than 128 bytes") }
        return WebhookSignal(
            symbol: symbol, side: side, quantity: quantity, limitPrice: limit, stopPrice: stop,
            reduceOnly: reduceOnly, id: id, idempotencyKey: IdempotencyWindow.key(id: id, body: body))
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
