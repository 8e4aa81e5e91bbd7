import Logging
import MarketCore
import PhemexWire
import Synchronization

/// REST side of the connector: trading commands, reconciliation, instruments and the
/// server-time offset. Never retries anything; a 5xx or timeout on an order write is reported
/// as `.unknown` and left to the caller (query by client order id).
public final class PhemexREST: Sendable {
    private struct Cache {
        var specs: [Symbol: InstrumentSpec] = [:]
        var scales = InverseScales()
        var loaded = false
    }

    private let transport: RESTTransport
    private let configuration: PhemexConnectorConfiguration
    private let logger: Logger
    private let cache = Mutex(Cache())

    init(configuration: PhemexConnectorConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.transport = RESTTransport(configuration: configuration, logger: logger)
    }

    // MARK: reference data

    /// Reads `/public/time` and corrects the signing clock.
    public func syncServerTime() async throws {
        let sent = WallClock.now()
        let resp = try await sendOrThrow(RESTRequests.serverTime, signed: false)
        let received = WallClock.now()
        let c = RESTOutcome.classify(status: resp.status, body: resp.body, rateLimits: [], emptyListOnNotFound: false)
        guard case .acknowledged = c.outcome, let ms = JSONRow(c.data)?.int("serverTime") else {
            throw PhemexConnectorError.protocolError("unexpected /public/time reply (HTTP \(resp.status))")
        }
        transport.setServerTime(ms, sent: sent, received: received)
    }

    /// Server time minus local time, nanoseconds.
    public var serverOffsetNanos: Int64 { transport.serverOffsetNanos }

    /// The server-corrected current time.
    public func serverNow() -> Timestamp { transport.serverNow() }

    /// `/public/products` → instruments (cached after the first success).
    @discardableResult
    public func loadInstruments() async throws -> [InstrumentSpec] {
        let cached = cache.withLock { $0.loaded ? Array($0.specs.values) : nil }
        if let cached { return cached.sorted { $0.symbol < $1.symbol } }
        let resp = try await sendOrThrow(RESTRequests.products, signed: false)
        let c = RESTOutcome.classify(status: resp.status, body: resp.body, rateLimits: [], emptyListOnNotFound: false)
        guard case .acknowledged = c.outcome else {
            throw PhemexConnectorError.protocolError("unexpected /public/products reply (HTTP \(resp.status))")
        }
        let (specs, scales) = ProductsDecoding.instruments(c.data)
        cache.withLock { s in
            s.specs = Dictionary(specs.map { ($0.symbol, $0) }, uniquingKeysWith: { a, _ in a })
            s.scales = scales
            s.loaded = true
        }
        return specs
    }

    /// COIN-M price scales known so far.
    func priceScales() -> [Symbol: Int] { cache.withLock { $0.scales.priceScale } }

    private var scales: InverseScales { cache.withLock { $0.scales } }

    /// The instrument of `symbol`, or a permissive stand-in (kind from the symbol's suffix,
    /// COIN-M price scale 4) when the products list is unavailable.
    func instrument(_ symbol: Symbol) -> InstrumentSpec? {
        if let s = cache.withLock({ $0.specs[symbol] }) { return s }
        let kind = Self.guessKind(symbol, configuration: configuration)
        let one = Quantity(raw: FixedPointScale.factor)
        return try? InstrumentSpec(
            symbol: symbol, kind: kind, tickSize: Price(raw: 1), quantityStep: kind == .inverse ? one : Quantity(raw: 1),
            minOrderValue: .zero, maxOrderQuantity: Quantity(raw: Int64.max / 4), minPrice: .zero,
            maxPrice: Price(raw: Int64.max / 4), priceScale: kind == .inverse ? 4 : 0, valueScale: kind == .inverse ? 8 : 0,
            settleCurrency: kind == .inverse ? "BTC" : "USDT", quoteCurrency: kind == .inverse ? "USD" : "USDT",
            baseCurrency: "")
    }

