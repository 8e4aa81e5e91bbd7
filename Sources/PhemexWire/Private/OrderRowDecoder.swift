import MarketCore

/// Decodes one Phemex order row — from `orders_p`/`orders` stream events, REST order acks,
/// active lists and history lists — into a `PhemexOrderEvent`.
///
/// Tolerates both field spellings (`orderID`/`orderId`, `ordType`/`orderType`,
/// `orderQty`/`orderQtyRq`, `code`/`bizError`), string or integer enums (§6.5), and unknown
/// enum values (unknown `ordStatus` is derived from the quantities; unknown `ordType` → limit).
public struct OrderRowDecoder: Sendable {
    /// How the report's `kind` is chosen.
    public enum Mode: Sendable, Hashable {
        /// A private-stream incremental event: accepted / fill / canceled / rejected / replaced /
        /// triggered, or `.status` when the event says nothing more specific.
        case streamEvent
        /// A state snapshot (REST ack, active list, history, stream snapshot): always `.status`.
        case status
    }

    public let kind: ContractKind
    public let catalog: InstrumentCatalog

    public init(kind: ContractKind, catalog: InstrumentCatalog = InstrumentCatalog()) {
        self.kind = kind
        self.catalog = catalog
    }

    static let zeroExecID = "00000000-0000-0000-0000-000000000000"
    static let nonOrderActions: Set<String> = ["SetLeverage", "SettleFundingFee", "TransferAccBalance", "SetFeeRate"]
    static let nonOrderTradeTypes: Set<String> = ["Funding", "TransferIn", "TransferOut"]

    /// `true` when the row is an account event on the order channel (funding, leverage…), not
    /// an order event.
    public static func isNonOrderRow(_ f: JSONFields) -> Bool {
        if case .string(let a)? = f.value("action"), nonOrderActions.contains(a) { return true }
        if case .string(let t)? = f.value("tradeType"), nonOrderTradeTypes.contains(t) { return true }
        return false
    }

    private func enumString(
        _ f: JSONFields, _ keys: [String], codes: (Int) -> String?
    ) throws(PhemexWireError) -> String? {
        for k in keys {
            guard let v = f.value(k) else { continue }
            switch v {
            case .string(let s): return s
            case .number:
                let c = try f.int(k)
                return codes(c) ?? "code:\(c)"
            default: throw .wrongType(field: f.context + "." + k, expected: "string or integer", found: v.typeName)
            }
        }
        return nil
    }

