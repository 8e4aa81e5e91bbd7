/// What a caller should do about a Phemex error code (PROTOCOL §9).
public enum PhemexErrorCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// Code 0: success.
    case none
    /// Rate limited (HTTP 429 / 39995): wait for `x-ratelimit-retry-after-*`.
    case rateLimited
    /// clOrdID or order id already used (11085, 10001, 11033, 19999): never resend the same id.
    case duplicateClOrdID
    /// Order unknown (10002): treat the order as gone (also "no open orders" on activeList).
    case notFound
    /// Order already cancelled (11062): treat the cancel as done.
    case alreadyCanceled
    /// A cancel is already pending (11061): wait for the stream.
    case cancelPending
    /// Order busy with a previous cancel/amend (10003–10005, 11064): retry later.
    case retryLaterBusy
    /// Order cannot be cancelled in its status (11063, e.g. filled): query its state.
    case cannotCancel
    /// Amend refused (11065, 11066, 11067, 11068, 11108–11110).
    case cannotAmend
    /// Too many open/conditional/bracket orders (11031, 11032, 11116): cancel some, do not retry blindly.
    case capExceeded
    /// Not enough balance/margin (11001, 11003, 11005, 11082).
    case insufficientBalance
    /// Price out of bounds or beyond bankruptcy (11053–11055).
    case invalidPrice
    /// Quantity or notional out of bounds (11012, 11056, 11058, 11114, 11115, 10500 qty text).
    case invalidQuantity
    /// Post-only order would cross (`cxlRejReason` 101).
    case postOnlyCross
    /// Reduce-only refused or only reducing allowed (11011, 11057, 11150).
    case reduceOnly
    /// Risk limit or leverage problem (11002, 11004, 11081).
    case riskLimit
    /// Authentication/permission failure ("401", 10500 signature/api-key text, 6012, 34003, 39996).
    case auth
    /// Account banned/in liquidation/in ADL (11022–11024).
    case accountBlocked
    /// Request inconsistent with position mode (20004).
    case positionMode
    /// Malformed or unsupported request (6001, 412, 30000, 30018, bad symbol/enum values).
    case invalidRequest
    /// WS subscription cap (6015).
    case subscriptionLimit
    /// Anything else.
    case other
}

/// One entry of the Phemex error table: code, documented name and category.
public struct PhemexErrorCode: Sendable, Hashable {
    public var code: Int
    public var name: String
    public var category: PhemexErrorCategory

    public init(code: Int, name: String, category: PhemexErrorCategory) {
        self.code = code
        self.name = name
        self.category = category
    }

    /// Looks up `code`; unknown codes get category `.other` and name `UNKNOWN_<code>`.
    /// `message` refines the generic 10500 code (signature/api-key text → `.auth`, qty text →
    /// `.invalidQuantity`).
    public static func lookup(_ code: Int, message: String? = nil) -> PhemexErrorCode {
        if code == 10500, let m = message?.lowercased() {
            if m.contains("signature") || m.contains("api-key") || m.contains("api key") || m.contains("apikey") {
                return PhemexErrorCode(code: code, name: "GENERIC_10500", category: .auth)
            }
            if m.contains("qty") || m.contains("quantity") {
                return PhemexErrorCode(code: code, name: "GENERIC_10500", category: .invalidQuantity)
            }
        }
        if let e = table[code] { return e }
        if (11034...11039).contains(code) || (11111...11113).contains(code) {
            return PhemexErrorCode(code: code, name: "TE_INVALID_PARAMETER_\(code)", category: .invalidRequest)
        }
        return PhemexErrorCode(code: code, name: "UNKNOWN_\(code)", category: code == 0 ? .none : .other)
    }

    /// Category of a `cxlRejReason` on a cancelled/rejected order (101 = post-only would cross).
    public static func cancelRejectCategory(_ reason: Int) -> PhemexErrorCategory {
        switch reason {
        case 0: return .none
        case 101: return .postOnlyCross
        case 100, 116, 117: return .insufficientBalance
        default: return .other
        }
    }

