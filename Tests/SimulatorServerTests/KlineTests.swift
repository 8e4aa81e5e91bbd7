import Foundation
import Testing
@testable import SimulatorServer
import ExchangeSimulator
import MarketCore

extension SimulatorServerLoopbackSuites {
@Suite("Klines", .serialized) struct KlineTests {
    @Test func seriesBucketsTradesAndFillsQuietMinutes() throws {
        let t0 = Timestamp(nanos: 1_760_000_010_000_000_000)  // 10 s into a minute bucket
        var s = KlineSeries(interval: 60, inverse: false, price: Price(100), now: t0)
        #expect(s.candles.count == 1)
        #expect(s.candles[0].start % 60 == 0)
        s.add(SimTrade(time: t0, side: .buy, price: Price(101), size: Quantity(2)))
        s.add(SimTrade(time: t0, side: .sell, price: Price(99), size: Quantity(1)))
        let c = try #require(s.candles.last)
        #expect(c.open == Price(101) && c.high == Price(101) && c.low == Price(99) && c.close == Price(99))
        #expect(c.volume == Quantity(3))
        #expect(c.turnover == Money(301))
        // Three minutes later: two flat candles at the last close, then the new bucket.
        s.roll(to: Timestamp(nanos: t0.nanos + 180_000_000_000))
        #expect(s.candles.count == 4)
        #expect(s.candles[1].open == Price(99) && s.candles[1].volume.isZero && s.candles[1].lastClose == Price(99))
        #expect(s.newestFirst(limit: 2).map(\.start) == [s.candles[3].start, s.candles[2].start])
        #expect(s.candles[3].start - s.candles[0].start == 180)
    }

    @Test func klineChannelsAndRestMatchDocumentedTuples() async throws {
        try await withServer { server, port in
            let ws = WSProbe(port: port, autoPing: true)
            defer { ws.close() }
            ws.send(#"{"id":1,"method":"kline_p.subscribe","params":["BTCUSDT",60]}"#)
            _ = try await ws.waitFor { $0["id"]?.intValue == 1 && $0["error"] == .null }
            let snap = try await ws.waitFor { $0["kline_p"] != nil && $0["type"]?.stringValue == "snapshot" }
            #expect(snap["symbol"]?.stringValue == "BTCUSDT")
            #expect(snap["sequence"]?.intValue != nil)
            let row = try #require(snap["kline_p"]?.arrayValue?.first?.arrayValue)
            #expect(row.count == 9)
            #expect(row[0].intValue != nil && row[1].intValue == 60)
            #expect(row[2...].allSatisfy { $0.stringValue != nil })

            ws.send(#"{"id":2,"method":"kline.subscribe","params":["BTCUSD",300]}"#)
            let csnap = try await ws.waitFor { $0["kline"] != nil && $0["type"]?.stringValue == "snapshot" }
            let crow = try #require(csnap["kline"]?.arrayValue?.first?.arrayValue)
            #expect(crow.count == 9 && crow.allSatisfy { $0.intValue != nil })
            #expect(crow[1].intValue == 300)

            _ = try await server.withSimulator { sim, now in
                try sim.injectMarketTrade(symbol: Symbol("BTCUSDT"), side: .buy, quantity: try Quantity(parsing: "0.5"), now: now)
            }
            let inc = try await ws.waitFor { $0["kline_p"] != nil && $0["type"]?.stringValue == "incremental" }
            #expect(inc["kline_p"]?.arrayValue?.count == 1)

            for bad in [#"["BTCUSDT",61]"#, #"["BTCUSD",60]"#, #"["BTCUSDT"]"#] {
                ws.send(#"{"id":9,"method":"kline_p.subscribe","params":\#(bad)}"#)
                _ = try await ws.waitFor(from: ws.messages.count - 1) { $0["id"]?.intValue == 9 && $0["error"]?["code"]?.intValue == 6001 }
            }
            ws.send(#"{"id":10,"method":"kline_p.unsubscribe","params":[]}"#)
            _ = try await ws.waitFor { $0["id"]?.intValue == 10 && $0["error"] == .null }

            let rest = try await http(port, "GET", "/exchange/public/md/v2/kline/last", query: "symbol=BTCUSDT&resolution=60&limit=5")
            #expect(rest.status == 200)
            #expect(rest.json?["code"]?.intValue == 0)
            #expect(rest.json?["data"]?["total"]?.intValue == -1)
            let rows = try #require(rest.json?["data"]?["rows"]?.arrayValue)
            #expect(!rows.isEmpty && rows.count <= 5)
            #expect(rows.first?.arrayValue?.count == 9)
            #expect(rest.header("x-ratelimit-capacity") == "100")
            let remaining = Int(rest.header("x-ratelimit-remaining") ?? "") ?? 0
            let again = try await http(port, "GET", "/exchange/public/md/v2/kline/last", query: "symbol=BTCUSDT&resolution=60&limit=5")
            #expect(Int(again.header("x-ratelimit-remaining") ?? "") == remaining - 10)  // weight 10 in Others
            let badLimit = try await http(port, "GET", "/exchange/public/md/v2/kline/last", query: "symbol=BTCUSDT&resolution=60&limit=7")
            #expect(badLimit.json?["code"]?.intValue != 0)
        }
    }
}
}

extension SimulatorServerLoopbackSuites {
@Suite("WebSocket subscribe details", .serialized) struct SubscribeDetailTests {
    @Test func secondSymbolIgnoredAndTickerUnsubscribe() async throws {
        try await withServer(testConfig { $0.tickerIntervalSeconds = 0.05 }) { _, port in
            let ws = WSProbe(port: port, autoPing: true)
            defer { ws.close() }
            // One symbol per frame: the second one is ignored, not an error (§3.1).
            ws.send(#"{"id":1,"method":"orderbook_p.subscribe","params":["BTCUSDT","ETHUSDT"]}"#)
            _ = try await ws.waitFor { $0["id"]?.intValue == 1 && $0["error"] == .null }
            let snap = try await ws.waitFor { $0["orderbook_p"] != nil && $0["type"]?.stringValue == "snapshot" }
            #expect(snap["symbol"]?.stringValue == "BTCUSDT" && snap["depth"]?.intValue == 30)
            // Ticks are pushed repeatedly until unsubscribed; wrong-family tick symbols are refused.
            ws.send(#"{"id":2,"method":"tick_p.subscribe","params":[".BTCUSDTFR8H"]}"#)
            let first = try await ws.waitFor { $0["tick_p"] != nil }
            #expect(first["tick_p"]?["last"]?.stringValue == "0.0001")
            _ = try await ws.waitFor(from: ws.messages.count) { $0["tick_p"] != nil }
            ws.send(#"{"id":3,"method":"tick_p.subscribe","params":[".BTC"]}"#)
            _ = try await ws.waitFor { $0["id"]?.intValue == 3 && $0["error"]?["code"]?.intValue == 6001 }
            ws.send(#"{"id":4,"method":"tick_p.unsubscribe","params":[]}"#)
            _ = try await ws.waitFor { $0["id"]?.intValue == 4 && $0["error"] == .null }
            try await Task.sleep(for: .milliseconds(100))
            let mark = ws.messages.count
            try await Task.sleep(for: .milliseconds(250))
            #expect(!ws.messages[mark...].contains { $0.contains("\"tick_p\"") })
        }
    }
}
}
