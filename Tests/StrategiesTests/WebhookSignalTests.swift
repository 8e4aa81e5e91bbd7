import MarketCore
import Testing
@testable import Strategies

@Suite struct WebhookSignalTests {
    typealias F = Fixture
    static let symbols: [Symbol] = ["BTCUSDT", "BTCUSD"]

    static func parse(_ json: String) throws(WebhookRejection) -> WebhookSignal {
        try WebhookSignal.parse(body: Array(json.utf8), knownSymbols: symbols)
    }

    static func rejection(_ json: String) -> WebhookRejection? {
        do {
            _ = try parse(json)
            return nil
        } catch { return error }
    }

    @Test func orderTypesFromPrices() throws {
        #expect(try Self.parse(#"{"symbol":"BTCUSDT","action":"buy"}"#).orderType == .market)
        #expect(try Self.parse(#"{"symbol":"BTCUSDT","action":"buy","limit_price":65000}"#).orderType == .limit)
        #expect(try Self.parse(#"{"symbol":"BTCUSDT","action":"buy","stop_price":"66000"}"#).orderType == .stop)
        #expect(
            try Self.parse(#"{"symbol":"BTCUSDT","action":"Sell","limit_price":64000,"stop_price":64100}"#).orderType
                == .stopLimit)
    }

