import MarketCore
import Testing
@testable import PhemexWire

@Suite struct TickerDecoderTests {
    let d = TickerDecoder(catalog: WireTestInstruments.catalog)

    @Test func perpPackSnapshotIndexesThroughFields() throws {
        let json = try WireFixture.json("session-04-perp-market24h-pack-snapshot")
        #expect(WSInboundKind.classify(json) == .perpMarket24hPack)
        let u = try d.decodePerpMarket24hPack(json)
        #expect(u.isSnapshot && u.rowErrors.isEmpty && u.tickers.count == 2)
        let b = u.tickers[0]
        #expect(b.symbol == "BTCUSDT" && b.open == dec("64210.5") && b.high == dec("65510") && b.low == dec("63880.2"))
        #expect(b.last == dec("65000.1") && b.volume == qty("9123.456") && b.turnover == money("590123456.7891"))
        #expect(b.openInterest == money("4211.337") && b.indexPrice == dec("65003.41872112") && b.markPrice == dec("65000.6"))
        #expect(b.fundingRate == money("0.0001") && b.predictedFundingRate == money("0.00008214"))
        #expect(b.bid == 65000 && b.ask == dec("65000.1"))
        #expect(b.time == Timestamp(nanos: 1_760_000_000_623_456_789))
        #expect(
            b.markPriceTick
                == MarkPriceTick(
                    symbol: "BTCUSDT", markPrice: dec("65000.6"), indexPrice: dec("65003.41872112"),
                    fundingRate: money("0.0001"), time: b.time))
        #expect(u.tickers[1].symbol == "ETHUSDT" && u.tickers[1].markPrice == dec("3155.97"))
    }

    @Test func perpPackIncremental() throws {
        let u = try d.decodePerpMarket24hPack(try WireFixture.json("session-05-perp-market24h-pack-incremental"))
        #expect(!u.isSnapshot && u.tickers.count == 1)
        #expect(u.tickers[0].markPrice == dec("64999.9") && u.tickers[0].ask == 65000)
        #expect(u.tickers[0].predictedFundingRate == money("0.0000819"))
    }

    @Test func perpPackReorderedAndOlderFields() throws {
        // 12-field layout without bid/ask, columns reordered: decoding must follow `fields`.
        let text = #"{"data":[["65000.6","BTCUSDT","0.0001"]],"fields":["markRp","symbol","fundingRateRr"],"method":"perp_market24h_pack_p.update","timestamp":5,"type":"incremental"}"#
        let u = try d.decodePerpMarket24hPack(try JSONValue.parse(text))
        #expect(u.tickers[0].symbol == "BTCUSDT" && u.tickers[0].markPrice == dec("65000.6") && u.tickers[0].bid == nil)
        #expect(u.tickers[0].fundingRate == money("0.0001"))
    }

    @Test func perpPackBadRowsReported() throws {
        let text = #"{"data":[["BTCUSDT","x"],["ETHUSDT"],5,["SOLUSDT","150.5"]],"fields":["symbol","markRp"],"method":"perp_market24h_pack_p.update","type":"incremental"}"#
        let u = try d.decodePerpMarket24hPack(try JSONValue.parse(text))
        #expect(u.tickers.map(\.symbol) == ["SOLUSDT"])
        #expect(u.rowErrors.count == 3)
        #expect(throws: PhemexWireError.self) {
            try d.decodePerpMarket24hPack(try JSONValue.parse(#"{"method":"perp_market24h_pack_p.update","data":[]}"#))
        }
    }

    @Test func market24hP() throws {
        let json = try WireFixture.json("session-09-market24h-p")
        #expect(WSInboundKind.classify(json) == .market24hLinear)
        let t = try d.decodeMarket24hP(json)
        #expect(t.symbol == "BTCUSDT" && t.last == dec("65000.1") && t.markPrice == dec("65000.6"))
        #expect(t.indexPrice == dec("65003.41872112") && t.fundingRate == money("0.0001") && t.high == 65510)
        #expect(t.time == Timestamp(nanos: 1_760_000_001_623_456_789))
    }

    @Test func tickP() throws {
        let json = try WireFixture.json("session-06-tick-p-mark-price")
        #expect(WSInboundKind.classify(json) == .tickLinear)
        #expect(
            try d.decodeTickP(json)
                == PhemexTick(tickSymbol: ".MBTCUSDT", value: dec("65000.6"), time: Timestamp(nanos: 1_760_000_000_923_456_789)))
    }

    @Test func coinmMarket24h() throws {
        let json = try WireFixture.json("session-07-coinm-market24h")
        #expect(WSInboundKind.classify(json) == .market24hInverse)
        let t = try d.decodeMarket24h(json)
        #expect(t.symbol == "BTCUSD" && t.last == dec("65000.5") && t.markPrice == dec("65000.8213"))
        #expect(t.indexPrice == dec("65001.1882") && t.open == dec("64210.5") && t.low == dec("63880.2"))
        #expect(t.fundingRate == money("0.0001") && t.predictedFundingRate == money("0.00008214"))
        #expect(t.turnover == money("14123.34455667") && t.volume == 91_234_567 && t.openInterest == 88_120_333)
        #expect(t.time == Timestamp(nanos: 1_760_000_003_623_456_000))
        #expect(throws: PhemexWireError.unknownInstrument("BTCUSD")) { try TickerDecoder().decodeMarket24h(json) }
    }

    @Test func coinmTick() throws {
        let json = try WireFixture.json("session-08-coinm-tick")
        #expect(WSInboundKind.classify(json) == .tickInverse)
        let t = try d.decodeTick(json)
        #expect(t.tickSymbol == ".BTC" && t.value == dec("65001.1882") && t.time == Timestamp(nanos: 1_760_000_003_923_456_000))
        #expect(throws: PhemexWireError.self) {
            try d.decodeTick(try JSONValue.parse(#"{"tick":{"last":1,"scale":99,"symbol":".BTC"}}"#))
        }
    }

    @Test func indexMarket24hIsIgnorable() throws {
        #expect(WSInboundKind.classify(try WireFixture.json("session-10-index-market24h")) == .ignorable)
    }

    @Test func malformedTickers() {
        #expect(throws: PhemexWireError.self) { try d.decodeTickP(try JSONValue.parse(#"{"tick_p":{"last":"NaN","symbol":"x"}}"#)) }
        #expect(throws: PhemexWireError.self) { try d.decodeTickP(try JSONValue.parse(#"{"tick_p":{"last":65000.6e400,"symbol":"x"}}"#)) }
        #expect(throws: PhemexWireError.self) { try d.decodeMarket24hP(try JSONValue.parse(#"{"market24h_p":[]}"#)) }
        #expect(throws: PhemexWireError.self) {
            try d.decodeMarket24h(try JSONValue.parse(#"{"market24h":{"symbol":"BTCUSD","markPrice":99999999999999999999}}"#))
        }
    }
}

@Suite struct TickSymbolMapTests {
    @Test func mapsTickSymbolsToInstruments() throws {
        let reply = try ProductsDecoder.decode(try WireFixture.data("rest-usdtm-08-products-response-trimmed"))
        let map = TickSymbolMap(products: reply.products)
        #expect(map.entry(".MBTCUSDT") == .init(symbol: "BTCUSDT", role: .mark))
        #expect(map.entry(".BTCUSDTFR8H") == .init(symbol: "BTCUSDT", role: .fundingRate8h))
        #expect(map.entry(".METHUSDT") == .init(symbol: "ETHUSDT", role: .mark))
        #expect(map.entry(".BTC") == .init(symbol: "BTCUSD", role: .index))
        let tick = try TickerDecoder().decodeTickP(try WireFixture.json("session-06-tick-p-mark-price"))
        #expect(map.markPriceTick(tick) == MarkPriceTick(symbol: "BTCUSDT", markPrice: dec("65000.6"), time: tick.time))
        let idx = try TickerDecoder().decodeTick(try WireFixture.json("session-08-coinm-tick"))
        #expect(map.markPriceTick(idx) == nil)
        #expect(map.entry(".NOPE") == nil)
    }
}
