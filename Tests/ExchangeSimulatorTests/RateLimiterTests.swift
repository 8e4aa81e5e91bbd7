import MarketCore
import Testing

@testable import ExchangeSimulator

@Suite struct RateLimiterTests {
    let t0 = Fixture.t0

    @Test func classification() {
        let c = SimRateLimiter.classify(method: "PUT", path: "/g-orders/create?symbol=BTCUSDT", symbol: "BTCUSDT", vip: false)
        #expect(c == RateLimitRoute(groups: [.contract], weight: 1))
        #expect(SimRateLimiter.classify(method: "DELETE", path: "/g-orders/all", symbol: nil, vip: false).weight == 3)
        #expect(SimRateLimiter.classify(method: "GET", path: "/g-accounts/positions", symbol: nil, vip: false).weight == 25)
        #expect(SimRateLimiter.classify(method: "GET", path: "/public/products", symbol: nil, vip: false).groups == [.others])
        #expect(SimRateLimiter.classify(method: "GET", path: "/md/v2/orderbook", symbol: nil, vip: false).groups.isEmpty)
        #expect(SimRateLimiter.classify(method: "GET", path: "/exchange/public/md/v2/kline/last", symbol: nil, vip: false).weight == 10)
        let vip = SimRateLimiter.classify(method: "POST", path: "/g-orders", symbol: "ETHUSDT", vip: true)
        #expect(vip.groups == [.contract, .contractSymbol("ETHUSDT")])
        #expect(SimRateLimiter.classify(method: "DELETE", path: "/g-orders/all", symbol: nil, vip: true).groups.last == .contractAllSymbols)
    }

    @Test func contractBudgetAndHeaders() {
        var rl = SimRateLimiter()
        var last: RateLimitDecision?
        for i in 0..<500 {
            last = rl.check(user: 1, ip: "a", method: "POST", path: "/g-orders", symbol: "BTCUSDT", now: t0 + .millis(Int64(i)))
            #expect(last?.allowed == true)
        }
        let names = last?.headers.map(\.name) ?? []
        #expect(names == ["x-ratelimit-remaining-CONTRACT", "x-ratelimit-capacity-CONTRACT", "x-ratelimit-retry-after-CONTRACT"])
        #expect(last?.headers.map(\.value) == ["0", "500", "0"])
        let denied = rl.check(user: 1, ip: "a", method: "POST", path: "/g-orders", symbol: "BTCUSDT", now: t0 + .seconds(10))
        #expect(denied.allowed == false && denied.httpStatus == 429 && !denied.ipBlocked)
        #expect(denied.retryAfterSeconds == 50)
        #expect(denied.headers.last == RateLimitHeader(name: "x-ratelimit-retry-after-CONTRACT", value: "50"))
        // Other users and the Others group are independent.
        #expect(rl.check(user: 2, ip: "a", method: "POST", path: "/g-orders", symbol: nil, now: t0 + .seconds(10)).allowed)
        let others = rl.check(user: 1, ip: "a", method: "GET", path: "/public/time", symbol: nil, now: t0 + .seconds(10))
        #expect(others.allowed && others.headers.map(\.name) == ["x-ratelimit-remaining", "x-ratelimit-capacity", "x-ratelimit-retry-after"])
        #expect(others.headers.map(\.value) == ["99", "100", "0"])
        // New window after 60 s.
        #expect(rl.check(user: 1, ip: "a", method: "POST", path: "/g-orders", symbol: nil, now: t0 + .seconds(60)).allowed)
    }

    @Test func weightsAreCharged() {
        var rl = SimRateLimiter()
        let a = rl.check(user: 1, ip: "a", method: "DELETE", path: "/g-orders/all", symbol: "BTCUSDT", now: t0)
        #expect(a.groups.first?.remaining == 497)
        let b = rl.check(user: 1, ip: "a", method: "GET", path: "/g-accounts/positions", symbol: nil, now: t0)
        #expect(b.groups.first?.remaining == 472)
        for _ in 0..<18 { _ = rl.check(user: 1, ip: "a", method: "GET", path: "/g-accounts/positions", symbol: nil, now: t0) }
        // 472 − 18×25 = 22 left: another 25 is refused, a weight-1 call still fits.
        #expect(rl.check(user: 1, ip: "a", method: "GET", path: "/g-accounts/positions", symbol: nil, now: t0).allowed == false)
        #expect(rl.check(user: 1, ip: "a", method: "POST", path: "/g-orders", symbol: nil, now: t0).allowed)
    }

    @Test func ipLockoutForFiveMinutes() {
        var rl = SimRateLimiter()
        for i in 0..<5000 {
            let d = rl.check(user: nil, ip: "10.0.0.1", method: "GET", path: "/md/v2/orderbook", symbol: nil, now: t0 + .millis(Int64(i)))
            if !d.allowed { Issue.record("refused at \(i)") }
        }
        let d = rl.check(user: 7, ip: "10.0.0.1", method: "POST", path: "/g-orders", symbol: nil, now: t0 + .seconds(10))
        #expect(!d.allowed && d.ipBlocked && d.httpStatus == 429 && d.retryAfterSeconds == 300)
        #expect(d.headers.contains(RateLimitHeader(name: "x-ratelimit-retry-after-CONTRACT", value: "300")))
        #expect(rl.check(user: 7, ip: "10.0.0.2", method: "POST", path: "/g-orders", symbol: nil, now: t0 + .seconds(10)).allowed)
        #expect(!rl.check(user: 7, ip: "10.0.0.1", method: "POST", path: "/g-orders", symbol: nil, now: t0 + .seconds(309)).allowed)
        #expect(rl.check(user: 7, ip: "10.0.0.1", method: "POST", path: "/g-orders", symbol: nil, now: t0 + .seconds(310)).allowed)
    }

    @Test func vipPerSymbolBudget() {
        var rl = SimRateLimiter(config: RateLimitConfig(vip: true))
        for _ in 0..<500 { _ = rl.check(user: 1, ip: "a", method: "PUT", path: "/g-orders/create", symbol: "BTCUSDT", now: t0) }
        let d = rl.check(user: 1, ip: "a", method: "PUT", path: "/g-orders/create", symbol: "BTCUSDT", now: t0)
        #expect(!d.allowed)
        #expect(d.headers.contains(RateLimitHeader(name: "x-ratelimit-capacity-CONTRACT_BTCUSDT", value: "500")))
        #expect(d.headers.contains(RateLimitHeader(name: "x-ratelimit-capacity-CONTRACT", value: "5000")))
        let other = rl.check(user: 1, ip: "a", method: "PUT", path: "/g-orders/create", symbol: "ETHUSDT", now: t0)
        #expect(other.allowed && other.groups.first?.remaining == 4499)
    }

    @Test func disabledAlwaysAllows() {
        var rl = SimRateLimiter(config: RateLimitConfig(enabled: false, contractCapacity: 1))
        for _ in 0..<10 { #expect(rl.check(user: 1, ip: "a", method: "POST", path: "/g-orders", symbol: nil, now: t0).allowed) }
    }
}
