import PropertyBased
import Testing
@testable import OrderTracking

/// The tracker's client order id text is what `"\(prefix)-\(counter)"` spells.
@Suite struct OrderIDTextTests {
    @Test func matchesInterpolation() async {
        for (p, n) in [("mm", UInt64(0)), ("", 7), ("bot1s2", 1_000_000), ("x", UInt64.max), ("abcdefghijklmnopqrstuvwx", 42)] {
            #expect(OrderTracker.idText(prefix: p, counter: n) == "\(p)-\(n)")
        }
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int.max)) { n in
            #expect(OrderTracker.idText(prefix: "bench1", counter: UInt64(n)) == "bench1-\(n)")
        }
    }
}
