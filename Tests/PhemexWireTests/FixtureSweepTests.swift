import MarketCore
import Testing
@testable import PhemexWire

/// Every non-market-data fixture goes through the decoder its routing selects, without error
/// (market-data fixtures belong to the book helper's tests).
@Suite struct FixtureSweepTests {
    static let marketDataPrefixes = ["usdtm-orderbook-", "coinm-orderbook-", "usdtm-trades-", "coinm-trades-"]

    func decodeAny(_ name: String) throws -> String {
        let bytes = try WireFixture.data(name)
        let json = try JSONValue.parse(bytes)
        let catalog = WireTestInstruments.catalog
        if name.hasSuffix("-request") || name.contains("-request-") {
            if case .string(let m)? = json["method"] {
                guard case .number(let idText)? = json["id"], let id = Int64(idText), case .array(let ps)? = json["params"] else {
                    throw PhemexWireError.unexpectedMessage("bad request fixture")
                }
                var params: [WSParam] = []
                for p in ps {
                    switch p {
                    case .string(let s): params.append(.string(s))
                    case .number(let n): params.append(.int(Int64(n) ?? -1))
                    case .bool(let b): params.append(.bool(b))
                    default: throw PhemexWireError.unexpectedMessage("param")
                    }
                }
                let re = WSRequest(id: id, method: m, params: params)
                #expect(try JSONValue.parse(re.text) == json, "\(name)")
                return "ws-request"
            }
            return "rest-body"
        }
        switch WSInboundKind.classify(json) {
        case .aopLinear, .aopInverse:
            let inverse = WSInboundKind.classify(json) == .aopInverse
            let u = try PrivateStreamDecoder(kind: inverse ? .inverse : .linear, catalog: catalog).decode(json: json)
            #expect(u.rowErrors.isEmpty, "\(name)")
            return "aop"
        case .perpMarket24hPack:
            #expect(try TickerDecoder(catalog: catalog).decodePerpMarket24hPack(json).rowErrors.isEmpty)
            return "ticker"
        case .market24hLinear: _ = try TickerDecoder().decodeMarket24hP(json); return "ticker"
        case .market24hInverse: _ = try TickerDecoder(catalog: catalog).decodeMarket24h(json); return "ticker"
        case .tickLinear: _ = try TickerDecoder().decodeTickP(json); return "tick"
        case .tickInverse: _ = try TickerDecoder().decodeTick(json); return "tick"
        case .ignorable: return "ignorable"
        default: break
        }
        if json["code"] != nil {
            let env = try RestEnvelope.decode(json: json)
            if name.hasPrefix("error-") || name == "rest-coinm-03-active-list-empty-response" {
                #expect(!env.isSuccess, "\(name)")
                #expect(env.error.category != .other, "\(name)")
            } else {
                #expect(env.isSuccess, "\(name)")
            }
            return "rest"
        }
        if case .array = json { _ = try RestDecoder(kind: .linear).fills(bytes); return "rest-array" }
        if name.hasPrefix("error-") {
            if name.hasPrefix("error-rest") {
                #expect(throws: PhemexWireError.self) { try MDEnvelope.decode(bytes) }
                return "md-error"
            }
            let r = try WSReply.decode(json: json)
            #expect(!r.isSuccess, "\(name)")
            return "ws-error"
        }
        if json["result"] != nil && json["error"] != nil {
            if case .object(let o)? = json["result"], o["status"] == nil {
                _ = try MDEnvelope.decode(bytes)
                return "md"
            }
            #expect(try WSReply.decode(json: json).isSuccess, "\(name)")
            return "ws-reply"
        }
        throw PhemexWireError.unexpectedMessage("no decoder for \(name)")
    }

    @Test func everyNonMarketDataFixtureDecodes() throws {
        let names = try WireFixture.allNames().filter { n in !Self.marketDataPrefixes.contains { n.hasPrefix($0) } }
        #expect(names.count >= 60)
        var kinds: [String: Int] = [:]
        for n in names {
            do {
                kinds[try decodeAny(n), default: 0] += 1
            } catch {
                Issue.record("\(n): \(error)")
            }
        }
        #expect((kinds["aop"] ?? 0) == 13)
        #expect((kinds["rest"] ?? 0) >= 20)
    }

    @Test func mdOrderBookFixturesUseMDEnvelope() throws {
        // The two REST /md order-book replies are market data, but their envelope is ours.
        for n in ["rest-usdtm-10-md-orderbook-response", "coinm-orderbook-07-rest-md-orderbook-response"] {
            let md = try MDEnvelope.decode(try WireFixture.data(n))
            #expect(md.id == 0 && md.result["type"] == .string("snapshot"))
        }
    }
}
