import MarketCore
import Testing

@testable import PhemexConnector

@Suite struct TimingPolicyTests {
    @Test func backoffGrowsExponentiallyWithJitterUpToTheCap() {
        var b = ReconnectBackoff(initial: .seconds(1), maximum: .seconds(60), seed: 42)
        var ceilings: [Duration] = []
        for _ in 0..<10 {
            let ceiling = b.currentCeiling
            ceilings.append(ceiling)
            let d = b.nextDelay()
            #expect(d >= ceiling / 2 && d <= ceiling)
        }
        #expect(ceilings == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60].map { Duration.seconds($0) })
        b.reset()
        #expect(b.currentCeiling == .seconds(1))
        #expect(b.attempts == 0)
    }

    @Test func backoffJitterDiffersBetweenSeeds() {
        var a = ReconnectBackoff(seed: 1)
        var b = ReconnectBackoff(seed: 2)
        let da = (0..<5).map { _ in a.nextDelay() }
        let db = (0..<5).map { _ in b.nextDelay() }
        #expect(da != db)
    }

    @Test func pacerAllowsTheLimitPerSecondThenWaits() {
        var p = RequestPacer(limitPerSecond: 20)
        var now: Int64 = 0
        var sent: [Int64] = []
        for _ in 0..<60 {
            let wait = p.delay(now: now)
            now += max(0, wait)
            p.record(now: now)
            sent.append(now)
            now += 1_000  // 1 µs of work
        }
        // No one-second window contains more than 20 sends.
        for (i, t) in sent.enumerated() {
            let inWindow = sent[i...].prefix { $0 - t < 1_000_000_000 }.count
            #expect(inWindow <= 20)
        }
        #expect((sent.last ?? 0) >= 2_000_000_000)
    }

    @Test func networksResolveToTheDocumentedEndpoints() throws {
        #expect(PhemexNetwork.mainnet.restURL == "https://api.phemex.com")
        #expect(PhemexNetwork.mainnet.wsURL == "wss://ws.phemex.com")
        #expect(PhemexNetwork.testnet.restURL == "https://testnet-api.phemex.com")
        #expect(PhemexNetwork.testnet.wsURL == "wss://testnet-api.phemex.com/ws")
        #expect(PhemexNetwork.vip.restURL == "https://vapi.phemex.com")
        #expect(PhemexNetwork.vip.wsURL == "wss://vapi.phemex.com/ws")
        let c = try PhemexNetwork.parse("custom", restURL: "http://127.0.0.1:8080/", wsURL: "ws://127.0.0.1:8080/ws")
        #expect(c.restURL == "http://127.0.0.1:8080")
        #expect(c.wsURL == "ws://127.0.0.1:8080/ws")
        let main = try PhemexNetwork.parse("MAINNET")
        #expect(main == .mainnet)
        #expect(throws: PhemexConnectorError.self) { try PhemexNetwork.parse("custom") }
        #expect(throws: PhemexConnectorError.self) { try PhemexNetwork.parse("moon") }
        #expect(throws: PhemexConnectorError.self) {
            try PhemexNetwork.parse("custom", restURL: "ftp://x", wsURL: "ws://y")
        }
    }
}
