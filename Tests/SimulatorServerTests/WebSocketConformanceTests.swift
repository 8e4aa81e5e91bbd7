import Foundation
import Testing
@testable import SimulatorServer
import MarketCore

@Suite("WebSocket conformance", .serialized) struct WebSocketConformanceTests {
    @Test func publicStreamsMatchSamples() async throws {
        try await withServer { _, port in
            let ws = WSProbe(port: port)
            defer { ws.close() }
            ws.send(#"{"id":7,"method":"server.ping","params":[]}"#)
            let pong = try await ws.waitFor { $0["result"]?.stringValue == "pong" }
            #expect(shapeMismatches(try sample("session-02-pong-response.json"), pong).isEmpty)
            #expect(pong["id"]?.intValue == 7)

            ws.send(#"{"id":101,"method":"orderbook_p.subscribe","params":["BTCUSDT"]}"#)
            let ack = try await ws.waitFor { $0["id"]?.intValue == 101 }
            #expect(shapeMismatches(try sample("usdtm-orderbook-02-subscribe-ack.json"), ack).isEmpty)
            let snap = try await ws.waitFor { $0["type"]?.stringValue == "snapshot" && $0["orderbook_p"] != nil }
            #expect(shapeMismatches(try sample("usdtm-orderbook-03-snapshot.json"), snap).isEmpty)
            #expect(snap["orderbook_p"]?["bids"]?.arrayValue?.count == 30)
            let inc = try await ws.waitFor { $0["type"]?.stringValue == "incremental" && $0["orderbook_p"] != nil }
            #expect(shapeMismatches(try sample("usdtm-orderbook-04-incremental-update.json"), inc).isEmpty)
            #expect((inc["sequence"]?.intValue ?? 0) > (snap["sequence"]?.intValue ?? 0))

            ws.send(#"{"id":102,"method":"orderbook_p.subscribe","params":["ETHUSDT",false,5]}"#)
            let eth = try await ws.waitFor { $0["symbol"]?.stringValue == "ETHUSDT" && $0["type"]?.stringValue == "snapshot" }
            #expect(eth["depth"]?.intValue == 5)
            #expect(eth["orderbook_p"]?["asks"]?.arrayValue?.count == 5)

            ws.send(#"{"id":201,"method":"orderbook.subscribe","params":["BTCUSD"]}"#)
            let coin = try await ws.waitFor { $0["book"] != nil && $0["type"]?.stringValue == "snapshot" }
            #expect(shapeMismatches(try sample("coinm-orderbook-03-snapshot.json"), coin).isEmpty)

            ws.send(#"{"id":301,"method":"trade_p.subscribe","params":["BTCUSDT"]}"#)
            let tsnap = try await ws.waitFor { $0["trades_p"] != nil && $0["type"]?.stringValue == "snapshot" }
            #expect(tsnap["symbol"]?.stringValue == "BTCUSDT")
            if tsnap["trades_p"]?.arrayValue?.isEmpty == false {
                #expect(shapeMismatches(try sample("usdtm-trades-03-snapshot.json"), tsnap).isEmpty)
            }
            ws.send(#"{"id":401,"method":"trade.subscribe","params":["BTCUSD"]}"#)
            _ = try await ws.waitFor { $0["trades"] != nil && $0["type"]?.stringValue == "snapshot" }

            ws.send(#"{"id":8,"method":"perp_market24h_pack_p.subscribe","params":[]}"#)
            let pack = try await ws.waitFor { $0["method"]?.stringValue == "perp_market24h_pack_p.update" }
            #expect(shapeMismatches(try sample("session-04-perp-market24h-pack-snapshot.json"), pack).isEmpty)

            ws.send(#"{"id":103,"method":"orderbook_p.unsubscribe","params":[]}"#)
            let unack = try await ws.waitFor { $0["id"]?.intValue == 103 }
            #expect(shapeMismatches(try sample("usdtm-orderbook-10-unsubscribe-ack.json"), unack).isEmpty)
        }
    }

    @Test func errorsNeverCrash() async throws {
        try await withServer { _, port in
            let ws = WSProbe(port: port)
            defer { ws.close() }
            ws.send("this is not json")
            let e1 = try await ws.waitFor { $0["error"]?["code"]?.intValue == 6001 }
            #expect(shapeMismatches(try sample("error-ws-02-non-json-frame.json"), e1).isEmpty)
            #expect(e1["id"] == .null)
            ws.send(#"{"id":104,"method":"orderbook_p.subscribe","params":["BTCUSD"]}"#)
            let e2 = try await ws.waitFor { $0["id"]?.intValue == 104 }
            #expect(shapeMismatches(try sample("error-ws-01-invalid-argument.json"), e2).isEmpty)
            ws.send(#"{"id":105,"method":"no.such","params":[]}"#)
            _ = try await ws.waitFor { $0["id"]?.intValue == 105 && $0["error"]?["code"]?.intValue == 6001 }
            ws.send(#"{"id":106,"method":"orderbook_p.subscribe","params":["BTCUSDT",false,20]}"#)
            _ = try await ws.waitFor { $0["id"]?.intValue == 106 && $0["error"]?["code"]?.intValue == 6001 }
            ws.send(#"[1,2,3]"#)
            ws.send(#"{"id":"x","method":5}"#)
            ws.send(#"{"id":107,"method":"server.ping"}"#)
            _ = try await ws.waitFor { $0["id"]?.intValue == 107 && $0["result"]?.stringValue == "pong" }
        }
    }

    @Test func subscriptionCapGives6015() async throws {
        try await withServer(testConfig { $0.maxSubscriptionsPerConnection = 3 }) { _, port in
            let ws = WSProbe(port: port)
            defer { ws.close() }
            let subs = [#"["BTCUSDT"]"#, #"["ETHUSDT"]"#, #"["BTCUSDT",false,5]"#, #"["ETHUSDT",false,5]"#]
            for (i, p) in subs.enumerated() {
                ws.send(#"{"id":\#(190 + i),"method":"orderbook_p.subscribe","params":\#(p)}"#)
            }
            let err = try await ws.waitFor { $0["id"]?.intValue == 193 }
            #expect(shapeMismatches(try sample("error-ws-04-subscription-limit.json"), err).isEmpty)
            #expect(err["error"]?["code"]?.intValue == 6015)
        }
    }

    @Test func authAndPrivateStream() async throws {
        try await withServer { server, port in
            let ws = WSProbe(port: port)
            defer { ws.close() }
            ws.send(#"{"id":500,"method":"aop_p.subscribe","params":[]}"#)
            let noAuth = try await ws.waitFor { $0["id"]?.intValue == 500 }
            #expect(noAuth["error"]?["code"]?.intValue == 6012)

            let expiry = Int64(Date().timeIntervalSince1970) + 60
            let bad = RequestAuth.sign(secret: "wrong", message: testKey + String(expiry))
            ws.send(#"{"method":"user.auth","params":["API","\#(testKey)","\#(bad)",\#(expiry)],"id":501}"#)
            let fail = try await ws.waitFor { $0["id"]?.intValue == 501 }
            #expect(shapeMismatches(try sample("error-ws-03-auth-failed.json"), fail).isEmpty)

            let far = Int64(Date().timeIntervalSince1970) + 600
            let farSig = RequestAuth.sign(secret: testSecret, message: testKey + String(far))
            ws.send(#"{"method":"user.auth","params":["API","\#(testKey)","\#(farSig)",\#(far)],"id":502}"#)
            let tooFar = try await ws.waitFor { $0["id"]?.intValue == 502 }
            #expect(tooFar["error"]?["code"]?.intValue == 6012)

            let sig = RequestAuth.sign(secret: testSecret, message: testKey + String(expiry))
            ws.send(#"{"method":"user.auth","params":["API","\#(testKey)","\#(sig)",\#(expiry)],"id":503}"#)
            let ok = try await ws.waitFor { $0["id"]?.intValue == 503 }
            #expect(shapeMismatches(try sample("usdtm-aop-02-auth-ack.json"), ok).isEmpty)

            ws.send(#"{"id":504,"method":"aop_p.subscribe","params":[]}"#)
            _ = try await ws.waitFor { $0["id"]?.intValue == 504 && $0["error"] == .null }
            let snap = try await ws.waitFor { $0["type"]?.stringValue == "snapshot" && $0["accounts_p"] != nil }
            #expect(shapeMismatches(try sample("usdtm-aop-04-snapshot.json"), snap).isEmpty)

            let bid = try #require(await server.trueBook(symbol: "BTCUSDT")?.bids.last).price - Price(500)
            let create = try await http(port, "PUT", "/g-orders/create",
                query: "clOrdID=p-1&symbol=BTCUSDT&side=Buy&posSide=Merged&ordType=Limit&timeInForce=PostOnly&orderQtyRq=0.01&priceRp=\(bid)", sign: true)
            #expect(create.json?["code"]?.intValue == 0)
            let new = try await ws.waitFor { frame in
                frame["orders_p"]?.arrayValue?.contains { $0["clOrdID"]?.stringValue == "p-1" && $0["ordStatus"]?.stringValue == "New" } == true
            }
            #expect(shapeMismatches(try sample("usdtm-aop-05-order-new.json"), new).isEmpty)
            _ = try await http(port, "DELETE", "/g-orders/cancel", query: "clOrdID=p-1&symbol=BTCUSDT&posSide=Merged", sign: true)
            let canceled = try await ws.waitFor { frame in
                frame["orders_p"]?.arrayValue?.contains { $0["clOrdID"]?.stringValue == "p-1" && $0["ordStatus"]?.stringValue == "Canceled" } == true
            }
            #expect(shapeMismatches(try sample("usdtm-aop-08-order-canceled.json"), canceled).isEmpty)

            // COIN-M private stream on the same connection.
            ws.send(#"{"id":601,"method":"aop.subscribe","params":[]}"#)
            let csnap = try await ws.waitFor { $0["type"]?.stringValue == "snapshot" && $0["accounts"] != nil }
            #expect(shapeMismatches(try sample("coinm-aop-03-snapshot.json"), csnap).isEmpty)
        }
    }

    @Test func heartbeatDropAndPingsKeepAlive() async throws {
        // The server drops a connection silent for 2.5 s; the client's frame pings go out every
        // second (swift-websocket closes its side if a pong takes longer than that).
        try await withServer(testConfig { $0.heartbeatTimeoutSeconds = 2.5 }) { _, port in
            let silent = WSProbe(port: port)
            let appPing = WSProbe(port: port)
            let framePing = WSProbe(port: port, autoPing: true)
            defer { silent.close(); appPing.close(); framePing.close() }
            silent.send(#"{"id":1,"method":"orderbook_p.subscribe","params":["BTCUSDT"]}"#)
            let pinger = Task {
                while !Task.isCancelled {
                    appPing.send(#"{"id":0,"method":"server.ping","params":[]}"#)
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            #expect(await silent.waitClosed(timeout: 6))
            try await Task.sleep(for: .milliseconds(500))
            #expect(!appPing.isClosed)
            #expect(!framePing.isClosed)
            pinger.cancel()
        }
    }

    @Test func connectionCap() async throws {
        try await withServer(testConfig { $0.maxConnections = 2 }) { _, port in
            let a = WSProbe(port: port), b = WSProbe(port: port)
            defer { a.close(); b.close() }
            a.send(#"{"id":1,"method":"server.ping","params":[]}"#)
            b.send(#"{"id":1,"method":"server.ping","params":[]}"#)
            try await a.waitFor { $0["result"]?.stringValue == "pong" }
            try await b.waitFor { $0["result"]?.stringValue == "pong" }
            let c = WSProbe(port: port)
            defer { c.close() }
            #expect(await c.waitClosed(timeout: 3))
            #expect(c.messages.isEmpty)
        }
    }
}


/// Every frame kind the server pushes, checked key-for-key and type-for-type against the samples
/// (no missing key, no extra key).
@Suite("WebSocket exact shapes", .serialized) struct WebSocketExactShapeTests {
    @Test func publicFramesExactlyMatchSamples() async throws {
        try await withServer(testConfig { $0.tickerIntervalSeconds = 0.2 }) { server, port in
            let ws = WSProbe(port: port, autoPing: true)
            defer { ws.close() }
            ws.send(#"{"id":0,"method":"server.ping","params":[]}"#)
            try expectExact("session-02-pong-response.json", try await ws.waitFor { $0["result"]?.stringValue == "pong" })

            ws.send(#"{"id":1234,"method":"orderbook_p.subscribe","params":["BTCUSDT"]}"#)
            try expectExact("usdtm-orderbook-02-subscribe-ack.json", try await ws.waitFor { $0["id"]?.intValue == 1234 })
            try expectExact("usdtm-orderbook-03-snapshot.json",
                try await ws.waitFor { $0["orderbook_p"] != nil && $0["type"]?.stringValue == "snapshot" })
            try expectExact("usdtm-orderbook-04-incremental-update.json",
                try await ws.waitFor { $0["orderbook_p"] != nil && $0["type"]?.stringValue == "incremental" })

            ws.send(#"{"id":2,"method":"orderbook.subscribe","params":["BTCUSD"]}"#)
            try expectExact("coinm-orderbook-02-subscribe-ack.json", try await ws.waitFor { $0["id"]?.intValue == 2 })
            try expectExact("coinm-orderbook-03-snapshot.json",
                try await ws.waitFor { $0["book"] != nil && $0["type"]?.stringValue == "snapshot" })
            try expectExact("coinm-orderbook-04-incremental-update.json",
                try await ws.waitFor { $0["book"] != nil && $0["type"]?.stringValue == "incremental" })

            ws.send(#"{"id":3,"method":"trade_p.subscribe","params":["BTCUSDT"]}"#)
            try expectExact("usdtm-trades-02-subscribe-ack.json", try await ws.waitFor { $0["id"]?.intValue == 3 })
            ws.send(#"{"id":4,"method":"trade.subscribe","params":["BTCUSD"]}"#)
            try expectExact("coinm-trades-02-subscribe-ack.json", try await ws.waitFor { $0["id"]?.intValue == 4 })
            let csnap = try await ws.waitFor { $0["trades"] != nil && $0["type"]?.stringValue == "snapshot" }
            if csnap["trades"]?.arrayValue?.isEmpty == false { try expectExact("coinm-trades-03-snapshot.json", csnap) }
            _ = try await server.withSimulator { sim, now in
                try sim.injectMarketTrade(symbol: Symbol("BTCUSDT"), side: .buy, quantity: try Quantity(parsing: "0.01"), now: now)
                try sim.injectMarketTrade(symbol: Symbol("BTCUSD"), side: .sell, quantity: Quantity(100), now: now)
            }
            let tsnap = try await ws.waitFor { $0["trades_p"] != nil && $0["type"]?.stringValue == "snapshot" }
            if tsnap["trades_p"]?.arrayValue?.isEmpty == false { try expectExact("usdtm-trades-03-snapshot.json", tsnap) }
            try expectExact("usdtm-trades-04-incremental-single.json",
                try await ws.waitFor { $0["trades_p"] != nil && $0["type"]?.stringValue == "incremental" })
            try expectExact("coinm-trades-04-incremental.json",
                try await ws.waitFor { $0["trades"] != nil && $0["type"]?.stringValue == "incremental" })

            ws.send(#"{"id":8,"method":"perp_market24h_pack_p.subscribe","params":[]}"#)
            try expectExact("session-04-perp-market24h-pack-snapshot.json",
                try await ws.waitFor { $0["method"]?.stringValue == "perp_market24h_pack_p.update" && $0["type"]?.stringValue == "snapshot" })
            try expectExact("session-05-perp-market24h-pack-incremental.json",
                try await ws.waitFor { $0["method"]?.stringValue == "perp_market24h_pack_p.update" && $0["type"]?.stringValue == "incremental" })
            ws.send(#"{"method":"tick_p.subscribe","params":[".MBTCUSDT"],"id":9}"#)
            try expectExact("session-06-tick-p-mark-price.json", try await ws.waitFor { $0["tick_p"] != nil })
            ws.send(#"{"method":"tick.subscribe","params":[".BTC"],"id":10}"#)
            try expectExact("session-08-coinm-tick.json", try await ws.waitFor { $0["tick"] != nil })
            ws.send(#"{"method":"market24h_p.subscribe","params":["BTCUSDT"],"id":11}"#)
            try expectExact("session-09-market24h-p.json", try await ws.waitFor { $0["market24h_p"] != nil })
            ws.send(#"{"method":"market24h.subscribe","params":[],"id":12}"#)
            try expectExact("session-07-coinm-market24h.json", try await ws.waitFor { $0["market24h"] != nil })

            ws.send(#"{"id":13,"method":"orderbook_p.unsubscribe","params":[]}"#)
            try expectExact("usdtm-orderbook-10-unsubscribe-ack.json", try await ws.waitFor { $0["id"]?.intValue == 13 })
            ws.send(#"{"id":14,"method":"trade.unsubscribe","params":[]}"#)
            try expectExact("coinm-trades-06-unsubscribe-ack.json", try await ws.waitFor { $0["id"]?.intValue == 14 })
        }
    }

    @Test func errorFramesExactlyMatchSamples() async throws {
        try await withServer(testConfig { $0.maxSubscriptionsPerConnection = 1 }) { _, port in
            let ws = WSProbe(port: port)
            defer { ws.close() }
            ws.send("not json")
            try expectExact("error-ws-02-non-json-frame.json", try await ws.waitFor { $0["id"] == .null && $0["error"] != .null })
            ws.send(#"{"id":1,"method":"orderbook_p.subscribe","params":["NOPE"]}"#)
            try expectExact("error-ws-01-invalid-argument.json", try await ws.waitFor { $0["id"]?.intValue == 1 })
            ws.send(#"{"id":2,"method":"user.auth","params":["API","k","sig",1]}"#)
            try expectExact("error-ws-03-auth-failed.json", try await ws.waitFor { $0["id"]?.intValue == 2 })
            ws.send(#"{"id":3,"method":"tick_p.subscribe","params":[".BTCUSDT"]}"#)
            _ = try await ws.waitFor { $0["id"]?.intValue == 3 }
            ws.send(#"{"id":4,"method":"market24h_p.subscribe","params":[]}"#)
            try expectExact("error-ws-04-subscription-limit.json", try await ws.waitFor { $0["id"]?.intValue == 4 })
        }
    }

    @Test func privateFramesExactlyMatchSamples() async throws {
        try await withServer { server, port in
            let ws = WSProbe(port: port, autoPing: true)
            defer { ws.close() }
            let expiry = Int64(Date().timeIntervalSince1970) + 60
            let sig = RequestAuth.sign(secret: testSecret, message: testKey + String(expiry))
            ws.send(#"{"method":"user.auth","params":["API","\#(testKey)","\#(sig)",\#(expiry)],"id":1}"#)
            try expectExact("usdtm-aop-02-auth-ack.json", try await ws.waitFor { $0["id"]?.intValue == 1 })
            ws.send(#"{"id":2,"method":"aop_p.subscribe","params":[]}"#)
            _ = try await ws.waitFor { $0["id"]?.intValue == 2 }
            try expectExact("usdtm-aop-04-snapshot.json",
                try await ws.waitFor { $0["accounts_p"] != nil && $0["type"]?.stringValue == "snapshot" })
            ws.send(#"{"id":3,"method":"aop.subscribe","params":[]}"#)
            try expectExact("coinm-aop-02-subscribe-ack.json", try await ws.waitFor { $0["id"]?.intValue == 3 })
            try expectExact("coinm-aop-03-snapshot.json",
                try await ws.waitFor { $0["accounts"] != nil && $0["type"]?.stringValue == "snapshot" })

            let bid = try #require(await server.trueBook(symbol: "BTCUSDT")?.bids.first).price - Price(2000)
            let create = try await http(port, "PUT", "/g-orders/create",
                query: "clOrdID=x-1&symbol=BTCUSDT&side=Buy&posSide=Merged&ordType=Limit&timeInForce=PostOnly&orderQtyRq=0.010&priceRp=\(bid)", sign: true)
            #expect(create.json?["code"]?.intValue == 0, "\(create.body)")
            func order(_ status: String, _ frame: JSONValue) -> Bool {
                frame["orders_p"]?.arrayValue?.contains { $0["clOrdID"]?.stringValue == "x-1" && $0["ordStatus"]?.stringValue == status } == true
            }
            try expectExact("usdtm-aop-05-order-new.json", try await ws.waitFor { order("New", $0) })
            _ = try await server.withSimulator { sim, now in
                try sim.setFairPrice(symbol: Symbol("BTCUSDT"), price: bid - Price(3000), now: now)
            }
            let fill = try await ws.waitFor(timeout: 10) { order("PartiallyFilled", $0) || order("Filled", $0) }
            try expectExact(order("Filled", fill) ? "usdtm-aop-07-order-filled.json" : "usdtm-aop-06-order-partial-fill.json", fill)

            let ask = try #require(await server.trueBook(symbol: "BTCUSD")?.asks.first).price + Price(2000)
            let ep = try #require(ask.scaled(to: 4))
            let c = try await http(port, "PUT", "/orders/create",
                query: "clOrdID=c-1&symbol=BTCUSD&side=Sell&ordType=Limit&timeInForce=GoodTillCancel&orderQty=100&priceEp=\(ep)", sign: true)
            #expect(c.json?["code"]?.intValue == 0, "\(c.body)")
            func corder(_ status: String, _ frame: JSONValue) -> Bool {
                frame["orders"]?.arrayValue?.contains { $0["clOrdID"]?.stringValue == "c-1" && $0["ordStatus"]?.stringValue == status } == true
            }
            try expectExact("coinm-aop-04-order-new.json", try await ws.waitFor { corder("New", $0) })
            _ = try await http(port, "DELETE", "/orders/cancel", query: "symbol=BTCUSD&clOrdID=c-1", sign: true)
            try expectExact("coinm-aop-06-order-canceled.json", try await ws.waitFor { corder("Canceled", $0) })

            // A COIN-M maker fill, then both REST position replies with a non-empty position row.
            let c2 = try await http(port, "PUT", "/orders/create",
                query: "clOrdID=c-2&symbol=BTCUSD&side=Sell&ordType=Limit&timeInForce=GoodTillCancel&orderQty=100&priceEp=\(ep)", sign: true)
            #expect(c2.json?["code"]?.intValue == 0, "\(c2.body)")
            _ = try await server.withSimulator { sim, now in
                try sim.setFairPrice(symbol: Symbol("BTCUSD"), price: ask + Price(3000), now: now)
            }
            func cfill(_ frame: JSONValue) -> Bool {
                frame["orders"]?.arrayValue?.contains { $0["clOrdID"]?.stringValue == "c-2" && $0["tradeType"]?.stringValue == "Trade" } == true
            }
            try expectExact("coinm-aop-05-order-filled.json", try await ws.waitFor(timeout: 10) { cfill($0) })
            let cpos = try await http(port, "GET", "/accounts/accountPositions", query: "currency=BTC", sign: true)
            #expect(cpos.json?["data"]?["positions"]?.arrayValue?.isEmpty == false)
            try expectExact("rest-coinm-05-account-positions-response.json", try #require(cpos.json))
            let upos = try await http(port, "GET", "/g-accounts/accountPositions", query: "currency=USDT", sign: true)
            #expect(upos.json?["data"]?["positions"]?.arrayValue?.isEmpty == false)
            try expectExact("rest-usdtm-09-account-positions-response.json", try #require(upos.json))
        }
    }
}

@Suite("WebSocket cadence and limits", .serialized) struct WebSocketCadenceTests {
    @Test func periodicSnapshotRepeatsState() async throws {
        try await withServer(testConfig { $0.snapshotIntervalSeconds = 0.3 }) { _, port in
            let ws = WSProbe(port: port)
            defer { ws.close() }
            ws.send(#"{"id":1,"method":"orderbook_p.subscribe","params":["BTCUSDT",false,5]}"#)
            try await ws.waitFor(contains: "snapshot") { $0["type"]?.stringValue == "snapshot" }
            let mark = ws.messages.count
            let again = try await ws.waitFor(from: mark, contains: "snapshot") { $0["type"]?.stringValue == "snapshot" }
            #expect(again["orderbook_p"]?["bids"]?.arrayValue?.count == 5)
            try expectExact("usdtm-orderbook-07-periodic-snapshot.json", again)
        }
    }

    @Test func requestRateCapPerConnection() async throws {
        try await withServer(testConfig { $0.maxRequestsPerSecondPerConnection = 3 }) { _, port in
            let ws = WSProbe(port: port)
            defer { ws.close() }
            for i in 1...5 { ws.send(#"{"id":\#(i),"method":"server.ping","params":[]}"#) }
            let refused = try await ws.waitFor(contains: "too many") { $0["error"]?["code"]?.intValue == 6001 }
            #expect(refused["error"]?["message"]?.stringValue == "too many requests")
            #expect(ws.messages.filter { $0.contains("pong") }.count == 3)
        }
    }
}
