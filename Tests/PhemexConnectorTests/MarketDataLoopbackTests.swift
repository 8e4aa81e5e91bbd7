import Foundation
import MarketCore
import SimulatorServer
import Testing

@testable import PhemexConnector

extension PhemexConnectorLoopbackSuites {
/// Market data over real loopback sockets against the simulator server.
@Suite(.serialized) struct MarketDataLoopbackTests {
    @Test func bookStaysIdenticalToTheTrueBookThroughAFiveMinuteAcceleratedRun() async throws {
        // 60× speed: five virtual minutes in five real seconds.
        let h = try await SimHarness.start(speed: 60, linear: ["BTCUSDT", "ETHUSDT"], inverse: ["BTCUSD"], withCredentials: false)
        #expect(await h.recorder.wait { evs in evs.filter(\.isBookValid).count >= 3 })
        let start = await h.server.virtualNow() ?? .zero
        var checked = 0
        var mismatched: [String] = []
        // Five virtual minutes, and on a loaded machine (where many samples find the connector
        // already past the published frame) on until 30 comparisons were made, within 2 real minutes.
        let realDeadline = ContinuousClock.now + .seconds(120)
        while let now = await h.server.virtualNow(), now - start < Nanoseconds.seconds(300) || checked < 30,
            ContinuousClock.now < realDeadline
        {
            for s in ["BTCUSDT", "ETHUSDT", "BTCUSD"] as [Symbol] {
                // Compare at the same sequence: the book the server last published against the
                // connector's book once it has applied exactly that frame. A sample where the
                // connector is already past it (the market moved on) is not a comparison.
                guard let published = await h.server.publishedBook(symbol: s.name),
                    let mine = await h.bookReaching(s, sequence: published.sequence, timeout: .milliseconds(500)),
                    mine.lastSequence == published.sequence
                else { continue }
                checked += 1
                if !SimHarness.sameLevels(mine, published) { mismatched.append("\(s) seq \(published.sequence)") }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(checked >= 30, "only \(checked) samples compared")
        #expect(mismatched.isEmpty, "books differ at \(mismatched)")
        #expect(h.connector.stats.decodeFailures == 0)
        #expect(h.recorder.count { if case .book = $0 { return true } else { return false } } >= 30)
        #expect(h.recorder.count { if case .trade = $0 { return true } else { return false } } > 0)
        #expect(h.recorder.count(where: \.isBookStale) == 0)
        await h.stop()
    }

    @Test func wsDropReconnectsAndResnapshots() async throws {
        let h = try await SimHarness.start(withCredentials: false)
        #expect(await h.recorder.wait { $0.contains(where: \.isBookValid) })
        #expect(await h.dropAndAwaitResnapshot())
        #expect(h.connector.stats.reconnectCount >= 1)
        #expect(await h.waitForMatch("BTCUSDT"))
        await h.stop()
    }

    @Test func stallIsSignalledStaleThenRecovers() async throws {
        let h = try await SimHarness.start(withCredentials: false, tweak: { cfg in
            cfg.staleAfter = .milliseconds(500)
        })
        #expect(await h.recorder.wait { $0.contains(where: \.isBookValid) })
        let before = h.recorder.endIndex
        await h.server.setFaults(FaultSwitches(stallMarketDataSeconds: 2))
        #expect(await h.recorder.wait(timeout: .seconds(5)) { evs in
            evs.indices.contains { $0 > before && evs[$0].isBookStale }
        })
        #expect(h.connector.book("BTCUSDT")?.isValid != true || h.recorder.count(where: \.isBookStale) > 0)
        #expect(await h.recorder.wait(timeout: .seconds(10)) { evs in
            guard let stale = evs.indices.first(where: { $0 > before && evs[$0].isBookStale }) else { return false }
            return evs[(stale + 1)...].contains(where: \.isBookValid)
        })
        #expect(await h.waitForMatch("BTCUSDT"))
        await h.stop()
    }

    @Test func outOfOrderSequenceIsDropped() async throws {
        let h = try await SimHarness.start(withCredentials: false)
        #expect(await h.recorder.wait { $0.contains(where: \.isBookValid) })
        let staleBefore = h.recorder.count(where: \.isBookStale)
        await h.server.setFaults(FaultSwitches(outOfOrderSequence: true))
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while h.connector.stats.staleFramesDropped == 0 && clock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(h.connector.stats.staleFramesDropped >= 1)
        #expect((h.connector.book("BTCUSDT")?.staleDropped ?? 0) >= 1)
        // The stale frame was not applied: the book still tracks the truth, no resync needed.
        #expect(await h.waitForMatch("BTCUSDT"))
        #expect(h.recorder.count(where: \.isBookStale) == staleBefore)
        await h.stop()
    }

    @Test func marksArriveFromTheTickerChannel() async throws {
        let h = try await SimHarness.start(withCredentials: false)
        #expect(await h.recorder.wait(timeout: .seconds(5)) { evs in
            evs.contains { if case .mark(let m) = $0 { return m.symbol == "BTCUSDT" } else { return false } }
        })
        await h.stop()
    }

    @Test func subscriptionsAreSpreadOverSeveralConnections() async throws {
        // Limit 2 subscriptions per connection: BTCUSDT, ETHUSDT (book+trade) and the ticker need 3 connections.
        let h = try await SimHarness.start(linear: ["BTCUSDT", "ETHUSDT"], withCredentials: false, tweak: { cfg in
            cfg.limits = ConnectionLimits(maxSubscriptionsPerConnection: 2, maxConnections: 5, maxRequestsPerSecond: 5)
        })
        #expect(await h.recorder.wait { evs in evs.filter(\.isBookValid).count >= 2 })
        #expect(h.connector.stats.connectionAttempts == 3)
        #expect(await h.waitForMatch("ETHUSDT"))
        await h.stop()
    }
}
}
