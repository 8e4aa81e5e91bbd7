import MarketCore

/// The `reason` text of an engine audit line built from a tracker `AuditRecord`:
/// `reason[: detail][ until <nanos>ns]`, spelled exactly as the string interpolation
/// `"\(reason): \(detail) until \(until)"` would (`Timestamp.description` is `"<nanos>ns"`).
///
/// Written into one exactly sized string (one allocation at most) instead of interpolating
/// piece by piece: every order the tracker sends, delays or denies gets an audit line, and the
/// interpolation (growing the string twice, `Timestamp.description` through the generic
/// integer printer) was the largest cost of turning tracker actions into engine outputs.
/// `AuditReasonTextTests` compares it with the interpolation.
enum AuditReasonText {
    /// The text for `reason`, optional `detail` and optional `until`.
    static func make(reason: String, detail: String?, until: Timestamp?) -> String {
        if detail == nil && until == nil { return reason }
        var reason = reason
        var detailText = detail ?? ""
        let nanos = until?.nanos ?? 0
        let digits = digitCount(nanos)
        var total = reason.utf8.count
        if detail != nil { total += colon.utf8CodeUnitCount + detailText.utf8.count }
        if until != nil { total += untilPrefix.utf8CodeUnitCount + digits + nanosSuffix.utf8CodeUnitCount }
        return reason.withUTF8 { base in
            detailText.withUTF8 { detailBytes in
                String(unsafeUninitializedCapacity: total) { out in
                    var k = copy(base, into: out, at: 0)
                    if detail != nil {
                        k = copy(colon, into: out, at: k)
                        k = copy(detailBytes, into: out, at: k)
                    }
                    if until != nil {
                        k = copy(untilPrefix, into: out, at: k)
                        k = writeDecimal(nanos, digits: digits, into: out, at: k)
                        k = copy(nanosSuffix, into: out, at: k)
                    }
                    return k
                }
            }
        }
    }

    private static let colon: StaticString = ": "
    private static let untilPrefix: StaticString = " until "
    private static let nanosSuffix: StaticString = "ns"

    /// Copies `bytes` into `out` at `k` (one block copy); returns the index after them.
    private static func copy(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, at k: Int) -> Int {
        let end = k + bytes.count
        _ = UnsafeMutableBufferPointer(rebasing: out[k..<end]).initialize(fromContentsOf: bytes)
        return end
    }

    /// Copies the UTF-8 of `text` into `out` at `k`; returns the index after it.
    private static func copy(_ text: StaticString, into out: UnsafeMutableBufferPointer<UInt8>, at k: Int) -> Int {
        text.withUTF8Buffer { copy($0, into: out, at: k) }
    }

    /// Characters `String(v)` has (sign included).
    static func digitCount(_ v: Int64) -> Int {
        FixedPointDigits.digitCount(v.magnitude) + (v < 0 ? 1 : 0)
    }

    /// Writes `String(v)` (`digits` characters, from `digitCount`) at `k`; returns the index after.
    private static func writeDecimal(_ v: Int64, digits: Int, into out: UnsafeMutableBufferPointer<UInt8>, at k: Int) -> Int {
        guard let base = out.baseAddress else { return k }
        let sign = v < 0 ? 1 : 0
        if sign == 1 { out[k] = UInt8(ascii: "-") }
        FixedPointDigits.writeDigits(v.magnitude, count: digits - sign, to: base + k + sign)
        return k + digits
    }
}
