/// Small pure helpers for the webhook endpoint: constant-time token comparison and the
/// FNV-1a 64-bit hash used as the idempotency key of alerts without an `id`.
public enum WebhookSecurity {
    /// Compares two secrets in time that depends only on their lengths' maximum, not on where
    /// they differ. An empty `expected` never matches.
    public static func constantTimeEquals(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        var diff = UInt64(truncatingIfNeeded: a.count ^ b.count)
        let n = max(a.count, b.count)
        var i = 0
        while i < n {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            diff |= UInt64(x ^ y)
            i += 1
        }
        return diff == 0 && !b.isEmpty
    }

    /// FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
    public static func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// The hash as 16 lower-case hex digits.
    public static func fnv1a64Hex(_ bytes: [UInt8]) -> String {
        let s = String(fnv1a64(bytes), radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
