import MarketCore
import PhemexWire

/// COIN-M scales needed to read `Ep`/`Ev` integers.
struct InverseScales: Sendable {
    /// `priceScale` per symbol (BTCUSD: 4).
    var priceScale: [Symbol: Int] = [:]
    /// `valueScale` per settle currency (BTC: 8).
    var valueScale: [String: Int] = [:]
    /// Settle currency per symbol.
    var settle: [Symbol: String] = [:]

    func price(_ s: Symbol) -> Int { priceScale[s] ?? 4 }
    func value(currency: String) -> Int { valueScale[currency] ?? (currency == "USD" ? 4 : 8) }
    func value(symbol: Symbol) -> Int { value(currency: settle[symbol] ?? "BTC") }
}

/// Decodes orders, fills, positions and balances from REST rows and `aop_p`/`aop` frames into
/// MarketCore reports (PROTOCOL.md §4.3, §4.4, §5.1, §5.2). USDT-M rows carry decimal strings
/// (`priceRp`, `orderQtyRq` on REST, `orderQty` on the stream); COIN-M rows carry `Ep`/`Ev`
/// integers and integer contract quantities.
enum AccountDecoding {
    static func orderStatus(_ s: String?) -> ExchangeOrderStatus? {
        guard let s else { return nil }
        if s == "Init" { return .created }
        return ExchangeOrderStatus(rawValue: s)
    }

    static func quantity(_ r: JSONRow, _ keys: [String], inverse: Bool) -> Quantity? {
        if inverse {
            for k in keys { if let v = r.int(k) { return Quantity(units: v) } }
            return nil
        }
        return r.decimal(keys).map(Quantity.init(raw:))
    }

    /// One order row or order event → report. `fromStream` selects the stream field names and
    /// the event kind; REST rows are `.status` snapshots.
    static func execution(_ r: JSONRow, inverse: Bool, scales: InverseScales, fromStream: Bool) -> ExecutionReport? {
        guard let sym = r.string("symbol"), let sideText = r.string("side"), let side = Side(rawValue: sideText),
            let status = orderStatus(r.string("ordStatus"))
        else { return nil }
        let symbol = Symbol(sym)
        let orderID = r.string(["orderID", "orderId"]) ?? ""
        let clid = r.string(["clOrdID", "clOrdId"]).flatMap { ClientOrderID($0) }
        let ps = scales.price(symbol)
        func price(_ rp: String, _ ep: String) -> Price? {
            let raw = inverse ? r.scaled([ep], scale: ps) : r.decimal([rp])
            return raw.flatMap { $0 == 0 ? nil : Price(raw: $0) }
        }
        let orderQty = quantity(r, ["orderQtyRq", "orderQty"], inverse: inverse) ?? .zero
        let cum = quantity(r, ["cumQtyRq", "cumQty"], inverse: inverse) ?? .zero
        let leaves = quantity(r, ["leavesQtyRq", "leavesQty"], inverse: inverse) ?? .zero
        let type = OrderType(rawValue: r.string(["ordType", "orderType"]) ?? "Limit") ?? .limit
        let time = Timestamp(nanos: r.int("transactTimeNs") ?? r.int("actionTimeNs") ?? 0)
        let execStatus = r.string("execStatus") ?? ""
        let code = Int(r.int("code") ?? r.int("bizError") ?? 0)
        var kind: ExecutionReport.Kind = .status
        var fill: Fill?
        var reason: String?
        if fromStream {
            let isFill =
                (r.string("tradeType") == "Trade" || execStatus == "MakerFill" || execStatus == "TakerFill")
                && (quantity(r, ["execQty"], inverse: inverse).map { !$0.isZero } ?? false)
            if isFill, let q = quantity(r, ["execQty"], inverse: inverse), let px = price("execPriceRp", "execPriceEp") {
                let vs = scales.value(symbol: symbol)
                let feeRaw = inverse ? r.scaled(["execFeeEv"], scale: vs) : r.decimal(["execFeeRv"])
                let liq: Liquidity =
                    r.string("lastLiquidityInd") == "RemovedLiquidity" || execStatus == "TakerFill" ? .taker : .maker
                fill = Fill(
                    executionID: r.string("execID") ?? "", quantity: q, price: px, fee: Money(raw: feeRaw ?? 0),
                    liquidity: liq)
                kind = .fill
            } else if status == .rejected || execStatus == "CreateRejected" {
                kind = .rejected
            } else if status == .canceled || status == .deactivated {
                kind = .canceled
            } else if r.string("action") == "Replace" || execStatus == "Replaced" {
                kind = .replaced
            } else if status == .triggered {
                kind = .triggered
            } else if status == .new || status == .untriggered || status == .partiallyFilled {
                kind = .accepted
            }
        } else if status == .rejected {
            kind = .rejected
        }
        if let m = r.string("message"), m != "No error", !m.isEmpty { reason = m }
        if let c = r.int("cxlRejReason"), c != 0 { reason = (reason.map { $0 + "; " } ?? "") + "cxlRejReason \(c)" }
        return ExecutionReport(
            kind: kind, clientOrderID: clid, orderID: orderID, symbol: symbol, side: side, status: status,
            orderType: type, price: price("priceRp", "priceEp"), orderQuantity: orderQty, cumulativeQuantity: cum,
            leavesQuantity: leaves, fill: fill, errorCode: code, reason: reason, time: time)
    }

