import MarketCore

extension WebhookSignal {
    /// The order quantity: `fixed` as given; `cash` ÷ price (linear) or ÷ contract size in
    /// USD (inverse); `percent_of_equity` = equity (excluding unrealized PnL, settle currency)
    /// × percent, then as cash (inverse: × price to USD first). Rounded down to the step.
    public func orderQuantity(instrument spec: InstrumentSpec, referencePrice: Price, equity: Money)
        throws(WebhookRejection) -> Quantity
    {
        guard referencePrice.raw > 0 else { throw WebhookRejection(field: "symbol", reason: "no current price") }
        let raw: Quantity?
        switch quantity {
        case .fixed(let q): raw = q
        case .cash(let cash): raw = Self.fromCash(cash, spec: spec, price: referencePrice)
        case .percentOfEquity(let f):
            guard equity.raw > 0 else { throw WebhookRejection(field: "quantity", reason: "equity unknown or zero") }
            guard let part = Money.product(equity, f) else { throw WebhookRejection(field: "quantity", reason: "overflow") }
            let cash = spec.kind == .inverse ? Money.product(part, referencePrice) : part
            raw = cash.flatMap { Self.fromCash($0, spec: spec, price: referencePrice) }
        }
        guard let raw else { throw WebhookRejection(field: "quantity", reason: "overflow") }
        let q = spec.roundQuantity(raw)
        guard q.raw > 0 else {
            throw WebhookRejection(field: "quantity", reason: "rounds to zero (step \(spec.quantityStep), price \(referencePrice))")
        }
        guard q <= spec.maxOrderQuantity else {
            throw WebhookRejection(field: "quantity", reason: "above the maximum order quantity \(spec.maxOrderQuantity)")
        }
        return q
    }

    static func fromCash(_ cash: Money, spec: InstrumentSpec, price: Price) -> Quantity? {
        switch spec.kind {
        case .linear:
            guard let unitValue = Money.product(price, spec.contractSize) else { return nil }
            return Quantity.quotient(cash, unitValue)
        case .inverse: return Quantity.quotient(cash, spec.contractSize)
        }
    }

    /// The order to send through the tracker. Limit prices are rounded passively (buy down,
    /// sell up), stop prices so they trigger no earlier than asked (buy up, sell down);
    /// conditionals trigger on the last price. Market orders are IOC, others GTC.
    public func orderProposal(instrument spec: InstrumentSpec, referencePrice: Price, equity: Money)
        throws(WebhookRejection) -> OrderProposal
    {
        let q = try orderQuantity(instrument: spec, referencePrice: referencePrice, equity: equity)
        let limit = limitPrice.map { spec.roundPrice($0, side: side) }
        let stop = stopPrice.map { side == .buy ? $0.roundedUp(toMultipleOf: spec.tickSize) : $0.roundedDown(toMultipleOf: spec.tickSize) }
        for (field, p) in [("limit_price", limit), ("stop_price", stop)] {
            guard let p else { continue }
            if p < spec.minPrice || p > spec.maxPrice || p.raw <= 0 {
                throw WebhookRejection(field: field, reason: "outside \(spec.minPrice)...\(spec.maxPrice)")
            }
        }
        if spec.kind == .linear, let v = spec.notional(price: limit ?? referencePrice, quantity: q), v < spec.minOrderValue {
            throw WebhookRejection(field: "quantity", reason: "order value \(v) below the minimum \(spec.minOrderValue)")
        }
        let type = orderType
        return OrderProposal(
            symbol: symbol, side: side, type: type,
            timeInForce: type == .market ? .immediateOrCancel : .goodTillCancel, price: limit, stopPrice: stop,
            quantity: q, reduceOnly: reduceOnly, trigger: type.isConditional ? .lastPrice : nil,
            isRiskReducing: reduceOnly, tag: id)
    }
}
