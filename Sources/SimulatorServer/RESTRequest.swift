import Foundation

/// A REST request as the server received it (raw path, raw query, raw body) plus its reply.
struct RESTRequest: Sendable {
    var method: String
    var path: String
    /// Exactly what followed `?` (empty when none).
    var query: String
    var body: String
    var apiKey: String?
    var expiry: String?
    var signature: String?
    var clientIP: String

    /// Query parameters, percent-decoded, in order (repeated keys kept).
    var queryItems: [(String, String)] {
        guard !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { part in
            if let eq = part.firstIndex(of: "=") {
                return (Self.decode(part[..<eq]), Self.decode(part[part.index(after: eq)...]))
            }
            return (Self.decode(part), "")
        }
    }

    static func decode(_ s: Substring) -> String {
        let plus = s.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }
}

/// What the server answers.
struct RESTReply: Sendable {
    var status: Int
    var body: String
    var headers: [(String, String)] = []

    static func ok(_ data: String, msg: String = "") -> RESTReply {
        RESTReply(status: 200, body: "{\"code\":0,\"msg\":" + JSONObject.quoted(msg) + ",\"data\":" + data + "}")
    }
    static func bizError(_ code: Int, _ msg: String) -> RESTReply {
        RESTReply(status: 200, body: "{\"code\":\(code),\"msg\":" + JSONObject.quoted(msg) + ",\"data\":null}")
    }
}

