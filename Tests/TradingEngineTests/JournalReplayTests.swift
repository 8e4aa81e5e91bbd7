import Foundation
import MarketCore
import Testing
@testable import TradingEngine

@Suite struct JournalReplayTests {
    /// A scripted session: start, books, fills, a stale spell, a webhook order, stop.
    static func session() -> Harness {
        var h = Harness()
        let start = h.feed(.start, at: 0)
        h.feed(.exchange(.book(T.top("65000.0", "65000.1", 5))), at: 5)
        var pending = h.ack(start, at: 10)
        var ms: Int64 = 20
        var bid = 65000.0
        for i in 0..<40 {
            pending = h.ack(pending, at: ms)
            bid += (i % 3 == 0) ? 0.7 : -0.3
            let b = String(format: "%.1f", bid), a = String(format: "%.1f", bid + 0.1)
            pending += h.feed(.exchange(.book(T.top(b, a, ms, seq: Int64(i + 2)))), at: ms + 1)
            if i % 10 == 5, let o = h.engine.orders.first(where: { $0.status == .open }) {
                let f = Fill(executionID: "x\(i)", quantity: o.remaining, price: o.price!, fee: Money("0.01")!, liquidity: .maker)
                pending += h.feed(.exchange(.execution(Harness.report(.fill, o.clientOrderID, side: o.side, price: o.price,
                    qty: o.quantity, ms: ms + 2, status: .filled, cum: o.quantity, fill: f))), at: ms + 2)
            }
            ms += 400
            pending += h.feed(.timer, at: ms)
        }
        pending += h.feed(.webhook(order: .init(symbol: "BTCUSDT", side: .sell, type: .market, quantity: T.q("0.01"), tag: "tv1"),
                                   requestID: "r1"), at: ms + 1)
        pending = h.ack(pending, at: ms + 2)
        pending = h.feed(.timer, at: ms + 9_000)
        h.ack(pending, at: ms + 9_050)
        let stop = h.feed(.operatorStop, at: ms + 9_100)
        h.ack(stop, at: ms + 9_200)
        return h
    }

    @Test func replayReproducesOutputsByteForByte() throws {
        let h = Self.session()
        #expect(h.outputs.isStopped == true)
        #expect(h.outputs.places.count > 10)
        let codec = JournalCodec()
        var journal = try codec.line(.header(JournalHeader(config: T.config(), strategyConfig: "test_quoter", state: nil))) + "\n"
        for i in h.inputs { journal += try codec.line(.input(i)) + "\n" }
        let live = try h.outputs.map { try codec.line($0) }
        var replayed: [String] = []
        let replayer = JournalReplayer { _ in TestQuoter() }
        let n = try replayer.replay(journal) { replayed.append($0) }
        #expect(n == h.inputs.count)
        #expect(replayed.count == live.count)
        #expect(replayed == live)
        #expect(replayed.joined(separator: "\n").utf8.elementsEqual(live.joined(separator: "\n").utf8))
    }

    @Test func rotatedJournalContinuesFromSnapshot() throws {
        // Split the session in two files: the second starts with a continuation header. The
        // snapshot carries the tracker's orders, counter and trading state (not its rate windows,
        // and in-flight orders are re-queried), so the continuation replays the same orders to
        // the end of the session rather than byte for byte.
        var h = Harness()
        let codec = JournalCodec()
        let full = Self.session()
        let cut = full.inputs.count / 2
        for i in full.inputs[..<cut] { _ = h.engine.handle(i) }
        let snap = h.engine.snapshot
        #expect(snap.tracker != nil)
        var second = try codec.line(.header(JournalHeader(
            config: T.config(), strategyConfig: "", state: snap, isContinuation: true))) + "\n"
        for i in full.inputs[cut...] { second += try codec.line(.input(i)) + "\n" }
        var replayed: [String] = []
        let n = try JournalReplayer { _ in TestQuoter() }.replay(second) { replayed.append($0) }
        #expect(n == full.inputs.count - cut)
        #expect(!replayed.isEmpty)
        // Two replays of the same continuation are identical.
        var again: [String] = []
        _ = try JournalReplayer { _ in TestQuoter() }.replay(second) { again.append($0) }
        #expect(again == replayed)
    }

    @Test func badJournalLineIsATypedError() {
        #expect(throws: JournalError.self) {
            _ = try JournalReplayer { _ in TestQuoter() }.replay("{\"nope\":1}\n") { _ in }
        }
        #expect(throws: JournalError.missingHeader) {
            let line = try JournalCodec().line(.input(EngineInput(receivedAt: .zero, kind: .timer)))
            _ = try JournalReplayer { _ in TestQuoter() }.replay(line) { _ in }
        }
    }
}
