import MarketCore
import Testing
@testable import PhemexWire

@Suite struct ErrorCodeTests {
    @Test func categoriesForTrackerActions() {
        let expected: [(Int, PhemexErrorCategory)] = [
            (0, .none), (10002, .notFound), (11062, .alreadyCanceled), (11061, .cancelPending), (10003, .retryLaterBusy),
            (10004, .retryLaterBusy), (10005, .retryLaterBusy), (11064, .retryLaterBusy), (11063, .cannotCancel),
            (11085, .duplicateClOrdID), (10001, .duplicateClOrdID), (11033, .duplicateClOrdID), (11031, .capExceeded),
            (11032, .capExceeded), (11001, .insufficientBalance), (11082, .insufficientBalance), (11053, .invalidPrice),
            (11055, .invalidPrice), (11054, .invalidPrice), (11056, .invalidQuantity), (11058, .invalidQuantity),
            (11115, .invalidQuantity), (11057, .reduceOnly), (11011, .reduceOnly), (11150, .reduceOnly), (39995, .rateLimited),
            (401, .auth), (6012, .auth), (6001, .invalidRequest), (6015, .subscriptionLimit), (20004, .positionMode),
            (11065, .cannotAmend), (11108, .cannotAmend), (11022, .accountBlocked), (11081, .riskLimit),
            (11035, .invalidRequest), (12345, .other),
        ]
        for (code, cat) in expected { #expect(PhemexErrorCode.lookup(code).category == cat, "\(code)") }
        #expect(PhemexErrorCode.lookup(11062).name == "TE_ORD_ALREADY_CANCELED")
        #expect(PhemexErrorCode.lookup(10002).name == "OM_ORDER_NOT_FOUND")
        #expect(PhemexErrorCode.lookup(12345).name == "UNKNOWN_12345")
    }

    @Test func generic10500IsRefinedByMessage() {
        #expect(PhemexErrorCode.lookup(10500, message: "API Signature verification failed.").category == .auth)
        #expect(PhemexErrorCode.lookup(10500, message: "Failed to find api-key abc").category == .auth)
        #expect(PhemexErrorCode.lookup(10500, message: "OrderQty must between 0 and 1000000").category == .invalidQuantity)
        #expect(PhemexErrorCode.lookup(10500, message: "something").category == .other)
    }

    @Test func cancelRejectReasons() {
        #expect(PhemexErrorCode.cancelRejectCategory(101) == .postOnlyCross)
        #expect(PhemexErrorCode.cancelRejectCategory(0) == .none)
        #expect(PhemexErrorCode.cancelRejectCategory(100) == .insufficientBalance)
        #expect(PhemexErrorCode.cancelRejectCategory(7) == .other)
    }

    @Test func httpOutcomes() throws {
        let ok = RestOutcome.classify(httpStatus: 200, headers: [("x-ratelimit-remaining-CONTRACT", "499")], body: try WireFixture.data("rest-usdtm-02-create-order-response"))
        #expect(ok.outcome == .acknowledged && ok.envelope?.code == 0)
        #expect(ok.rateLimits == [RateLimitStatus(group: "CONTRACT", remaining: 499, capacity: nil, retryAfterSeconds: nil)])
        let biz = RestOutcome.classify(httpStatus: 200, headers: [], body: try WireFixture.data("error-rest-01-too-many-active-orders"))
        #expect(biz.outcome == .rejected(code: 11032, message: "TE_AO_NUM_EXCEEDS"))
        let limited = RestOutcome.classify(
            httpStatus: 429, headers: [("x-ratelimit-retry-after-CONTRACT", "17")], body: try WireFixture.data("error-rest-07-rate-limited-http429"))
        #expect(limited.outcome == .rateLimited(retryAfterSeconds: 17))
        let expired = RestOutcome.classify(httpStatus: 401, headers: [], body: try WireFixture.data("error-rest-05-request-expired-http401"))
        #expect(expired.outcome == .rejected(code: 401, message: "401 Request Expired at 1760000000"))
        let md = RestOutcome.classify(httpStatus: 500, headers: [], body: try WireFixture.data("error-rest-06-md-invalid-symbol-http500"))
        #expect(md.outcome == .rejected(code: 6001, message: "invalid argument"))
        #expect(RestOutcome.classify(httpStatus: 503, headers: [], body: Array("<html>".utf8)).outcome == .unknown(reason: "HTTP 503"))
        #expect(RestOutcome.classify(httpStatus: 502, headers: [], body: []).outcome == .unknown(reason: "HTTP 502"))
        #expect(RestOutcome.classify(httpStatus: 200, headers: [], body: Array("{".utf8)).outcome == .unknown(reason: "HTTP 200 with unreadable body"))
        #expect(RestOutcome.classify(httpStatus: 403, headers: [], body: []).outcome == .rejected(code: 403, message: "HTTP 403"))
        #expect(RestOutcome.classify(httpStatus: 403, headers: [("x-ratelimit-retry-after", "300")], body: []).outcome == .rateLimited(retryAfterSeconds: 300))
        #expect(RestOutcome.classify(httpStatus: 200, headers: [], body: try WireFixture.data("rest-usdtm-10-md-orderbook-response")).outcome == .acknowledged)
    }
}
