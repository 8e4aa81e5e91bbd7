import ExchangeSimulator
import MarketCore

/// `/public/products` (PROTOCOL.md §5.1, §5.2; `rest-usdtm-08` sample shape).
enum ProductsEncoding {
    static func products(_ instruments: [SimInstrument]) -> String {
        var coinm: [String] = []
        var perp: [String] = []
        for inst in instruments {
            let s = inst.spec
            let base = s.baseCurrency
            if s.kind == .inverse {
                var j = JSONObject()
                j.string("symbol", s.symbol.name)
                j.string("displaySymbol", "\(base) / \(s.quoteCurrency)")
                j.string("indexSymbol", ".\(base)")
                j.string("markSymbol", ".M\(base)")
                j.string("fundingRateSymbol", ".\(base)FR")
                j.string("fundingRate8hSymbol", ".\(base)FR8H")
                j.string("contractUnderlyingAssets", s.quoteCurrency)
                j.string("settleCurrency", s.settleCurrency)
                j.string("quoteCurrency", s.quoteCurrency)
                j.raw("contractSize", WireEncoding.plainNumber(s.contractSize))
                j.int("lotSize", WireEncoding.contracts(s.quantityStep))
                j.raw("tickSize", WireEncoding.plainNumber(s.tickSize))
                j.int("priceScale", s.priceScale)
                j.int("ratioScale", 8)
                j.int("pricePrecision", decimals(s.tickSize))
                j.int("minPriceEp", WireEncoding.ep(s.minPrice, s))
                j.int("maxPriceEp", WireEncoding.ep(s.maxPrice, s))
                j.int("maxOrderQty", WireEncoding.contracts(s.maxOrderQuantity))
                j.string("type", "Perpetual")
                j.string("status", "Listed")
                j.int("tipOrderQty", WireEncoding.contracts(s.maxOrderQuantity))
                j.int("maxLeverage", inst.maxLeverage)
                j.string("description", "Simulated COIN-M perpetual, 1 contract = 1 USD, settled in \(s.settleCurrency).")
                coinm.append(j.finished)
            } else {
                var j = JSONObject()
                j.string("symbol", s.symbol.name)
                j.int("code", inst.productCode)
                j.string("type", "PerpetualV2")
                j.string("displaySymbol", "\(base) / \(s.quoteCurrency)")
                j.string("indexSymbol", ".\(s.symbol.name)")
                j.string("markSymbol", ".M\(s.symbol.name)")
                j.string("fundingRateSymbol", ".\(s.symbol.name)FR")
                j.string("fundingRate8hSymbol", ".\(s.symbol.name)FR8H")
                j.string("contractUnderlyingAssets", base)
                j.string("settleCurrency", s.settleCurrency)
                j.string("quoteCurrency", s.quoteCurrency)
                j.decimal("tickSize", s.tickSize)
                j.int("priceScale", 0)
                j.int("ratioScale", 0)
                j.int("pricePrecision", decimals(s.tickSize))
                j.string("baseCurrency", base)
                j.string("description", "Simulated USDT-M perpetual, quantity in \(base).")
                j.string("status", "Listed")
                j.int("tipOrderQty", 0)
                j.int("listTime", 1_662_854_400_000)
                j.bool("majorSymbol", base == "BTC")
                j.decimal("defaultLeverage", inst.defaultLeverage)
                j.int("fundingInterval", 28800)
                j.int("maxLeverage", inst.maxLeverage)
                j.int("leverageMargin", 1)
                j.decimal("maxOrderQtyRq", s.maxOrderQuantity)
                j.decimal("maxPriceRp", s.maxPrice)
                j.decimal("minOrderValueRv", s.minOrderValue)
                j.decimal("minPriceRp", s.minPrice)
                j.int("qtyPrecision", decimals(s.quantityStep))
                j.decimal("qtyStepSize", s.quantityStep)
                j.decimal("tipOrderQtyRq", s.maxOrderQuantity)
                perp.append(j.finished)
            }
        }
        var d = JSONObject(capacity: 4096)
        d.int("ratioScale", 8)
        d.raw("currencies", JSONObject.array([
            "{\"currency\":\"BTC\",\"valueScale\":8,\"minValueEv\":1,\"maxValueEv\":5000000000000000000,\"name\":\"Bitcoin\"}",
            "{\"currency\":\"USDT\",\"valueScale\":8,\"minValueEv\":1,\"maxValueEv\":5000000000000000000,\"name\":\"TetherUS\"}",
        ]))
        d.raw("products", JSONObject.array(coinm))
        d.raw("perpProductsV2", JSONObject.array(perp))
        d.raw("riskLimits", "[]")
        d.raw("leverageMargins", "[{\"index_id\":1,\"items\":[{\"notionalValueRv\":1000000,\"maxLeverage\":100,\"maintenanceMarginRateRr\":\"0.005\",\"maintenanceAmountRv\":\"0\"}]}]")
        d.string("md5Checksum", "00000000000000000000000000000000")
        return d.finished
    }

