import MarketCore
import ExchangeSimulator

/// Private-stream (`aop_p`/`aop`) and account REST shapes (PROTOCOL.md §4.3, §4.4, §5.1, §5.2),
/// one encoder per message for both families (`FamilyJSON` picks the key suffix and number
/// schema); key sets follow the `usdtm-aop-*`, `coinm-aop-*`, `rest-*-account-positions` samples.
extension WireEncoding {
    /// Family constants of the risk fields the engine does not model.
    enum RiskConstants {
        static func initMarginReq(_ linear: Bool) -> Money { Money(raw: linear ? 100_000_000 : 10_000_000) }
        static let maintMarginReq = Money(raw: 5_000_000)
        static func riskLimit(_ linear: Bool) -> Money { linear ? Money(2_000_000) : Money(100) }
        static func buyValueToCost(_ linear: Bool) -> Money { Money(raw: linear ? 101_140_000 : 11_507_500) }
        static func sellValueToCost(_ linear: Bool) -> Money { Money(raw: linear ? 101_260_000 : 11_492_500) }
    }

    // MARK: aop_p / aop

    /// `accounts_p[]` / `accounts[]` element; `spec` is a spec settled in the account's currency.
    static func aopAccount(_ a: SimAccountSnapshot, _ spec: InstrumentSpec, kind: ContractKind) -> String {
        var j = FamilyJSON(spec, kind: kind, capacity: 300)
        j.value("accountBalance", a.balance)
        j.int("accountID", a.accountID)
        j.value("bonusBalance", a.bonusBalance)
        j.string("currency", a.currency)
        if j.linear { j.int("status", a.status) }
        j.value("totalUsedBalance", a.totalUsedBalance)
        if j.linear { j.int("tradeLevel", 0) }
        j.int("userID", a.userID)
        if j.linear { j.string("userMode", "Classic") }
        return j.finished
    }

    /// `positions_p[]` / `positions[]` element.
    static func aopPosition(_ p: SimPosition, _ spec: InstrumentSpec) -> String {
        var j = FamilyJSON(spec, capacity: 1800)
        let linear = j.linear
        j.int("accountID", p.accountID)
        j.value("assignedPosBalance", p.positionMargin)
        j.price("avgEntryPrice", p.avgEntryPrice)
        j.value("bankruptComm", .zero)
        j.price("bankruptPrice", p.bankruptPrice)
        j.qty("buyLeavesQty", p.buyLeavesQty)
        j.value("buyLeavesValue", p.buyLeavesValue)
        j.ratio("buyValueToCost", RiskConstants.buyValueToCost(linear))
        j.int("createdAtNs", 0)
        j.value("crossSharedBalance", .zero)
        j.value("cumClosedPnl", p.cumClosedPnl)
        j.value("cumFundingFee", .zero)
        if linear { j.value("cumPtFee", .zero) }
        j.value("cumTransactFee", p.cumTransactFee)
        if linear { j.value("curTermRealisedPnl", p.curTermRealisedPnl) }
        j.string("currency", p.currency)
        j.int("dataVer", p.dataVer)
        j.ratio("deleveragePercentile", .zero)
        j.ratio("displayLeverage", p.leverage)
        j.value("estimatedOrdLoss", .zero)
        j.int("execSeq", p.execSeq)
        j.value("freeCost", .zero)
        // COIN-M samples carry the negated signed size; USDT-M "0".
        if linear { j.string("freeQty", "0") } else { j.int("freeQty", -contracts(p.signedSize)) }
        j.ratio("initMarginReq", RiskConstants.initMarginReq(linear))
        j.int("lastFundingTime", 0)
        j.int("lastTermEndTime", 0)
        j.ratio("leverage", p.leverage)
        j.price("liquidationPrice", p.liquidationPrice)
        j.ratio("maintMarginReq", RiskConstants.maintMarginReq)
        j.ratio("makerFeeRate", p.makerFeeRate)
        j.price("markPrice", p.markPrice)
        if linear { j.value("minPosCost", .zero) }
        j.value("orderCost", p.orderCost)
        j.value("posCost", p.positionMargin)
        if linear {
            j.string("posMode", p.posMode.rawValue)
            j.string("posSide", p.posSide.rawValue)
        }
        j.value("positionMargin", .zero)
        j.string("positionStatus", "Normal")
        j.value("riskLimit", RiskConstants.riskLimit(linear))
        j.qty("sellLeavesQty", p.sellLeavesQty)
        j.value("sellLeavesValue", p.sellLeavesValue)
        j.ratio("sellValueToCost", RiskConstants.sellValueToCost(linear))
        j.string("side", p.side?.rawValue ?? "None")
        // USDT-M `size` is unsigned (direction in `side`); COIN-M sends signed contracts.
        j.qty("size", linear ? p.size : p.signedSize)
        j.string("symbol", p.symbol.name)
        j.ratio("takerFeeRate", p.takerFeeRate)
        j.int("term", p.term)
        j.int("transactTimeNs", p.transactTime.nanos)
        j.value("unrealisedPnl", p.unrealizedPnl)
        j.int("updatedAtNs", 0)
        j.value("usedBalance", p.positionMargin)
        j.int("userID", p.userID)
        j.value("value", p.value)
        return j.finished
    }

