import Foundation
import MarketCore
import Testing
@testable import TradingEngine

/// The hand-written decoder of book and timer lines agrees with `JSONDecoder` on every line it
/// accepts, and leaves everything else to it.
@Suite struct JournalFastDecoderTests {
    func foundation(_ line: String) throws -> JournalRecord {
        try JSONDecoder().decode(JournalRecord.self, from: Data(line.utf8))
    }

    @Test func agreesWithFoundationOnASession() throws {
        let h = JournalReplayTests.session()
        let codec = JournalCodec()
        var fast = 0
        for input in h.inputs {
            let line = try codec.line(.input(input))
            if let decoded = JournalFastDecoder.decode(Substring(line)) {
                fast += 1
                #expect(JournalRecord.input(decoded) == (try foundation(line)))
                #expect(decoded == input)
            }
            #expect(try codec.record(Substring(line), number: 1) == .input(input))
        }
        #expect(fast > h.inputs.count / 2)  // books and timers dominate
    }

    @Test func oneSidedBooksAndNegativeNumbers() throws {
        let codec = JournalCodec()
        let tops = [
            TopOfBook(symbol: "BTCUSDT", bidPrice: nil, bidSize: nil, askPrice: Price("65000.1"), askSize: Quantity("0.001"), sequence: 0, time: .zero),
            TopOfBook(symbol: "ETHUSDT", bidPrice: Price("-1.5"), bidSize: Quantity("12"), askPrice: nil, askSize: nil, sequence: -7, time: Timestamp(nanos: -3)),
        ]
        for top in tops {
            let input = EngineInput(receivedAt: Timestamp(nanos: 42), kind: .exchange(.book(top)))
            let line = try codec.line(.input(input))
            #expect(JournalFastDecoder.decode(Substring(line)) == input)
        }
    }

    @Test func unexpectedShapesFallBack() {
        let lines = [
            #"{"input":{"_0":{"kind":{"timer":{}},"receivedAt":1e9}}}"#,
            #"{"input":{"_0":{"kind":{"timer":{}},"receivedAt":01}}}"#,
            #"{"input":{"_0":{"kind":{"timer":{}},"receivedAt":1}}} "#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{"symbol":"BTC\u0055SDT","sequence":1,"time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{"sequence":1,"sequence":2,"symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{"askPrice":"1e3","sequence":1,"symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"book":{"_0":{"extra":1,"sequence":1,"symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"timer":{}},"receivedAt":99999999999999999999}}}"#,
        ]
        for l in lines { #expect(JournalFastDecoder.decode(Substring(l)) == nil, "\(l)") }
    }
}

/// The hand-written output encoder writes exactly what `JSONEncoder` writes.
@Suite struct JournalFastEncoderTests {
    func foundation(_ o: EngineOutput) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(o), as: UTF8.self)
    }

    @Test func agreesWithJSONEncoderOnASession() throws {
        let h = JournalReplayTests.session()
        var fast = 0
        for o in h.outputs {
            if let line = JournalFastEncoder.line(o) {
                fast += 1
                #expect(line == (try foundation(o)))
            }
            #expect(try JournalCodec().line(o) == (try foundation(o)))
        }
        #expect(fast > h.outputs.count / 2)
    }

    @Test func edgeCases() throws {
        let outputs: [EngineOutput] = [
            .scheduleTimer(at: Timestamp(nanos: -5)),
            .scheduleTimer(at: Timestamp(nanos: Int64.max)),
            .scheduleTimer(at: Timestamp(nanos: Int64.min)),
            .checkpoint, .stopped,
            .log(EngineLogEntry(level: .warning, component: "c", message: "")),
            .log(EngineLogEntry(level: .debug, component: "c", symbol: "X", clientOrderID: ClientOrderID("a-1"), message: "path a/b ~ {}")),
            .audit(EngineAuditRecord(time: .zero, action: "cancel", verdict: "allow", rule: "r", symbol: nil, clientOrderID: nil, reason: "")),
        ]
        for o in outputs { #expect(JournalFastEncoder.line(o) == (try foundation(o))) }
        // Strings needing escapes go to JSONEncoder.
        for m in ["quote \" here", "back\\slash", "tab\t", "ünïcode", "line\nbreak"] {
            let o = EngineOutput.log(EngineLogEntry(level: .info, component: "c", message: m))
            #expect(JournalFastEncoder.line(o) == nil)
            #expect(try JournalCodec().line(o) == (try foundation(o)))
        }
    }
}

