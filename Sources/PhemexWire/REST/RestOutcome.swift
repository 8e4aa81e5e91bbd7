import MarketCore

/// Turns an HTTP reply (status, headers, body) into a MarketCore `CommandOutcome`
/// (PROTOCOL §4.1 HTTP codes, §5.0 envelopes, §7 rate limits, §9 errors).
///
/// * 2xx with `code` 0 → `.acknowledged`; with another code → `.rejected(code, msg)`
///   (39995 → `.rateLimited`).
/// * 429 / 418, or 403 carrying a retry-after header → `.rateLimited(retryAfterSeconds:)` from
///   the largest `x-ratelimit-retry-after-*` header.
/// * 401 / other 4xx → `.rejected` with the body's code (`"401"` strings included) or the status.
/// * 5xx → `.unknown` (the action may have happened) — except a `/md` error body
///   (`{"error":{"code":6001…}}`) or a business error body, which are definite `.rejected`.
/// * An unreadable 2xx body → `.unknown`.
public struct RestOutcome: Sendable, Hashable {
    public var outcome: CommandOutcome
    /// The decoded `{code,msg,data}` envelope when the body had one.
    public var envelope: RestEnvelope?
    /// Parsed `x-ratelimit-*` headers.
    public var rateLimits: [RateLimitStatus]

    /// Classifies one reply.
    public static func classify(httpStatus: Int, headers: [(name: String, value: String)], body: [UInt8]) -> RestOutcome {
        let limits = RateLimitHeaders.parse(headers)
        let retry = RateLimitHeaders.maxRetryAfter(limits)
        let json = try? JSONValue.parse(body)
        let env = json.flatMap { try? RestEnvelope.decode(json: $0) }
        var mdError: (Int, String)?
        if let j = json, let r = try? WSReply.decode(json: j), case .error(let c, let m) = r.outcome { mdError = (c, m) }

        func result(_ o: CommandOutcome) -> RestOutcome { RestOutcome(outcome: o, envelope: env, rateLimits: limits) }

        if httpStatus == 429 || httpStatus == 418 || (httpStatus == 403 && retry != nil) {
            return result(.rateLimited(retryAfterSeconds: retry))
        }
        if let e = env, e.code == 39995 { return result(.rateLimited(retryAfterSeconds: retry)) }
        if (200..<300).contains(httpStatus) {
            if let e = env {
                return result(e.isSuccess ? .acknowledged : .rejected(code: e.code, message: e.message))
            }
            if let (c, m) = mdError { return result(.rejected(code: c, message: m)) }
            if json != nil, case .object(let o)? = json, o["result"] != nil { return result(.acknowledged) }
            return result(.unknown(reason: "HTTP \(httpStatus) with unreadable body"))
        }
        if httpStatus >= 500 {
            if let (c, m) = mdError { return result(.rejected(code: c, message: m)) }
            if let e = env, !e.isSuccess { return result(.rejected(code: e.code, message: e.message)) }
            return result(.unknown(reason: "HTTP \(httpStatus)"))
        }
        if let e = env, !e.isSuccess { return result(.rejected(code: e.code, message: e.message)) }
        if let (c, m) = mdError { return result(.rejected(code: c, message: m)) }
        return result(.rejected(code: httpStatus, message: "HTTP \(httpStatus)"))
    }
}
