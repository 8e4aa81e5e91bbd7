import PropertyBased
import Testing
@testable import MarketCore

/// `FixedPointDigits` spells exactly what `FixedPointFormatter.format` does.
@Suite struct FixedPointDigitsTests {
    static func viaAppend(_ raw: Int64) -> String {
        var b: [UInt8] = [1, 2]
        FixedPointDigits.append(raw, to: &b)
        return String(decoding: b.dropFirst(2), as: UTF8.self)
    }

    @Test func edgeValues() {
        let values: [Int64] = [
            0, 1, -1, 9, 10, 100_000_000, 999_999_999, 1_000_000_000, -1_000_000_000, 1_000_000_001, 65_000_100_000_000,
            10_000_000, -3_500_000_000, Int64.max, Int64.min, Int64.min + 1, 123_456_789_012_345_678,
        ]
        for v in values {
            #expect(FixedPointDigits.string(v) == FixedPointFormatter.format(v))
            #expect(Self.viaAppend(v) == FixedPointFormatter.format(v))
        }
        #expect(FixedPointFormatter.format(Int64.min).utf8.count == FixedPointDigits.maxLength)
    }

    @Test func randomValues() async {
        await propertyCheck(count: 500, input: Gen.int64(in: Int64.min...Int64.max), Gen.int(in: 0...12)) { v, cut in
            // Also values with many trailing zeros (prices on a tick grid).
            var p: Int64 = 1
            for _ in 0..<cut { p &*= 10 }
            let w = v / p * p
            #expect(FixedPointDigits.string(v) == FixedPointFormatter.format(v))
            #expect(FixedPointDigits.string(w) == FixedPointFormatter.format(w))
            #expect(Self.viaAppend(w) == FixedPointFormatter.format(w))
        }
    }
}
