import Testing
import WebhookServer

extension WebhookLoopbackSuites {
/// Bad payloads (400), bad tokens (401), oversized bodies (413), wrong method or path.
@Suite struct WebhookRejectionTests {
    typealias H = Harness

    static let invalid: [(fields: [String: String], field: String)] = [
        (["action": #""buy""#], "symbol"),
        (["symbol": #""BTCUSDT""#], "action"),
        (["symbol": #""DOGEUSDT""#, "action": #""buy""#], "symbol"),
        (["symbol": #""BTCUSDT""#, "action": #""hold""#], "action"),
        (["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "0"], "quantity"),
        (["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "-0.01"], "quantity"),
        (["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": #""abc""#], "quantity"),
        (["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "0", "quantity_type": #""cash""#], "quantity"),
        (["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "150", "quantity_type": #""percent_of_equity""#], "quantity"),
        (["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity_type": #""lots""#], "quantity_type"),
        (["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "0.01", "limit_price": "-5"], "limit_price"),
        (["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "0.01", "stop_price": "0"], "stop_price"),
        (["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "0.01", "reduce_only": #""yes""#], "reduce_only"),
        (["symbol": "42", "action": #""buy""#], "symbol"),
    ]

    @Test func invalidPayloadsAre400WithField() async throws {
        try await withServer { h in
            for c in Self.invalid {
                let a = try await h.post(H.payload(c.fields))
                #expect(a.status == 400, "\(c.fields)")
                #expect(a.reply.status == "invalid")
                #expect(a.reply.field == c.field, "\(c.fields): \(a.raw)")
                #expect(a.reply.reason?.isEmpty == false)
            }
            #expect(await h.sink.requestIDs.isEmpty)
        }
    }

    @Test func nonJSONBody() async throws {
        try await withServer { h in
            // With a valid query token the payload error is reported…
            let a = try await h.post("symbol=BTCUSDT&action=buy", query: Fixture.token)
            #expect(a.status == 400)
            #expect(a.reply.field == "body")
            let b = try await h.post("[1,2]", query: Fixture.token)
            #expect(b.status == 400)
            #expect(b.reply.field == "body")
            let empty = try await h.post("", query: Fixture.token)
            #expect(empty.status == 400)
            // …without one nothing is said about the body.
            let c = try await h.post("not json")
            #expect(c.status == 401)
            #expect(c.reply.status == "unauthorized")
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await withServer { h in
            let big = H.payload(["symbol": #""BTCUSDT""#, "action": #""buy""#, "pad": "\"" + String(repeating: "x", count: 70_000) + "\""])
            let a = try await h.post(big)
            #expect(a.status == 413)
            #expect(a.reply.status == "too_large")
            #expect(a.reply.field == "body")
            #expect(await h.sink.requestIDs.isEmpty)
        }
    }

    @Test func bodyOfExactly64KiBIsAccepted() async throws {
        try await withServer { h in
            let head = H.payload(["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "0.01", "pad": "\"\""])
            let padding = 65_536 - head.utf8.count
            let body = head.replacingOccurrences(of: #""pad":"""#, with: #""pad":""# + String(repeating: "y", count: padding) + "\"")
            #expect(body.utf8.count == 65_536)
            let a = try await h.post(body)
            #expect(a.status == 200, "\(a.raw)")
            let over = body.replacingOccurrences(of: "yy", with: "yyy")
            #expect(try await h.post(over).status == 413)
        }
    }

    @Test func wrongOrMissingTokenIs401() async throws {
        try await withServer { h in
            let fields = ["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "0.01"]
            let cases: [(body: String, query: String?)] = [
                (H.payload(fields, token: nil), nil),  // missing everywhere
                (H.payload(fields, token: "wrong"), nil),  // wrong in the body
                (H.payload(fields, token: ""), nil),  // empty
                (H.payload(fields, token: Fixture.token + "x"), nil),  // longer
                (H.payload(fields, token: String(Fixture.token.dropLast())), nil),  // prefix
                (H.payload(fields, token: nil), "wrong"),  // wrong in the query
                (H.payload(fields, token: nil), ""),  // empty query
                (H.payload(fields, token: Fixture.token), "wrong"),  // the query wins over the body
            ]
            for c in cases {
                let a = try await h.post(c.body, query: c.query)
                #expect(a.status == 401, "\(c)")
                #expect(a.reply.status == "unauthorized")
                #expect(a.reply.field == "token")
                #expect(!a.raw.contains(Fixture.token))
            }
            // A token-less body is refused 401 even when its fields are also invalid.
            #expect(try await h.post(H.payload(["action": #""hold""#], token: nil)).status == 401)
            #expect(await h.sink.requestIDs.isEmpty)
            let refusals = h.logs.all.filter { $0.contains("refused") }
            #expect(refusals.count >= cases.count)
        }
    }

    @Test func tokenInQueryOrBody() async throws {
        try await withServer(sink: TrackerSink(rules: TrackerSink.lenientRules)) { h in
            let fields = ["symbol": #""BTCUSDT""#, "action": #""buy""#, "quantity": "0.01"]
            let viaQuery = try await h.post(H.payload(fields.merging(["id": #""q""#]) { $1 }, token: nil), query: Fixture.token)
            #expect(viaQuery.status == 200)
            let viaBody = try await h.post(H.payload(fields.merging(["id": #""b""#]) { $1 }))
            #expect(viaBody.status == 200)
            #expect(await h.sink.sent.count == 2)
        }
    }

    @Test func otherMethodsAndPaths() async throws {
        try await withServer { h in
            let get = try await h.post("", query: Fixture.token, get: true)
            #expect(get.status == 405)
            let other = try await h.post(H.payload(["symbol": #""BTCUSDT""#, "action": #""buy""#]), path: "/hook")
            #expect(other.status == 404)
            #expect(await h.sink.requestIDs.isEmpty)
        }
    }
}
}
