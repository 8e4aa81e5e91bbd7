import MarketCore
import Testing
@testable import PhemexWire

@Suite struct RequestBuilderTests {
    let b = PhemexRequestBuilder(catalog: WireTestInstruments.catalog)
    let id = ClientOrderID("mm-btc-b-000123")!

    func order(_ symbol: Symbol = "BTCUSDT", price: String = "65000", qty q: String = "0.01") -> OrderRequest {
        OrderRequest(clientOrderID: id, symbol: symbol, side: .buy, price: dec(price), quantity: qty(q))
    }

    @Test func createPutMatchesDocumentedQuery() throws {
        let r = try b.build(.place(order()))
        #expect(r.method == .put && r.path == "/g-orders/create" && r.body.isEmpty && r.requiresAuth && r.isOrderWrite)
        #expect(
            r.query
                == "clOrdID=mm-btc-b-000123&symbol=BTCUSDT&side=Buy&posSide=Merged&ordType=Limit&timeInForce=PostOnly&reduceOnly=false&orderQtyRq=0.01&priceRp=65000"
        )
        #expect(r.rateLimitGroup == .contract && r.weight == 1)
        #expect(r.pathAndQuery.hasPrefix("/g-orders/create?clOrdID="))
    }

    @Test func createPostBodyMatchesFixtureBytes() throws {
        var post = b
        post.createStyle = .postBody
        let r = try post.create(order())
        #expect(r.method == .post && r.path == "/g-orders" && r.query.isEmpty && r.contentType == "application/json")
        let fixture = try WireFixture.json("rest-usdtm-01-create-order-request-body")
        #expect(try JSONValue.parse(r.body) == fixture)
        #expect(
            r.bodyText
                == #"{"symbol":"BTCUSDT","clOrdID":"mm-btc-b-000123","side":"Buy","posSide":"Merged","ordType":"Limit","timeInForce":"PostOnly","priceRp":"65000","orderQtyRq":"0.01","reduceOnly":false}"#
        )
        let signer = PhemexSigner(credentials: APICredentials(apiKey: "k", secret: "TESTSECRET-not-a-real-key"))
        #expect(
            signer.sign(r, expiry: 1_700_000_060)
                == signer.restSignature(path: "/g-orders", query: "", expiry: 1_700_000_060, body: Array(r.bodyText.utf8)))
    }

    @Test func coinmCreateUsesScaledIntegers() throws {
        let o = OrderRequest(
            clientOrderID: ClientOrderID("mm-btcusd-b-77")!, symbol: "BTCUSD", side: .buy, timeInForce: .goodTillCancel,
            price: 65000, quantity: 1000)
        let r = try b.create(o)
        #expect(r.method == .put && r.path == "/orders/create")
        #expect(
            r.query
                == "clOrdID=mm-btcusd-b-77&symbol=BTCUSD&side=Buy&ordType=Limit&timeInForce=GoodTillCancel&reduceOnly=false&orderQty=1000&priceEp=650000000"
        )
        var post = b
        post.createStyle = .postBody
        #expect(
            try post.create(o).bodyText
                == #"{"symbol":"BTCUSD","clOrdID":"mm-btcusd-b-77","side":"Buy","priceEp":650000000,"orderQty":1000,"ordType":"Limit","reduceOnly":false,"timeInForce":"GoodTillCancel"}"#
        )
        var frac = o
        frac.quantity = qty("1.5")
        #expect(throws: PhemexWireError.self) { try b.create(frac) }
        var offScale = o
        offScale.price = dec("65000.00001")
        #expect(throws: PhemexWireError.self) { try b.create(offScale) }
    }

    @Test func marketAndStopOrders() throws {
        let m = OrderRequest(clientOrderID: id, symbol: "BTCUSDT", side: .sell, type: .market, price: nil, quantity: qty("0.002"), reduceOnly: true)
        #expect(
            try b.create(m).query
                == "clOrdID=mm-btc-b-000123&symbol=BTCUSDT&side=Sell&posSide=Merged&ordType=Market&timeInForce=ImmediateOrCancel&reduceOnly=true&orderQtyRq=0.002"
        )
        let st = OrderRequest(
            clientOrderID: id, symbol: "BTCUSDT", side: .sell, type: .stopLimit, timeInForce: .goodTillCancel, price: 62990,
            stopPrice: 63000, quantity: qty("0.01"), positionSide: .long, trigger: .lastPrice)
        #expect(
            try b.create(st).query
                == "clOrdID=mm-btc-b-000123&symbol=BTCUSDT&side=Sell&posSide=Long&ordType=StopLimit&timeInForce=GoodTillCancel&reduceOnly=false&orderQtyRq=0.01&priceRp=62990&stopPxRp=63000&triggerType=ByLastPrice"
        )
        var noPrice = order()
        noPrice.price = nil
        #expect(throws: PhemexWireError.self) { try b.create(noPrice) }
        #expect(throws: PhemexWireError.self) { try b.create(order(qty: "0")) }
        #expect(throws: PhemexWireError.unknownInstrument("XYZUSDT")) { try b.create(order("XYZUSDT")) }
    }

    @Test func amendCancelBulk() throws {
        let a = try b.build(.amend(clientOrderID: id, symbol: "BTCUSDT", positionSide: .merged, price: dec("64999.5"), quantity: nil))
        #expect(a.method == .put && a.path == "/g-orders/replace")
        #expect(a.query == "symbol=BTCUSDT&origClOrdID=mm-btc-b-000123&posSide=Merged&priceRp=64999.5")
        let ai = try b.replace(clientOrderID: id, symbol: "BTCUSD", price: dec("64999.5"), quantity: 2000)
        #expect(ai.path == "/orders/replace" && ai.query == "symbol=BTCUSD&origClOrdID=mm-btc-b-000123&priceEp=649995000&orderQty=2000")
        #expect(throws: PhemexWireError.self) { try b.replace(clientOrderID: id, symbol: "BTCUSDT", price: nil, quantity: nil) }

        let c = try b.build(.cancel(clientOrderID: id, symbol: "BTCUSDT", positionSide: .merged))
        #expect(c.method == .delete && c.path == "/g-orders/cancel" && c.query == "clOrdID=mm-btc-b-000123&symbol=BTCUSDT&posSide=Merged")
        #expect(try b.cancel(clientOrderID: id, symbol: "BTCUSD").query == "clOrdID=mm-btc-b-000123&symbol=BTCUSD")

        let ids = [id, ClientOrderID("mm-btc-s-000124")!]
        let bulk = try b.build(.cancelBulk(clientOrderIDs: ids, symbol: "BTCUSDT", positionSide: .merged))
        #expect(bulk.method == .delete && bulk.path == "/g-orders")
        #expect(bulk.query == "symbol=BTCUSDT&clOrdID=mm-btc-b-000123,mm-btc-s-000124&posSide=Merged")
        #expect(try b.bulkCancel(clientOrderIDs: ids, symbol: "BTCUSD").path == "/orders")
        #expect(throws: PhemexWireError.self) { try b.bulkCancel(clientOrderIDs: [], symbol: "BTCUSDT") }
        let many = (0..<21).map { ClientOrderID("id-\($0)")! }
        #expect(throws: PhemexWireError.self) { try b.bulkCancel(clientOrderIDs: many, symbol: "BTCUSDT") }

        let all = try b.cancelAll(symbol: "BTCUSDT", untriggered: true, text: "operator")
        #expect(all.path == "/g-orders/all" && all.query == "symbol=BTCUSDT&untriggered=true&text=operator" && all.weight == 3)
        #expect(try b.cancelAll(symbol: "BTCUSD").path == "/orders/all")
    }

    @Test func readEndpoints() throws {
        let al = try b.build(.fetchOpenOrders(symbol: "BTCUSDT"))
        #expect(al.method == .get && al.path == "/g-orders/activeList" && al.query == "symbol=BTCUSDT" && !al.isOrderWrite)
        #expect(try b.activeList(symbol: "BTCUSD").path == "/orders/activeList")

        let q = try b.build(.queryOrder(clientOrderID: id, symbol: "BTCUSDT"))
        #expect(q.path == "/g-orders/active" && q.query == "symbol=BTCUSDT&clOrdID=mm-btc-b-000123" && q.rateLimitGroup == .contract)
        var alt = b
        alt.queryOrderStyle = .activeOrder(idParam: "clOrdId")
        #expect(try alt.queryOrder(clientOrderID: id, symbol: "BTCUSDT").query == "symbol=BTCUSDT&clOrdId=mm-btc-b-000123")
        alt.queryOrderStyle = .ordersByOrderID
        let byID = try alt.queryOrder(clientOrderID: id, symbol: "BTCUSDT")
        #expect(byID.path == "/api-data/g-futures/orders/by-order-id" && byID.query == "symbol=BTCUSDT&clOrdID=mm-btc-b-000123")
        #expect(byID.rateLimitGroup == .others)
        #expect(try alt.queryOrder(clientOrderID: id, symbol: "BTCUSD").path == "/exchange/order")

        let p = try b.build(.fetchPositions(currency: "USDT"))
        #expect(p.path == "/g-accounts/accountPositions" && p.query == "currency=USDT" && p.weight == 1)
        #expect(b.accountPositions(currency: "BTC").path == "/accounts/accountPositions")
        #expect(b.accountPositions(currency: "USDT", symbol: "BTCUSDT").query == "currency=USDT&symbol=BTCUSDT")

        let co = try b.closedOrders(symbol: "BTCUSDT", start: .millis(1000), end: .millis(2000), limit: 500)
        #expect(co.path == "/exchange/order/v2/orderList")
        #expect(co.query == "symbol=BTCUSDT&currency=USDT&start=1000&end=2000&offset=0&limit=200&withCount=true")
        #expect(try b.closedOrders(symbol: "BTCUSD").path == "/exchange/order/list")
        let fl = try b.fills(symbol: "BTCUSDT", offset: 200, limit: 50)
        #expect(fl.path == "/exchange/order/v2/tradingList" && fl.query == "symbol=BTCUSDT&currency=USDT&offset=200&limit=50&withCount=true")
        #expect(try b.fills(symbol: "BTCUSD").query == "symbol=BTCUSD&tradeType=Trade&offset=0&limit=200&withCount=true")
    }

    @Test func leverageModeProductsTime() throws {
        #expect(try b.setLeverage(symbol: "BTCUSDT", leverage: -10).query == "symbol=BTCUSDT&leverageRr=-10")
        #expect(
            try b.setLeverage(symbol: "BTCUSDT", leverage: nil, longLeverage: 5, shortLeverage: 5).query
                == "symbol=BTCUSDT&longLeverageRr=5&shortLeverageRr=5")
        let inv = try b.setLeverage(symbol: "BTCUSD", leverage: 10)
        #expect(inv.path == "/positions/leverage" && inv.query == "symbol=BTCUSD&leverageEr=1000000000")
        let sw = try b.switchPositionMode(symbol: "BTCUSDT", mode: .hedged)
        #expect(sw.method == .put && sw.path == "/g-positions/switch-pos-mode-sync" && sw.query == "symbol=BTCUSDT&targetPosMode=Hedged")
        #expect(throws: PhemexWireError.self) { try b.switchPositionMode(symbol: "BTCUSD", mode: .hedged) }
        let pr = PhemexRequestBuilder.products()
        #expect(pr.path == "/public/products" && !pr.requiresAuth && pr.rateLimitGroup == .others)
        #expect(PhemexRequestBuilder.serverTime().path == "/public/time")
    }

    @Test func endpointTableWeights() {
        #expect(PhemexEndpoint.positionsLinear.weight == 25 && PhemexEndpoint.positionsInverse.weight == 25)
        #expect(PhemexEndpoint.cancelAllLinear.weight == 3 && PhemexEndpoint.cancelAllInverse.weight == 3)
        #expect(PhemexEndpoint.closedOrdersLinear.rateLimitGroup == .others)
        for e in PhemexEndpoint.allCases {
            #expect(e.path.hasPrefix("/"), "\(e)")
            #expect(e.rawValue == e.method.rawValue + " " + e.path)
        }
    }

    @Test func queryEncoding() {
        #expect(QueryBuilder.encode("a b&c=d/é,~._-") == "a%20b%26c%3Dd%2F%C3%A9,~._-")
        var q = QueryBuilder()
        q.add("text", "x&y")
        q.add("n", Int64(-5))
        q.add("none", nil as String?)
        #expect(q.string == "text=x%26y&n=-5")
    }
}
