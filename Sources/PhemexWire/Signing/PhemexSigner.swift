import Crypto

/// Phemex request signatures (PROTOCOL §4.1, §4.2).
///
/// REST: `hex(HMAC-SHA256(secret, path + queryString + expiry + body))` with the query exactly
/// as sent (no `?`) and the body exactly as sent. WS `user.auth`: the same HMAC over
/// `apiKey + expiry`. Lowercase hex, 64 characters. The secret is used as its UTF-8 bytes.
public struct PhemexSigner: Sendable {
    private let key: SymmetricKey
    /// The API key id (not secret).
    public let apiKey: String

    public init(credentials: APICredentials) {
        self.key = SymmetricKey(data: Array(credentials.secret.utf8))
        self.apiKey = credentials.apiKey
    }

    /// The HMAC-SHA256 of `message` as lowercase hex.
    public func hmacHex(_ message: some Sequence<UInt8>) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(message), using: key)
        return Self.hex(mac)
    }

    /// The REST signature for `path` (starting with `/`), the query string as sent (without `?`,
    /// empty if none), `expiry` in Unix seconds and the body bytes as sent.
    public func restSignature(path: String, query: String, expiry: Int64, body: [UInt8] = []) -> String {
        var message = Array(path.utf8)
        message.append(contentsOf: query.utf8)
        message.append(contentsOf: String(expiry).utf8)
        message.append(contentsOf: body)
        return hmacHex(message)
    }

    /// The REST signature of a built request.
    public func sign(_ request: PhemexRequest, expiry: Int64) -> String {
        restSignature(path: request.path, query: request.query, expiry: expiry, body: request.body)
    }

    /// The three Phemex auth headers for `request` (names in lowercase), in a stable order.
    public func headers(for request: PhemexRequest, expiry: Int64) -> [(name: String, value: String)] {
        [
            ("x-phemex-access-token", apiKey),
            ("x-phemex-request-expiry", String(expiry)),
            ("x-phemex-request-signature", sign(request, expiry: expiry)),
        ]
    }

    /// The WS `user.auth` signature over `apiKey + expiry`.
    public func wsAuthSignature(expiry: Int64) -> String {
        hmacHex(Array((apiKey + String(expiry)).utf8))
    }

    /// The complete `user.auth` request frame; `expiry` must be ≤ now + 120 s (caller's clock).
    public func wsAuthRequest(id: Int64, expiry: Int64) -> WSRequest {
        WSRequest.userAuth(id: id, apiKey: apiKey, signature: wsAuthSignature(expiry: expiry), expiry: expiry)
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
