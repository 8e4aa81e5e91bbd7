import MarketCore
import Testing
@testable import PhemexWire

@Suite struct RateLimitHeaderTests {
    @Test func parsesGroupsCaseInsensitively() {
        let h: [(name: String, value: String)] = [
            ("X-RateLimit-Remaining-CONTRACT", "498"), ("x-ratelimit-capacity-contract", "500"),
            ("x-ratelimit-remaining", "299"), ("X-RateLimit-Capacity", "300"), ("content-type", "application/json"),
            ("x-ratelimit-retry-after-CONTRACT_BTCUSDT", "12"), ("x-ratelimit-remaining-contract_btcusdt", "0"),
        ]
        let s = RateLimitHeaders.parse(h)
        #expect(
            s == [
                RateLimitStatus(group: "", remaining: 299, capacity: 300, retryAfterSeconds: nil),
                RateLimitStatus(group: "CONTRACT", remaining: 498, capacity: 500, retryAfterSeconds: nil),
                RateLimitStatus(group: "CONTRACT_BTCUSDT", remaining: 0, capacity: nil, retryAfterSeconds: 12),
            ])
        #expect(RateLimitHeaders.maxRetryAfter(s) == 12)
        #expect(RateLimitGroup.contract.headerSuffix == "CONTRACT" && RateLimitGroup.others.headerSuffix == "")
    }

    @Test func ignoresJunk() {
        let h: [(name: String, value: String)] = [
            ("x-ratelimit-remainingfoo", "1"), ("x-ratelimit-remaining-contract", "-3"), ("x-ratelimit-capacity", "abc"),
            ("x-ratelimit-retry-after", " 7 "), ("x-ratelimit-remaining-x", "99999999999999999999999"),
        ]
        #expect(RateLimitHeaders.parse(h) == [RateLimitStatus(group: "", remaining: nil, capacity: nil, retryAfterSeconds: 7)])
        #expect(RateLimitHeaders.parse([]).isEmpty)
        #expect(RateLimitHeaders.maxRetryAfter([]) == nil)
    }
}
