import Foundation
import MarketCore
import PhemexWire
import Testing

@testable import PhemexConnector

@Suite struct RESTUnitTests {
    static let secret = "TESTSECRET-not-a-real-key"

    @Test func signatureVectorsFromTheProtocolSheet() {
        let signer = PhemexSigner(credentials: APICredentials(apiKey: "apikey-1234", secret: Self.secret))
        let list = RESTCall(.get, "/g-orders/activeList", [("symbol", "BTCUSDT")])
        #expect(list.query == "symbol=BTCUSDT")
        #expect(
            signer.restSignature(path: list.path, query: list.query, expiry: 1_700_000_060)
                == "2a9bf5379f612b85c2e63a56efcd53afefdc5b38287b78ceeb285635e42ec075")
        let body = #"{"symbol":"BTCUSDT","clOrdID":"mm-0001","side":"Buy","posSide":"Merged","ordType":"Limit","timeInForce":"PostOnly","priceRp":"65000.1","orderQtyRq":"0.005"}"#
        #expect(
            signer.restSignature(path: "/g-orders", query: "", expiry: 1_700_000_060, body: Array(body.utf8))
                == "a13ca25b03b7b4f3ebd7770c9e57edfda4f5b653adddbdd12ee571967b9cedbe")
        #expect(signer.wsAuthSignature(expiry: 1_700_000_120) == "dec4b6a8ed5e5c5baa5fae1537094878c4569826b82ffd634ee7a7445426aed0")
    }

    @Test func placeBuildsTheDocumentedQueryForBothFamilies() throws {
        let btcusdt = try InstrumentSpec(
            symbol: "BTCUSDT", kind: .linear, tickSize: Price(parsing: "0.1"), quantityStep: Quantity(parsing: "0.001"),
            minOrderValue: 1, maxOrderQuantity: 100_000, minPrice: Price(parsing: "0.1"), maxPrice: 2_000_000,
            settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "BTC")
        let order = OrderRequest(
            clientOrderID: ClientOrderID("mm-0001")!, symbol: "BTCUSDT", side: .buy, price: try Price(parsing: "65000.1"),
            quantity: try Quantity(parsing: "0.005"))
        let call = try RESTRequests.place(order, btcusdt)
        #expect(call.method == .put && call.path == "/g-orders/create" && call.isWrite)
        #expect(
            call.query
                == "symbol=BTCUSDT&clOrdID=mm-0001&side=Buy&posSide=Merged&orderQtyRq=0.005&ordType=Limit&priceRp=65000.1&timeInForce=PostOnly")
        let btcusd = try InstrumentSpec(
            symbol: "BTCUSD", kind: .inverse, tickSize: Price(parsing: "0.5"), quantityStep: 1, minOrderValue: 0,
            maxOrderQuantity: 1_000_000, minPrice: Price(parsing: "0.5"), maxPrice: 2_000_000, priceScale: 4,
            valueScale: 8, settleCurrency: "BTC", quoteCurrency: "USD", baseCurrency: "USD")
        let inv = OrderRequest(
            clientOrderID: ClientOrderID("mm-0002")!, symbol: "BTCUSD", side: .sell, timeInForce: .goodTillCancel,
            price: try Price(parsing: "65000.5"), quantity: 25)
        let c2 = try RESTRequests.place(inv, btcusd)
        #expect(c2.path == "/orders/create")
        #expect(c2.query == "symbol=BTCUSD&clOrdID=mm-0002&side=Sell&orderQty=25&ordType=Limit&priceEp=650005000&timeInForce=GoodTillCancel")
        let frac = OrderRequest(
            clientOrderID: ClientOrderID("mm-0003")!, symbol: "BTCUSD", side: .sell, price: 65000,
            quantity: try Quantity(parsing: "1.5"))
        #expect(throws: RESTRequests.BuildError.self) { try RESTRequests.place(frac, btcusd) }
    }

    @Test func cancelAndListCalls() {
        let id = ClientOrderID("mm-x")!
        #expect(RESTRequests.cancel(id, symbol: "BTCUSDT", positionSide: .merged, kind: .linear).query == "clOrdID=mm-x&symbol=BTCUSDT&posSide=Merged")
        #expect(RESTRequests.cancelBulk([id, ClientOrderID("mm-y")!], symbol: "BTCUSDT", positionSide: .merged, kind: .linear).query == "symbol=BTCUSDT&clOrdID=mm-x,mm-y&posSide=Merged")
        #expect(RESTRequests.activeList(symbol: "BTCUSD", kind: .inverse).path == "/orders/activeList")
        #expect(RESTRequests.accountPositions(currency: "USDT").path == "/g-accounts/accountPositions")
        #expect(RESTRequests.accountPositions(currency: "BTC").path == "/accounts/accountPositions")
        #expect(RESTCall.escape("a b/c") == "a%20b%2Fc")
    }

    @Test func outcomesFollowTheHTTPAndCodeRules() {
        func body(_ s: String) -> [UInt8] { Array(s.utf8) }
        let limited = RESTOutcome.classify(
            status: 429, body: body(#"{"code":39995,"msg":"Too many requests."}"#),
            rateLimits: [RateLimitStatus(group: "CONTRACT", remaining: 0, capacity: 500, retryAfterSeconds: 17)],
            emptyListOnNotFound: false)
        #expect(limited.outcome == .rateLimited(retryAfterSeconds: 17))
        for status in [500, 502, 503, 504] {
            guard case .unknown = RESTOutcome.classify(status: status, body: [], rateLimits: [], emptyListOnNotFound: false).outcome else {
                Issue.record("HTTP \(status) not unknown")
                continue
            }
        }
        let empty = RESTOutcome.classify(
            status: 200, body: body(#"{"code":10002,"msg":"OM_ORDER_NOT_FOUND","data":null}"#), rateLimits: [],
            emptyListOnNotFound: true)
        #expect(empty.outcome == .acknowledged && empty.data == nil)
        let notFound = RESTOutcome.classify(
            status: 200, body: body(#"{"code":10002,"msg":"OM_ORDER_NOT_FOUND","data":null}"#), rateLimits: [],
            emptyListOnNotFound: false)
        #expect(notFound.outcome == .rejected(code: 10002, message: "OM_ORDER_NOT_FOUND"))
        let expired = RESTOutcome.classify(
            status: 401, body: body(#"{"code":"401","msg":"401 Request Expired at 1700000000"}"#), rateLimits: [],
            emptyListOnNotFound: false)
        #expect(expired.outcome == .rejected(code: 401, message: "401 Request Expired at 1700000000"))
        let ok = RESTOutcome.classify(status: 200, body: body(#"{"code":0,"msg":"","data":{"x":1}}"#), rateLimits: [], emptyListOnNotFound: false)
        #expect(ok.outcome == .acknowledged)
        #expect(ok.data?["x"] == .number("1"))
    }

    @Test func rateLimitHeadersPerGroup() {
        let parsed = RateLimitHeaders.parse([
            ("X-RateLimit-Remaining-CONTRACT", "498"), ("x-ratelimit-capacity-contract", "500"),
            ("x-ratelimit-retry-after-CONTRACT", "12"), ("x-ratelimit-remaining", "99"), ("x-ratelimit-capacity", "100"),
            ("x-ratelimit-remaining-CONTRACT_BTCUSDT", "7"), ("content-type", "application/json"),
        ])
        #expect(parsed.map(\.group) == ["", "CONTRACT", "CONTRACT_BTCUSDT"])
        #expect(parsed[0] == RateLimitStatus(group: "", remaining: 99, capacity: 100, retryAfterSeconds: nil))
        #expect(parsed[1] == RateLimitStatus(group: "CONTRACT", remaining: 498, capacity: 500, retryAfterSeconds: 12))
        #expect(parsed[2].remaining == 7)
    }
}
