import Foundation
import MarketCore
import Strategies

/// The JSON body of every webhook answer. Absent fields are omitted.
///
/// * 200 accepted: `status: "accepted"`, `clOrdID`, `symbol`, `side`, `orderType`, `quantity`,
///   `price`, `stopPrice` (decimal strings); duplicates add `duplicate: true` and carry the first
///   delivery's `clOrdID`.
/// * 422 refused by a rule: `status: "refused"`, `rule`, `reason`.
/// * 400 invalid payload: `status: "invalid"`, `field`, `reason`.
/// * 401 bad or missing token: `status: "unauthorized"`, `field: "token"`, `reason`.
/// * 413 body larger than 64 KiB: `status: "too_large"`, `field: "body"`, `reason`.
/// * 503 no market data yet for the symbol, or the order path could not decide (bot not
///   trading yet, stopping, no answer in time): `status: "unavailable"`, `reason`.
public struct WebhookReply: Codable, Equatable, Sendable {
    public var status: String
    public var clOrdID: String?
    public var duplicate: Bool?
    public var symbol: String?
    public var side: String?
    public var orderType: String?
    public var quantity: String?
    public var price: String?
    public var stopPrice: String?
    public var rule: String?
    public var field: String?
    public var reason: String?

    public init(
        status: String, clOrdID: String? = nil, duplicate: Bool? = nil, symbol: String? = nil, side: String? = nil,
        orderType: String? = nil, quantity: String? = nil, price: String? = nil, stopPrice: String? = nil,
        rule: String? = nil, field: String? = nil, reason: String? = nil
    ) {
        self.status = status
        self.clOrdID = clOrdID
        self.duplicate = duplicate
        self.symbol = symbol
        self.side = side
        self.orderType = orderType
        self.quantity = quantity
        self.price = price
        self.stopPrice = stopPrice
        self.rule = rule
        self.field = field
        self.reason = reason
    }
}

/// One answer: the HTTP status and the JSON reply.
public struct WebhookResponse: Equatable, Sendable {
    public var httpStatus: Int
    public var reply: WebhookReply

    public init(httpStatus: Int, reply: WebhookReply) {
        self.httpStatus = httpStatus
        self.reply = reply
    }

    /// The reply as compact JSON with sorted keys.
    public var body: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(reply) else { return Array(#"{"status":"error"}"#.utf8) }
        return Array(data)
    }

    /// 200 for a sent order.
    static func accepted(_ order: OrderProposal, clOrdID: String) -> WebhookResponse {
        WebhookResponse(
            httpStatus: 200,
            reply: WebhookReply(
                status: "accepted", clOrdID: clOrdID, symbol: order.symbol.name, side: order.side.rawValue,
                orderType: order.type.rawValue, quantity: order.quantity.description, price: order.price?.description,
                stopPrice: order.stopPrice?.description))
    }

    /// 200 for a repeated alert, with the first delivery's clOrdID.
    static func duplicate(_ signal: WebhookSignal, clOrdID: String?) -> WebhookResponse {
        WebhookResponse(
            httpStatus: 200,
            reply: WebhookReply(
                status: "accepted", clOrdID: clOrdID, duplicate: true, symbol: signal.symbol.name,
                side: signal.side.rawValue, orderType: signal.orderType.rawValue))
    }

    /// 422 for an order a rule refused.
    static func refused(rule: String, reason: String, duplicate: Bool? = nil) -> WebhookResponse {
        WebhookResponse(httpStatus: 422, reply: WebhookReply(status: "refused", duplicate: duplicate, rule: rule, reason: reason))
    }

    /// 400 / 401 / 413 from a `WebhookRejection`.
    static func rejected(_ r: WebhookRejection) -> WebhookResponse {
        let status: String
        switch r.status {
        case 401: status = "unauthorized"
        case 413: status = "too_large"
        default: status = "invalid"
        }
        return WebhookResponse(httpStatus: r.status, reply: WebhookReply(status: status, field: r.field, reason: r.reason))
    }

    /// 503: no market data, or the order path could not decide.
    static func unavailable(_ reason: String) -> WebhookResponse {
        WebhookResponse(httpStatus: 503, reply: WebhookReply(status: "unavailable", reason: reason))
    }
}
