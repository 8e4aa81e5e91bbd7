import Foundation
import MarketCore
import Testing
@testable import OrderTracking

/// Built-in profiles: valid, Codable with snake_case keys, limits below the server's.
@Suite struct RuleProfileTests {
    @Test(arguments: RuleProfile.builtIn.map { $0.file })
    func builtInProfileIsValidAndRoundTrips(_ file: String) throws {
        guard let p = RuleProfile.builtIn.first(where: { $0.file == file })?.profile else {
            Issue.record("missing \(file)")
            return
        }
        #expect(p.name == file)
        #expect(p.validationErrors().isEmpty)
        let data = try JSONEncoder().encode(p)
        let back = try JSONDecoder().decode(RuleProfile.self, from: data)
        #expect(back == p)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"cancel_reserve\""))
        #expect(text.contains("\"min_rest_soft_ms\""))
        #expect(!text.contains("cancelReserve"))
    }

    @Test func clientLimitsStayBelowServerLimits() {
        for (_, p) in RuleProfile.builtIn {
            for g in p.groups { #expect(g.clientLimit * 100 <= g.serverLimit * 80) }
            #expect(p.ip.clientLimit < p.ip.serverLimit)
            #expect(p.ip.lockoutSeconds >= 300)
            #expect((p.retry.overloadBackoffMs.first ?? 0) >= 500)
        }
        #expect(RuleProfile.vip.groups[0].serverLimit == 5000)
        #expect(RuleProfile.vip.perSymbolGroup?.serverLimit == 500)
        #expect(RuleProfile.standard.groups.map { $0.serverLimit } == [500, 100])
    }

    @Test func missingDisabledRulesDefaultsToEmpty() throws {
        var obj = try JSONSerialization.jsonObject(with: JSONEncoder().encode(RuleProfile.strict)) as? [String: Any] ?? [:]
        obj.removeValue(forKey: "disabled_rules")
        let p = try JSONDecoder().decode(RuleProfile.self, from: JSONSerialization.data(withJSONObject: obj))
        #expect(p == RuleProfile.strict)
    }

    @Test func badProfileIsReported() {
        var p = RuleProfile.standard
        p.groups[0].cancelReserve = 500
        p.retry.overloadBackoffMs = [100]
        #expect(p.validationErrors().count == 2)
    }

    @Test func auditRecordReadsAsOneLine() throws {
        let r = AuditRecord(
            time: Timestamp.millis(1_700_000_000_123), intent: .new, symbol: "BTCUSDT", side: .buy,
            clientOrderID: ClientOrderID("mm-12"), price: 65000, quantity: Quantity(raw: 10_000_000), verdict: "deny", rule: .r5,
            reason: .capPerSide, budgets: BudgetsLeft(group: 300, symbol: -1, ip: 3400, activity: 12))
        #expect(r.description == "t=1700000000.123 DENY new BTCUSDT Buy 0.01@65000 id=mm-12 rule=R5 (open-order caps) cap_per_side; left group=300 ip=3400 act=12")
        let back = try JSONDecoder().decode(AuditRecord.self, from: JSONEncoder().encode(r))
        #expect(back == r)
    }
}
