import MarketCore
import ExchangeSimulator

/// Renders simulator state in Phemex's wire shapes (PROTOCOL.md §3–§5, samples/). USDT-M uses
/// decimal strings with `Rp`/`Rq`/`Rv`/`Rr` names; COIN-M uses scaled integers `Ep`/`Ev`/`Er`.
enum WireEncoding {
    static let zeroExecID = "00000000-0000-0000-0000-000000000000"
    static let userID: Int64 = 1_234_567

    // MARK: scaling helpers (COIN-M)

    /// `value × 10^scale`, truncated (never traps).
    static func scaledInt<N: FixedPointNumber>(_ v: N, _ scale: Int) -> Int64 {
        if let s = v.scaled(to: scale) { return s }
        let d = FixedPointScale.powersOfTen[max(0, FixedPointScale.digits - scale)]
        return v.raw / d
    }
    static func ep(_ p: Price, _ spec: InstrumentSpec) -> Int64 { scaledInt(p, spec.priceScale) }
    static func ev(_ m: Money, _ spec: InstrumentSpec) -> Int64 { scaledInt(m, spec.valueScale) }
    static func er(_ m: Money) -> Int64 { scaledInt(m, 8) }
    static func contracts(_ q: Quantity) -> Int64 { q.raw / FixedPointScale.factor }

    /// Remaining order value in the settle currency (from the engine).
    static func leavesValue(_ o: SimOrder, _ spec: InstrumentSpec) -> Money { o.leavesValue }

    /// A plain JSON number for an unscaled COIN-M duplicate field (`price`, `leavesValue`).
    static func plainNumber<N: FixedPointNumber>(_ v: N) -> String {
        let s = v.description
        return s.contains(".") ? s : s + ".0"
    }

    // MARK: REST order rows

    /// An order as the create/amend/cancel acks carry it, or (`listRow`) as an `activeList` row
    /// (samples `rest-usdtm-02`, `-07`, `rest-coinm-01`, `-04`): USDT-M list rows add `reduceOnly`
    /// and drop `slPxRp`/`tpPxRp`; COIN-M rows always carry `reduceOnly` plus unscaled duplicates,
    /// and list rows end at `ordStatus` (no trigger, peg, `execStatus`, `execInst`).
    static func restOrder(_ o: SimOrder, _ spec: InstrumentSpec, listRow: Bool) -> String {
        var j = FamilyJSON(spec, capacity: 900)
        let linear = j.linear
        let lv = leavesValue(o, spec)
        let stop = o.stopPx ?? .zero
        j.int("bizError", 0)
        j.string("orderID", o.orderID)
        j.string("clOrdID", o.clOrdID)
        j.string("symbol", o.symbol.name)
        j.string("side", o.side.rawValue)
        j.int("actionTimeNs", o.actionTime.nanos)
        j.int("transactTimeNs", o.transactTime.nanos)
        j.string("orderType", o.ordType.rawValue)
        j.price("price", o.price ?? .zero)
        j.inversePlain("price", o.price ?? .zero)
        j.qtyRq("orderQty", o.orderQty)
        j.qtyRq("displayQty", o.orderQty)
        j.string("timeInForce", o.timeInForce.rawValue)
        if listRow || !linear { j.bool("reduceOnly", o.reduceOnly) }
        if !linear { j.price("stopPx", stop) }
        j.value("closedPnl", o.closedPnl)
        j.inversePlain("closedPnl", o.closedPnl)
        j.qtyRq("closedSize", o.closedSize)
        j.qtyRq("cumQty", o.cumQty)
        j.value("cumValue", o.cumValue)
        j.inversePlain("cumValue", o.cumValue)
        j.qtyRq("leavesQty", o.leavesQty)
        j.value("leavesValue", lv)
        j.inversePlain("leavesValue", lv)
        j.string("stopDirection", o.stopDirection.rawValue)
        if linear { j.price("stopPx", stop) } else { j.inversePlain("stopPx", stop) }
        if listRow && !linear {
            j.string("ordStatus", o.ordStatus.rawValue)
            return j.finished
        }
        j.string("trigger", o.trigger?.rawValue ?? "UNSPECIFIED")
        j.price("pegOffsetValue", .zero)
        j.ratio("pegOffsetProportion", .zero)
        j.string("execStatus", o.execStatus.rawValue)
        j.string("pegPriceType", "UNSPECIFIED")
        j.string("ordStatus", o.ordStatus.rawValue)
        j.string("execInst", o.execInst)
        if linear {
            j.price("takeProfit", .zero)
            j.price("stopLoss", .zero)
            if !listRow {
                j.price("slPx", .zero)
                j.price("tpPx", .zero)
            }
        }
        return j.finished
    }

