import MarketCore
import PropertyBased
import Testing
@testable import PhemexWire

@Suite struct SignerTests {
    let signer = PhemexSigner(credentials: APICredentials(apiKey: "apikey-1234", secret: "TESTSECRET-not-a-real-key"))

    @Test func restVectorGet() {
        let sig = signer.restSignature(path: "/g-orders/activeList", query: "symbol=BTCUSDT", expiry: 1_700_000_060)
        #expect(sig == "2a9bf5379f612b85c2e63a56efcd53afefdc5b38287b78ceeb285635e42ec075")
    }

    @Test func restVectorPost() {
        let body =
            #"{"symbol":"BTCUSDT","clOrdID":"mm-0001","side":"Buy","posSide":"Merged","ordType":"Limit","timeInForce":"PostOnly","priceRp":"65000.1","orderQtyRq":"0.005"}"#
        let sig = signer.restSignature(path: "/g-orders", query: "", expiry: 1_700_000_060, body: Array(body.utf8))
        #expect(sig == "a13ca25b03b7b4f3ebd7770c9e57edfda4f5b653adddbdd12ee571967b9cedbe")
    }

    @Test func signsBuiltRequestOverPathQueryExpiryBody() {
        let req = PhemexRequest(method: .get, path: "/g-orders/activeList", query: "symbol=BTCUSDT", rateLimitGroup: .contract, weight: 1)
        #expect(signer.sign(req, expiry: 1_700_000_060) == "2a9bf5379f612b85c2e63a56efcd53afefdc5b38287b78ceeb285635e42ec075")
        let h = signer.headers(for: req, expiry: 1_700_000_060)
        #expect(h.map(\.name) == ["x-phemex-access-token", "x-phemex-request-expiry", "x-phemex-request-signature"])
        #expect(h[1].value == "1700000060")
    }

    @Test func wsAuthVector() throws {
        #expect(signer.wsAuthSignature(expiry: 1_700_000_120) == "dec4b6a8ed5e5c5baa5fae1537094878c4569826b82ffd634ee7a7445426aed0")
        let frame = signer.wsAuthRequest(id: 501, expiry: 1_700_000_120)
        let expected = try WireFixture.json("usdtm-aop-01-auth-request")
        #expect(try JSONValue.parse(frame.text) == expected)
        #expect(
            frame.text
                == #"{"id":501,"method":"user.auth","params":["API","apikey-1234","dec4b6a8ed5e5c5baa5fae1537094878c4569826b82ffd634ee7a7445426aed0",1700000120]}"#
        )
    }

    @Test func fixtureSignatureMatchesSigner() throws {
        let f = try WireFixture.json("usdtm-aop-01-auth-request")
        guard case .array(let p)? = f["params"], p.count == 4, case .string(let key) = p[1], case .string(let sig) = p[2],
            case .number(let exp) = p[3], let expiry = Int64(exp)
        else {
            Issue.record("bad fixture")
            return
        }
        let s = PhemexSigner(credentials: APICredentials(apiKey: key, secret: "TESTSECRET-not-a-real-key"))
        #expect(s.wsAuthSignature(expiry: expiry) == sig)
    }

    @Test func credentialsRedactSecret() {
        let c = APICredentials(apiKey: "apikey-1234", secret: "TESTSECRET-not-a-real-key")
        let texts = [c.description, c.debugDescription, "\(c)", String(describing: c), String(reflecting: c)]
        for t in texts {
            #expect(!t.contains("TESTSECRET"))
            #expect(!t.contains("apikey-1234"))
        }
        var dumped = ""
        dump(c, to: &dumped)
        #expect(!dumped.contains("TESTSECRET"))
    }

    @Test func emptySecretStillSignsDeterministically() {
        let s = PhemexSigner(credentials: APICredentials(apiKey: "k", secret: ""))
        #expect(s.wsAuthSignature(expiry: 1).count == 64)
        #expect(s.wsAuthSignature(expiry: 1) == s.wsAuthSignature(expiry: 1))
    }
}

@Suite struct SignerPropertyTests {
    @Test func signaturesAreLowercaseHexAndSensitiveToEveryPart() async {
        let s = PhemexSigner(credentials: APICredentials(apiKey: "k", secret: "TESTSECRET-not-a-real-key"))
        await propertyCheck(count: 100, input: Gen.int(in: 0...1_000_000)) { seed in
            let expiry = Int64(1_700_000_000 + seed)
            let a = s.restSignature(path: "/g-orders", query: "symbol=BTCUSDT", expiry: expiry, body: Array("{}".utf8))
            #expect(a.count == 64 && a.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
            #expect(a == s.restSignature(path: "/g-orders", query: "symbol=BTCUSDT", expiry: expiry, body: Array("{}".utf8)))
            #expect(a != s.restSignature(path: "/g-orders", query: "symbol=BTCUSDT", expiry: expiry + 1, body: Array("{}".utf8)))
            #expect(a != s.restSignature(path: "/g-orders", query: "symbol=ETHUSDT", expiry: expiry, body: Array("{}".utf8)))
            #expect(a != s.restSignature(path: "/g-orders", query: "symbol=BTCUSDT", expiry: expiry, body: Array("{ }".utf8)))
        }
    }
}
