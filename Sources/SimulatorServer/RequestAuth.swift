import Crypto

/// Phemex request signing, verified server-side (PROTOCOL.md §4.1, §4.2).
enum RequestAuth {
    /// Lowercase hex HMAC-SHA256 of `message` keyed by the secret's UTF-8 bytes.
    static func sign(secret: String, message: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(message.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        var out = ""
        out.reserveCapacity(64)
        let digits: [Character] = Array("0123456789abcdef")
        for b in mac {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return out
    }

    /// Constant-time comparison of two hex strings.
    static func matches(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var d: UInt8 = 0
        for i in 0..<x.count { d |= x[i] ^ y[i] }
        return d == 0
    }

    /// The REST signing string: path + query (as sent, no `?`) + expiry + body.
    static func restMessage(path: String, query: String, expiry: String, body: String) -> String {
        path + query + expiry + body
    }
}