/// Trades and marks (the next most frequent market-data lines) take the hand-written path and
/// agree with `JSONDecoder`; odd shapes of them fall back.
@Suite struct JournalFastDecoderMarketDataTests {
    func foundation(_ line: String) throws -> JournalRecord {
        try JSONDecoder().decode(JournalRecord.self, from: Data(line.utf8))
    }

    @Test func tradesAndMarksRoundTrip() throws {
        let codec = JournalCodec()
        let events: [ExchangeEvent] = [
            .trade(TradeTick(symbol: "BTCUSDT", side: .buy, price: Price("64998.7")!, quantity: Quantity("0.024")!, time: Timestamp(nanos: 17))),
            .trade(TradeTick(symbol: "ETHUSDT", side: .sell, price: Price("-0.5")!, quantity: Quantity("0")!, time: Timestamp(nanos: -1))),
            .mark(MarkPriceTick(symbol: "BTCUSDT", markPrice: Price("65000")!, indexPrice: Price("65000.5")!, fundingRate: Money("0.0001")!, time: Timestamp(nanos: 5))),
            .mark(MarkPriceTick(symbol: "BTCUSDT", markPrice: Price("65000")!, indexPrice: nil, fundingRate: Money("-0.000375")!, time: .zero)),
            .mark(MarkPriceTick(symbol: "BTCUSDT", markPrice: Price("1")!, time: Timestamp(nanos: 1))),
            .balance(BalanceReport(currency: "USDT", balance: Money("100000")!, used: Money("12.5")!, time: Timestamp(nanos: 9))),
            .position(PositionReport(symbol: "BTCUSDT", size: Quantity("-0.01")!, averageEntryPrice: Price("65005")!, markPrice: Price("65001.1")!,
                                     realizedPnL: Money("-0.065005")!, unrealizedPnL: Money("0.039")!, leverage: Money("-10")!, time: Timestamp(nanos: 3))),
            .position(PositionReport(symbol: "BTCUSD", positionSide: .long, size: Quantity("3")!, averageEntryPrice: Price("0")!, time: .zero)),
            .position(PositionReport(symbol: "BTCUSD", positionSide: .short, size: Quantity("0")!, averageEntryPrice: Price("1")!, time: .zero)),
            .execution(ExecutionReport(
                kind: .fill, clientOrderID: ClientOrderID("puremmbtcusdt-1795287549261002"), orderID: "8908c22e-8df8-4899", symbol: "BTCUSDT",
                side: .sell, status: .filled, price: Price("65005")!, orderQuantity: Quantity("0.01")!, cumulativeQuantity: Quantity("0.01")!,
                leavesQuantity: .zero, fill: Fill(executionID: "ab27-f1f4", quantity: Quantity("0.01")!, price: Price("65005")!, fee: Money("-0.065005")!, liquidity: .maker),
                time: Timestamp(nanos: 1_795_287_552_073_059_387))),
            .execution(ExecutionReport(
                kind: .rejected, clientOrderID: nil, orderID: "", symbol: "BTCUSDT", side: .buy, status: .rejected, orderType: .market,
                price: nil, orderQuantity: Quantity("1")!, cumulativeQuantity: .zero, leavesQuantity: .zero, errorCode: -11005,
                reason: "TE_CANCELED_BY_POST_ONLY", time: .zero)),
            .execution(ExecutionReport(
                kind: .accepted, clientOrderID: ClientOrderID("a_1"), orderID: "x", symbol: "ETHUSDT", side: .buy, status: .new,
                price: Price("3000.01")!, orderQuantity: Quantity("0.5")!, cumulativeQuantity: .zero, leavesQuantity: Quantity("0.5")!,
                fill: Fill(executionID: "e", quantity: Quantity("0.1")!, price: Price("1")!, fee: .zero, liquidity: .taker), time: Timestamp(nanos: 2))),
        ]
        for e in events {
            let input = EngineInput(receivedAt: Timestamp(nanos: 1_795_287_549_501_014_241), kind: .exchange(e))
            let line = try codec.line(.input(input))
            let fast = JournalFastDecoder.decode(Substring(line))
            #expect(fast == input, "\(line)")
            #expect(try foundation(line) == .input(input))
        }
    }