    /// `orders_p[]` / `orders[]` element: the order after the event plus this event's execution.
    static func aopOrder(_ e: SimOrderEvent, _ spec: InstrumentSpec) -> String {
        let o = e.order
        var j = FamilyJSON(spec, capacity: 2200)
        let linear = j.linear
        j.int("accountID", o.accountID)
        j.string("action", e.action.rawValue)
        j.string("actionBy", "ByUser")
        j.int("actionTimeNs", o.actionTime.nanos)
        j.int("addedSeq", o.addedSeq)
        j.value("bonusChangedAmount", .zero)
        j.string("clOrdID", o.clOrdID)
        if linear { j.int("cl_req_code", 0) }
        j.value("closedPnl", o.closedPnl)
        j.qty("closedSize", o.closedSize)
        j.int("code", e.code)
        if linear {
            j.value("cumFee", o.cumFee)
            j.value("cumPtFee", .zero)
        }
        j.qty("cumQty", o.cumQty)
        j.value("cumValue", o.cumValue)
        j.value("curAccBalance", e.curAccBalance)
        j.value("curAssignedPosBalance", .zero)
        j.value("curBonusBalance", .zero)
        j.ratio("curLeverage", e.curLeverage)
        j.string("curPosSide", e.curPosSide?.rawValue ?? "None")
        j.qty("curPosSize", e.curPosSize)
        j.int("curPosTerm", 1)
        j.value("curPosValue", e.curPosValue)
        j.value("curRiskLimit", RiskConstants.riskLimit(linear))
        j.string("currency", spec.settleCurrency)
        j.int("cxlRejReason", e.cxlRejReason)
        j.qty("displayQty", o.orderQty)
        j.value("execFee", e.execFee)
        j.string("execID", e.execID)
        if linear { j.string("execInst", o.execInst) }
        j.price("execPrice", e.execPrice)
        j.qty("execQty", e.execQty)
        j.int("execSeq", e.execSeq)
        j.string("execStatus", e.execStatus.rawValue)
        j.value("execValue", e.execValue)
        j.ratio("feeRate", e.feeRate)
        if let l = e.liquidity { j.string("lastLiquidityInd", l.rawValue) }
        j.qty("leavesQty", o.leavesQty)
        j.value("leavesValue", leavesValue(o, spec))
        j.string("message", e.message)
        j.string("ordStatus", o.ordStatus.rawValue)
        j.string("ordType", o.ordType.rawValue)
        j.string("orderID", o.orderID)
        j.qty("orderQty", o.orderQty)
        if linear { j.ratio("pegOffsetProportion", .zero) }
        j.price("pegOffsetValue", .zero)
        if linear {
            j.string("posSide", o.posSide.rawValue)
            j.string("posTpSlPattern", "None")
        }
        j.price("price", o.price ?? .zero)
        if linear {
            j.value("ptFee", .zero)
            j.price("ptPrice", .zero)
        }
        j.int("relatedPosTerm", 1)
        j.int("relatedReqNum", 0)
        j.string("side", o.side.rawValue)
        if linear {
            j.price("slPx", .zero)
            j.string("slTimeInForce", "ImmediateOrCancel")
            j.string("slTrigger", "ByMarkPrice")
        }
        j.price("stopLoss", .zero)
        j.price("stopPx", o.stopPx ?? .zero)
        j.string("symbol", o.symbol.name)
        j.price("takeProfit", .zero)
        j.string("timeInForce", o.timeInForce.rawValue)
        if linear {
            j.price("tpPx", .zero)
            j.string("tpTimeInForce", "ImmediateOrCancel")
            j.string("tpTrigger", "ByLastPrice")
        }
        if let t = e.tradeType { j.string("tradeType", t) }
        j.int("transactTimeNs", o.transactTime.nanos)
        j.int("userID", o.userID)
        return j.finished
    }

