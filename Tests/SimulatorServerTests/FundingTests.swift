import Foundation
import MarketCore
import Testing
@testable import SimulatorServer

extension SimulatorServerLoopbackSuites {
/// The public funding endpoints and the legacy v2 ticker list (PROTOCOL.md §3.4) over real
/// sockets. No sample exists for them in `samples/`, so rows are checked against the field list
/// the fact sheet documents (names, order, JSON types).
@Suite("Funding endpoints") struct FundingTests {
    static let realFundingFields = [
        "symbol", "fundingInterval", "toNextfundingInterval", "nextfundingTime", "fundingRate", "interestRate",
        "fundingRateCap", "fundingRateFloor",
    ]

    /// Keys of a JSON object text in the order they appear (top level of `row`).
    func keyOrder(_ row: String, _ keys: [String]) -> [String] {
        keys.compactMap { k in row.range(of: "\"\(k)\":").map { (k, $0.lowerBound) } }
            .sorted { $0.1 < $1.1 }.map(\.0)
    }

    @Test func realFundingRatesRows() async throws {
        try await withServer { server, port in
            let r = try await http(port, "GET", "/contract-biz/public/real-funding-rates", query: "symbol=BTCUSDT")
            #expect(r.status == 200)
            #expect(r.header("x-ratelimit-remaining") != nil)
            let j = try #require(r.json)
            #expect(j["code"]?.intValue == 0)
            #expect(j["msg"]?.stringValue == "OK")
            #expect(j["data"]?["total"]?.intValue == 1)
            let rows = try #require(j["data"]?["rows"]?.arrayValue)
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            guard case .object(let o) = row else { Issue.record("row is not an object"); return }
            #expect(o.keys.sorted() == Self.realFundingFields.sorted())
            #expect(keyOrder(r.body, Self.realFundingFields) == Self.realFundingFields)
            #expect(row["symbol"]?.stringValue == "BTCUSDT")
            #expect(row["fundingInterval"]?.intValue == 28_800)
            for k in ["fundingRate", "interestRate", "fundingRateCap", "fundingRateFloor"] {
                let text = try #require(row[k]?.stringValue, "\(k) is a decimal string")
                #expect((try? Money(parsing: text)) != nil)
            }
            #expect(row["fundingRate"]?.stringValue == "0.0001")
            // Next settlement: an 8 h epoch multiple after virtual now, `toNext` seconds away.
            let now = try #require(await server.virtualNow()).millis
            let next = try #require(row["nextfundingTime"]?.intValue)
            let toNext = try #require(row["toNextfundingInterval"]?.intValue)
            #expect(next % 28_800_000 == 0)
            #expect(next > now - 60_000 && next <= now + 28_800_000 + 60_000)
            #expect(toNext >= 0 && toNext <= 28_800)
        }
    }

    @Test func realFundingRatesAllPagingAndUnknown() async throws {
        try await withServer { _, port in
            let all = try #require(try await http(port, "GET", "/contract-biz/public/real-funding-rates").json)
            #expect(all["data"]?["total"]?.intValue == 3)
            #expect(all["data"]?["rows"]?.arrayValue?.compactMap { $0["symbol"]?.stringValue } == ["BTCUSDT", "ETHUSDT", "BTCUSD"])
            let explicit = try #require(try await http(port, "GET", "/contract-biz/public/real-funding-rates", query: "symbol=ALL").json)
            #expect(explicit["data"]?["rows"]?.arrayValue?.count == 3)
            let page2 = try #require(
                try await http(port, "GET", "/contract-biz/public/real-funding-rates", query: "pageSize=2&pageNum=2").json)
            #expect(page2["data"]?["total"]?.intValue == 3)
            #expect(page2["data"]?["rows"]?.arrayValue?.compactMap { $0["symbol"]?.stringValue } == ["BTCUSD"])
            let unknown = try await http(port, "GET", "/contract-biz/public/real-funding-rates", query: "symbol=NOPEUSDT")
            #expect(unknown.status == 200)
            #expect(unknown.body == #"{"code":0,"msg":"OK","data":{"total":0,"rows":[]}}"#)
            let bad = try #require(try await http(port, "GET", "/contract-biz/public/real-funding-rates", query: "pageSize=x").json)
            #expect(bad["code"]?.intValue == 10500)
        }
    }

    @Test func fundingRateHistory() async throws {
        try await withServer { server, port in
            let r = try await http(
                port, "GET", "/api-data/public/data/funding-rate-history", query: "symbol=.BTCUSDTFR8H&limit=3")
            #expect(r.status == 200)
            let j = try #require(r.json)
            #expect(j["code"]?.intValue == 0)
            let rows = try #require(j["data"]?["rows"]?.arrayValue)
            #expect(rows.count == 3)
            let times = rows.compactMap { $0["fundingTime"]?.intValue }
            #expect(times.count == 3)
            #expect(times == times.sorted(by: >))
            #expect(zip(times, times.dropFirst()).allSatisfy { $0 - $1 == 28_800_000 })
            let now = try #require(await server.virtualNow()).millis
            #expect(times.first.map { $0 <= now + 60_000 && $0 > now - 28_800_000 - 60_000 } == true)
            #expect(rows.allSatisfy { $0["symbol"]?.stringValue == ".BTCUSDTFR8H" && $0["fundingRate"]?.stringValue == "0.0001" })
            #expect(rows.allSatisfy { $0["intervalSeconds"]?.intValue == 28_800 })

            // A window: only settlements inside [start, end].
            let end = try #require(times.first)
            let window = try #require(try await http(
                port, "GET", "/api-data/public/data/funding-rate-history",
                query: "symbol=.BTCUSDTFR8H&start=\(end - 28_800_000)&end=\(end)&limit=100").json)
            #expect(window["data"]?["rows"]?.arrayValue?.compactMap { $0["fundingTime"]?.intValue } == [end, end - 28_800_000])

            // COIN-M funding symbol, the predicted-rate symbol (no settled rows) and unknowns.
            let coin = try #require(try await http(
                port, "GET", "/api-data/public/data/funding-rate-history", query: "symbol=.BTCFR8H&limit=1").json)
            #expect(coin["data"]?["rows"]?.arrayValue?.count == 1)
            for s in [".BTCUSDTFR", "NOPE"] {
                let empty = try await http(port, "GET", "/api-data/public/data/funding-rate-history", query: "symbol=\(s)")
                #expect(empty.body == #"{"code":0,"msg":"OK","data":{"rows":[]}}"#)
            }
            let capped = try #require(try await http(
                port, "GET", "/api-data/public/data/funding-rate-history", query: "symbol=.BTCUSDTFR8H&limit=500").json)
            #expect(capped["data"]?["rows"]?.arrayValue?.count == 100)
        }
    }

    @Test func legacyV2TickerList() async throws {
        try await withServer { _, port in
            let r = try await http(port, "GET", "/md/v2/ticker/24hr/all")
            #expect(r.status == 200)
            let rows = try #require(r.json?["result"]?.arrayValue)
            #expect(rows.compactMap { $0["symbol"]?.stringValue } == ["BTCUSDT", "ETHUSDT"])
            #expect(rows.allSatisfy { $0["markPriceRp"]?.stringValue != nil && $0["fundingRateRr"]?.stringValue != nil })
        }
    }
}
}
