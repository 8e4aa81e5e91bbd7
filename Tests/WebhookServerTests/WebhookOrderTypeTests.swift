import MarketCore
import Testing
import WebhookServer

extension WebhookLoopbackSuites {
/// Each order type and each quantity type through the HTTP endpoint and the order tracker.
@Suite struct WebhookOrderTypeTests {
    typealias H = Harness

    @Test func marketOrder() async throws {
        try await withServer { h in
            let a = try await h.post(H.payload(["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "0.01"]))
            #expect(a.status == 200)
            #expect(a.reply.status == "accepted")
            #expect(a.reply.orderType == "Market")
            #expect(a.reply.side == "Buy")
            #expect(a.reply.quantity == "0.01")
            #expect(a.reply.price == nil && a.reply.stopPrice == nil)
            let sent = await h.sink.sent
            try #require(sent.count == 1)
            #expect(a.reply.clOrdID == sent[0].clientOrderID.value)
            #expect(sent[0].type == .market)
            #expect(sent[0].timeInForce == .immediateOrCancel)
            #expect(sent[0].quantity == Quantity("0.01")!)
        }
    }

    @Test func limitOrderPriceRoundedPassively() async throws {
        try await withServer { h in
            let buy = try await h.post(
                H.payload(["symbol": #""btcusdt""#, "action": #""BUY""#, "quantity": "0.01", "limit_price": "64500.07"]))
            #expect(buy.status == 200)
            #expect(buy.reply.orderType == "Limit")
            #expect(buy.reply.price == "64500")
            #expect(buy.reply.symbol == "BTCUSDT")
            let sell = try await h.post(
                H.payload(["symbol": #""BTCUSDT""#, "action": #""Sell""#, "quantity": "0.01", "limit_price": #""65500.01""#]))
            #expect(sell.status == 200)
            #expect(sell.reply.price == "65500.1")
            let sent = await h.sink.sent
            #expect(sent.map(\.type) == [.limit, .limit])
            #expect(sent.map(\.timeInForce) == [.goodTillCancel, .goodTillCancel])
            #expect(sent.map(\.price) == [Price("64500")!, Price("65500.1")!])
        }
    }

    @Test func stopOrder() async throws {
        try await withServer { h in
            let a = try await h.post(
                H.payload(["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "0.01", "stop_price": "66000.05"]))
            #expect(a.status == 200)
            #expect(a.reply.orderType == "Stop")
            #expect(a.reply.stopPrice == "66000.1")  // a buy stop never triggers earlier than asked
            #expect(a.reply.price == nil)
            let sent = await h.sink.sent
            try #require(sent.count == 1)
            #expect(sent[0].type == .stop)
            #expect(sent[0].stopPrice == Price("66000.1")!)
            #expect(sent[0].trigger == .lastPrice)
        }
    }

    @Test func stopLimitOrder() async throws {
        try await withServer { h in
            let a = try await h.post(
                H.payload([
                    "symbol": #""BTCUSDT""#, "action": #""sell""#, "quantity": "0.01", "stop_price": "64000.04",
                    "limit_price": "63900.05",
                ]))
            #expect(a.status == 200)
            #expect(a.reply.orderType == "StopLimit")
            #expect(a.reply.stopPrice == "64000")
            #expect(a.reply.price == "63900.1")
            let sent = await h.sink.sent
            try #require(sent.count == 1)
            #expect(sent[0].type == .stopLimit)
            #expect(sent[0].side == .sell)
        }
    }

    @Test func fixedQuantityRoundsDownToStep() async throws {
        try await withServer { h in
            let a = try await h.post(H.payload(["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": #""0.0157""#]))
            #expect(a.status == 200)
            #expect(a.reply.quantity == "0.015")
        }
    }

    @Test func omittedQuantityIsOneContract() async throws {
        try await withServer { h in
            let a = try await h.post(H.payload(["symbol": #""BTCUSD""#, "action": #""buy""#]))
            #expect(a.status == 200)
            #expect(a.reply.quantity == "1")
        }
    }

    @Test func cashLinearDividesByPrice() async throws {
        try await withServer { h in
            // 1000 USDT / 65000 = 0.01538… → 0.015 BTC
            let a = try await h.post(
                H.payload(["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "1000", "quantity_type": #""cash""#]))
            #expect(a.status == 200)
            #expect(a.reply.quantity == "0.015")
        }
    }

    @Test func cashInverseIsContracts() async throws {
        try await withServer { h in
            // 1300.7 USD at 1 USD per contract → 1300 contracts
            let a = try await h.post(
                H.payload(["symbol": #""BTCUSD""#, "action": #""sell""#, "quantity": "1300.7", "quantity_type": #""CASH""#]))
            #expect(a.status == 200)
            #expect(a.reply.quantity == "1300")
        }
    }

    @Test func percentOfEquityLinear() async throws {
        try await withServer { h in
            // 1 % of 100000 USDT = 1000 USDT → 0.015 BTC at 65000
            let a = try await h.post(
                H.payload([
                    "symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "1", "quantity_type": #""percent_of_equity""#,
                ]))
            #expect(a.status == 200)
            #expect(a.reply.quantity == "0.015")
        }
    }

    @Test func percentOfEquityInverse() async throws {
        try await withServer { h in
            // 1 % of 2 BTC = 0.02 BTC × 65000 = 1300 USD → 1300 contracts
            let a = try await h.post(
                H.payload([
                    "symbol": #""BTCUSD""#, "action": #""buy""#, "quantity": "1", "quantity_type": #""percent_of_equity""#,
                ]))
            #expect(a.status == 200)
            #expect(a.reply.quantity == "1300")
        }
    }

    @Test func cashRoundingToZeroIsInvalid() async throws {
        try await withServer { h in
            // 10 USDT / 65000 = 0.00015 BTC → 0 at step 0.001
            let a = try await h.post(
                H.payload(["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "10", "quantity_type": #""cash""#]))
            #expect(a.status == 400)
            #expect(a.reply.status == "invalid")
            #expect(a.reply.field == "quantity")
            #expect(a.reply.reason?.contains("rounds to zero") == true)
            #expect(await h.sink.sent.isEmpty)
        }
    }

    @Test func noMarketDataIs503() async throws {
        try await withServer { h in
            let a = try await h.post(H.payload(["symbol": #""ETHUSDT""#, "action": #""buy""#, "quantity": "1"]))
            #expect(a.status == 503)
            #expect(a.reply.status == "unavailable")
            #expect(await h.sink.requestIDs.isEmpty)
        }
    }
}
}