    @Test func actionAnyCaseAndQuantityDefaults() throws {
        let s = try Self.parse(#"{"symbol":"btcusdt","action":"SELL","id":"a-1","token":"secret"}"#)
        #expect(s.side == .sell)
        #expect(s.symbol == "BTCUSDT")
        #expect(s.quantity == .fixed(1))
        #expect(s.id == "a-1" && s.idempotencyKey == "id:a-1")
        #expect(!s.description.contains("secret"))
        let e = try Self.parse(#"{"symbol":"BTCUSDT","action":"buy","quantity":1e-3}"#)
        #expect(e.quantity == .fixed(F.q("0.001")))
    }

    @Test func orderProposalsPerType() throws {
        let spec = F.btc
        let m = try Self.parse(#"{"symbol":"BTCUSDT","action":"buy","quantity":0.0129}"#)
            .orderProposal(instrument: spec, referencePrice: 65000, equity: 10000)
        #expect(m.type == .market && m.timeInForce == .immediateOrCancel && m.price == nil)
        #expect(m.quantity == F.q("0.012"))
        let l = try Self.parse(#"{"symbol":"BTCUSDT","action":"sell","quantity":"0.01","limit_price":"65000.05"}"#)
            .orderProposal(instrument: spec, referencePrice: 65000, equity: 10000)
        #expect(l.type == .limit && l.price == F.p("65000.1") && l.timeInForce == .goodTillCancel)
        let st = try Self.parse(#"{"symbol":"BTCUSDT","action":"buy","quantity":0.01,"stop_price":66000.04}"#)
            .orderProposal(instrument: spec, referencePrice: 65000, equity: 10000)
        #expect(st.type == .stop && st.stopPrice == F.p("66000.1") && st.trigger == .lastPrice && st.price == nil)
        let sl = try Self.parse(
            #"{"symbol":"BTCUSDT","action":"sell","quantity":0.01,"stop_price":64000,"limit_price":63990,"reduce_only":true,"id":"x"}"#
        ).orderProposal(instrument: spec, referencePrice: 65000, equity: 10000)
        #expect(sl.type == .stopLimit && sl.stopPrice == 64000 && sl.price == 63990 && sl.reduceOnly && sl.tag == "x")
    }

    @Test func cashAndPercentConversion() throws {
        let cash = try Self.parse(#"{"symbol":"BTCUSDT","action":"buy","quantity":650,"quantity_type":"cash"}"#)
        #expect(try cash.orderQuantity(instrument: F.btc, referencePrice: 65000, equity: 0) == F.q("0.01"))
        let cash2 = try Self.parse(#"{"symbol":"BTCUSDT","action":"buy","quantity":100,"quantity_type":"cash"}"#)
        #expect(try cash2.orderQuantity(instrument: F.btc, referencePrice: 65000, equity: 0) == F.q("0.001"))
        let inverse = try Self.parse(#"{"symbol":"BTCUSD","action":"buy","quantity":"100.7","quantity_type":"cash"}"#)
        #expect(try inverse.orderQuantity(instrument: F.btcusd, referencePrice: 65000, equity: 0) == 100)
        let pct = try Self.parse(#"{"symbol":"BTCUSDT","action":"buy","quantity":10,"quantity_type":"percent_of_equity"}"#)
        #expect(try pct.orderQuantity(instrument: F.btc, referencePrice: 65000, equity: 10000) == F.q("0.015"))
        let pctInv = try Self.parse(#"{"symbol":"BTCUSD","action":"sell","quantity":10,"quantity_type":"percent_of_equity"}"#)
        #expect(try pctInv.orderQuantity(instrument: F.btcusd, referencePrice: 65000, equity: Money("0.5")!) == 3250)
    }

    @Test func conversionErrors() throws {
        let tiny = try Self.parse(#"{"symbol":"BTCUSDT","action":"buy","quantity":10,"quantity_type":"cash"}"#)
        #expect(throws: WebhookRejection.self) { try tiny.orderQuantity(instrument: F.btc, referencePrice: 65000, equity: 0) }
        let noEquity = try Self.parse(#"{"symbol":"BTCUSDT","action":"buy","quantity":10,"quantity_type":"percent_of_equity"}"#)
        #expect(throws: WebhookRejection.self) { try noEquity.orderQuantity(instrument: F.btc, referencePrice: 65000, equity: 0) }
        let tooMuch = try Self.parse(#"{"symbol":"BTCUSDT","action":"buy","quantity":200000}"#)
        #expect(throws: WebhookRejection.self) { try tooMuch.orderQuantity(instrument: F.btc, referencePrice: 65000, equity: 0) }
    }

    @Test(arguments: [
        (#"{"action":"buy"}"#, "symbol"),
        (#"{"symbol":"BTCUSDT"}"#, "action"),
        (#"{"symbol":"ETHUSDT","action":"buy"}"#, "symbol"),
        (#"{"symbol":"BTCUSDT","action":"hold"}"#, "action"),
        (#"{"symbol":"BTCUSDT","action":"buy","quantity":-1}"#, "quantity"),
        (#"{"symbol":"BTCUSDT","action":"buy","quantity":0}"#, "quantity"),
        (#"{"symbol":"BTCUSDT","action":"buy","quantity":"abc"}"#, "quantity"),
        (#"{"symbol":"BTCUSDT","action":"buy","quantity_type":"lots"}"#, "quantity_type"),
        (#"{"symbol":"BTCUSDT","action":"buy","quantity_type":"cash"}"#, "quantity"),
        (#"{"symbol":"BTCUSDT","action":"buy","quantity":150,"quantity_type":"percent_of_equity"}"#, "quantity"),
        (#"{"symbol":"BTCUSDT","action":"buy","limit_price":0}"#, "limit_price"),
        (#"{"symbol":"BTCUSDT","action":"buy","stop_price":-5}"#, "stop_price"),
        (#"{"symbol":"BTCUSDT","action":"buy","action":"sell"}"#, "action"),
        (#"{"symbol":"BTCUSDT","action":true}"#, "action"),
        ("buy BTCUSDT 1", "body"),
        (#"{"symbol":"BTCUSDT","action":"buy""#, "body"),
        (#"["symbol"]"#, "body"),
        ("", "body"),
    ])
    func badPayloads(json: String, field: String) {
        let r = Self.rejection(json)
        #expect(r?.field == field)
        #expect(r?.status == 400)
    }

    @Test func oversizedBody() {
        let body = Array(repeating: UInt8(ascii: " "), count: WebhookSignal.maxBodyBytes + 1)
        #expect(throws: WebhookRejection(status: 413, field: "body", reason: "larger than 65536 bytes")) {
            try WebhookSignal.parse(body: body, knownSymbols: Self.symbols)
        }
    }

    @Test func jsonStringsWithEscapesAndNestedValues() throws {
        let s = try Self.parse(#"{"symbol":"BTC\u0055SDT","action":"buy","meta":{"a":[1,2,{"b":null}]},"note":"x\"y"}"#)
        #expect(s.symbol == "BTCUSDT")
    }
}

@Suite struct WebhookEndpointLogicTests {
    typealias F = Fixture

    static func strategy() -> WebhookSignalsStrategy {
        var c = WebhookSignalsConfig(symbols: ["BTCUSDT", "BTCUSD"])
        c.idempotencyWindow = .seconds(60)
        return WebhookSignalsStrategy(config: c)
    }

    @Test func tokenInBodyOrQuery() {
        let s = Self.strategy()
        let body = Array(#"{"symbol":"BTCUSDT","action":"buy","token":"s3cret"}"#.utf8)
        #expect((try? s.accept(body: body, queryToken: nil, expectedToken: "s3cret").get()) != nil)
        let noToken = Array(#"{"symbol":"BTCUSDT","action":"buy"}"#.utf8)
        #expect((try? s.accept(body: noToken, queryToken: "s3cret", expectedToken: "s3cret").get()) != nil)
        if case .failure(let e) = s.accept(body: noToken, queryToken: nil, expectedToken: "s3cret") {
            #expect(e.status == 401 && !e.description.contains("s3cret"))
        } else {
            Issue.record("missing token accepted")
        }
        if case .failure(let e) = s.accept(body: body, queryToken: nil, expectedToken: "other") {
            #expect(e.status == 401)
        } else {
            Issue.record("wrong token accepted")
        }
        // non-JSON: 401 without a valid query token, 400 with one
        if case .failure(let e) = s.accept(body: Array("nope".utf8), queryToken: nil, expectedToken: "s3cret") {
            #expect(e.status == 401)
        }
        if case .failure(let e) = s.accept(body: Array("nope".utf8), queryToken: "s3cret", expectedToken: "s3cret") {
            #expect(e.status == 400 && e.field == "body")
        }
    }

    @Test func duplicateAlertExecutesOnce() throws {
        var s = Self.strategy()
        let clock = Clock()
        let body = Array(#"{"symbol":"BTCUSDT","action":"buy","quantity":0.01,"token":"t"}"#.utf8)
        let signal = try s.accept(body: body, queryToken: nil, expectedToken: "t").get()
        guard case .order(let o, let key) = s.propose(signal, instrument: F.btc, referencePrice: 65000, equity: 10000, now: clock.now)
        else {
            Issue.record("first delivery not executed")
            return
        }
        #expect(o.quantity == F.q("0.01") && key.hasPrefix("fnv:"))
        s.attach(reference: "wh-000001", to: key)
        clock.advance(30)
        #expect(
            s.propose(signal, instrument: F.btc, referencePrice: 65000, equity: 10000, now: clock.now)
                == .duplicate(key: key, reference: "wh-000001"))
        clock.advance(31)
        if case .order = s.propose(signal, instrument: F.btc, referencePrice: 65000, equity: 10000, now: clock.now) {
        } else {
            Issue.record("window did not expire")
        }
        s.forget(key: key)
        if case .order = s.propose(signal, instrument: F.btc, referencePrice: 65000, equity: 10000, now: clock.now) {
        } else {
            Issue.record("forgotten key still duplicate")
        }
    }

    @Test func idempotencyByIdIgnoresBodyDifferences() {
        var w = IdempotencyWindow(window: .seconds(10), capacity: 2)
        let k1 = IdempotencyWindow.key(id: "A", body: Array("x".utf8))
        let k2 = IdempotencyWindow.key(id: "A", body: Array("y".utf8))
        #expect(k1 == k2)
        #expect(w.admit(k1, now: .seconds(1)) == .first)
        #expect(w.admit(k2, now: .seconds(2)) == .duplicate(reference: nil))
        #expect(w.admit("b", now: .seconds(3)) == .first)
        #expect(w.admit("c", now: .seconds(4)) == .first)  // capacity 2: "id:A" evicted
        #expect(w.admit(k1, now: .seconds(5)) == .first)
        #expect(w.count == 2)
    }

    @Test func constantTimeComparisonAndHash() {
        #expect(WebhookSecurity.constantTimeEquals("abc", "abc"))
        #expect(!WebhookSecurity.constantTimeEquals("abd", "abc"))
        #expect(!WebhookSecurity.constantTimeEquals("ab", "abc"))
        #expect(!WebhookSecurity.constantTimeEquals("abcd", "abc"))
        #expect(!WebhookSecurity.constantTimeEquals("", ""))
        #expect(WebhookSecurity.fnv1a64([]) == 0xcbf2_9ce4_8422_2325)
        #expect(WebhookSecurity.fnv1a64(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(WebhookSecurity.fnv1a64Hex(Array("foobar".utf8)) == "85944171f73967e8")
    }

    @Test func strategyNeverQuotes() {
        var s = Self.strategy()
        #expect(s.decide(F.context(Clock())).quotes == [])
    }
}