    @Test func oddTradeAndMarkShapesFallBack() throws {
        let lines = [
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"trade":{"_0":{"price":"1","quantity":"1","side":"buy","symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"trade":{"_0":{"price":"1","side":"Buy","symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"trade":{"_0":{"quantity":"1","price":"1","side":"Buy","symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"mark":{"_0":{"indexPrice":null,"markPrice":"1","symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"mark":{"_0":{"markPrice":"1","symbol":"Xé","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"mark":{"_0":{"markPrice":"1","symbol":"X","time":1,"time":2}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"balance":{"_0":{"balance":"1","currency":"USDT","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"balance":{"_0":{"balance":"1","currency":"US\u0044T","time":1,"used":"0"}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"position":{"_0":{"averageEntryPrice":"0","positionSide":"Both","realizedPnL":"0","size":"0","symbol":"X","time":1,"unrealizedPnL":"0"}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"position":{"_0":{"averageEntryPrice":"0","positionSide":"Merged","size":"0","symbol":"X","time":1,"unrealizedPnL":"0"}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"execution":{"_0":{"clientOrderID":"bad id","cumulativeQuantity":"0","errorCode":0,"kind":"fill","leavesQuantity":"0","orderID":"o","orderQuantity":"1","orderType":"Limit","side":"Buy","status":"New","symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"execution":{"_0":{"cumulativeQuantity":"0","errorCode":0,"kind":"partial","leavesQuantity":"0","orderID":"o","orderQuantity":"1","orderType":"Limit","side":"Buy","status":"New","symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"execution":{"_0":{"cumulativeQuantity":"0","errorCode":0,"kind":"fill","leavesQuantity":"0","orderID":"o","orderQuantity":"1","orderType":"Limit","reason":"a\"b","side":"Buy","status":"New","symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"execution":{"_0":{"cumulativeQuantity":"0","errorCode":0,"fill":{"executionID":"e","fee":"0","liquidity":"Maker","price":"1","quantity":"1"},"kind":"fill","leavesQuantity":"0","orderID":"o","orderQuantity":"1","orderType":"Limit","side":"Buy","status":"New","symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
            #"{"input":{"_0":{"kind":{"exchange":{"_0":{"execution":{"_0":{"cumulativeQuantity":"0","errorCode":0.5,"kind":"fill","leavesQuantity":"0","orderID":"o","orderQuantity":"1","orderType":"Limit","side":"Buy","status":"New","symbol":"X","time":1}}}}},"receivedAt":1}}}"#,
        ]
        for l in lines {
            #expect(JournalFastDecoder.decode(Substring(l)) == nil, "\(l)")
            // What the fallback makes of it is what the codec returns.
            let viaCodec = try? JournalCodec().record(Substring(l), number: 1)
            #expect(viaCodec == (try? foundation(l)))
        }
    }

    @Test func replaySplitsOnNewlineBytesAndSkipsEmptyLines() throws {
        let h = JournalReplayTests.session()
        let codec = JournalCodec()
        var journal = try codec.line(.header(JournalHeader(config: T.config(), strategyConfig: "test_quoter", state: nil))) + "\n\n"
        for i in h.inputs { journal += try codec.line(.input(i)) + "\n\n" }
        var replayed: [String] = []
        let n = try JournalReplayer { _ in TestQuoter() }.replay(journal) { replayed.append($0) }
        #expect(n == h.inputs.count)
        #expect(replayed == (try h.outputs.map { try codec.line($0) }))
        // Line numbers in errors count non-empty lines.
        #expect(throws: JournalError.badLine(line: 2, message: "")) {
            do {
                _ = try JournalReplayer { _ in TestQuoter() }.replay(journal.prefix(while: { $0 != "\n" }) + "\n\n{bad}\n") { _ in }
            } catch JournalError.badLine(let line, _) {
                throw JournalError.badLine(line: line, message: "")
            }
        }
    }
}
