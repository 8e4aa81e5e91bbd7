import Foundation
import MarketCore
import Testing
@testable import SimulatorServer

extension SimulatorServerLoopbackSuites {
@Suite("Private fills", .serialized) struct PrivateFillTests {
    @Test func takerFillFrameMatchesSample() async throws {
        try await withServer { server, port in
            let ws = WSProbe(port: port)
            defer { ws.close() }
            let expiry = Int64(Date().timeIntervalSince1970) + 60
            let sig = RequestAuth.sign(secret: testSecret, message: testKey + String(expiry))
            ws.send(#"{"method":"user.auth","params":["API","\#(testKey)","\#(sig)",\#(expiry)],"id":1}"#)
            ws.send(#"{"id":2,"method":"aop_p.subscribe","params":[]}"#)
            try await ws.waitFor(contains: "snapshot") { $0["type"]?.stringValue == "snapshot" }
            let ask = try #require(await server.trueBook(symbol: "BTCUSDT")?.asks.first).price + Price(50)
            let r = try await http(port, "PUT", "/g-orders/create",
                query: "clOrdID=fill-1&symbol=BTCUSDT&side=Buy&posSide=Merged&ordType=Limit&orderQtyRq=0.001&priceRp=\(ask)", sign: true)
            #expect(r.json?["code"]?.intValue == 0, "\(r.body)")
            let fill = try await ws.waitFor(contains: "TakerFill") { frame in
                frame["orders_p"]?.arrayValue?.contains { $0["execStatus"]?.stringValue == "TakerFill" } == true
            }
            let order = fill["orders_p"]?.arrayValue?.first { $0["execStatus"]?.stringValue == "TakerFill" }
            let expected = try sample("usdtm-aop-06-order-partial-fill.json")
            var mismatches = shapeMismatches(try #require(expected["orders_p"]?.arrayValue?.first), try #require(order))
            mismatches += shapeMismatches(try #require(expected["positions_p"]), try #require(fill["positions_p"]))
            mismatches += shapeMismatches(try #require(expected["accounts_p"]), try #require(fill["accounts_p"]))
            #expect(mismatches.isEmpty, "\(mismatches)")
            #expect(order?["tradeType"]?.stringValue == "Trade")
            #expect(order?["lastLiquidityInd"]?.stringValue == "RemovedLiquidity")
            let pos = try await http(port, "GET", "/g-accounts/accountPositions", query: "currency=USDT", sign: true)
            let rows = pos.json?["data"]?["positions"]?.arrayValue ?? []
            #expect(rows.contains { $0["symbol"]?.stringValue == "BTCUSDT" && $0["size"]?.stringValue == "0.001" })
            let fills = try await http(port, "GET", "/exchange/order/v2/tradingList", query: "symbol=BTCUSDT&currency=USDT", sign: true)
            #expect(fills.json?["data"]?["rows"]?.arrayValue?.isEmpty == false)
        }
    }
}
}
