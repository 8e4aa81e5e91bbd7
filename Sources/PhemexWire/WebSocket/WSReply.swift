/// A server reply to a WS request: `{"error":…,"id":…,"result":…}` (PROTOCOL §2.1, §2.4).
public struct WSReply: Sendable, Hashable {
    /// What the reply says.
    public enum Outcome: Sendable, Hashable {
        /// `result: {"status":"success"}` (subscribe, unsubscribe, auth).
        case success
        /// `result: "pong"`.
        case pong
        /// `error: {code, message}`: 6001 invalid argument, 6012 invalid login token, 6015
        /// subscription limit exceeded.
        case error(code: Int, message: String)
        /// Any other `result` (kept as JSON).
        case result(JSONValue)
    }

    /// The request id echoed back; `nil` when the server could not parse the request.
    public var id: Int64?
    public var outcome: Outcome

    public init(id: Int64?, outcome: Outcome) {
        self.id = id
        self.outcome = outcome
    }

    /// `true` when the reply is a success or a pong.
    public var isSuccess: Bool {
        switch outcome {
        case .success, .pong: return true
        case .error: return false
        case .result: return true
        }
    }

    /// Decodes a reply frame.
    public static func decode(_ text: String) throws(PhemexWireError) -> WSReply {
        try decode(json: try JSONValue.parse(text))
    }

    /// Decodes a reply from parsed JSON (must carry `id`, `error` or `result`).
    public static func decode(json: JSONValue) throws(PhemexWireError) -> WSReply {
        let f = try JSONFields(json, context: "")
        guard f.members["id"] != nil || f.members["error"] != nil || f.members["result"] != nil else {
            throw .unexpectedMessage("not a WS reply")
        }
        let id = try f.optionalInt64("id")
        if let e = f.value("error") {
            let ef = try JSONFields(e, context: "error")
            let code = try ef.int("code")
            let message = try ef.optionalString("message") ?? ""
            return WSReply(id: id, outcome: .error(code: code, message: message))
        }
        guard let r = f.value("result") else { throw .missingField("result") }
        if case .string(let s) = r, s == "pong" { return WSReply(id: id, outcome: .pong) }
        if case .string(let s)? = r["status"], s == "success" { return WSReply(id: id, outcome: .success) }
        return WSReply(id: id, outcome: .result(r))
    }
}
