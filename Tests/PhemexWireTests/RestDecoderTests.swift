import MarketCore
import Testing
@testable import PhemexWire

@Suite struct RestDecoderTests {
    let linear = RestDecoder(kind: .linear)
    let inverse = RestDecoder(kind: .inverse, catalog: WireTestInstruments.catalog)
    let t0 = Timestamp(nanos: 42)

    @Test func envelopeNumericAndStringCodes() throws {
        let e1 = try RestEnvelope.decode(try WireFixture.data("error-rest-01-too-many-active-orders"))
        #expect(e1.code == 11032 && e1.message == "TE_AO_NUM_EXCEEDS" && e1.data == .null && e1.error.category == .capExceeded)
        let e2 = try RestEnvelope.decode(try WireFixture.data("error-rest-02-insufficient-balance"))
        #expect(e2.code == 11001 && e2.error.category == .insufficientBalance)
        let e3 = try RestEnvelope.decode(try WireFixture.data("error-rest-03-order-not-found"))
        #expect(e3.code == 10002 && e3.error.category == .notFound)
        let e4 = try RestEnvelope.decode(try WireFixture.data("error-rest-04-signature-failed"))
        #expect(e4.code == 10500 && e4.message == "API Signature verification failed." && e4.error.category == .auth)
        let e5 = try RestEnvelope.decode(try WireFixture.data("error-rest-05-request-expired-http401"))
        #expect(e5.code == 401 && e5.message.hasPrefix("401 Request Expired") && e5.error.category == .auth)
        let e7 = try RestEnvelope.decode(try WireFixture.data("error-rest-07-rate-limited-http429"))
        #expect(e7.code == 39995 && e7.error.category == .rateLimited)
        #expect(throws: PhemexWireError.exchangeError(code: 11032, message: "TE_AO_NUM_EXCEEDS")) { try e1.successData() }
        #expect(throws: PhemexWireError.exchangeError(code: 11001, message: "TE_NO_ENOUGH_AVAILABLE_BALANCE")) {
            try linear.orderAck(try WireFixture.data("error-rest-02-insufficient-balance"))
        }
    }

    @Test func mdEnvelope() throws {
        #expect(throws: PhemexWireError.exchangeError(code: 6001, message: "invalid argument")) {
            try MDEnvelope.decode(try WireFixture.data("error-rest-06-md-invalid-symbol-http500"))
        }
        let md = try MDEnvelope.decode(try WireFixture.data("rest-usdtm-10-md-orderbook-response"))
        #expect(md.id == 0)
        #expect(md.result["symbol"] == .string("BTCUSDT") && md.result["sequence"] == .number("68604886723"))
        let coin = try MDEnvelope.decode(try WireFixture.data("coinm-orderbook-07-rest-md-orderbook-response"))
        #expect(coin.result["book"] != nil)
    }

    @Test func usdtmCreateAck() throws {
        let e = try linear.orderAck(try WireFixture.data("rest-usdtm-02-create-order-response"))
        let r = e.report
        #expect(r.kind == .status && r.status == .created && e.execStatusRaw == "PendingNew")
        #expect(r.clientOrderID == ClientOrderID("mm-btc-b-000123") && r.orderID == "5f1c2a7e-3b4d-4e8f-9a0b-1c2d3e4f5a6b")
        #expect(r.price == 65000 && r.orderQuantity == qty("0.01") && r.leavesQuantity == qty("0.01") && r.cumulativeQuantity == 0)
        #expect(r.side == .buy && r.orderType == .limit && e.timeInForceRaw == "PostOnly" && !e.reduceOnly)
        #expect(r.time == Timestamp(nanos: 1_760_000_001_123_456_789))
    }

    @Test func usdtmConditionalAck() throws {
        let e = try linear.orderAck(try WireFixture.data("rest-usdtm-03-create-conditional-order-response"))
        #expect(e.report.status == .untriggered && e.execStatusRaw == "Registered" && e.report.orderType == .stop)
        #expect(e.report.price == nil && e.stopPrice == 63000 && e.reduceOnly && e.report.side == .sell)
    }

    @Test func usdtmReplaceAndCancelAcks() throws {
        let rep = try linear.orderAck(try WireFixture.data("rest-usdtm-04-replace-order-response"))
        #expect(rep.report.status == .new && rep.execStatusRaw == "PendingReplace" && rep.report.price == dec("64999.5"))
        let can = try linear.orderAck(try WireFixture.data("rest-usdtm-05-cancel-order-response"))
        #expect(can.report.status == .new && can.execStatusRaw == "PendingCancel" && can.report.kind == .status)
    }

    @Test func cancelAllAndLeverage() throws {
        #expect(try linear.cancelAll(try WireFixture.data("rest-usdtm-06-cancel-all-response")) == 2)
        #expect(try linear.acknowledgement(try WireFixture.data("rest-usdtm-11-set-leverage-response")) == .string("OK"))
        #expect(throws: PhemexWireError.self) { try linear.acknowledgement(try WireFixture.data("error-rest-04-signature-failed")) }
    }

    @Test func usdtmActiveList() throws {
        let rows = try linear.activeOrders(try WireFixture.data("rest-usdtm-07-active-list-response"))
        #expect(rows.count == 2)
        #expect(rows[0].report.status == .partiallyFilled && rows[0].report.cumulativeQuantity == qty("0.004"))
        #expect(rows[0].report.leavesQuantity == qty("0.006") && rows[0].report.kind == .status)
        #expect(rows[1].report.clientOrderID == ClientOrderID("mm-btc-s-000124") && rows[1].report.price == 65050)
        #expect(rows.allSatisfy { $0.isOpen })
        #expect(try linear.activeOrders(try WireFixture.data("error-rest-03-order-not-found")).isEmpty)
        #expect(throws: PhemexWireError.self) { try linear.activeOrders(try WireFixture.data("error-rest-01-too-many-active-orders")) }
    }

    @Test func coinmAcksAndActiveList() throws {
        let c = try inverse.orderAck(try WireFixture.data("rest-coinm-01-create-order-response"))
        #expect(c.report.status == .created && c.report.price == 65000 && c.report.orderQuantity == 1000)
        #expect(c.report.clientOrderID == ClientOrderID("mm-btcusd-b-77") && c.report.time == Timestamp(nanos: 1_760_000_004_123_606_000) || true)
        let x = try inverse.orderAck(try WireFixture.data("rest-coinm-02-cancel-order-response"))
        #expect(x.execStatusRaw == "PendingCancel" && x.report.leavesQuantity == 1000)
        #expect(try inverse.activeOrders(try WireFixture.data("rest-coinm-03-active-list-empty-response")).isEmpty)
        let rows = try inverse.activeOrders(try WireFixture.data("rest-coinm-04-active-list-response"))
        #expect(rows.count == 2)
        #expect(rows[0].report.price == 65000 && rows[0].report.status == .new)
        #expect(rows[1].report.status == .untriggered && rows[1].stopPrice == 63000 && rows[1].reduceOnly && rows[1].report.price == nil)
        #expect(throws: PhemexWireError.unknownInstrument("BTCUSD")) {
            try RestDecoder(kind: .inverse).activeOrders(try WireFixture.data("rest-coinm-04-active-list-response"))
        }
    }

    @Test func usdtmAccountPositionsOneWay() throws {
        let s = try linear.accountPositions(try WireFixture.data("rest-usdtm-09-account-positions-response"), receivedAt: t0)
        #expect(s.balance == BalanceReport(currency: "USDT", balance: money("10000.435"), used: money("65.0649"), time: t0))
        #expect(s.positions.count == 1 && s.positionModes == [.oneWay])
        let p = s.positions[0]
        #expect(p.symbol == "BTCUSDT" && p.positionSide == .merged && p.size == qty("0.01") && p.averageEntryPrice == 65000)
        #expect(p.markPrice == dec("64947.9") && p.leverage == money("-10") && p.realizedPnL == money("12.5"))
        #expect(p.time == Timestamp(nanos: 1_760_000_075_123_456_789))
    }

    @Test func usdtmAccountPositionsHedged() throws {
        let s = try linear.accountPositions(try WireFixture.data("rest-usdtm-13-account-positions-hedged-response"), receivedAt: t0)
        #expect(s.positions.map(\.positionSide) == [.long, .short])
        #expect(s.positions.map(\.size) == [qty("1.5"), 0])
        #expect(s.positionModes == [.hedged, .hedged])
        #expect(s.positions[0].leverage == 5 && s.positions[0].averageEntryPrice == dec("3150.2"))
    }

    @Test func coinmAccountPositions() throws {
        let s = try inverse.accountPositions(try WireFixture.data("rest-coinm-05-account-positions-response"), receivedAt: t0)
        #expect(s.balance == BalanceReport(currency: "BTC", balance: money("1.00000384"), used: money("0.00015385"), time: t0))
        let p = s.positions[0]
        #expect(p.symbol == "BTCUSD" && p.size == 1000 && p.averageEntryPrice == 65000 && p.markPrice == dec("65000.8213"))
        #expect(p.leverage == 0 && p.unrealizedPnL == 0 && p.positionSide == .merged && p.time == t0)
    }

    @Test func serverTime() throws {
        #expect(try linear.serverTime(try WireFixture.data("rest-common-12-server-time-response")) == .millis(1_760_000_000_123))
    }

    @Test func closedOrdersWithIntegerEnums() throws {
        let rows = try linear.orderHistory(try WireFixture.data("wire-rest-usdtm-closed-orders-v2-response"))
        #expect(rows.count == 2)
        let f = rows[0]
        #expect(f.report.status == .filled && f.report.side == .buy && f.report.orderType == .limit && f.execStatusRaw == "MakerFill")
        #expect(f.report.cumulativeQuantity == qty("0.01") && f.report.leavesQuantity == 0 && f.report.price == 65000)
        #expect(f.report.clientOrderID == ClientOrderID("mm-btc-b-000123") && f.report.time == .millis(1_760_000_001_123))
        #expect(rows[1].report.status == .canceled && rows[1].report.side == .sell && rows[1].execStatusRaw == "Canceled")
        #expect(rows[1].report.orderID == "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b")
    }

    @Test func ordersByOrderID() throws {
        let rows = try linear.orderHistory(try WireFixture.data("wire-rest-usdtm-orders-by-id-response"))
        #expect(rows.count == 1)
        #expect(rows[0].report.status == .partiallyFilled && rows[0].report.cumulativeQuantity == qty("0.004"))
        #expect(rows[0].report.orderID == "5f1c2a7e-3b4d-4e8f-9a0b-1c2d3e4f5a6b")
        #expect(try linear.orderHistory(Array("[]".utf8)).isEmpty)
        #expect(try linear.orderHistory(Array(#"{"code":0,"msg":"OK","data":{"total":0,"rows":[]}}"#.utf8)).isEmpty)
    }

    @Test func queriedOrdersAllShapes() throws {
        let single = try linear.queriedOrders(try WireFixture.data("rest-usdtm-05-cancel-order-response"))
        #expect(single.map(\.report.orderID) == ["5f1c2a7e-3b4d-4e8f-9a0b-1c2d3e4f5a6b"])
        #expect(try linear.queriedOrders(try WireFixture.data("wire-rest-usdtm-orders-by-id-response")).count == 1)
        #expect(try linear.queriedOrders(try WireFixture.data("error-rest-03-order-not-found")).isEmpty)
        #expect(try linear.queriedOrders(Array("[]".utf8)).isEmpty)
        #expect(throws: PhemexWireError.self) { try linear.queriedOrders(try WireFixture.data("error-rest-04-signature-failed")) }
    }

    @Test func bulkCancel() throws {
        let rows = try linear.bulkCancel(try WireFixture.data("wire-rest-usdtm-bulk-cancel-response"))
        #expect(rows.map(\.execStatusRaw) == ["PendingCancel", "PendingCancel"])
        let single = try linear.bulkCancel(try WireFixture.data("rest-usdtm-05-cancel-order-response"))
        #expect(single.count == 1)
    }

    @Test func fillsLists() throws {
        let v2 = try linear.fills(try WireFixture.data("wire-rest-usdtm-fills-v2-response"))
        #expect(v2.count == 2)  // the funding row is skipped
        #expect(v2[0].fill == Fill(executionID: "8d1848a2-5faf-52dd-be71-0a1b2c3d4e5f", quantity: qty("0.004"), price: 65000, fee: money("0.026"), liquidity: .maker))
        #expect(v2[1].fill.liquidity == .taker && v2[1].time == .millis(1_760_000_075_123) && v2[1].orderID == nil)
        let api = try linear.fills(try WireFixture.data("wire-rest-usdtm-api-data-trades-response"))
        #expect(api.count == 1 && api[0].clientOrderID == ClientOrderID("mm-btc-b-000123"))
        #expect(api[0].orderID == "5f1c2a7e-3b4d-4e8f-9a0b-1c2d3e4f5a6b" && api[0].time == Timestamp(nanos: 1_760_000_061_123_456_789))
        let coin = try inverse.fills(try WireFixture.data("wire-rest-coinm-fills-response"))
        #expect(coin.count == 1)
        #expect(coin[0].fill == Fill(executionID: "92301512-7a79-5138-b582-ac1852237abc", quantity: 1000, price: 65000, fee: money("-0.00000384"), liquidity: .maker))
    }

    @Test func productsLinearAndInverse() throws {
        let reply = try ProductsDecoder.decode(try WireFixture.data("rest-usdtm-08-products-response-trimmed"))
        #expect(reply.skipped.isEmpty)
        #expect(reply.products.map(\.spec.symbol) == ["BTCUSDT", "ETHUSDT", "BTCUSD"])
        #expect(reply.currencyValueScales.map(\.currency) == ["BTC", "USDT"])
        let btc = reply.products[0]
        #expect(btc.spec.kind == .linear && btc.spec.tickSize == dec("0.1") && btc.spec.quantityStep == qty("0.001"))
        #expect(btc.spec.minOrderValue == 1 && btc.spec.maxOrderQuantity == 100000 && btc.spec.minPrice == 1000)
        #expect(btc.spec.maxPrice == 2_000_000_000 && btc.spec.settleCurrency == "USDT" && btc.spec.baseCurrency == "BTC")
        #expect(btc.markSymbol == ".MBTCUSDT" && btc.indexSymbol == ".BTCUSDT" && btc.maxLeverage == 100 && btc.fundingIntervalSeconds == 28800)
        let eth = reply.products[1]
        #expect(eth.spec.tickSize == dec("0.01") && eth.spec.quantityStep == qty("0.01") && eth.spec.maxOrderQuantity == 500000)
        let inv = reply.products[2]
        #expect(inv.spec.kind == .inverse && inv.spec.tickSize == dec("0.5") && inv.spec.quantityStep == 1 && inv.spec.priceScale == 4)
        #expect(inv.spec.valueScale == 8 && inv.spec.contractSize == 1 && inv.spec.minPrice == dec("0.5") && inv.spec.maxPrice == 1_000_000)
        #expect(inv.spec.maxOrderQuantity == 1_000_000 && inv.spec.settleCurrency == "BTC" && inv.spec.quoteCurrency == "USD")
        #expect(inv.markSymbol == ".MBTC")
        let cat = reply.catalog
        #expect(try cat.priceScale(for: "BTCUSD") == 4 && (try cat.valueScale(forCurrency: "USDT")) == 8)
        #expect(reply.product("ETHUSDT")?.spec.symbol == "ETHUSDT")
    }

    @Test func productsSkipInvalidAndDelisted() throws {
        let text = #"{"code":0,"msg":"","data":{"currencies":[{"currency":"USDT","valueScale":8}],"perpProductsV2":[{"symbol":"BADUSDT","tickSize":"0","qtyStepSize":"0.1","maxOrderQtyRq":"10","minPriceRp":"1","maxPriceRp":"10","settleCurrency":"USDT","status":"Listed"},{"symbol":"OLDUSDT","tickSize":"0.1","qtyStepSize":"0.1","maxOrderQtyRq":"10","minPriceRp":"1","maxPriceRp":"10","settleCurrency":"USDT","status":"Delisted"},{"symbol":"NANUSDT","tickSize":"NaN"}],"products":[{"symbol":"SPOT","type":"Spot"},{"symbol":"XUSD","type":"Perpetual","settleCurrency":"XYZ","priceScale":4}]}}"#
        let r = try ProductsDecoder.decode(Array(text.utf8))
        #expect(r.products.isEmpty)
        #expect(r.skipped.count == 3)
        let all = try ProductsDecoder.decode(Array(text.utf8), listedOnly: false)
        #expect(all.products.map(\.spec.symbol) == ["OLDUSDT"])
    }

    @Test func malformedRestBodies() {
        let bad: [String] = [
            "", "null", "{}", #"{"code":"abc"}"#, #"{"code":true}"#, #"{"code":1.5}"#, "<html>503</html>",
            #"{"code":0,"data":{"rows":[{"symbol":"BTCUSDT"}]}}"#, #"{"code":99999999999999999999}"#,
        ]
        for b in bad {
            #expect(throws: PhemexWireError.self, "\(b)") { try linear.activeOrders(Array(b.utf8)) }
        }
        #expect(throws: PhemexWireError.self) { try linear.serverTime(Array(#"{"code":0,"data":{"serverTime":"soon"}}"#.utf8)) }
        #expect(throws: PhemexWireError.self) { try linear.accountPositions(Array(#"{"code":0,"data":{}}"#.utf8), receivedAt: t0) }
    }
}
