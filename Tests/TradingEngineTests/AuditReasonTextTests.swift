import MarketCore
import OrderTracking
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

/// `Engine.apply` shares the reason text of repeated delay audits; the records are exactly
/// what converting each audit on its own gives.
@Suite struct ApplyAuditReuseTests {
    @Test func sharedDelayTextsMatchOneByOne() {
        var engine = Harness().engine
        let t0 = T.at(0)
        func record(_ reason: VerdictReason, until: Timestamp?, detail: String? = nil, verdict: String = "delay") -> TrackerAction {
            .audit(
                AuditRecord(
                    time: t0, intent: .new, symbol: "BTCUSDT", side: .buy, clientOrderID: nil, price: nil, quantity: nil,
                    verdict: verdict, rule: .r8, reason: reason, detail: detail, until: until, budgets: .unknown))
        }
        let actions: [TrackerAction] = [
            record(.activityHard, until: T.at(5)), record(.activityHard, until: T.at(5)), record(.minRest, until: T.at(5)),
            record(.minRest, until: T.at(5)), record(.minRest, until: T.at(6)), record(.activityHard, until: T.at(5)),
            record(.activityHard, until: T.at(5), detail: "x"), record(.activityHard, until: nil, verdict: "deny"),
            record(.activityHard, until: T.at(5)),
        ]
        engine.out = []
        engine.apply(actions, t0)
        let expected: [EngineOutput] = actions.compactMap { a in
            if case .audit(let r) = a { return .audit(EngineAuditRecord(r)) }
            return nil
        }
        #expect(engine.out == expected)
    }
}