    private static let table: [Int: PhemexErrorCode] = {
        let rows: [(Int, String, PhemexErrorCategory)] = [
            (0, "OK", .none),
            (401, "UNAUTHORIZED", .auth),
            (412, "MISSING_PARAMETER", .invalidRequest),
            (6001, "INVALID_ARGUMENT", .invalidRequest),
            (6012, "INVALID_LOGIN_TOKEN", .auth),
            (6015, "SUBSCRIPTION_LIMIT_EXCEEDED", .subscriptionLimit),
            (10001, "OM_DUPLICATE_ORDERID", .duplicateClOrdID),
            (10002, "OM_ORDER_NOT_FOUND", .notFound),
            (10003, "OM_ORDER_PENDING_CANCEL", .retryLaterBusy),
            (10004, "OM_ORDER_PENDING_REPLACE", .retryLaterBusy),
            (10005, "OM_ORDER_PENDING", .retryLaterBusy),
            (10500, "GENERIC_10500", .other),
            (11001, "TE_NO_ENOUGH_AVAILABLE_BALANCE", .insufficientBalance),
            (11002, "TE_INVALID_RISK_LIMIT", .riskLimit),
            (11003, "TE_NO_ENOUGH_BALANCE_FOR_NEW_RISK_LIMIT", .insufficientBalance),
            (11004, "TE_INVALID_LEVERAGE", .riskLimit),
            (11005, "TE_NO_ENOUGH_BALANCE_FOR_NEW_LEVERAGE", .insufficientBalance),
            (11011, "TE_REDUCE_ONLY_ABORT", .reduceOnly),
            (11012, "TE_REPLACE_TO_INVALID_QTY", .invalidQuantity),
            (11022, "TE_REJECT_DUE_TO_BANNED", .accountBlocked),
            (11023, "TE_REJECT_DUE_TO_IN_PROCESS_OF_LIQ", .accountBlocked),
            (11024, "TE_REJECT_DUE_TO_IN_PROCESS_OF_ADL", .accountBlocked),
            (11027, "TE_SYMBOL_INVALID", .invalidRequest),
            (11028, "TE_CURRENCY_INVALID", .invalidRequest),
            (11031, "TE_SO_NUM_EXCEEDS", .capExceeded),
            (11032, "TE_AO_NUM_EXCEEDS", .capExceeded),
            (11033, "TE_ORDER_ID_DUPLICATE", .duplicateClOrdID),
            (11053, "TE_PRICE_TOO_LARGE", .invalidPrice),
            (11054, "TE_PRICE_WORSE_THAN_BANKRUPT", .invalidPrice),
            (11055, "TE_PRICE_TOO_SMALL", .invalidPrice),
            (11056, "TE_QTY_TOO_LARGE", .invalidQuantity),
            (11057, "TE_QTY_NOT_MATCH_REDUCE_ONLY", .reduceOnly),
            (11058, "TE_QTY_TOO_SMALL", .invalidQuantity),
            (11061, "TE_ORD_ALREADY_PENDING_CANCEL", .cancelPending),
            (11062, "TE_ORD_ALREADY_CANCELED", .alreadyCanceled),
            (11063, "TE_ORD_STATUS_CANNOT_CANCEL", .cannotCancel),
            (11064, "TE_ORD_ALREADY_PENDING_REPLACE", .retryLaterBusy),
            (11065, "TE_ORD_REPLACE_NOT_MODIFIED", .cannotAmend),
            (11066, "TE_ORD_STATUS_CANNOT_REPLACE", .cannotAmend),
            (11067, "TE_CANNOT_REPLACE_PRICE", .cannotAmend),
            (11068, "TE_CANNOT_REPLACE_QTY", .cannotAmend),
            (11081, "TE_RISK_LIMIT_EXCEEDS", .riskLimit),
            (11082, "TE_CANNOT_COVER_ESTIMATE_ORDER_LOSS", .insufficientBalance),
            (11085, "TE_CL_ORD_ID_DUPLICATE", .duplicateClOrdID),
            (11108, "TE_CANNOT_REPLACE_OR_CANCEL_MARKET_ORDER", .cannotAmend),
            (11109, "TE_CANNOT_REPLACE_OR_CANCEL_IOC_ORDER", .cannotAmend),
            (11110, "TE_CANNOT_REPLACE_OR_CANCEL_FOK_ORDER", .cannotAmend),
            (11114, "TE_ORDER_VALUE_TOO_LARGE", .invalidQuantity),
            (11115, "TE_ORDER_VALUE_TOO_SMALL", .invalidQuantity),
            (11116, "TE_BO_NUM_EXCEEDS", .capExceeded),
            (11143, "TE_RPI_NOT_APPROVED_MARKET_MAKER", .invalidRequest),
            (11150, "TE_OI_LIMIT_REDUCE_ONLY", .reduceOnly),
            (19999, "REQUEST_IS_DUPLICATED", .duplicateClOrdID),
            (20004, "TE_ERR_INCONSISTENT_POS_MODE", .positionMode),
            (30000, "BAD_ARGUMENTS", .invalidRequest),
            (30018, "DATA_SIZE_LIMIT", .invalidRequest),
            (34003, "ACCESS_FORBIDDEN", .auth),
            (39995, "TOO_MANY_REQUESTS", .rateLimited),
            (39996, "ACCESS_DENIED", .auth),
        ]
        var m: [Int: PhemexErrorCode] = [:]
        for (c, n, k) in rows { m[c] = PhemexErrorCode(code: c, name: n, category: k) }
        return m
    }()
}
