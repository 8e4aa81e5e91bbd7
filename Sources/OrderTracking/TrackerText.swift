import MarketCore

/// Audit details of the cancel path, each written into one exactly sized string (what the
/// interpolations they replace spelled, without their growing segments and intermediate
/// arrays): a market-through or stale-book pull writes both.
enum TrackerText {
    /// `"\(n) own orders: \(reason)"`.
    static func ownOrders(_ n: Int, reason: String) -> String {
        let prefix: StaticString = " own orders: "
        let magnitude = UInt64(n.magnitude)
        let digits = FixedPointDigits.digitCount(magnitude) + (n < 0 ? 1 : 0)
        var reason = reason
        return reason.withUTF8 { r in
            String(unsafeUninitializedCapacity: digits + prefix.utf8CodeUnitCount + r.count) { out in
                guard let base = out.baseAddress else { return 0 }
                var k = 0
                if n < 0 {
                    base[0] = UInt8(ascii: "-")
                    k = 1
                }
                FixedPointDigits.writeDigits(magnitude, count: digits - k, to: base + k)
                k = digits
                k = copy(UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount), to: base, at: k)
                return copy(r, to: base, at: k)
            }
        }
    }

    /// `"bulk cancel \(ids.map { $0.value }.joined(separator: ","))"`.
    static func bulkCancel(_ ids: [ClientOrderID]) -> String {
        let prefix: StaticString = "bulk cancel "
        var total = prefix.utf8CodeUnitCount + max(0, ids.count - 1)
        for id in ids { total += id.value.utf8.count }
        return String(unsafeUninitializedCapacity: total) { out in
            guard let base = out.baseAddress else { return 0 }
            var k = copy(UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount), to: base, at: 0)
            for (j, id) in ids.enumerated() {
                if j > 0 {
                    base[k] = UInt8(ascii: ",")
                    k += 1
                }
                var value = id.value
                k = value.withUTF8 { copy($0, to: base, at: k) }
            }
            return k
        }
    }

    /// Copies `bytes` to `base + k`; returns the index after them.
    private static func copy(_ bytes: UnsafeBufferPointer<UInt8>, to base: UnsafeMutablePointer<UInt8>, at k: Int) -> Int {
        guard let src = bytes.baseAddress else { return k }
        (base + k).update(from: src, count: bytes.count)
        return k + bytes.count
    }
}