    static func guessKind(_ symbol: Symbol, configuration: PhemexConnectorConfiguration) -> ContractKind {
        if configuration.inverseSymbols.contains(symbol) { return .inverse }
        if configuration.linearSymbols.contains(symbol) { return .linear }
        let n = symbol.name.uppercased()
        return n.hasSuffix("USDT") || n.hasSuffix("USDC") ? .linear : .inverse
    }

    // MARK: commands

    /// A command's REST call, or why it cannot be sent.
    enum BuiltCall {
        case call(RESTCall)
        case rejected(CommandOutcome)
    }

    /// The REST call of `command` (not `.queryOrder`, which takes several calls), or the
    /// rejection to report when it cannot be encoded.
    static func call(for command: ExchangeCommand, spec: InstrumentSpec?) -> BuiltCall {
        do {
            switch command {
            case .place(let o):
                guard let spec else { return .rejected(.rejected(code: -1, message: "unknown instrument")) }
                return .call(try RESTRequests.place(o, spec))
            case .amend(let cid, let sym, let ps, let price, let qty):
                guard let spec else { return .rejected(.rejected(code: -1, message: "unknown instrument")) }
                return .call(try RESTRequests.amend(cid, symbol: sym, positionSide: ps, price: price, quantity: qty, spec))
            case .cancel(let cid, let sym, let ps):
                return .call(RESTRequests.cancel(cid, symbol: sym, positionSide: ps, kind: spec?.kind ?? .linear))
            case .cancelBulk(let ids, let sym, let ps):
                return .call(RESTRequests.cancelBulk(ids, symbol: sym, positionSide: ps, kind: spec?.kind ?? .linear))
            case .fetchOpenOrders(let sym):
                return .call(RESTRequests.activeList(symbol: sym, kind: spec?.kind ?? .linear))
            case .queryOrder(let cid, let sym):
                return .call(RESTRequests.orderByClientID(cid, symbol: sym, kind: spec?.kind ?? .linear))
            case .fetchPositions(let currency):
                return .call(RESTRequests.accountPositions(currency: currency))
            }
        } catch {
            return .rejected(.rejected(code: -1, message: "request not representable: \(error)"))
        }
    }

    /// Builds and signs the requests of `commands` exactly as `execute` would, and sends
    /// nothing: the runtime calls it in idle time with the commands of an `Engine.rehearsal`
    /// so that the request path is warm when a real order goes out. Returns how many requests
    /// were signed.
    @discardableResult
    public func rehearse(_ commands: [ExchangeCommand]) -> Int {
        var signed = 0
        for command in commands {
            let spec = command.symbol.flatMap { instrument($0) }
            guard case .call(let call) = Self.call(for: command, spec: spec), transport.signature(of: call) != nil else { continue }
            signed += 1
        }
        return signed
    }

    /// Executes one command (never retried).
    public func execute(_ command: ExchangeCommand, id: UInt64) async -> CommandResult {
        let now = WallClock.now()
        func result(_ outcome: CommandOutcome) -> CommandResult {
            CommandResult(commandID: id, command: command, outcome: outcome, time: now)
        }
        guard transport.canSign else { return result(.rejected(code: -1, message: "no API credentials configured")) }
        let spec: InstrumentSpec? = command.symbol.flatMap { instrument($0) }
        if case .queryOrder(let cid, let sym) = command {
            return await queryOrder(cid, symbol: sym, kind: spec?.kind ?? .linear, command: command, id: id)
        }
        let call: RESTCall
        switch Self.call(for: command, spec: spec) {
        case .call(let c): call = c
        case .rejected(let rejection): return result(rejection)
        }
        let inverse = spec?.kind == .inverse || call.path.hasPrefix("/accounts")
        let listCall = call.path.hasSuffix("activeList")
        let (c, resp) = await perform(call, emptyListOnNotFound: listCall)
        var r = result(c.outcome)
        r.httpStatus = resp?.status
        r.rateLimits = resp.map { RateLimitHeaders.parse($0.headers) } ?? []
        guard case .acknowledged = c.outcome else { return r }
        let scales = self.scales
        switch command {
        case .fetchPositions:
            let d = JSONRow(c.data)
            r.positions = d?.rows("positions").compactMap { AccountDecoding.position($0, inverse: inverse, scales: scales, time: now) } ?? []
            if let acct = JSONRow(d?.json["account"]), let b = AccountDecoding.balance(acct, inverse: inverse, scales: scales, time: now) {
                r.balances = [b]
            }
        default:
            r.reports = Self.orderRows(c.data).compactMap {
                AccountDecoding.execution($0, inverse: inverse, scales: scales, fromStream: false)
            }
        }
        return r
    }

