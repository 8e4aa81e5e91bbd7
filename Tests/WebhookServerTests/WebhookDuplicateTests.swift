import MarketCore
import Testing
import WebhookServer

extension WebhookLoopbackSuites {
/// Duplicate alerts execute once; rule refusals answer 422 with the rule and reason.
@Suite struct WebhookDuplicateTests {
    typealias H = Harness
    static let order = ["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "0.01"]

    @Test func sameBodyTwiceExecutesOnce() async throws {
        try await withServer { h in
            let body = H.payload(Self.order)
            let first = try await h.post(body)
            let second = try await h.post(body)
            #expect(first.status == 200)
            #expect(first.reply.duplicate == nil)
            #expect(second.status == 200)
            #expect(second.reply.duplicate == true)
            #expect(second.reply.clOrdID == first.reply.clOrdID)
            #expect(first.reply.clOrdID != nil)
            #expect(await h.sink.sent.count == 1)
            #expect(await h.sink.requestIDs.count == 1)
        }
    }

    @Test func sameIdDifferentBodyIsDuplicate() async throws {
        try await withServer(sink: TrackerSink(rules: TrackerSink.lenientRules)) { h in
            let first = try await h.post(H.payload(Self.order.merging(["id": #""tv-42""#]) { $1 }))
            // same id, token moved to the query: a different body, still the same alert
            let second = try await h.post(H.payload(Self.order.merging(["id": #""tv-42""#]) { $1 }, token: nil), query: Fixture.token)
            #expect(second.status == 200)
            #expect(second.reply.duplicate == true)
            #expect(second.reply.clOrdID == first.reply.clOrdID)
            // another id executes
            let third = try await h.post(H.payload(Self.order.merging(["id": #""tv-43""#]) { $1 }))
            #expect(third.reply.duplicate == nil)
            #expect(third.reply.clOrdID != first.reply.clOrdID)
            #expect(await h.sink.sent.count == 2)
        }
    }

    @Test func windowExpiryAllowsReexecution() async throws {
        try await withServer(window: .seconds(30), sink: TrackerSink(rules: TrackerSink.lenientRules)) { h in
            let body = H.payload(Self.order)
            let first = try await h.post(body)
            h.clock.advance(.seconds(29))
            #expect(try await h.post(body).reply.duplicate == true)
            h.clock.advance(.seconds(2))
            let again = try await h.post(body)
            #expect(again.status == 200)
            #expect(again.reply.duplicate == nil)
            #expect(again.reply.clOrdID != first.reply.clOrdID)
            #expect(await h.sink.sent.count == 2)
        }
    }

    @Test func concurrentDuplicatesExecuteOnce() async throws {
        try await withServer { h in
            let body = H.payload(Self.order.merging(["id": #""burst""#]) { $1 })
            let answers = try await withThrowingTaskGroup(of: Answer.self) { g in
                for _ in 0..<8 { g.addTask { try await h.post(body) } }
                var all: [Answer] = []
                for try await a in g { all.append(a) }
                return all
            }
            #expect(answers.allSatisfy { $0.status == 200 })
            #expect(Set(answers.compactMap(\.reply.clOrdID)).count == 1)
            #expect(answers.compactMap(\.reply.clOrdID).count == 8)
            #expect(answers.filter { $0.reply.duplicate == true }.count == 7)
            #expect(await h.sink.sent.count == 1)
        }
    }

    @Test func collarRefusalIs422WithRule() async throws {
        try await withServer { h in
            // 60000 is 7.7 % under the 65000 mark: outside the 2 % quote collar (R14)
            let body = H.payload(Self.order.merging(["limit_price": "60000", "id": #""far""#]) { $1 })
            let a = try await h.post(body)
            #expect(a.status == 422)
            #expect(a.reply.status == "refused")
            #expect(a.reply.rule == "R14")
            #expect(a.reply.reason?.hasPrefix("collar") == true)
            #expect(a.reply.clOrdID == nil)
            // A refused alert is forgotten: the re-delivery is decided again, not a duplicate.
            let b = try await h.post(body)
            #expect(b.status == 422)
            #expect(b.reply.duplicate == nil)
            #expect(await h.sink.requestIDs.count == 2)
            #expect(await h.sink.sent.isEmpty)
        }
    }

    @Test func notionalRefusalIs422WithRule() async throws {
        try await withServer { h in
            // 5 contracts of BTCUSD = 5 USD: under the rule minimum of 10 USD (R13)
            let a = try await h.post(
                H.payload(["symbol": #""BTCUSD""#, "action": #""buy""#, "quantity": "5", "limit_price": "65000"]))
            #expect(a.status == 422)
            #expect(a.reply.rule == "R13")
            #expect(a.reply.reason?.hasPrefix("notional_too_small") == true)
            // 0.001 BTC at 6500 = 6.5 USDT: above the exchange minimum (1 USDT), under the rule's 10
            let b = try await h.post(
                H.payload(["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "0.001", "limit_price": "6500"]))
            #expect(b.status == 422)
            #expect(b.reply.rule == "R13")
            #expect(await h.sink.sent.isEmpty)
        }
    }

    @Test func requestIDsIncrease() async throws {
        try await withServer { h in
            _ = try await h.post(H.payload(Self.order.merging(["id": #""1""#]) { $1 }))
            _ = try await h.post(H.payload(["action": #""buy""#]))  // 400, still numbered
            _ = try await h.post(H.payload(Self.order.merging(["id": #""2""#]) { $1 }))
            #expect(await h.sink.requestIDs == [1, 3])
        }
    }
}
}
