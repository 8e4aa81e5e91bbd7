import Foundation
import Testing
@testable import SimulatorServer
import MarketCore

@Suite("REST conformance", .serialized) struct RESTConformanceTests {
    @Test func signatureVectorsFromProtocol() {
        #expect(RequestAuth.sign(secret: testSecret, message: "/g-orders/activeListsymbol=BTCUSDT1700000060")
            == "2a9bf5379f612b85c2e63a56efcd53afefdc5b38287b78ceeb285635e42ec075")
        let body = #"{"symbol":"BTCUSDT","clOrdID":"mm-0001","side":"Buy","posSide":"Merged","ordType":"Limit","timeInForce":"PostOnly","priceRp":"65000.1","orderQtyRq":"0.005"}"#
        #expect(RequestAuth.sign(secret: testSecret, message: "/g-orders1700000060" + body)
            == "a13ca25b03b7b4f3ebd7770c9e57edfda4f5b653adddbdd12ee571967b9cedbe")
        #expect(RequestAuth.sign(secret: testSecret, message: "apikey-1234" + "1700000120")
            == "dec4b6a8ed5e5c5baa5fae1537094878c4569826b82ffd634ee7a7445426aed0")
    }

    @Test func publicEndpointsMatchSamples() async throws {
        try await withServer { _, port in
            let products = try await http(port, "GET", "/public/products")
            #expect(products.status == 200)
            let p = try #require(products.json)
            #expect(shapeMismatches(try sample("rest-usdtm-08-products-response-trimmed.json"), p)
                .filter { !$0.contains("riskLimits") && !$0.contains("description") }.isEmpty)
            #expect(products.header("x-ratelimit-remaining") != nil)
            #expect(products.header("x-ratelimit-capacity") == "100")

            let time = try await http(port, "GET", "/public/time")
            #expect(shapeMismatches(try sample("rest-common-12-server-time-response.json"), try #require(time.json)).isEmpty)

            let book = try await http(port, "GET", "/md/v2/orderbook", query: "symbol=BTCUSDT")
            let bj = try #require(book.json)
            #expect(shapeMismatches(try sample("rest-usdtm-10-md-orderbook-response.json"), bj).isEmpty)
            #expect(book.header("x-ratelimit-remaining") != nil)

            let cbook = try await http(port, "GET", "/md/orderbook", query: "symbol=BTCUSD")
            #expect(shapeMismatches(try sample("coinm-orderbook-07-rest-md-orderbook-response.json"), try #require(cbook.json)).isEmpty)

            let bad = try await http(port, "GET", "/md/v2/orderbook", query: "symbol=NOPE")
            #expect(bad.status == 500)
            #expect(shapeMismatches(try sample("error-rest-06-md-invalid-symbol-http500.json"), try #require(bad.json)).isEmpty)
            #expect(bad.json?["error"]?["code"]?.intValue == 6001)

            let trades = try await http(port, "GET", "/md/v2/trade", query: "symbol=BTCUSDT")
            #expect(trades.json?["result"]?["trades_p"]?.arrayValue != nil)

            let unknown = try await http(port, "GET", "/nothing/here")
            #expect(unknown.status == 403)
            #expect(unknown.header("x-ratelimit-remaining") != nil)
        }
    }

    @Test func signatureAcceptedTamperedRefusedExpiredRefused() async throws {
        try await withServer { _, port in
            let ok = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSDT", sign: true)
            #expect(ok.status == 200)
            #expect(ok.json?["code"]?.intValue == 10002)  // no open orders (PROTOCOL §10 choice)
            #expect(ok.header("x-ratelimit-remaining-CONTRACT") == "499")
            #expect(ok.header("x-ratelimit-capacity-CONTRACT") == "500")

            let tampered = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSDT", sign: true, tamper: true)
            #expect(tampered.status == 401)
            #expect(shapeMismatches(try sample("error-rest-04-signature-failed.json"), try #require(tampered.json)).isEmpty)
            #expect(tampered.json?["code"]?.intValue == 10500)

            let wrongSecret = try await http(port, "GET", "/g-accounts/accountPositions", query: "currency=USDT", sign: true, secret: "other")
            #expect(wrongSecret.json?["code"]?.intValue == 10500)

            let expired = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSDT", sign: true, expiry: 1_700_000_000)
            #expect(expired.status == 401)
            #expect(expired.json?["code"]?.stringValue == "401")
            #expect(expired.json?["msg"]?.stringValue == "401 Request Expired at 1700000000")

            let unsigned = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSDT")
            #expect(unsigned.status == 401)
            #expect(unsigned.json?["msg"]?.stringValue == "401 Miss Api Key.")

            let coinEmpty = try await http(port, "GET", "/orders/activeList", query: "symbol=BTCUSD", sign: true)
            #expect(shapeMismatches(try sample("rest-coinm-03-active-list-empty-response.json"), try #require(coinEmpty.json)).isEmpty)
        }
    }

    @Test func usdtmOrderLifecycleShapes() async throws {
        try await withServer { server, port in
            let book = try #require(await server.trueBook(symbol: "BTCUSDT"))
            let bid = try #require(book.bids.last).price - Price(500)
            let q = "clOrdID=t-1&symbol=BTCUSDT&side=Buy&posSide=Merged&ordType=Limit&timeInForce=PostOnly&orderQtyRq=0.01&priceRp=\(bid)"
            let create = try await http(port, "PUT", "/g-orders/create", query: q, sign: true)
            let cj = try #require(create.json)
            #expect(cj["code"]?.intValue == 0, "\(create.body)")
            #expect(shapeMismatches(try sample("rest-usdtm-02-create-order-response.json"), cj).isEmpty)
            #expect(cj["data"]?["ordStatus"]?.stringValue == "Created")
            #expect(cj["data"]?["execStatus"]?.stringValue == "PendingNew")

            let dup = try await http(port, "PUT", "/g-orders/create", query: q, sign: true)
            #expect(dup.json?["code"]?.intValue == 11085)

            // POST with a JSON body signs the body bytes.
            let body = #"{"symbol":"BTCUSDT","clOrdID":"t-2","side":"Buy","posSide":"Merged","ordType":"Limit","timeInForce":"PostOnly","priceRp":"\#(bid)","orderQtyRq":"0.005"}"#
            let post = try await http(port, "POST", "/g-orders", body: body, sign: true)
            #expect(post.json?["code"]?.intValue == 0, "\(post.body)")

            let list = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSDT", sign: true)
            let lj = try #require(list.json)
            #expect(lj["data"]?["rows"]?.arrayValue?.count == 2)
            #expect(shapeMismatches(try sample("rest-usdtm-07-active-list-response.json"), lj).isEmpty)

            let amend = try await http(port, "PUT", "/g-orders/replace",
                query: "symbol=BTCUSDT&origClOrdID=t-1&posSide=Merged&priceRp=\(bid - Price(1))", sign: true)
            #expect(shapeMismatches(try sample("rest-usdtm-04-replace-order-response.json"), try #require(amend.json)).isEmpty)

            let cancel = try await http(port, "DELETE", "/g-orders/cancel", query: "clOrdID=t-1&symbol=BTCUSDT&posSide=Merged", sign: true)
            let xj = try #require(cancel.json)
            #expect(shapeMismatches(try sample("rest-usdtm-05-cancel-order-response.json"), xj).isEmpty)
            #expect(xj["data"]?["execStatus"]?.stringValue == "PendingCancel")

            let unknown = try await http(port, "DELETE", "/g-orders/cancel", query: "clOrdID=nope&symbol=BTCUSDT&posSide=Merged", sign: true)
            #expect(shapeMismatches(try sample("error-rest-03-order-not-found.json"), try #require(unknown.json)).isEmpty)

            let all = try await http(port, "DELETE", "/g-orders/all", query: "symbol=BTCUSDT", sign: true)
            #expect(shapeMismatches(try sample("rest-usdtm-06-cancel-all-response.json"), try #require(all.json)).isEmpty)

            let pos = try await http(port, "GET", "/g-accounts/accountPositions", query: "currency=USDT", sign: true)
            #expect(shapeMismatches(try sample("rest-usdtm-09-account-positions-response.json"), try #require(pos.json)).isEmpty)

            let lev = try await http(port, "PUT", "/g-positions/leverage", query: "symbol=BTCUSDT&leverageRr=5", sign: true)
            #expect(shapeMismatches(try sample("rest-usdtm-11-set-leverage-response.json"), try #require(lev.json)).isEmpty)

            let history = try await http(port, "GET", "/exchange/order/v2/orderList", query: "symbol=BTCUSDT&currency=USDT", sign: true)
            #expect(history.json?["data"]?["rows"]?.arrayValue != nil)
        }
    }

    @Test func coinmOrderShapes() async throws {
        try await withServer { server, port in
            let book = try #require(await server.trueBook(symbol: "BTCUSD"))
            let bid = try #require(book.bids.last).price - Price(500)
            let ep = try #require(bid.scaled(to: 4))
            let create = try await http(port, "PUT", "/orders/create",
                query: "clOrdID=c-1&symbol=BTCUSD&side=Buy&ordType=Limit&timeInForce=GoodTillCancel&orderQty=100&priceEp=\(ep)", sign: true)
            let cj = try #require(create.json)
            #expect(cj["code"]?.intValue == 0, "\(create.body)")
            #expect(shapeMismatches(try sample("rest-coinm-01-create-order-response.json"), cj).isEmpty)
            let list = try await http(port, "GET", "/orders/activeList", query: "symbol=BTCUSD", sign: true)
            #expect(shapeMismatches(try sample("rest-coinm-04-active-list-response.json"), try #require(list.json)).isEmpty)
            let cancel = try await http(port, "DELETE", "/orders/cancel", query: "symbol=BTCUSD&clOrdID=c-1", sign: true)
            #expect(shapeMismatches(try sample("rest-coinm-02-cancel-order-response.json"), try #require(cancel.json)).isEmpty)
            let pos = try await http(port, "GET", "/accounts/accountPositions", query: "currency=BTC", sign: true)
            #expect(shapeMismatches(try sample("rest-coinm-05-account-positions-response.json"), try #require(pos.json)).isEmpty)
        }
    }

    @Test func rateLimitHeadersAnd429AfterBudget() async throws {
        try await withServer(testConfig { $0.contractCapacityPerMinute = 5 }) { _, port in
            for i in 0..<5 {
                let r = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSDT", sign: true)
                #expect(r.status == 200)
                #expect(r.header("x-ratelimit-remaining-CONTRACT") == String(4 - i))
            }
            let limited = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSDT", sign: true)
            #expect(limited.status == 429)
            #expect(Int(limited.header("x-ratelimit-retry-after-CONTRACT") ?? "") ?? 0 >= 1)
            #expect(shapeMismatches(try sample("error-rest-07-rate-limited-http429.json"), try #require(limited.json)).isEmpty)
            // Others group is independent.
            let other = try await http(port, "GET", "/public/time")
            #expect(other.status == 200)
        }
    }

    @Test func openOrderCap() async throws {
        try await withServer(testConfig { $0.maxActiveOrders = 2 }) { server, port in
            let bid = try #require(await server.trueBook(symbol: "BTCUSDT")?.bids.last).price - Price(500)
            for i in 0..<3 {
                let r = try await http(port, "PUT", "/g-orders/create",
                    query: "clOrdID=cap-\(i)&symbol=BTCUSDT&side=Buy&posSide=Merged&ordType=Limit&orderQtyRq=0.01&priceRp=\(bid)", sign: true)
                if i < 2 {
                    #expect(r.json?["code"]?.intValue == 0, "\(r.body)")
                } else {
                    #expect(shapeMismatches(try sample("error-rest-01-too-many-active-orders.json"), try #require(r.json)).isEmpty)
                    #expect(r.json?["code"]?.intValue == 11032)
                }
            }
        }
    }
}