    /// Order rows in a reply's `data`: an object, `{rows: […]}` or an array.
    static func orderRows(_ data: JSONValue?) -> [JSONRow] {
        guard let data else { return [] }
        if case .array = data { return JSONRow.rows(data) }
        guard let row = JSONRow(data) else { return [] }
        if row.json["rows"] != nil { return row.rows("rows") }
        return row.string("symbol") != nil ? [row] : []
    }

    private func queryOrder(_ cid: ClientOrderID, symbol: Symbol, kind: ContractKind, command: ExchangeCommand, id: UInt64)
        async -> CommandResult
    {
        let now = WallClock.now()
        let inverse = kind == .inverse
        let (c, resp) = await perform(RESTRequests.activeList(symbol: symbol, kind: kind), emptyListOnNotFound: true)
        var r = CommandResult(commandID: id, command: command, outcome: c.outcome, time: now)
        r.httpStatus = resp?.status
        r.rateLimits = resp.map { RateLimitHeaders.parse($0.headers) } ?? []
        guard case .acknowledged = c.outcome else { return r }
        let scales = self.scales
        let open = Self.orderRows(c.data).compactMap {
            AccountDecoding.execution($0, inverse: inverse, scales: scales, fromStream: false)
        }.filter { $0.clientOrderID == cid }
        if !open.isEmpty {
            r.reports = open
            return r
        }
        // Not open: look in the order history (may be unavailable; then report no rows).
        let (h, hresp) = await perform(RESTRequests.orderByClientID(cid, symbol: symbol, kind: kind), emptyListOnNotFound: true)
        if let hresp { r.rateLimits += RateLimitHeaders.parse(hresp.headers) }
        if case .acknowledged = h.outcome {
            r.reports = Self.orderRows(h.data).compactMap {
                AccountDecoding.execution($0, inverse: inverse, scales: scales, fromStream: false)
            }.filter { $0.clientOrderID == cid }
        }
        return r
    }

    // MARK: other trading endpoints

    /// Cancels every order of `symbol` (`DELETE /g-orders/all`, twice: active then untriggered
    /// conditionals). Operator use only.
    public func cancelAll(symbol: Symbol, id: UInt64 = 0) async -> [CommandOutcome] {
        let kind = instrument(symbol)?.kind ?? .linear
        var out: [CommandOutcome] = []
        for untriggered in [false, true] {
            out.append(await perform(RESTRequests.cancelAll(symbol: symbol, untriggered: untriggered, kind: kind), emptyListOnNotFound: false).0.outcome)
        }
        return out
    }

    /// Sets leverage (negative = cross margin on Phemex).
    public func setLeverage(symbol: Symbol, leverage: Money, hedged: Bool = false) async -> CommandOutcome {
        let kind = instrument(symbol)?.kind ?? .linear
        return await perform(RESTRequests.setLeverage(symbol: symbol, kind: kind, leverage: leverage, hedged: hedged), emptyListOnNotFound: false).0.outcome
    }

    /// Switches a USDT-M symbol between one-way and hedged mode.
    public func switchPositionMode(symbol: Symbol, mode: PositionMode) async -> CommandOutcome {
        await perform(RESTRequests.switchPositionMode(symbol: symbol, mode: mode), emptyListOnNotFound: false).0.outcome
    }

    // MARK: reconciliation and stream decoding

