import Foundation
import MarketCore
import Testing
import TradingEngine
@testable import DaemonRuntime

/// `mmbot replay` over a rotated journal: the daemon's `JournalWriter` with a tiny size limit
/// splits one run over many files; replaying the set reproduces the live outputs byte for byte.
@Suite struct JournalRotationTests {
    static func spec() throws -> InstrumentSpec {
        try InstrumentSpec(
            symbol: "BTCUSDT", kind: .linear, tickSize: Price(raw: 100_000_000), quantityStep: Quantity(raw: 1_000_000),
            minOrderValue: 1, maxOrderQuantity: 100_000, minPrice: Price(raw: 100_000_000), maxPrice: 2_000_000,
            settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "BTC")
    }

    /// Answers the engine's commands like the simulator would (acks, cancels, a fill now and then).
    static func replies(_ outs: [EngineOutput], at now: Timestamp, fills: inout Int) -> [EngineInput] {
        var inputs: [EngineInput] = []
        for case .command(let id, let cmd) in outs {
            var reports: [ExecutionReport] = []
            var balances: [BalanceReport] = []
            var follow: [EngineInput] = []
            func report(_ kind: ExecutionReport.Kind, _ cid: ClientOrderID, _ side: Side, _ price: Price?, _ qty: Quantity, _ status: ExchangeOrderStatus) -> ExecutionReport {
                ExecutionReport(kind: kind, clientOrderID: cid, orderID: "X-\(cid.value)", symbol: "BTCUSDT", side: side, status: status,
                                price: price, orderQuantity: qty, cumulativeQuantity: .zero, leavesQuantity: status == .new ? qty : .zero, time: now)
            }
            switch cmd {
            case .place(let r):
                reports = [report(.accepted, r.clientOrderID, r.side, r.price, r.quantity, .new)]
                fills += 1
                if fills % 7 == 0, let price = r.price {
                    var f = report(.fill, r.clientOrderID, r.side, price, r.quantity, .filled)
                    f.cumulativeQuantity = r.quantity
                    f.fill = Fill(executionID: "E\(fills)", quantity: r.quantity, price: price, fee: .zero, liquidity: .maker)
                    follow.append(EngineInput(receivedAt: now + .millis(3), kind: .exchange(.execution(f))))
                }
            case .cancel(let cid, _, _):
                reports = [report(.canceled, cid, .buy, nil, Quantity(raw: 10_000_000), .canceled)]
            case .cancelBulk(let cids, _, _):
                reports = cids.map { report(.canceled, $0, .buy, nil, Quantity(raw: 10_000_000), .canceled) }
            case .fetchPositions:
                balances = [BalanceReport(currency: "USDT", balance: 100_000, used: .zero, time: now)]
            default: break
            }
            let result = CommandResult(commandID: id, command: cmd, outcome: .acknowledged, reports: reports, balances: balances, time: now)
            inputs.append(EngineInput(receivedAt: now + .millis(2), kind: .exchange(.commandResult(result))))
            inputs += follow
        }
        return inputs
    }

    @Test func replayOfARotatedJournalIsByteIdentical() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mmbot-jr-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = try String(contentsOfFile: packageRoot + "/strategies/pure_mm_btcusdt.yml", encoding: .utf8)
        let config = EngineConfig(botName: "rot_bot", sessionTag: "r1", instruments: [try Self.spec()])
        var engine = Engine(config: config, strategy: try StrategyFile.strategy(fromText: text))
        let path = dir + "/rot_bot.journal.jsonl"
        let writer = try JournalWriter(
            path: path, maxBytes: 6_000, keep: 1_000, header: JournalHeader(config: config, strategyConfig: text, state: nil))
        let codec = JournalCodec()
        var live: [String] = []
        var fills = 0
        var pending: [EngineInput] = []
        var inputs = 0
        func handle(_ input: EngineInput) throws {
            try writer.append(input, engine: engine)
            let outs = engine.handle(input)
            inputs += 1
            live += try outs.map { try codec.line($0) }
            pending += Self.replies(outs, at: input.receivedAt, fills: &fills)
        }
        let t0 = Timestamp.millis(1_700_000_000_000)
        try handle(EngineInput(receivedAt: t0, kind: .start))
        var mid: Int64 = 650_000  // tenths
        for i in 0..<300 {
            let now = t0 + .millis(Int64(i) * 250 + 10)
            let queued = pending
            pending = []
            for p in queued { try handle(p) }
            mid += Int64(i * 7 % 5) - 2
            let top = TopOfBook(
                symbol: "BTCUSDT", bidPrice: Price(raw: mid * 100_000_000), bidSize: Quantity(raw: 1_000_000_000),
                askPrice: Price(raw: (mid + 1) * 100_000_000), askSize: Quantity(raw: 1_000_000_000), sequence: Int64(i + 1), time: now)
            try handle(EngineInput(receivedAt: now, kind: .exchange(.book(top))))
            if i % 4 == 0 { try handle(EngineInput(receivedAt: now + .millis(100), kind: .timer)) }
        }
        try handle(EngineInput(receivedAt: t0 + .seconds(100), kind: .operatorStop))
        for p in pending { try handle(p) }
        writer.file.sync()

        let rotated = ReplayRunner.rotatedSet(path)
        #expect(rotated.count >= 5)  // the tiny limit forced several rotations
        #expect(rotated.last == path)
        #expect(live.contains { $0.contains("\"place\"") })
        var replayed: [String] = []
        let n = try ReplayRunner.run(path: path) { replayed.append($0) }
        #expect(n == inputs)
        #expect(replayed.count == live.count)
        #expect(replayed.joined(separator: "\n").utf8.elementsEqual(live.joined(separator: "\n").utf8))
        // Listing the files by hand (oldest first) is the same replay.
        var again: [String] = []
        _ = try ReplayRunner.run(paths: rotated) { again.append($0) }
        #expect(again == live)
        // One rotated file alone still replays, from its continuation header.
        var tail = 0
        let one = try ReplayRunner.run(path: rotated[rotated.count - 2]) { _ in tail += 1 }
        #expect(one > 0 && one < n)
    }
}
