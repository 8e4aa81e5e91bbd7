import MarketCore
import Testing
@testable import TradingEngine

/// `LogText` spells what the string interpolations it replaces spelled.
@Suite struct LogTextTests {
    @Test func fixedPointAndIntegers() {
        let raws: [Int64] = [0, 1, -1, 10_000_000, 60_006_200_000_000, -3_500_000_000, Int64.max, Int64.min]
        for q in raws {
            for p in raws {
                let text = LogText.make(capacity: 16 + 2 * FixedPointDigits.maxLength) { w in
                    w.put("placed bid ")
                    w.put(fixedPoint: q)
                    w.put(" @ ")
                    w.put(fixedPoint: p)
                }
                #expect(text == "placed bid \(Quantity(raw: q)) @ \(Price(raw: p))")
            }
        }
        for n in [0, 1, 9, 10, 4, 1234, -7, Int.max, Int.min] {
            let text = LogText.make(capacity: 36) { w in
                w.put("cancel ")
                w.put(n)
                w.put(" order(s)")
            }
            #expect(text == "cancel \(n) order(s)")
        }
    }

    @Test func marketThroughReason() {
        for p: Int64 in [60_006_200_000_000, 1, -5, Int64.max] {
            for t: Int64? in [nil, 60_006_100_000_000, 0] {
                let touch = t.map { Price(raw: $0) }
                #expect(
                    Engine.marketThroughReason(price: Price(raw: p), touch: touch)
                        == "market moved through \(Price(raw: p)) (touch \(touch.map { "\($0)" } ?? "-"))")
            }
        }
    }
}