    // MARK: REST accountPositions

    /// `data.positions[]` of `accountPositions`; `unrealisedPnl` adds USDT-M `unRealisedPnlRv`
    /// (the weight-25 `/g-accounts/positions`); COIN-M rows always carry `unRealisedPnlEv`.
    static func restPosition(_ p: SimPosition, _ spec: InstrumentSpec, unrealisedPnl: Bool = false) -> String {
        var j = FamilyJSON(spec, capacity: 1400)
        let linear = j.linear
        if linear { j.int("userID", p.userID) }
        j.int("accountID", p.accountID)
        j.string("symbol", p.symbol.name)
        j.string("currency", p.currency)
        j.string("side", p.side?.rawValue ?? "None")
        j.string("positionStatus", "Normal")
        j.bool("crossMargin", p.leverage.raw <= 0)
        j.ratio("leverage", p.leverage)
        j.ratio("initMarginReq", RiskConstants.initMarginReq(linear))
        j.ratio("maintMarginReq", RiskConstants.maintMarginReq)
        j.value("riskLimit", RiskConstants.riskLimit(linear))
        j.qty("size", linear ? p.size : p.signedSize)
        j.value("value", p.value)
        j.price("avgEntryPrice", p.avgEntryPrice)
        if linear { j.decimal("avgEntryPrice", p.avgEntryPrice) }
        j.value("posCost", p.positionMargin)
        j.value("assignedPosBalance", p.positionMargin)
        j.value("bankruptComm", .zero)
        j.price("bankruptPrice", p.bankruptPrice)
        j.value("positionMargin", .zero)
        j.price("liquidationPrice", p.liquidationPrice)
        j.ratio("deleveragePercentile", .zero)
        j.ratio("buyValueToCost", RiskConstants.buyValueToCost(linear))
        j.ratio("sellValueToCost", RiskConstants.sellValueToCost(linear))
        j.price("markPrice", p.markPrice)
        if !linear {
            j.value("markValue", .zero)
            j.value("unRealisedPosLoss", .zero)
        }
        j.value("estimatedOrdLoss", .zero)
        j.value("usedBalance", p.positionMargin)
        if !linear {
            j.price("takeProfit", .zero)
            j.price("stopLoss", .zero)
        }
        j.value("cumClosedPnl", p.cumClosedPnl)
        j.value("cumFundingFee", .zero)
        j.value("cumTransactFee", p.cumTransactFee)
        if linear {
            j.int("transactTimeNs", p.transactTime.nanos)
            j.ratio("takerFeeRate", p.takerFeeRate)
            j.ratio("makerFeeRate", p.makerFeeRate)
            j.int("term", p.term)
            j.int("lastTermEndTimeNs", 0)
            j.int("lastFundingTimeNs", 0)
            j.value("curTermRealisedPnl", p.curTermRealisedPnl)
            j.int("execSeq", p.execSeq)
            j.string("posSide", p.posSide.rawValue)
            j.string("posMode", p.posMode.rawValue)
            j.value("buyLeavesValue", p.buyLeavesValue)
            j.value("sellLeavesValue", p.sellLeavesValue)
            if unrealisedPnl { j.value("unRealisedPnl", p.unrealizedPnl) }
        } else {
            j.value("realisedPnl", p.cumClosedPnl)
            j.value("unRealisedPnl", p.unrealizedPnl)
            j.value("cumRealisedPnl", p.cumClosedPnl)
        }
        return j.finished
    }

    /// `data.account` of `accountPositions`; `spec` is a spec settled in the account's currency.
    static func restAccount(_ a: SimAccountSnapshot, _ spec: InstrumentSpec, kind: ContractKind) -> String {
        var j = FamilyJSON(spec, kind: kind, capacity: 300)
        if j.linear { j.int("userID", a.userID) }
        j.int("accountId", a.accountID)
        j.string("currency", a.currency)
        j.value("accountBalance", a.balance)
        j.value("totalUsedBalance", a.totalUsedBalance)
        j.value("bonusBalance", a.bonusBalance)
        return j.finished
    }
}