    /// Number of fraction digits of a grid step (0.1 → 1, 0.001 → 3, 1 → 0).
    static func decimals<N: FixedPointNumber>(_ v: N) -> Int {
        let s = v.description
        guard let dot = s.firstIndex(of: ".") else { return 0 }
        return s.distance(from: dot, to: s.endIndex) - 1
    }
}

/// Fill rows of the history endpoints (§5.1 tradingList with integer enums; §5.2 trade).
enum HistoryEncoding {
    static func fillLinear(_ e: SimOrderEvent) -> String {
        let o = e.order
        var j = JSONObject(capacity: 500)
        j.int("createdAt", e.time.millis)
        j.string("symbol", o.symbol.name)
        j.string("currency", o.currency)
        j.int("action", 1)
        j.int("tradeType", 1)
        j.decimal("execQtyRq", e.execQty)
        j.decimal("execPriceRp", e.execPrice)
        j.int("side", o.side == .buy ? 1 : 2)
        j.decimal("orderQtyRq", o.orderQty)
        j.decimal("priceRp", o.price ?? .zero)
        j.decimal("execValueRv", e.execValue)
        j.decimal("feeRateRr", e.feeRate)
        j.decimal("execFeeRv", e.execFee)
        j.int("ordType", WireEncoding.ordTypeCode(o.ordType.rawValue))
        j.string("execId", e.execID)
        j.int("execStatus", WireEncoding.execStatusCode(e.execStatus.rawValue))
        j.string("orderId", o.orderID)
        j.string("clOrdId", o.clOrdID)
        j.decimal("closedPnlRv", o.closedPnl)
        return j.finished
    }

    static func fillInverse(_ e: SimOrderEvent, _ spec: InstrumentSpec) -> String {
        let o = e.order
        var j = JSONObject(capacity: 500)
        j.int("transactTimeNs", e.time.nanos)
        j.string("symbol", o.symbol.name)
        j.string("currency", o.currency)
        j.string("action", e.action.rawValue)
        j.string("side", o.side.rawValue)
        j.string("tradeType", "Trade")
        j.int("execQty", WireEncoding.contracts(e.execQty))
        j.int("execPriceEp", WireEncoding.ep(e.execPrice, spec))
        j.int("orderQty", WireEncoding.contracts(o.orderQty))
        j.int("priceEp", WireEncoding.ep(o.price ?? .zero, spec))
        j.int("execValueEv", WireEncoding.ev(e.execValue, spec))
        j.int("feeRateEr", WireEncoding.er(e.feeRate))
        j.int("execFeeEv", WireEncoding.ev(e.execFee, spec))
        j.string("ordType", o.ordType.rawValue)
        j.string("execID", e.execID)
        j.string("orderID", o.orderID)
        j.string("clOrdID", o.clOrdID)
        j.string("execStatus", e.execStatus.rawValue)
        return j.finished
    }
}