    static func position(_ r: JSONRow, inverse: Bool, scales: InverseScales, time: Timestamp) -> PositionReport? {
        guard let sym = r.string("symbol") else { return nil }
        let symbol = Symbol(sym)
        let posSide = PositionSide(rawValue: r.string("posSide") ?? "Merged") ?? .merged
        guard let size = quantity(r, ["size", "sizeRq"], inverse: inverse) else { return nil }
        let side = r.string("side")
        let negative = side == "Sell" || (side == nil && posSide == .short)
        let signed = negative ? Quantity(raw: -size.magnitude.raw) : size.magnitude
        let ps = scales.price(symbol)
        let vs = scales.value(symbol: symbol)
        func px(_ rp: [String], _ ep: [String]) -> Price? {
            (inverse ? r.scaled(ep, scale: ps) : r.decimal(rp)).map(Price.init(raw:))
        }
        func money(_ rv: [String], _ ev: [String]) -> Money {
            Money(raw: (inverse ? r.scaled(ev, scale: vs) : r.decimal(rv)) ?? 0)
        }
        let leverage = (inverse ? r.scaled(["leverageEr"], scale: 8) : r.decimal(["leverageRr"])).map(Money.init(raw:))
        let t = r.int("transactTimeNs").map { Timestamp(nanos: $0) } ?? time
        return PositionReport(
            symbol: symbol, positionSide: posSide, size: signed,
            averageEntryPrice: px(["avgEntryPriceRp"], ["avgEntryPriceEp"]) ?? .zero,
            markPrice: px(["markPriceRp"], ["markPriceEp"]),
            realizedPnL: money(["curTermRealisedPnlRv", "cumClosedPnlRv"], ["realisedPnlEv", "cumRealisedPnlEv"]),
            unrealizedPnL: money(["unrealisedPnlRv", "unRealisedPnlRv"], ["unRealisedPnlEv", "unrealisedPnlEv"]),
            leverage: leverage, time: t)
    }

    static func balance(_ r: JSONRow, inverse: Bool, scales: InverseScales, time: Timestamp) -> BalanceReport? {
        guard let currency = r.string("currency") else { return nil }
        let vs = scales.value(currency: currency)
        let bal = inverse ? r.scaled(["accountBalanceEv"], scale: vs) : r.decimal(["accountBalanceRv"])
        let used = inverse ? r.scaled(["totalUsedBalanceEv"], scale: vs) : r.decimal(["totalUsedBalanceRv"])
        guard let bal else { return nil }
        return BalanceReport(currency: currency, balance: Money(raw: bal), used: Money(raw: used ?? 0), time: time)
    }

    /// An `aop_p`/`aop` frame (missing arrays = empty).
    static func accountFrame(_ json: JSONValue, inverse: Bool, scales: InverseScales) -> AccountSnapshot? {
        guard let r = JSONRow(json) else { return nil }
        let sfx = inverse ? "" : "_p"
        let time = Timestamp(nanos: r.int("timestamp") ?? 0)
        var out = AccountSnapshot()
        out.isSnapshot = r.string("type") == "snapshot"
        out.executions = r.rows("orders" + sfx).compactMap { execution($0, inverse: inverse, scales: scales, fromStream: true) }
        out.positions = r.rows("positions" + sfx).compactMap { position($0, inverse: inverse, scales: scales, time: time) }
        out.balances = r.rows("accounts" + sfx).compactMap { balance($0, inverse: inverse, scales: scales, time: time) }
        return out
    }
}
