import MarketCore

/// Mappings of Phemex enum strings and history integer codes (PROTOCOL §6) to MarketCore
/// types. Unknown values never fail: callers get `nil` or a documented fallback.
public enum PhemexEnums {
    /// `ordStatus` string → status (`Init` is treated as `Created`); nil when unknown.
    public static func orderStatus(_ raw: String) -> ExchangeOrderStatus? {
        if raw == "Init" { return .created }
        return ExchangeOrderStatus(rawValue: raw)
    }

    /// `ordType` string → the closest MarketCore order type (unknown → `.limit`).
    public static func orderType(_ raw: String) -> OrderType {
        switch raw {
        case "Limit": return .limit
        case "Market", "ProtectedMarket", "MarketAsLimit": return .market
        case "Stop", "MarketIfTouched", "BoSlMarket": return .stop
        case "StopLimit", "LimitIfTouched", "StopAsLimit", "MarketIfTouchedAsLimit", "BoSlLimit": return .stopLimit
        default: return .limit
        }
    }

    /// `timeInForce` string → TIF; nil for unknown values such as `GoodTillModify`, `RPIPostOnly`.
    public static func timeInForce(_ raw: String) -> TimeInForce? { TimeInForce(rawValue: raw) }

    /// `posSide` string → position side; nil for `None`/unknown.
    public static func positionSide(_ raw: String) -> PositionSide? { PositionSide(rawValue: raw) }

    /// `side` string → side; nil for `None`/unknown.
    public static func side(_ raw: String) -> Side? { Side(rawValue: raw) }

    /// History `ordStatus` code → name (§6.5).
    public static func orderStatusName(code: Int) -> String? {
        switch code {
        case 0: return "Created"
        case 1: return "Untriggered"
        case 2: return "Deactivated"
        case 3: return "Triggered"
        case 4: return "Rejected"
        case 5: return "New"
        case 6: return "PartiallyFilled"
        case 7: return "Filled"
        case 8: return "Canceled"
        default: return nil
        }
    }

    /// History `ordType` code → name (§6.5).
    public static func orderTypeName(code: Int) -> String? {
        let names = [
            "Market", "Limit", "Stop", "StopLimit", "MarketIfTouched", "LimitIfTouched", "ProtectedMarket",
            "MarketAsLimit", "StopAsLimit", "MarketIfTouchedAsLimit", "Bracket", "BoTpLimit", "BoSlLimit", "BoSlMarket",
        ]
        return code >= 1 && code <= names.count ? names[code - 1] : nil
    }

    /// History `execStatus` code → name (§6.5; 5 = New is presumed).
    public static func execStatusName(code: Int) -> String? {
        switch code {
        case 2: return "Aborted"
        case 5: return "New"
        case 6: return "MakerFill"
        case 7: return "TakerFill"
        case 8: return "Expired"
        case 11: return "Canceled"
        case 19: return "CreateRejected"
        default: return nil
        }
    }

    /// History `side` code → side.
    public static func side(code: Int) -> Side? {
        switch code {
        case 1: return .buy
        case 2: return .sell
        default: return nil
        }
    }

    /// History `tradeType` code → name.
    public static func tradeTypeName(code: Int) -> String? {
        switch code {
        case 1: return "Trade"
        case 4: return "Funding"
        case 6: return "LiqTrade"
        case 7: return "AdlTrade"
        default: return nil
        }
    }

    /// History `action` code → name.
    public static func actionName(code: Int) -> String? {
        switch code {
        case 1: return "New"
        case 2: return "Cancel"
        case 3: return "Replace"
        case 4: return "CancelAll"
        case 11: return "LiqRequest"
        case 13: return "SettleFundingFee"
        default: return nil
        }
    }

    /// `cxlRejReason` code → name (§9).
    public static func cancelRejectReasonName(code: Int) -> String? {
        switch code {
        case 100: return "CE_NO_ENOUGH_QTY"
        case 101: return "CE_WILLCROSS"
        case 116: return "CE_NO_ENOUGH_BASE_QTY"
        case 117: return "CE_NO_ENOUGH_QUOTE_QTY"
        default: return nil
        }
    }
}