    // MARK: history rows (integer enums, §6.5)

    static func ordStatusCode(_ s: String) -> Int {
        ["Created": 0, "Untriggered": 1, "Deactivated": 2, "Triggered": 3, "Rejected": 4, "New": 5,
         "PartiallyFilled": 6, "Filled": 7, "Canceled": 8][s] ?? 0
    }
    static func ordTypeCode(_ s: String) -> Int {
        ["Market": 1, "Limit": 2, "Stop": 3, "StopLimit": 4, "MarketIfTouched": 5, "LimitIfTouched": 6][s] ?? 2
    }
    static func execStatusCode(_ s: String) -> Int {
        ["Aborted": 2, "New": 5, "MakerFill": 6, "TakerFill": 7, "Expired": 8, "Canceled": 11,
         "CreateRejected": 19][s] ?? 5
    }

    static func historyOrderLinear(_ o: SimOrder, _ spec: InstrumentSpec) -> String {
        var j = JSONObject(capacity: 700)
        j.int("createdAt", o.actionTime.millis)
        j.string("symbol", o.symbol.name)
        j.decimal("orderQtyRq", o.orderQty)
        j.int("side", o.side == .buy ? 1 : 2)
        j.int("posSide", o.posSide == .long ? 1 : (o.posSide == .short ? 2 : 3))
        j.decimal("priceRp", o.price ?? .zero)
        j.decimal("execQtyRq", o.cumQty)
        j.decimal("leavesQtyRq", o.leavesQty)
        let avg = o.cumQty.isZero ? Price.zero : (Price.quotient(o.cumValue, o.cumQty) ?? .zero)
        j.decimal("execPriceRp", avg)
        j.decimal("orderValueRv", spec.notional(price: o.price ?? .zero, quantity: o.orderQty) ?? .zero)
        j.decimal("leavesValueRv", leavesValue(o, spec))
        j.decimal("cumValueRv", o.cumValue)
        j.int("stopDirection", o.stopDirection == .rising ? 1 : (o.stopDirection == .falling ? 2 : 0))
        j.decimal("stopPxRp", o.stopPx ?? .zero)
        j.int("trigger", o.trigger == .markPrice ? 1 : (o.trigger == .lastPrice ? 3 : 0))
        j.int("actionBy", 1)
        j.decimal("execFeeRv", o.cumFee)
        j.int("ordType", ordTypeCode(o.ordType.rawValue))
        j.int("ordStatus", ordStatusCode(o.ordStatus.rawValue))
        j.string("clOrdId", o.clOrdID)
        j.string("orderId", o.orderID)
        j.int("execStatus", execStatusCode(o.execStatus.rawValue))
        j.int("bizError", 0)
        j.null("totalPnlRv")
        j.null("avgTransactPriceRp")
        j.null("orderDetailsVos")
        j.int("tradeType", 1)
        return j.finished
    }

    /// `/api-data/g-futures/orders/by-order-id` row: string enums, `orderId`/`clOrdId`.
    static func dataOrderLinear(_ o: SimOrder, _ spec: InstrumentSpec) -> String {
        var j = JSONObject(capacity: 600)
        j.string("orderId", o.orderID)
        j.string("clOrdId", o.clOrdID)
        j.string("symbol", o.symbol.name)
        j.string("side", o.side.rawValue)
        j.string("posSide", o.posSide.rawValue)
        j.string("ordType", o.ordType.rawValue)
        j.string("timeInForce", o.timeInForce.rawValue)
        j.decimal("priceRp", o.price ?? .zero)
        j.decimal("orderQtyRq", o.orderQty)
        j.decimal("cumQtyRq", o.cumQty)
        j.decimal("leavesQtyRq", o.leavesQty)
        j.decimal("cumValueRv", o.cumValue)
        j.decimal("cumFeeRv", o.cumFee)
        j.decimal("stopPxRp", o.stopPx ?? .zero)
        j.string("ordStatus", o.ordStatus.rawValue)
        j.string("execStatus", o.execStatus.rawValue)
        j.bool("reduceOnly", o.reduceOnly)
        j.int("createdAt", o.actionTime.millis)
        j.int("updatedAt", o.transactTime.millis)
        return j.finished
    }
}
