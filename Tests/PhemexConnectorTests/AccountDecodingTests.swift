import Foundation
import MarketCore
import PhemexWire
import Testing

@testable import PhemexConnector

func q(_ s: String) -> Quantity { (try? Quantity(parsing: s)) ?? Quantity(raw: -1) }
func m(_ s: String) -> Money { (try? Money(parsing: s)) ?? Money(raw: -1) }
func px(_ s: String) -> Price { (try? Price(parsing: s)) ?? Price(raw: -1) }

@Suite struct AccountDecodingTests {
    static let scales = InverseScales(priceScale: ["BTCUSD": 4], valueScale: ["BTC": 8], settle: ["BTCUSD": "BTC"])

    static func frame(_ name: String, inverse: Bool = false) throws -> AccountSnapshot {
        let snap = AccountDecoding.accountFrame(try Fixtures.json(name), inverse: inverse, scales: scales)
        return try #require(snap)
    }

    @Test func usdtmLifecycleFramesBecomeTheRightReports() throws {
        let new = try Self.frame("usdtm-aop-05-order-new.json").executions
        #expect(new.count == 1)
        #expect(new[0].kind == .accepted && new[0].status == .new)
        #expect(new[0].clientOrderID?.value == "mm-btc-b-000123")
        #expect(new[0].price == 65000 && new[0].leavesQuantity == q("0.01"))

        let partial = try Self.frame("usdtm-aop-06-order-partial-fill.json")
        let p = try #require(partial.executions.first)
        #expect(p.kind == .fill && p.status == .partiallyFilled)
        #expect(p.fill?.quantity == q("0.004"))
        #expect(p.fill?.price == 65000 && p.fill?.fee == m("0.026") && p.fill?.liquidity == .maker)
        #expect(p.fill?.executionID == "8d1848a2-5faf-52dd-be71-0a1b2c3d4e5f")
        #expect(partial.positions.first?.size == q("0.004"))
        #expect(partial.balances.first == BalanceReport(
            currency: "USDT", balance: m("10000.474"), used: m("39.0494"),
            time: Timestamp(nanos: 1_760_000_061_125_456_789)))

        let filledFrame = try Self.frame("usdtm-aop-07-order-filled.json")
        let filled = try #require(filledFrame.executions.first)
        #expect(filled.kind == .fill && filled.status == .filled && filled.leavesQuantity == .zero)

        let canceledFrame = try Self.frame("usdtm-aop-08-order-canceled.json")
        let canceled = try #require(canceledFrame.executions.first)
        #expect(canceled.kind == .canceled && canceled.fill == nil)

        let rejectedFrame = try Self.frame("usdtm-aop-11-order-rejected.json")
        let rejected = try #require(rejectedFrame.executions.first)
        #expect(rejected.kind == .rejected && rejected.errorCode == 11001 && rejected.reason != nil)
    }

    @Test func coinmFillUsesScaledIntegers() throws {
        let coin = try Self.frame("coinm-aop-05-order-filled.json", inverse: true)
        let f = try #require(coin.executions.first)
        #expect(f.kind == .fill && f.symbol == "BTCUSD")
        #expect(f.fill?.quantity == 1000)
        #expect(f.fill?.price == 65000)
        #expect(f.fill?.fee == m("-0.00000384"))
    }

    @Test func restRowsAndPositions() throws {
        let list = try Fixtures.json("rest-usdtm-07-active-list-response.json")
        let rows = PhemexREST.orderRows(list["data"])
        let reports = rows.compactMap { AccountDecoding.execution($0, inverse: false, scales: Self.scales, fromStream: false) }
        #expect(reports.count == rows.count && reports.count >= 2)
        #expect(reports[0].status == .partiallyFilled && reports[0].cumulativeQuantity == q("0.004"))
        #expect(reports.allSatisfy { $0.kind == .status })

        let acct = try Fixtures.json("rest-coinm-05-account-positions-response.json")
        let data = try #require(JSONRow(acct["data"]))
        let pos = try #require(AccountDecoding.position(data.rows("positions")[0], inverse: true, scales: Self.scales, time: .zero))
        #expect(pos.size == 1000 && pos.averageEntryPrice == 65000)
        let acctRow = try #require(JSONRow(data.json["account"]))
        let bal = try #require(AccountDecoding.balance(acctRow, inverse: true, scales: Self.scales, time: .zero))
        #expect(bal.balance == m("1.00000384"))
    }

    @Test func productsBecomeInstruments() throws {
        let products = try Fixtures.json("rest-usdtm-08-products-response-trimmed.json")
        let (specs, scales) = ProductsDecoding.instruments(products["data"])
        let btcusdt = try #require(specs.first { $0.symbol == "BTCUSDT" })
        #expect(btcusdt.kind == .linear && btcusdt.tickSize == px("0.1"))
        #expect(btcusdt.quantityStep == q("0.001") && btcusdt.minOrderValue == 1)
        let btcusd = try #require(specs.first { $0.symbol == "BTCUSD" })
        #expect(btcusd.kind == .inverse && btcusd.priceScale == 4 && btcusd.valueScale == 8)
        #expect(btcusd.tickSize == px("0.5") && btcusd.settleCurrency == "BTC")
        #expect(scales.priceScale["BTCUSD"] == 4)
    }

    @Test func tickerPackGivesMarkIndexAndFunding() throws {
        let decoder = MarkTickExtractor(linear: ["BTCUSDT"], inverse: ["BTCUSD": 4])
        let marks = decoder.marks(from: try Fixtures.json("session-04-perp-market24h-pack-snapshot.json"), time: .zero)
        let mark = try #require(marks.first { $0.symbol == "BTCUSDT" })
        #expect(mark.markPrice == px("65000.6"))
        #expect(mark.fundingRate == m("0.0001"))
        let inv = decoder.marks(from: try Fixtures.json("session-07-coinm-market24h.json"), time: .zero)
        #expect(inv.first?.markPrice == px("65000.8213"))
    }

    @Test func feedPrinterKeepsToTheLineBudget() {
        var p = FeedPrinter(symbol: "BTCUSDT", linesPerSecond: 10)
        var lines = 0
        for i in 0..<1000 {  // 1000 events over one second
            let now = Int64(i) * 1_000_000
            let top = TopOfBook(symbol: "BTCUSDT", bidPrice: 65000, bidSize: 1, askPrice: 65001, askSize: 2, sequence: Int64(i), time: .zero)
            lines += p.consume(.book(top), nowNanos: now).count
            lines += p.consume(.trade(TradeTick(symbol: "BTCUSDT", side: .buy, price: 65001, quantity: 1, time: .zero)), nowNanos: now).count
        }
        #expect(lines <= 11 && lines >= 9)
        #expect(p.consume(.bookStale(symbol: "BTCUSDT", reason: "test"), nowNanos: 2_000_000_000).first?.contains("STALE") == true)
    }
}
