/// Phemex request signatures (PROTOCOL §4.1, §4.2).
///
/// REST: `hex(HMAC-SHA256(secret, path + queryString + expiry + body))` with the query exactly
/// as sent (no `?`) and the body exactly as sent. WS `user.auth`: the same HMAC over
/// `apiKey + expiry`. Lowercase hex, 64 characters. The secret is used as its UTF-8 bytes.
///
/// HMAC (RFC 2104) is computed over SHA-256 directly (`SHA256Stream`): the two hash states with
/// the key's inner and outer pads absorbed are prepared once in `init`; each signature copies
/// them (plain values, no allocation) and hashes only the message, fed in pieces without
/// building it.
public struct PhemexSigner: Sendable {
    /// The API key id (not secret).
    public let apiKey: String
    /// SHA-256 after absorbing `key ⊕ ipad`.
    private let inner: SHA256Stream
    /// SHA-256 after absorbing `key ⊕ opad`.
    private let outer: SHA256Stream

    public init(credentials: APICredentials) {
        self.apiKey = credentials.apiKey
        var key = Array(credentials.secret.utf8)
        if key.count > SHA256Stream.blockByteCount {
            var h = SHA256Stream()
            key.withUnsafeBytes { h.update($0) }
            key = h.finalize().withBytes { Array($0) }
        }
        key += Array(repeating: 0, count: SHA256Stream.blockByteCount - key.count)
        var i = SHA256Stream()
        var o = SHA256Stream()
        key.map { $0 ^ 0x36 }.withUnsafeBytes { i.update($0) }
        key.map { $0 ^ 0x5C }.withUnsafeBytes { o.update($0) }
        inner = i
        outer = o
    }

    /// The HMAC of what `feed` hashes into the inner hasher, as lowercase hex.
    @inline(__always)
    private func mac(_ feed: (inout SHA256Stream) -> Void) -> String {
        var h = inner
        feed(&h)
        let innerDigest = h.finalize()
        var o = outer
        innerDigest.withBytes { o.update($0) }
        return o.finalize().hex
    }

    /// The HMAC-SHA256 of `message` as lowercase hex.
    public func hmacHex(_ message: some Sequence<UInt8>) -> String {
        mac { h in
            let done: Void? = message.withContiguousStorageIfAvailable { h.update(UnsafeRawBufferPointer($0)) }
            if done == nil { Array(message).withUnsafeBytes { h.update($0) } }
        }
    }

    /// The REST signature for `path` (starting with `/`), the query string as sent (without `?`,
    /// empty if none), `expiry` in Unix seconds and the body bytes as sent.
    public func restSignature(path: String, query: String, expiry: Int64, body: [UInt8] = []) -> String {
        mac { h in
            h.update(path)
            h.update(query)
            h.update(decimal: expiry)
            if !body.isEmpty { body.withUnsafeBytes { h.update($0) } }
        }
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
        mac { h in
            h.update(apiKey)
            h.update(decimal: expiry)
        }
    }

    /// The complete `user.auth` request frame; `expiry` must be ≤ now + 120 s (caller's clock).
    public func wsAuthRequest(id: Int64, expiry: Int64) -> WSRequest {
        WSRequest.userAuth(id: id, apiKey: apiKey, signature: wsAuthSignature(expiry: expiry), expiry: expiry)
    }
}
