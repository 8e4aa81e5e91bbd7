import Foundation
import MarketCore
import PhemexWire

/// Decides a command's `CommandOutcome` from an HTTP exchange (pure; PROTOCOL.md §4.1, §5.0,
/// §7, §9):
/// * 429 → `.rateLimited` with the largest `x-ratelimit-retry-after-*` seen (nothing happened);
/// * 5xx → `.unknown` (the action may have happened; never retried here);
/// * `code` 0 → `.acknowledged`, with the `data` member for decoding;
/// * 10002 on an open-order list → `.acknowledged` with no rows ("no open orders");
/// * any other code (numeric or string like `"401"`) → `.rejected(code, msg)`.
enum RESTOutcome {
    struct Classified {
        var outcome: CommandOutcome
        /// The `data` member when the call succeeded.
        var data: JSONValue?
    }

    static func classify(
        status: Int, body: [UInt8], rateLimits: [RateLimitStatus], emptyListOnNotFound: Bool
    ) -> Classified {
        if status == 429 {
            let retry = rateLimits.compactMap(\.retryAfterSeconds).max()
            return Classified(outcome: .rateLimited(retryAfterSeconds: retry), data: nil)
        }
        if status >= 500 {
            return Classified(outcome: .unknown(reason: "HTTP \(status)"), data: nil)
        }
        let json = try? JSONValue.parse(body)
        let code = json.flatMap { Self.code(of: $0) }
        let message = json.flatMap { Self.message(of: $0) } ?? ""
        if status >= 400 {
            return Classified(outcome: .rejected(code: code ?? status, message: message.isEmpty ? "HTTP \(status)" : message), data: nil)
        }
        guard let json else {
            return Classified(outcome: .unknown(reason: "unreadable reply (HTTP \(status))"), data: nil)
        }
        guard let code else {
            // `/md` envelope: {error, id, result}
            if let result = json["result"], json["error"]?.isNull ?? true { return Classified(outcome: .acknowledged, data: result) }
            if let e = json["error"], let c = Self.code(of: e) {
                return Classified(outcome: .rejected(code: c, message: Self.message(of: e) ?? ""), data: nil)
            }
            return Classified(outcome: .unknown(reason: "reply without code (HTTP \(status))"), data: nil)
        }
        if code == 0 { return Classified(outcome: .acknowledged, data: json["data"]) }
        if code == 10002 && emptyListOnNotFound { return Classified(outcome: .acknowledged, data: nil) }
        return Classified(outcome: .rejected(code: code, message: message), data: nil)
    }

    /// `code` as a number or numeric string.
    static func code(of json: JSONValue) -> Int? {
        switch json["code"] {
        case .number(let s)?: return Int(s)
        case .string(let s)?: return Int(s.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    static func message(of json: JSONValue) -> String? {
        if case .string(let s)? = json["msg"] { return s }
        if case .string(let s)? = json["message"] { return s }
        return nil
    }
}
