import Foundation
import Testing
@testable import SimulatorServer
import MarketCore

@Suite("Fault switches", .serialized) struct FaultSwitchTests {
    @Test func adminEndpointSetsFaultsAndShowsTrueBook() async throws {
        try await withServer { server, port in
            let set = try await http(port, "POST", "/admin/faults", body: #"{"latencyMilliseconds":5,"http503Fraction":0.5}"#)
            #expect(set.status == 200)
            #expect(set.json?["latencyMilliseconds"]?.intValue == 5)
            #expect(await server.faults().http503Fraction == 0.5)
            let state = try await http(port, "GET", "/admin/state")
            let bids = state.json?["books"]?["BTCUSDT"]?["bids"]?.arrayValue
            #expect(bids?.count == 30)
            let bad = try await http(port, "POST", "/admin/faults", body: "nope")
            #expect(bad.status == 400)
        }
    }

    @Test func dropConnectionsWithoutCloseFrame() async throws {
        try await withServer { server, port in
            let ws = WSProbe(port: port)
            defer { ws.close() }
            ws.send(#"{"id":1,"method":"server.ping","params":[]}"#)
            try await ws.waitFor { $0["result"]?.stringValue == "pong" }
            await server.setFaults(FaultSwitches(dropConnections: true))
            #expect(await ws.waitClosed(timeout: 3))
            // New connections are accepted again.
            let again = WSProbe(port: port)
            defer { again.close() }
            again.send(#"{"id":2,"method":"server.ping","params":[]}"#)
            try await again.waitFor { $0["result"]?.stringValue == "pong" }
        }
    }

    @Test func stallMarketData() async throws {
        try await withServer { server, port in
            let ws = WSProbe(port: port)
            defer { ws.close() }
            ws.send(#"{"id":1,"method":"orderbook_p.subscribe","params":["BTCUSDT"]}"#)
            try await ws.waitFor { $0["type"]?.stringValue == "incremental" }
            // A 4 s stall: frames already in flight get 1 s to land, then 1 s of silence is checked.
            await server.setFaults(FaultSwitches(stallMarketDataSeconds: 4))
            try await Task.sleep(for: .seconds(1))
            let mark = ws.messages.count
            try await Task.sleep(for: .seconds(1))
            #expect(ws.messages.count == mark)
            try await ws.waitFor(from: mark, timeout: 5) { $0["type"]?.stringValue == "incremental" }
        }
    }

    @Test func outOfOrderSequenceOnce() async throws {
        try await withServer { server, port in
            let ws = WSProbe(port: port)
            defer { ws.close() }
            ws.send(#"{"id":1,"method":"orderbook_p.subscribe","params":["BTCUSDT"]}"#)
            try await ws.waitFor { $0["type"]?.stringValue == "incremental" }
            await server.setFaults(FaultSwitches(outOfOrderSequence: true))
            var last: Int64 = 0
            var sawLower = false
            let deadline = ContinuousClock.now + .seconds(30)
            var i = 0
            while ContinuousClock.now < deadline && !sawLower {
                let all = ws.messages
                while i < all.count {
                    if let v = try? JSONValue.parse(all[i]), v["orderbook_p"] != nil, let s = v["sequence"]?.intValue {
                        if s < last { sawLower = true }
                        last = max(last, s)
                    }
                    i += 1
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(sawLower)
            #expect(await server.faults().outOfOrderSequence == false)
        }
    }

    @Test func http503AppliedOrNot() async throws {
        try await withServer { server, port in
            let bid = try #require(await server.trueBook(symbol: "BTCUSDT")?.bids.last).price - Price(500)
            func create(_ id: String) async throws -> HTTPReply {
                try await http(port, "PUT", "/g-orders/create",
                    query: "clOrdID=\(id)&symbol=BTCUSDT&side=Buy&posSide=Merged&ordType=Limit&orderQtyRq=0.01&priceRp=\(bid)", sign: true)
            }
            await server.setFaults(FaultSwitches(http503Fraction: 1, http503Applied: true))
            #expect(try await create("f-applied").status == 503)
            await server.setFaults(FaultSwitches(http503Fraction: 1, http503Applied: false))
            #expect(try await create("f-dropped").status == 503)
            // Queries are not trading requests: never 503.
            let list = try await http(port, "GET", "/g-orders/activeList", query: "symbol=BTCUSDT", sign: true)
            #expect(list.status == 200)
            let ids = list.json?["data"]?["rows"]?.arrayValue?.compactMap { $0["clOrdID"]?.stringValue } ?? []
            #expect(ids == ["f-applied"])
        }
    }

    @Test func burstOf429AndLatency() async throws {
        try await withServer { server, port in
            await server.setFaults(FaultSwitches(burst429: 2))
            #expect(try await http(port, "GET", "/public/time").status == 429)
            let second = try await http(port, "GET", "/public/time")
            #expect(second.status == 429)
            #expect(second.header("x-ratelimit-retry-after") != nil)
            #expect(try await http(port, "GET", "/public/time").status == 200)

            await server.setFaults(FaultSwitches(latencyMilliseconds: 150))
            let start = ContinuousClock.now
            #expect(try await http(port, "GET", "/public/time").status == 200)
            #expect(ContinuousClock.now - start >= .milliseconds(150))
        }
    }
}