    /// Decodes `row`, using `fallbackTime` when the row has no usable timestamp.
    public func decode(_ row: JSONValue, mode: Mode, context: String, fallbackTime: Timestamp = .zero)
        throws(PhemexWireError) -> PhemexOrderEvent
    {
        let f = try JSONFields(row, context: context)
        let symbol = Symbol(try f.string("symbol"))
        var priceScale = 0
        var valueScale = 0
        if kind == .inverse {
            priceScale = try catalog.priceScale(for: symbol)
            if let cur = try f.optionalString("currency"), let s = try? catalog.valueScale(forCurrency: cur) {
                valueScale = s
            } else {
                valueScale = try catalog.valueScale(for: symbol)
            }
        }
        let n = WireNumbers(f, kind: kind, priceScale: priceScale, valueScale: valueScale)

        let orderID = try f.optionalString(anyOf: ["orderID", "orderId"]) ?? ""
        let clText = try f.optionalString(anyOf: ["clOrdID", "clOrdId"]) ?? ""
        let sideRaw = try enumString(f, ["side"], codes: { PhemexEnums.side(code: $0)?.rawValue })
        guard let sideText = sideRaw else { throw .missingField(context + ".side") }
        guard let side = PhemexEnums.side(sideText) else { throw .invalidValue(field: context + ".side", value: sideText) }
        let ordTypeRaw = try enumString(f, ["ordType", "orderType"], codes: PhemexEnums.orderTypeName) ?? "Limit"
        let ordStatusRaw = try enumString(f, ["ordStatus"], codes: PhemexEnums.orderStatusName) ?? ""
        let execStatusRaw = try enumString(f, ["execStatus"], codes: PhemexEnums.execStatusName)
        let action = try enumString(f, ["action"], codes: PhemexEnums.actionName)
        let tradeType = try enumString(f, ["tradeType"], codes: PhemexEnums.tradeTypeName)
        let tifRaw = Self.stringIfString(f, "timeInForce")
        // posSide arrives as an integer in v2 history (mapping UNCONFIRMED): only strings are mapped.
        let posSide = Self.stringIfString(f, "posSide").flatMap(PhemexEnums.positionSide)

        let orderQty = try n.quantity("orderQty") ?? .zero
        let isHistoryV2 = f.has("createdAt") && !f.has("cumQty") && !f.has("cumQtyRq")
        let cumQty: Quantity = try (isHistoryV2 ? n.quantity("execQty") : n.quantity("cumQty")) ?? .zero
        let leavesQty = try n.quantity("leavesQty") ?? .zero
        var price = try n.price("price")
        if let p = price, p.isZero { price = nil }
        var stopPrice = try n.price("stopPx")
        if let p = stopPrice, p.isZero { stopPrice = nil }
        let code = try f.optionalInt(anyOf: ["code", "bizError"]) ?? 0
        let cxl = try f.optionalInt("cxlRejReason") ?? 0
        var message = try f.optionalString("message")
        if message == "No error" || message == "" { message = nil }
        let execInst = Self.stringIfString(f, "execInst")
        let reduceOnly = try f.optionalBool("reduceOnly") ?? (execInst == "ReduceOnly" || execInst == "CloseOnTrigger")

        var time = fallbackTime
        for k in ["transactTimeNs", "actionTimeNs"] {
            if let t = try f.optionalInt64(k), t > 0 {
                time = Timestamp(nanos: t)
                break
            }
        }
        if time == fallbackTime, let ms = try f.optionalInt64("createdAt"), ms > 0 { time = .millis(ms) }

        let status =
            PhemexEnums.orderStatus(ordStatusRaw)
            ?? Self.deriveStatus(orderQty: orderQty, cum: cumQty, leaves: leavesQty)

        // Fill details (stream events only).
        var fill: Fill?
        let execQty = mode == .streamEvent ? (try n.quantity("execQty") ?? .zero) : .zero
        let isFillEvent =
            (execStatusRaw == "MakerFill" || execStatusRaw == "TakerFill"
                || tradeType == "Trade" || tradeType == "LiqTrade" || tradeType == "AdlTrade") && execQty.raw > 0
        if mode == .streamEvent && isFillEvent {
            let execID = try f.optionalString(anyOf: ["execID", "execId"]) ?? ""
            let execPrice = try n.price("execPrice") ?? price ?? .zero
            let fee = try n.value("execFee") ?? .zero
            let liq: Liquidity
            switch try f.optionalString("lastLiquidityInd") {
            case "AddedLiquidity": liq = .maker
            case "RemovedLiquidity": liq = .taker
            default: liq = execStatusRaw == "MakerFill" ? .maker : .taker
            }
            fill = Fill(executionID: execID, quantity: execQty, price: execPrice, fee: fee, liquidity: liq)
        }

        let reportKind: ExecutionReport.Kind
        if mode == .status {
            reportKind = .status
        } else if fill != nil {
            reportKind = .fill
        } else if status == .rejected || execStatusRaw == "CreateRejected" || execStatusRaw == "NewRejected" {
            reportKind = .rejected
        } else if status == .canceled || status == .deactivated
            || ["Canceled", "Expired", "Aborted", "ReplaceToCanceled"].contains(execStatusRaw ?? "")
        {
            reportKind = .canceled
        } else if execStatusRaw == "Replaced" || (action == "Replace" && execStatusRaw != "PendingReplace") {
            reportKind = .replaced
        } else if status == .triggered || execStatusRaw == "Triggered" {
            reportKind = .triggered
        } else if (status == .new || status == .untriggered)
            && ["New", "Registered", "ReAdded", nil].contains(execStatusRaw)
        {
            reportKind = .accepted
        } else {
            reportKind = .status
        }

        var reason: String?
        if cxl != 0 {
            var text = "cxlRejReason \(cxl)" + (PhemexEnums.cancelRejectReasonName(code: cxl).map { " " + $0 } ?? "")
            if let m = message { text += ": " + m }
            reason = text
        } else {
            reason = message
        }
        if PhemexEnums.orderStatus(ordStatusRaw) == nil {
            let note = "unknown ordStatus \"\(ordStatusRaw.prefix(32))\""
            reason = reason.map { $0 + "; " + note } ?? note
        }

        let report = ExecutionReport(
            kind: reportKind, clientOrderID: ClientOrderID(clText), orderID: orderID, symbol: symbol, side: side,
            status: status, orderType: PhemexEnums.orderType(ordTypeRaw), price: price, orderQuantity: orderQty,
            cumulativeQuantity: cumQty, leavesQuantity: leavesQty, fill: fill, errorCode: code, reason: reason,
            time: time)
        return PhemexOrderEvent(
            report: report, positionSide: posSide, timeInForceRaw: tifRaw, orderStatusRaw: ordStatusRaw,
            execStatusRaw: execStatusRaw, orderTypeRaw: ordTypeRaw, action: action, tradeType: tradeType,
            reduceOnly: reduceOnly, stopPrice: stopPrice, cancelRejectReason: cxl)
    }

    static func stringIfString(_ f: JSONFields, _ key: String) -> String? {
        if case .string(let s)? = f.value(key) { return s }
        return nil
    }

    static func deriveStatus(orderQty: Quantity, cum: Quantity, leaves: Quantity) -> ExchangeOrderStatus {
        if leaves.raw > 0 { return cum.raw > 0 ? .partiallyFilled : .new }
        if orderQty.raw > 0 && cum >= orderQty { return .filled }
        return .canceled
    }
}
