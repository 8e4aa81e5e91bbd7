import Crypto

/// Phemex request signatures (PROTOCOL §4.1, §4.2).
///
/// REST: `hex(HMAC-SHA256(secret, path + queryString + expiry + body))` with the query exactly
/// as sent (no `?`) and the body exactly as sent. WS `user.auth`: the same HMAC over
/// `apiKey + expiry`. Lowercase hex, 64 characters. The secret is used as its UTF-8 bytes.
///
/// HMAC (RFC 2104) is computed over SHA-256 directly: the two hashers with the key's inner
/// and outer pads absorbed are prepared once in `init`; each signature copies them and hashes
/// only the message, fed in pieces without building it (no generic `DataProtocol` paths).
public struct PhemexSigner: Sendable {
    /// The API key id (not secret).
    public let apiKey: String
    /// SHA-256 after absorbing `key ⊕ ipad`.
    private let inner: SHA256
    /// SHA-256 after absorbing `key ⊕ opad`.
    private let outer: SHA256

    public init(credentials: APICredentials) {
        self.apiKey = credentials.apiKey
        var key = Array(credentials.secret.utf8)
        if key.count > SHA256.blockByteCount { key = Array(SHA256.hash(data: key)) }
        key += Array(repeating: 0, count: SHA256.blockByteCount - key.count)
        var i = SHA256()
        var o = SHA256()
        i.update(data: key.map { $0 ^ 0x36 })
        o.update(data: key.map { $0 ^ 0x5C })
        inner = i
        outer = o
    }

    /// The HMAC of what `feed` hashes into the inner hasher, as lowercase hex.
    private func mac(_ feed: (inout SHA256) -> Void) -> String {
        var h = inner
        feed(&h)
        let innerDigest = h.finalize()
        var o = outer
        innerDigest.withUnsafeBytes { o.update(bufferPointer: $0) }
        return o.finalize().withUnsafeBytes { Self.hex($0) }
    }

    /// The HMAC-SHA256 of `message` as lowercase hex.
    public func hmacHex(_ message: some Sequence<UInt8>) -> String {
        mac { h in
            let done: Void? = message.withContiguousStorageIfAvailable { h.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            if done == nil { Array(message).withUnsafeBytes { h.update(bufferPointer: $0) } }
        }
    }

    /// The REST signature for `path` (starting with `/`), the query string as sent (without `?`,
    /// empty if none), `expiry` in Unix seconds and the body bytes as sent.
    public func restSignature(path: String, query: String, expiry: Int64, body: [UInt8] = []) -> String {
        mac { h in
            Self.update(&h, path)
            Self.update(&h, query)
            Self.update(&h, expiry)
            if !body.isEmpty { body.withUnsafeBytes { h.update(bufferPointer: $0) } }
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
            Self.update(&h, apiKey)
            Self.update(&h, expiry)
        }
    }

    /// The complete `user.auth` request frame; `expiry` must be ≤ now + 120 s (caller's clock).
    public func wsAuthRequest(id: Int64, expiry: Int64) -> WSRequest {
        WSRequest.userAuth(id: id, apiKey: apiKey, signature: wsAuthSignature(expiry: expiry), expiry: expiry)
    }

    /// Feeds the UTF-8 bytes of `s` (in place for native strings).
    private static func update(_ h: inout SHA256, _ s: String) {
        var s = s
        s.withUTF8 { if !$0.isEmpty { h.update(bufferPointer: UnsafeRawBufferPointer($0)) } }
    }

    /// Feeds the decimal digits of `v` (what `String(v)` spells) from a stack buffer.
    private static func update(_ h: inout SHA256, _ v: Int64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var i = 20
            var m = v.magnitude
            repeat {
                i -= 1
                buf[i] = UInt8(truncatingIfNeeded: 48 &+ m % 10)
                m /= 10
            } while m > 0
            if v < 0 {
                i -= 1
                buf[i] = UInt8(ascii: "-")
            }
            h.update(bufferPointer: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buf)[i..<20]))
        }
    }

    /// Lowercase hex of `bytes`.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(lowerHex[Int(b >> 4)])
            out.append(lowerHex[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lowercase hex of raw bytes, written straight into the string's storage.
    static func hex(_ raw: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: raw.count * 2) { out in
            var k = 0
            for b in raw {
                out[k] = lowerHex[Int(b >> 4)]
                out[k + 1] = lowerHex[Int(b & 0x0F)]
                k += 2
            }
            return k
        }
    }

    static let lowerHex: [UInt8] = Array("0123456789abcdef".utf8)
}