    /// Open orders, positions and balances by REST (plus recent fills, best effort) for the
    /// configured symbols and currencies. Throws when a required call fails.
    func reconcile() async throws -> (open: [ExecutionReport], fills: [ExecutionReport], positions: [PositionReport], balances: [BalanceReport]) {
        let now = WallClock.now()
        let scales = self.scales
        var positions: [PositionReport] = []
        var balances: [BalanceReport] = []
        for currency in configuration.linearCurrencies + configuration.inverseCurrencies {
            let call = RESTRequests.accountPositions(currency: currency)
            let (c, resp) = await perform(call, emptyListOnNotFound: false)
            guard case .acknowledged = c.outcome else {
                throw PhemexConnectorError.transport("accountPositions \(currency): \(c.outcome) (HTTP \(resp?.status ?? 0))")
            }
            let inverse = call.path.hasPrefix("/accounts")
            let d = JSONRow(c.data)
            positions += d?.rows("positions").compactMap { AccountDecoding.position($0, inverse: inverse, scales: scales, time: now) } ?? []
            if let acct = JSONRow(d?.json["account"]), let b = AccountDecoding.balance(acct, inverse: inverse, scales: scales, time: now) {
                balances.append(b)
            }
        }
        var open: [ExecutionReport] = []
        var fills: [ExecutionReport] = []
        let endMs = serverNow().millis
        let startMs = endMs - ReconnectBackoff.nanos(configuration.reconcileFillsWindow) / 1_000_000
        for (symbol, kind) in configuration.symbols {
            let (c, resp) = await perform(RESTRequests.activeList(symbol: symbol, kind: kind), emptyListOnNotFound: true)
            guard case .acknowledged = c.outcome else {
                throw PhemexConnectorError.transport("activeList \(symbol): \(c.outcome) (HTTP \(resp?.status ?? 0))")
            }
            open += Self.orderRows(c.data).compactMap {
                AccountDecoding.execution($0, inverse: kind == .inverse, scales: scales, fromStream: false)
            }.filter { $0.status.isOpen }
            let (f, _) = await perform(
                RESTRequests.recentFills(symbol: symbol, kind: kind, startMillis: startMs, endMillis: endMs), emptyListOnNotFound: true)
            if case .acknowledged = f.outcome {
                fills += Self.orderRows(f.data).compactMap { row -> ExecutionReport? in
                    guard row.string("ordStatus") != nil, row.string("execID") != nil else { return nil }
                    return AccountDecoding.execution(row, inverse: kind == .inverse, scales: scales, fromStream: true)
                }.filter { $0.kind == .fill }
            }
        }
        return (open, fills, positions, balances)
    }

    /// Decodes an `aop_p`/`aop` frame.
    func decodeAccountFrame(_ json: JSONValue, inverse: Bool) -> AccountSnapshot? {
        AccountDecoding.accountFrame(json, inverse: inverse, scales: scales)
    }

    // MARK: transport

    private func perform(_ call: RESTCall, emptyListOnNotFound: Bool) async -> (RESTOutcome.Classified, RESTResponse?) {
        do {
            let resp = try await transport.send(call, signed: true)
            let limits = RateLimitHeaders.parse(resp.headers)
            return (RESTOutcome.classify(status: resp.status, body: resp.body, rateLimits: limits, emptyListOnNotFound: emptyListOnNotFound), resp)
        } catch {
            switch error {
            case .timeout: return (RESTOutcome.Classified(outcome: .unknown(reason: "timeout"), data: nil), nil)
            case .connection(let why):
                return (RESTOutcome.Classified(outcome: .unknown(reason: "connection: \(why)"), data: nil), nil)
            }
        }
    }

    private func sendOrThrow(_ call: RESTCall, signed: Bool) async throws -> RESTResponse {
        do { return try await transport.send(call, signed: signed) } catch {
            switch error {
            case .timeout: throw PhemexConnectorError.transport("\(call.path): timeout")
            case .connection(let why): throw PhemexConnectorError.transport("\(call.path): \(why)")
            }
        }
    }

    /// Closes the HTTP client.
    func shutdown() async { await transport.shutdown() }
}
