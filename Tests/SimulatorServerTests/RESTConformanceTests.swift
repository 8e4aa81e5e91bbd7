import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
@testable import SimulatorServer
import MarketCore

extension SimulatorServerLoopbackSuites {
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

    @Test func tickerAndFullBookEndpoints() async throws {
        try await withServer { _, port in
            // /md/v3/ticker/24hr: the documented field list exactly, decimal strings + ns timestamp.
            let v3 = try await http(port, "GET", "/md/v3/ticker/24hr", query: "symbol=BTCUSDT")
            #expect(v3.status == 200)
            let r = try #require(v3.json?["result"]?.objectValue)
            #expect(r.keys.sorted() == ["askRp", "bidRp", "fundingRateRr", "highRp", "indexRp", "lastRp", "lowRp", "markRp",
                "openInterestRv", "openRp", "predFundingRateRr", "symbol", "timestamp", "turnoverRv", "volumeRq"])
            #expect(r["timestamp"]?.intValue != nil)
            #expect(r["lastRp"]?.stringValue.flatMap { try? Price(parsing: $0) } != nil)
            #expect(v3.json?["error"] == .null && v3.json?["id"]?.intValue == 0)
            let all = try await http(port, "GET", "/md/v3/ticker/24hr/all")
            #expect(all.json?["result"]?.arrayValue?.compactMap { $0["symbol"]?.stringValue } == ["BTCUSDT", "ETHUSDT"])

            // Legacy v2: the market24h_p key set plus timestamp.
            let v2 = try await http(port, "GET", "/md/v2/ticker/24hr", query: "symbol=ETHUSDT")
            var m24 = try #require(try sample("session-09-market24h-p.json")["market24h_p"]?.objectValue)
            m24["timestamp"] = .int(1)
            #expect(exactShapeMismatches(.object(m24), try #require(v2.json?["result"])) == [])

            // COIN-M v1: the market24h object of session-07.
            let v1 = try await http(port, "GET", "/md/v1/ticker/24hr", query: "symbol=BTCUSD")
            let coin = try #require(try sample("session-07-coinm-market24h.json")["market24h"])
            #expect(exactShapeMismatches(coin, try #require(v1.json?["result"])) == [])
            let v1all = try await http(port, "GET", "/md/v1/ticker/24hr/all")
            #expect(v1all.json?["result"]?.arrayValue?.count == 1)

