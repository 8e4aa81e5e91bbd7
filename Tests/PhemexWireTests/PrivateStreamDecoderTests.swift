import MarketCore
import Testing
@testable import PhemexWire

@Suite struct PrivateStreamDecoderTests {
    let linear = PrivateStreamDecoder(kind: .linear)
    let inverse = PrivateStreamDecoder(kind: .inverse, catalog: WireTestInstruments.catalog)

    @Test func usdtmSnapshot() throws {
        let u = try linear.decode(try WireFixture.data("usdtm-aop-04-snapshot"))
        #expect(u.isSnapshot && u.incrementalEvents.isEmpty)
        #expect(u.sequence == 59_553_602)
        #expect(u.time == Timestamp(nanos: 1_760_000_001_023_456_789))
        #expect(u.orders.isEmpty)
        #expect(u.rowErrors.isEmpty)
        #expect(u.balances == [BalanceReport(currency: "USDT", balance: money("10000.5"), used: 0, time: u.time)])
        #expect(u.positions.count == 1)
        let p = u.positions[0]
        #expect(p.symbol == "BTCUSDT" && p.size == 0 && p.positionSide == .merged)
        #expect(p.markPrice == dec("65000.6"))
        #expect(p.leverage == money("-10"))
        #expect(p.realizedPnL == money("12.5"))
    }

    @Test func usdtmOrderNewIsAccepted() throws {
        let u = try linear.decode(try WireFixture.data("usdtm-aop-05-order-new"))
        #expect(!u.isSnapshot)
        #expect(u.orders.count == 1)
        let e = u.orders[0]
        let r = e.report
        #expect(r.kind == .accepted)
        #expect(r.clientOrderID == ClientOrderID("mm-btc-b-000123"))
        #expect(r.orderID == "5f1c2a7e-3b4d-4e8f-9a0b-1c2d3e4f5a6b")
        #expect(r.symbol == "BTCUSDT" && r.side == .buy && r.status == .new && r.orderType == .limit)
        #expect(r.price == 65000)
        #expect(r.orderQuantity == qty("0.01") && r.cumulativeQuantity == 0 && r.leavesQuantity == qty("0.01"))
        #expect(r.fill == nil && r.errorCode == 0 && r.reason == nil)
        #expect(r.time == Timestamp(nanos: 1_760_000_001_127_456_789))
        #expect(e.positionSide == .merged && e.timeInForceRaw == "PostOnly" && e.execStatusRaw == "New")
        #expect(u.balances[0].used == money("65.039"))
        #expect(u.balances[0].available == money("9935.461"))
    }

