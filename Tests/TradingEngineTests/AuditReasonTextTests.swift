import MarketCore
import Testing
@testable import TradingEngine

/// `AuditReasonText.make` spells exactly what the string interpolation it replaces spelled.
@Suite struct AuditReasonTextTests {
    static func interpolated(_ reason: String, _ detail: String?, _ until: Timestamp?) -> String {
        var s = reason
        if let d = detail { s += ": \(d)" }
        if let u = until { s += " until \(u)" }
        return s
    }

    @Test func matchesInterpolation() {
        var rng = SeededRandom(seed: 42)
        let reasons = ["", "ok", "rate_limited", "min_order_interval", "ünïcødé ✓"]
        let details: [String?] = [nil, "", "x", "bulk cancel a,b,c", "résumé 🚀 long detail text beyond small-string size"]
        let edges: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 1_760_000_000_000_000_000, .max, .min, .min + 1]
        var untils: [Timestamp?] = [nil] + edges.map { Timestamp(nanos: $0) }
        for _ in 0..<200 { untils.append(Timestamp(nanos: Int64(bitPattern: rng.next()) >> Int64(rng.next() % 63))) }
        for r in reasons {
            for d in details {
                for u in untils {
                    #expect(AuditReasonText.make(reason: r, detail: d, until: u) == Self.interpolated(r, d, u))
                }
            }
        }
    }

    @Test func digitCountMatchesString() {
        for v: Int64 in [0, 5, -5, 10, 12345, -99999, .max, .min] {
            #expect(AuditReasonText.digitCount(v) == String(v).utf8.count)
        }
    }
}