            // Wrong family or unknown symbol: HTTP 500 + 6001 like every /md error.
            for (path, q) in [("/md/v3/ticker/24hr", "symbol=BTCUSD"), ("/md/v1/ticker/24hr", "symbol=BTCUSDT"),
                              ("/md/v3/ticker/24hr", ""), ("/md/fullbook", "symbol=BTCUSDT")] {
                let bad = try await http(port, "GET", path, query: q)
                #expect(bad.status == 500, "\(path)?\(q)")
                try expectExact("error-rest-06-md-invalid-symbol-http500.json", try #require(bad.json))
            }

            // Full books: depth 0 and more than 30 levels.
            let full = try await http(port, "GET", "/md/fullbook", query: "symbol=BTCUSD")
            #expect(full.json?["result"]?["depth"]?.intValue == 0)
            #expect((full.json?["result"]?["book"]?["bids"]?.arrayValue?.count ?? 0) > 30)
            let fullP = try await http(port, "GET", "/md/v2/fullbook", query: "symbol=BTCUSDT")
            #expect(fullP.json?["result"]?["depth"]?.intValue == 0)
            #expect((fullP.json?["result"]?["orderbook_p"]?["asks"]?.arrayValue?.count ?? 0) > 30)
        }
    }

    @Test func restRepliesExactlyMatchSamples() async throws {
        try await withServer { server, port in
            let book = try await http(port, "GET", "/md/v2/orderbook", query: "symbol=BTCUSDT")
            try expectExact("rest-usdtm-10-md-orderbook-response.json", try #require(book.json))
            let cbook = try await http(port, "GET", "/md/orderbook", query: "symbol=BTCUSD")
            try expectExact("coinm-orderbook-07-rest-md-orderbook-response.json", try #require(cbook.json))
            let time = try await http(port, "GET", "/public/time")
            try expectExact("rest-common-12-server-time-response.json", try #require(time.json))

            let bid = try #require(await server.trueBook(symbol: "BTCUSDT")?.bids.last).price - Price(500)
            let q = "clOrdID=e-1&symbol=BTCUSDT&side=Buy&posSide=Merged&ordType=Limit&timeInForce=PostOnly&orderQtyRq=0.01&priceRp=\(bid)"
            let create = try await http(port, "PUT", "/g-orders/create", query: q, sign: true)
            try expectExact("rest-usdtm-02-create-order-response.json", try #require(create.json))
            let list = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSDT", sign: true)
            try expectExact("rest-usdtm-07-active-list-response.json", try #require(list.json))
            let amend = try await http(port, "PUT", "/g-orders/replace",
                query: "symbol=BTCUSDT&origClOrdID=e-1&posSide=Merged&priceRp=\(bid - Price(1))", sign: true)
            try expectExact("rest-usdtm-04-replace-order-response.json", try #require(amend.json))
            let cancel = try await http(port, "DELETE", "/g-orders/cancel", query: "clOrdID=e-1&symbol=BTCUSDT&posSide=Merged", sign: true)
            try expectExact("rest-usdtm-05-cancel-order-response.json", try #require(cancel.json))
            let stop = try await http(port, "PUT", "/g-orders/create",
                query: "clOrdID=e-2&symbol=BTCUSDT&side=Buy&posSide=Merged&ordType=Stop&orderQtyRq=0.01&stopPxRp=\(bid + Price(20000))&triggerType=ByMarkPrice",
                sign: true)
            #expect(stop.json?["code"]?.intValue == 0, "\(stop.body)")
            try expectExact("rest-usdtm-03-create-conditional-order-response.json", try #require(stop.json))
            let all = try await http(port, "DELETE", "/g-orders/all", query: "symbol=BTCUSDT&untriggered=true", sign: true)
            try expectExact("rest-usdtm-06-cancel-all-response.json", try #require(all.json))
            let pos = try await http(port, "GET", "/g-accounts/accountPositions", query: "currency=USDT", sign: true)
            try expectExact("rest-usdtm-09-account-positions-response.json", try #require(pos.json))
            let lev = try await http(port, "PUT", "/g-positions/leverage", query: "symbol=BTCUSDT&leverageRr=5", sign: true)
            try expectExact("rest-usdtm-11-set-leverage-response.json", try #require(lev.json))
            let mode = try await http(port, "PUT", "/g-positions/switch-pos-mode-sync", query: "symbol=ETHUSDT&targetPosMode=Hedged", sign: true)
            #expect(mode.json?["code"]?.intValue == 0, "\(mode.body)")
            let hedged = try await http(port, "GET", "/g-accounts/accountPositions", query: "currency=USDT&symbol=ETHUSDT", sign: true)
            try expectExact("rest-usdtm-13-account-positions-hedged-response.json", try #require(hedged.json))

            let cbid = try #require(await server.trueBook(symbol: "BTCUSD")?.bids.last).price - Price(500)
            let ep = try #require(cbid.scaled(to: 4))
            let ccreate = try await http(port, "PUT", "/orders/create",
                query: "clOrdID=e-3&symbol=BTCUSD&side=Buy&ordType=Limit&timeInForce=GoodTillCancel&orderQty=100&priceEp=\(ep)", sign: true)
            try expectExact("rest-coinm-01-create-order-response.json", try #require(ccreate.json))
            let clist = try await http(port, "GET", "/orders/activeList", query: "symbol=BTCUSD", sign: true)
            try expectExact("rest-coinm-04-active-list-response.json", try #require(clist.json))
            let ccancel = try await http(port, "DELETE", "/orders/cancel", query: "symbol=BTCUSD&clOrdID=e-3", sign: true)
            try expectExact("rest-coinm-02-cancel-order-response.json", try #require(ccancel.json))
            let cempty = try await http(port, "GET", "/orders/activeList", query: "symbol=BTCUSD", sign: true)
            try expectExact("rest-coinm-03-active-list-empty-response.json", try #require(cempty.json))
            let cpos = try await http(port, "GET", "/accounts/accountPositions", query: "currency=BTC", sign: true)
            try expectExact("rest-coinm-05-account-positions-response.json", try #require(cpos.json))

            // Error bodies.
            let tampered = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSDT", sign: true, tamper: true)
            try expectExact("error-rest-04-signature-failed.json", try #require(tampered.json))
            let expired = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSDT", sign: true, expiry: 1_700_000_000)
            try expectExact("error-rest-05-request-expired-http401.json", try #require(expired.json))
            let notFound = try await http(port, "DELETE", "/g-orders/cancel", query: "clOrdID=nope&symbol=BTCUSDT&posSide=Merged", sign: true)
            try expectExact("error-rest-03-order-not-found.json", try #require(notFound.json))
            let poor = try await http(port, "PUT", "/g-orders/create",
                query: "clOrdID=e-4&symbol=BTCUSDT&side=Buy&posSide=Merged&ordType=Limit&orderQtyRq=90&priceRp=\(bid)", sign: true)
            #expect(poor.json?["code"]?.intValue == 11001, "\(poor.body)")
            try expectExact("error-rest-02-insufficient-balance.json", try #require(poor.json))
        }
    }

    @Test func signatureCoversQueryAsSentAndBodyBytes() async throws {
        try await withServer { _, port in
            // Signed over a different parameter order than the one sent: refused.
            let exp = Int64(Date().timeIntervalSince1970) + 60
            let sig = RequestAuth.sign(secret: testSecret, message: "/g-accounts/accountPositions" + "symbol=BTCUSDT&currency=USDT" + String(exp))
            var url = HTTPClientRequest(url: "http://127.0.0.1:\(port)/g-accounts/accountPositions?currency=USDT&symbol=BTCUSDT")
            url.headers.add(name: "x-phemex-access-token", value: testKey)
            url.headers.add(name: "x-phemex-request-expiry", value: String(exp))
            url.headers.add(name: "x-phemex-request-signature", value: sig)
            let resp = try await HTTPClient.shared.execute(url, timeout: .seconds(10))
            #expect(resp.status.code == 401)
            // Percent-encoded query, signed exactly as sent: accepted.
            let enc = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTC%55SDT", sign: true)
            #expect(enc.status == 200)
            // Body bytes matter: a signature over compact JSON does not cover the same JSON with a space.
            let body = #"{"symbol":"BTCUSDT","side":"Buy","posSide":"Merged","ordType":"Limit","priceRp":"1000","orderQtyRq":"0.01"}"#
            let sig2 = RequestAuth.sign(secret: testSecret, message: "/g-orders" + String(exp) + body)
            var post = HTTPClientRequest(url: "http://127.0.0.1:\(port)/g-orders")
            post.method = .POST
            post.body = .bytes(ByteBuffer(string: body.replacingOccurrences(of: ",", with: ", ")))
            post.headers.add(name: "x-phemex-access-token", value: testKey)
            post.headers.add(name: "x-phemex-request-expiry", value: String(exp))
            post.headers.add(name: "x-phemex-request-signature", value: sig2)
            let presp = try await HTTPClient.shared.execute(post, timeout: .seconds(10))
            #expect(presp.status.code == 401)
            // Missing expiry or unknown key: refused, never a crash.
            let unknownKey = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSDT", sign: true, key: "nobody")
            #expect(unknownKey.status == 401)
            #expect(unknownKey.json?["code"]?.intValue == 10500)
            // Malformed POST body (signed): a biz error envelope.
            let junk = "{not json"
            let sig3 = RequestAuth.sign(secret: testSecret, message: "/g-orders" + String(exp) + junk)
            var bad = HTTPClientRequest(url: "http://127.0.0.1:\(port)/g-orders")
            bad.method = .POST
            bad.body = .bytes(ByteBuffer(string: junk))
            bad.headers.add(name: "x-phemex-access-token", value: testKey)
            bad.headers.add(name: "x-phemex-request-expiry", value: String(exp))
            bad.headers.add(name: "x-phemex-request-signature", value: sig3)
            let bresp = try await HTTPClient.shared.execute(bad, timeout: .seconds(10))
            let bbody = String(buffer: try await bresp.body.collect(upTo: 1 << 20))
            #expect(try JSONValue.parse(bbody)["code"]?.intValue == 10500)
        }
    }

    @Test func ipBudgetLocksOutFiveMinutesThenRecovers() async throws {
        // A small IP budget (3 per 5 min) and the injected rate-limit clock: no real waiting.
        try await withServer(testConfig { $0.ipCapacityPerFiveMinutes = 3 }) { server, port in
            for _ in 0..<3 {
                let r = try await http(port, "GET", "/public/time")
                #expect(r.status == 200)
                #expect(r.header("x-ratelimit-capacity") == "100")
            }
            let limited = try await http(port, "GET", "/public/time")
            #expect(limited.status == 429)
            try expectExact("error-rest-07-rate-limited-http429.json", try #require(limited.json))
            #expect(limited.header("x-ratelimit-retry-after") == "300")
            #expect(limited.header("x-ratelimit-remaining") != nil)
            #expect(limited.header("x-ratelimit-capacity") == "100")
            // The lockout covers every group, signed Contract calls included.
            let contract = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSDT", sign: true)
            #expect(contract.status == 429)
            #expect(Int(contract.header("x-ratelimit-retry-after-CONTRACT") ?? "") ?? 0 >= 299)
            #expect(contract.header("x-ratelimit-capacity-CONTRACT") == "500")
            // 4 minutes later: still locked, retry-after counts down.
            await server.advanceRateLimitClock(seconds: 240)
            let later = try await http(port, "GET", "/public/time")
            #expect(later.status == 429)
            #expect((Int(later.header("x-ratelimit-retry-after") ?? "") ?? 0) <= 60)
            // After the 5-minute lockout: served again, through the admin endpoint's clock too.
            let adv = try await http(port, "POST", "/admin/clock", body: #"{"advanceRateLimitSeconds":61}"#)
            #expect(adv.status == 200)
            let ok = try await http(port, "GET", "/public/time")
            #expect(ok.status == 200)
            #expect(ok.header("x-ratelimit-retry-after") == "0")
        }
    }

    @Test func venueRejectCodes() async throws {
        try await withServer(testConfig { $0.maxConditionalOrders = 1 }) { server, port in
            let bid = try #require(await server.trueBook(symbol: "BTCUSDT")?.bids.last).price - Price(500)
            func create(_ extra: String) async throws -> Int64? {
                let r = try await http(port, "PUT", "/g-orders/create",
                    query: "symbol=BTCUSDT&side=Buy&posSide=Merged&" + extra, sign: true)
                return r.json?["code"]?.intValue
            }
            #expect(try await create("ordType=Limit&orderQtyRq=0.01&priceRp=3000000") == 11053)
            #expect(try await create("ordType=Limit&orderQtyRq=0.01&priceRp=0") == 11055)
            #expect(try await create("ordType=Limit&orderQtyRq=100001&priceRp=\(bid)") == 11056)
            #expect(try await create("ordType=Limit&orderQtyRq=0&priceRp=\(bid)") == 11058)
            #expect(try await create("ordType=Limit&orderQtyRq=0.001&priceRp=100") == 11115)
            #expect(try await create("ordType=Limit&orderQtyRq=0.01&priceRp=\(bid)&reduceOnly=true") == 11057)
            let offTick = try await create("ordType=Limit&orderQtyRq=0.01&priceRp=\(bid).05")
            #expect(offTick != 0 && offTick != nil)
            let hedgedSide = try await http(port, "PUT", "/g-orders/create",
                query: "symbol=BTCUSDT&side=Buy&posSide=Long&ordType=Limit&orderQtyRq=0.01&priceRp=\(bid)", sign: true)
            #expect(hedgedSide.json?["code"]?.intValue == 20004)
            let sideways = try await http(port, "PUT", "/g-orders/create",
                query: "symbol=BTCUSDT&side=Sideways&posSide=Merged&ordType=Limit&orderQtyRq=0.01&priceRp=\(bid)", sign: true)
            #expect(sideways.status == 200)
            #expect((sideways.json?["code"]?.intValue ?? 0) != 0)
            // Conditional cap 11031.
            let stop = "ordType=Stop&orderQtyRq=0.01&stopPxRp=\(bid + Price(30000))&triggerType=ByMarkPrice"
            #expect(try await create(stop) == 0)
            #expect(try await create(stop) == 11031)
            // Unknown order on amend / cancel: 10002.
            let amend = try await http(port, "PUT", "/g-orders/replace", query: "symbol=BTCUSDT&orderID=nope&posSide=Merged&priceRp=\(bid)", sign: true)
            #expect(amend.json?["code"]?.intValue == 10002)
            let coin = try await http(port, "DELETE", "/orders/cancel", query: "symbol=BTCUSD&orderID=nope", sign: true)
            #expect(coin.json?["code"]?.intValue == 10002)
            // Wrong family symbol: 11027.
            let fam = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSD", sign: true)
            #expect(fam.json?["code"]?.intValue == 11027)
        }
    }
}
}
