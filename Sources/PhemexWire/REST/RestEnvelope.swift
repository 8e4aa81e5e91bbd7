/// The REST reply envelope `{"code":…,"msg":…,"data":…}` (PROTOCOL §5.0).
///
/// `code` may be a number or a numeric string (`"401"`); 0 means success.
public struct RestEnvelope: Sendable, Hashable {
    public var code: Int
    public var message: String
    /// `data` (`.null` when absent).
    public var data: JSONValue

    public init(code: Int, message: String, data: JSONValue) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// `true` when `code` is 0.
    public var isSuccess: Bool { code == 0 }

    /// The error-table entry for `code` (refined by `msg` for the generic 10500).
    public var error: PhemexErrorCode { PhemexErrorCode.lookup(code, message: message) }

    /// Decodes the envelope from the body bytes.
    public static func decode(_ body: some Collection<UInt8>) throws(PhemexWireError) -> RestEnvelope {
        try decode(json: try JSONValue.parse(body))
    }

    /// Decodes the envelope from parsed JSON.
    public static func decode(json: JSONValue) throws(PhemexWireError) -> RestEnvelope {
        let f = try JSONFields(json, context: "")
        let codeValue = try f.require("code")
        let code: Int
        switch codeValue {
        case .number, .string:
            let c = try JSONNumbers.int64(codeValue, field: "code")
            guard let i = Int(exactly: c) else { throw .invalidNumber(field: "code", text: String(c)) }
            code = i
        default:
            throw .wrongType(field: "code", expected: "number or numeric string", found: codeValue.typeName)
        }
        let msg = try f.optionalString("msg") ?? ""
        return RestEnvelope(code: code, message: msg, data: f.value("data") ?? .null)
    }

    /// `data` when `code` is 0, else `PhemexWireError.exchangeError(code, msg)`.
    public func successData() throws(PhemexWireError) -> JSONValue {
        guard isSuccess else { throw .exchangeError(code: code, message: message) }
        return data
    }
}

/// The `/md/*` envelope `{"error":…,"id":…,"result":…}` (PROTOCOL §5.0); errors such as
/// `{"code":6001,"message":"invalid argument"}` come with HTTP 500.
public struct MDEnvelope: Sendable, Hashable {
    public var id: Int64?
    /// `result` when there was no error.
    public var result: JSONValue

    /// Decodes the body; an `error` object becomes `PhemexWireError.exchangeError`.
    public static func decode(_ body: some Collection<UInt8>) throws(PhemexWireError) -> MDEnvelope {
        let reply = try WSReply.decode(json: try JSONValue.parse(body))
        switch reply.outcome {
        case .error(let code, let message): throw .exchangeError(code: code, message: message)
        case .result(let r): return MDEnvelope(id: reply.id, result: r)
        case .success: return MDEnvelope(id: reply.id, result: .object(["status": .string("success")]))
        case .pong: return MDEnvelope(id: reply.id, result: .string("pong"))
        }
    }
}
