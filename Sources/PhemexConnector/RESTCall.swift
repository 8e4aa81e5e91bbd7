import MarketCore

/// One REST request exactly as it will be sent and signed: the query string is the text after
/// `?` (already encoded, in sending order) and the body the exact bytes.
struct RESTCall: Sendable, Equatable {
    enum Method: String, Sendable { case get = "GET", put = "PUT", post = "POST", delete = "DELETE" }
    var method: Method
    var path: String
    var query: String
    var body: [UInt8] = []
    /// Order writes: a 5xx or timeout is UNKNOWN.
    var isWrite: Bool

    init(_ method: Method, _ path: String, _ params: [(String, String)] = [], isWrite: Bool = false) {
        self.method = method
        self.path = path
        self.query = params.map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: "&")
        self.isWrite = isWrite
    }

    /// Percent-encodes everything except RFC 3986 unreserved characters and `,` (id lists).
    static func escape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(Unicode.Scalar(b))
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-._~,".contains(c) {
                out.append(c)
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
