import Foundation
import MarketCore
import Testing
@testable import TradingEngine

/// The hand-written command-result decoder agrees with `JSONDecoder` on every line it accepts
/// (random results of every command and outcome shape, and damaged variants of them).
@Suite struct JournalCommandResultDecoderTests {
    func foundation(_ line: String) -> JournalRecord? {
        try? JSONDecoder().decode(JournalRecord.self, from: Data(line.utf8))
    }

    static func pick<T>(_ xs: [T], _ rng: inout SeededRandom) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }
    static func maybe<T>(_ x: T, _ rng: inout SeededRandom) -> T? { Bool.random(using: &rng) ? x : nil }
    static func price(_ rng: inout SeededRandom) -> Price { Price(raw: Int64.random(in: -1_000_000_000_000...100_000_000_000_000, using: &rng)) }
    static func qty(_ rng: inout SeededRandom) -> Quantity { Quantity(raw: Int64.random(in: 0...10_000_000_000_000, using: &rng)) }
    static func id(_ rng: inout SeededRandom) -> ClientOrderID {
        ClientOrderID("mm-\(Int.random(in: 0...99999, using: &rng))_x")!
    }
    static let symbols: [Symbol] = ["BTCUSDT", "ETHUSDT", "BTCUSD"]

    static func command(_ rng: inout SeededRandom) -> ExchangeCommand {
        let s = pick(symbols, &rng)
        let ps = pick(PositionSide.allCases, &rng)
        switch Int.random(in: 0..<7, using: &rng) {
        case 0:
            return .place(OrderRequest(
                clientOrderID: id(&rng), symbol: s, side: Bool.random(using: &rng) ? .buy : .sell,
                type: pick(OrderType.allCases, &rng), timeInForce: pick(TimeInForce.allCases, &rng),
                price: maybe(price(&rng), &rng), stopPrice: maybe(price(&rng), &rng), quantity: qty(&rng),
                reduceOnly: Bool.random(using: &rng), positionSide: ps,
                trigger: maybe(Bool.random(using: &rng) ? .markPrice : .lastPrice, &rng)))
        case 1:
            return .amend(clientOrderID: id(&rng), symbol: s, positionSide: ps, price: maybe(price(&rng), &rng),
                          quantity: maybe(qty(&rng), &rng))
        case 2: return .cancel(clientOrderID: id(&rng), symbol: s, positionSide: ps)
        case 3:
            return .cancelBulk(clientOrderIDs: (0..<Int.random(in: 0...4, using: &rng)).map { _ in id(&rng) }, symbol: s, positionSide: ps)
        case 4: return .queryOrder(clientOrderID: id(&rng), symbol: s)
        case 5: return .fetchOpenOrders(symbol: s)
        default: return .fetchPositions(currency: pick(["USDT", "BTC"], &rng))
        }
    }

    static func outcome(_ rng: inout SeededRandom) -> CommandOutcome {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return .acknowledged
        case 1: return .rejected(code: Int.random(in: -5...20000, using: &rng), message: pick(["", "TE_ERR", "bad price 1.5"], &rng))
        case 2: return .rateLimited(retryAfterSeconds: maybe(Int.random(in: 0...60, using: &rng), &rng))
        default: return .unknown(reason: pick(["timeout", "", "connection reset"], &rng))
        }
    }

    static func report(_ rng: inout SeededRandom) -> ExecutionReport {
        let q = qty(&rng)
        let fill = maybe(Fill(executionID: "e\(Int.random(in: 0...999, using: &rng))", quantity: q, price: price(&rng),
                              fee: Money(raw: Int64.random(in: -1000...1000, using: &rng)), liquidity: .maker), &rng)
        return ExecutionReport(
            kind: pick([.status, .fill, .accepted, .canceled], &rng), clientOrderID: maybe(id(&rng), &rng), orderID: "o-1",
            symbol: pick(symbols, &rng), side: .sell, status: pick(ExchangeOrderStatus.allCases, &rng),
            orderType: pick(OrderType.allCases, &rng), price: maybe(price(&rng), &rng), orderQuantity: q,
            cumulativeQuantity: .zero, leavesQuantity: q, fill: fill, errorCode: Int.random(in: 0...3, using: &rng),
            reason: maybe("r", &rng), time: Timestamp(nanos: Int64.random(in: 0...Int64.max, using: &rng)))
    }

    static func result(_ rng: inout SeededRandom) -> CommandResult {
        let n = { (rng: inout SeededRandom) in Int.random(in: 0...2, using: &rng) }
        return CommandResult(
            commandID: UInt64.random(in: 0...(UInt64(1) << 63 - 1), using: &rng), command: command(&rng),
            outcome: outcome(&rng), reports: (0..<n(&rng)).map { _ in report(&rng) },
            positions: (0..<n(&rng)).map { _ in
                PositionReport(symbol: "BTCUSDT", positionSide: .merged, size: qty(&rng), averageEntryPrice: price(&rng),
                               markPrice: maybe(price(&rng), &rng), realizedPnL: .zero, unrealizedPnL: .zero,
                               leverage: maybe(Money(raw: -10_000_000_000), &rng), time: Timestamp(nanos: 5))
            },
            balances: (0..<n(&rng)).map { _ in BalanceReport(currency: "USDT", balance: Money(raw: 7), used: .zero, time: Timestamp(nanos: 9)) },
            rateLimits: (0..<n(&rng)).map { _ in
                RateLimitStatus(group: pick(["CONTRACT", "SPOTORDER", ""], &rng), remaining: maybe(Int.random(in: 0...500, using: &rng), &rng),
                                capacity: maybe(500, &rng), retryAfterSeconds: maybe(Int.random(in: 0...9, using: &rng), &rng))
            },
            httpStatus: maybe(pick([200, 429, 503], &rng), &rng), time: Timestamp(nanos: Int64.random(in: -5...Int64.max, using: &rng)))
    }

    @Test func randomResultsDecodeExactly() throws {
        var rng = SeededRandom(seed: 7)
        let codec = JournalCodec()
        for _ in 0..<3000 {
            let input = EngineInput(receivedAt: Timestamp(nanos: Int64.random(in: 0...Int64.max, using: &rng)),
                                    kind: .exchange(.commandResult(Self.result(&rng))))
            let line = try codec.line(.input(input))
            let fast = JournalFastDecoder.decode(Substring(line))
            #expect(fast == input, "\(line)")
            #expect(foundation(line) == .input(input))
        }
    }

    @Test func damagedLinesAreDecodedLikeFoundationOrLeftToIt() throws {
        var rng = SeededRandom(seed: 11)
        let codec = JournalCodec()
        var accepted = 0
        for _ in 0..<3000 {
            let input = EngineInput(receivedAt: Timestamp(nanos: 1), kind: .exchange(.commandResult(Self.result(&rng))))
            var bytes = Array(try codec.line(.input(input)).utf8)
            let k = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes.remove(at: k)
            case 1: bytes.insert(Self.pick(Array(#"{}[]",:0-9a "#.utf8), &rng), at: k)
            default: bytes[k] = Self.pick(Array(#"{}[]",:0.9aZ_ "#.utf8), &rng)
            }
            let line = String(decoding: bytes, as: UTF8.self)
            if let fast = JournalFastDecoder.decode(Substring(line)) {
                accepted += 1
                #expect(foundation(line) == .input(fast), "\(line)")
            }
        }
        #expect(accepted > 0)
    }

    @Test func oddShapesFallBack() {
        let head = #"{"input":{"_0":{"kind":{"exchange":{"_0":{"commandResult":{"_0":{"#
        let tail = #"}}}}},"receivedAt":1}}}"#
        let bodies = [
            // extra member in a command / an outcome, two cases, unknown case, negative id, null
            #""balances":[],"command":{"cancel":{"clientOrderID":"a-1","positionSide":"Merged","price":"1","symbol":"X"}},"commandID":1,"outcome":{"acknowledged":{}},"positions":[],"rateLimits":[],"reports":[],"time":1"#,
            #""balances":[],"command":{"fetchOpenOrders":{"symbol":"X"}},"commandID":1,"outcome":{"acknowledged":{"x":1}},"positions":[],"rateLimits":[],"reports":[],"time":1"#,
            #""balances":[],"command":{"fetchOpenOrders":{"symbol":"X"},"fetchPositions":{"currency":"X"}},"commandID":1,"outcome":{"acknowledged":{}},"positions":[],"rateLimits":[],"reports":[],"time":1"#,
            #""balances":[],"command":{"explode":{"symbol":"X"}},"commandID":1,"outcome":{"acknowledged":{}},"positions":[],"rateLimits":[],"reports":[],"time":1"#,
            #""balances":[],"command":{"fetchOpenOrders":{"symbol":"X"}},"commandID":-1,"outcome":{"acknowledged":{}},"positions":[],"rateLimits":[],"reports":[],"time":1"#,
            #""balances":[],"command":{"fetchOpenOrders":{"symbol":"X"}},"commandID":1,"httpStatus":null,"outcome":{"acknowledged":{}},"positions":[],"rateLimits":[],"reports":[],"time":1"#,
            #""balances":[],"command":{"fetchOpenOrders":{"symbol":"X"}},"commandID":18446744073709551615,"outcome":{"acknowledged":{}},"positions":[],"rateLimits":[],"reports":[],"time":1"#,
            #""command":{"fetchOpenOrders":{"symbol":"X"}},"commandID":1,"outcome":{"acknowledged":{}},"positions":[],"rateLimits":[],"reports":[],"time":1"#,
            #""balances":[],"command":{"cancelBulk":{"clientOrderIDs":["a-1",],"positionSide":"Merged","symbol":"X"}},"commandID":1,"outcome":{"acknowledged":{}},"positions":[],"rateLimits":[],"reports":[],"time":1"#,
        ]
        for b in bodies {
            let line = head + b + tail
            #expect(JournalFastDecoder.decode(Substring(line)) == nil, "\(line)")
        }
        // The same skeleton with nothing odd is decoded.
        let good = head + #""balances":[],"command":{"fetchOpenOrders":{"symbol":"X"}},"commandID":1,"outcome":{"acknowledged":{}},"positions":[],"rateLimits":[],"reports":[],"time":1"# + tail
        #expect(JournalFastDecoder.decode(Substring(good)) != nil)
        #expect(foundation(good).map { $0 == .input(JournalFastDecoder.decode(Substring(good))!) } == true)
    }
}