    @Test func usdtmPartialFill() throws {
        let u = try linear.decode(try WireFixture.data("usdtm-aop-06-order-partial-fill"))
        let r = u.orders[0].report
        #expect(r.kind == .fill && r.status == .partiallyFilled)
        #expect(r.cumulativeQuantity == qty("0.004") && r.leavesQuantity == qty("0.006"))
        #expect(
            r.fill
                == Fill(
                    executionID: "8d1848a2-5faf-52dd-be71-0a1b2c3d4e5f", quantity: qty("0.004"), price: 65000,
                    fee: money("0.026"), liquidity: .maker))
        #expect(u.positions[0].size == qty("0.004"))
        #expect(u.positions[0].averageEntryPrice == 65000)
        #expect(u.positions[0].unrealizedPnL == money("0.0024"))
        #expect(u.balances[0].balance == money("10000.474"))
        #expect(u.incrementalEvents == [.execution(r), .position(u.positions[0]), .balance(u.balances[0])])
    }

    @Test func usdtmFilled() throws {
        let u = try linear.decode(try WireFixture.data("usdtm-aop-07-order-filled"))
        let r = u.orders[0].report
        #expect(r.kind == .fill && r.status == .filled && r.leavesQuantity == 0)
        #expect(r.fill?.quantity == qty("0.006") && r.fill?.fee == money("0.039"))
        #expect(r.fill?.executionID == "0be06645-90b8-5abe-8eb0-6f7a8b9c0d1e")
        #expect(u.positions[0].size == qty("0.01"))
    }

    @Test func usdtmCanceled() throws {
        let u = try linear.decode(try WireFixture.data("usdtm-aop-08-order-canceled"))
        let r = u.orders[0].report
        #expect(r.kind == .canceled && r.status == .canceled && r.side == .sell)
        #expect(r.clientOrderID == ClientOrderID("mm-btc-s-000124") && r.price == 65050)
        #expect(r.fill == nil && r.leavesQuantity == 0)
        #expect(u.positions.isEmpty)
    }

    @Test func usdtmPositionAccountOnly() throws {
        let u = try linear.decode(try WireFixture.data("usdtm-aop-09-position-account-update"))
        #expect(u.orders.isEmpty)
        #expect(u.positions[0].markPrice == dec("64947.9") && u.positions[0].unrealizedPnL == money("-0.521"))
        #expect(u.balances[0].balance == money("10000.37"))
    }

    @Test func usdtmRejected() throws {
        let u = try linear.decode(try WireFixture.data("usdtm-aop-11-order-rejected"))
        let r = u.orders[0].report
        #expect(r.kind == .rejected && r.status == .rejected && r.errorCode == 11001)
        #expect(r.reason == "TE: no enough available balance")
        #expect(r.orderQuantity == 50)
        #expect(PhemexErrorCode.lookup(r.errorCode).category == .insufficientBalance)
    }

    @Test func coinmSnapshot() throws {
        let u = try inverse.decode(try WireFixture.data("coinm-aop-03-snapshot"))
        #expect(u.isSnapshot && u.sequence == 1_310_812 && u.orders.isEmpty && u.rowErrors.isEmpty)
        #expect(u.balances == [BalanceReport(currency: "BTC", balance: 1, used: 0, time: u.time)])
        let p = u.positions[0]
        #expect(p.symbol == "BTCUSD" && p.size == 0 && p.markPrice == dec("65000.8213") && p.leverage == 0)
    }

    @Test func coinmOrderNew() throws {
        let u = try inverse.decode(try WireFixture.data("coinm-aop-04-order-new"))
        let e = u.orders[0]
        let r = e.report
        #expect(r.kind == .accepted && r.status == .new && r.price == 65000 && r.orderQuantity == 1000)
        #expect(r.clientOrderID == ClientOrderID("mm-btcusd-b-77") && r.leavesQuantity == 1000)
        #expect(e.positionSide == nil && e.timeInForceRaw == "GoodTillCancel")
        #expect(u.balances[0].used == money("0.00015385"))
    }

    @Test func coinmFilled() throws {
        let u = try inverse.decode(try WireFixture.data("coinm-aop-05-order-filled"))
        let r = u.orders[0].report
        #expect(r.kind == .fill && r.status == .filled)
        #expect(
            r.fill
                == Fill(
                    executionID: "92301512-7a79-5138-b582-ac1852237abc", quantity: 1000, price: 65000,
                    fee: money("-0.00000384"), liquidity: .maker))
        #expect(u.positions[0].size == 1000 && u.positions[0].averageEntryPrice == 65000)
        #expect(u.positions[0].unrealizedPnL == money("-0.00000019"))
        #expect(u.balances[0].balance == money("1.00000384"))
    }

    @Test func coinmCanceled() throws {
        let u = try inverse.decode(try WireFixture.data("coinm-aop-06-order-canceled"))
        let r = u.orders[0].report
        #expect(r.kind == .canceled && r.side == .sell && r.price == dec("65010") && r.orderQuantity == 500)
        #expect(r.fill == nil)
    }

    @Test func coinmUnknownSymbolIsRowErrorNotTrap() throws {
        let d = PrivateStreamDecoder(kind: .inverse)
        let u = try d.decode(try WireFixture.data("coinm-aop-05-order-filled"))
        #expect(u.orders.isEmpty && u.positions.isEmpty)
        #expect(u.rowErrors.contains(.unknownInstrument("BTCUSD")))
    }

    @Test func snapshotKeepsOnlyOpenOrdersAsStatus() throws {
        let u = try linear.decode(try WireFixture.data("wire-usdtm-aop-snapshot-with-history"))
        #expect(u.orders.map(\.report.kind) == [.status, .status])
        #expect(u.orders.map(\.report.status) == [.new, .partiallyFilled])
        #expect(u.snapshotHistoricalFills.map(\.fill?.executionID) == ["e-hist-1"])
        #expect(u.ignoredOrderRows == 1)
    }

    @Test func missingArraysAreEmptyAndOtherKindsClassified() throws {
        let u = try linear.decode(try WireFixture.data("wire-usdtm-aop-event-kinds"))
        #expect(u.positions.isEmpty && u.balances.isEmpty && u.rowErrors.isEmpty)
        #expect(u.orders.map(\.report.kind) == [.replaced, .triggered, .canceled, .accepted, .status])
        #expect(u.orders[2].report.reason == "cxlRejReason 101 CE_WILLCROSS")
        #expect(u.orders[3].report.status == .untriggered)
        #expect(u.orders[4].timeInForceRaw == "GoodTillModify")
        #expect(u.orders[4].report.status == .new)
        #expect(u.orders[4].report.reason == "unknown ordStatus \"Frozen\"")
    }

    @Test func malformedFramesThrowTyped() {
        #expect(throws: PhemexWireError.self) { try linear.decode("") }
        #expect(throws: PhemexWireError.self) { try linear.decode("{\"orders_p\":") }
        #expect(throws: PhemexWireError.self) { try linear.decode("{\"foo\":1}") }
        #expect(throws: PhemexWireError.self) { try linear.decode("[1,2]") }
        #expect(throws: PhemexWireError.self) { try linear.decode("{\"orders_p\":5}") }
        #expect(throws: PhemexWireError.self) { try linear.decode(Array<UInt8>([0xFF, 0x00, 0x7B])) }
    }

    @Test func badRowsAreReportedNotFatal() throws {
        let text = #"{"orders_p":[{"symbol":"BTCUSDT","side":"Up","ordStatus":"New"},{"symbol":"BTCUSDT","side":"Buy","ordStatus":"New","orderQty":"NaN"}],"positions_p":[{"symbol":"BTCUSDT","side":"Buy","size":"1e5"}],"accounts_p":[{"currency":"USDT"}],"type":"incremental"}"#
        let u = try linear.decode(text)
        #expect(u.orders.isEmpty && u.positions.isEmpty && u.balances.isEmpty)
        #expect(u.rowErrors.count == 4)
        #expect(u.rowErrors[0] == .invalidValue(field: "orders_p[0].side", value: "Up"))
        #expect(u.rowErrors[1] == .invalidNumber(field: "orders_p[1].orderQty", text: "NaN"))
    }
}
