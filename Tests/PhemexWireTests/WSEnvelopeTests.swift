import MarketCore
import Testing
@testable import PhemexWire

@Suite struct WSEnvelopeTests {
    @Test func requestsMatchFixtures() throws {
        let cases: [(WSRequest, String)] = [
            (.ping(id: 7), "session-01-ping-request"),
            (.subscribePerpMarket24hPack(id: 8), "session-03-perp-market24h-pack-subscribe-request"),
            (.subscribeAOP(id: 502), "usdtm-aop-03-subscribe-request"),
            (.unsubscribe(id: 503, channel: "aop_p"), "usdtm-aop-10-unsubscribe-request"),
            (.subscribeAOP(id: 601, inverse: true), "coinm-aop-01-subscribe-request"),
        ]
        for (req, name) in cases {
            #expect(try JSONValue.parse(req.text) == (try WireFixture.json(name)), "\(name)")
        }
        #expect(WSRequest.ping(id: 7).text == #"{"id":7,"method":"server.ping","params":[]}"#)
    }

    @Test func subscribeVariants() {
        #expect(
            WSRequest.subscribeOrderBook(id: 1, symbol: "BTCUSDT").text
                == #"{"id":1,"method":"orderbook_p.subscribe","params":["BTCUSDT"]}"#)
        #expect(
            WSRequest.subscribeOrderBook(id: 2, symbol: "BTCUSDT", depth: .levels(10)).text
                == #"{"id":2,"method":"orderbook_p.subscribe","params":["BTCUSDT",false,10]}"#)
        #expect(
            WSRequest.subscribeOrderBook(id: 3, symbol: "BTCUSD", inverse: true, depth: .fullBook).text
                == #"{"id":3,"method":"orderbook.subscribe","params":["BTCUSD",true]}"#)
        #expect(
            WSRequest.subscribeOrderBook(id: 4, symbol: "BTCUSDT", depth: .slowLevels(30)).text
                == #"{"id":4,"method":"orderbook_p.subscribe","params":["BTCUSDT",true,30]}"#)
        #expect(WSRequest.subscribeTrades(id: 5, symbol: "BTCUSD", inverse: true).text == #"{"id":5,"method":"trade.subscribe","params":["BTCUSD"]}"#)
        #expect(WSRequest.subscribeTrades(id: 5, symbol: "BTCUSDT").text == #"{"id":5,"method":"trade_p.subscribe","params":["BTCUSDT"]}"#)
        #expect(WSRequest.subscribeTick(id: 6, tickSymbol: ".MBTCUSDT").text == #"{"id":6,"method":"tick_p.subscribe","params":[".MBTCUSDT"]}"#)
        #expect(WSRequest.subscribeTick(id: 6, tickSymbol: ".MBTC", inverse: true).text == #"{"id":6,"method":"tick.subscribe","params":[".MBTC"]}"#)
        #expect(WSRequest.subscribeMarket24h(id: 0).text == #"{"id":0,"method":"market24h.subscribe","params":[]}"#)
        #expect(WSRequest.subscribeMarket24hP(id: 9, symbol: "BTCUSDT").text == #"{"id":9,"method":"market24h_p.subscribe","params":["BTCUSDT"]}"#)
        #expect(WSRequest.unsubscribe(id: 10, channel: "orderbook_p").text == #"{"id":10,"method":"orderbook_p.unsubscribe","params":[]}"#)
        #expect(
            WSRequest.unsubscribe(id: 11, channel: "trade_p", symbol: "BTCUSDT").text
                == #"{"id":11,"method":"trade_p.unsubscribe","params":["BTCUSDT"]}"#)
        #expect(WSRequest(id: 1, method: "x", params: [.string("a\"b\\")]).text == #"{"id":1,"method":"x","params":["a\"b\\"]}"#)
    }

    @Test func repliesDecode() throws {
        #expect(try WSReply.decode(try WireFixture.text("session-02-pong-response")) == WSReply(id: 7, outcome: .pong))
        #expect(try WSReply.decode(try WireFixture.text("usdtm-aop-02-auth-ack")) == WSReply(id: 501, outcome: .success))
        #expect(try WSReply.decode(try WireFixture.text("coinm-aop-02-subscribe-ack")) == WSReply(id: 601, outcome: .success))
        #expect(
            try WSReply.decode(try WireFixture.text("error-ws-01-invalid-argument"))
                == WSReply(id: 104, outcome: .error(code: 6001, message: "invalid argument")))
        let nonJSON = try WSReply.decode(try WireFixture.text("error-ws-02-non-json-frame"))
        #expect(nonJSON.id == nil && nonJSON.outcome == .error(code: 6001, message: "invalid argument") && !nonJSON.isSuccess)
        let auth = try WSReply.decode(try WireFixture.text("error-ws-03-auth-failed"))
        #expect(auth == WSReply(id: 501, outcome: .error(code: 6012, message: "invalid login token")))
        #expect(PhemexErrorCode.lookup(6012).category == .auth)
        let cap = try WSReply.decode(try WireFixture.text("error-ws-04-subscription-limit"))
        #expect(cap == WSReply(id: 199, outcome: .error(code: 6015, message: "subscription limit exceeded")))
        #expect(PhemexErrorCode.lookup(6015).category == .subscriptionLimit)
        #expect(WSInboundKind.classify(try WireFixture.json("error-ws-04-subscription-limit")) == .reply)
        #expect(WSInboundKind.classify(try WireFixture.json("session-02-pong-response")) == .reply)
    }

    @Test func otherResultAndMalformedReplies() throws {
        #expect(try WSReply.decode(#"{"error":null,"id":3,"result":{"x":1}}"#).outcome == .result(.object(["x": .number("1")])))
        for bad in ["", "{", "{\"a\":1}", "[]", #"{"error":{"code":"x"},"id":1}"#, #"{"id":1,"error":null}"#, #"{"id":1.5,"result":"pong"}"#] {
            #expect(throws: PhemexWireError.self, "\(bad)") { try WSReply.decode(bad) }
        }
    }

    @Test func classifyRoutesAllFamilies() throws {
        let expected: [(String, WSInboundKind)] = [
            ("usdtm-orderbook-03-snapshot", .orderBookLinear), ("coinm-orderbook-03-snapshot", .orderBookInverse),
            ("usdtm-trades-03-snapshot", .tradesLinear), ("coinm-trades-03-snapshot", .tradesInverse),
            ("usdtm-aop-05-order-new", .aopLinear), ("coinm-aop-04-order-new", .aopInverse),
        ]
        for (name, kind) in expected { #expect(WSInboundKind.classify(try WireFixture.json(name)) == kind, "\(name)") }
        #expect(WSInboundKind.classify(.array([])) == .unknown)
        #expect(WSInboundKind.classify(.object(["zzz": .null])) == .unknown)
    }
}
