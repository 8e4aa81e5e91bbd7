import PropertyBased
import Testing
@testable import PhemexWire

/// The signer's precomputed-pad HMAC (RFC 2104 over SHA-256) against vectors computed with an
/// independent implementation (Python `hmac`), for secrets shorter than, equal to and longer
/// than the SHA-256 block (64 bytes), through every signing entry point.
@Suite struct SignerReferenceTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var secretLength: Int
        var create: String
        var post: String
        var ws: String
        var hello: String
        var testDescription: String { "secret of \(secretLength) bytes" }
    }

    static let vectors: [Vector] = [
        Vector(secretLength: 0, create: "171bf249fd30b9c012b6924d5d8c21049c1072f54061e8be5510b296a088778c",
               post: "56c5693947b12f503ccd948da88b189a2816bda9b7ad056f4c611678c57308da",
               ws: "2599ab2f4ccfe5e965470f954dd02b4a21bc5fba3a5c52c0ca75e426625671dc",
               hello: "4352b26e33fe0d769a8922a6ba29004109f01688e26acc9e6cb347e5a5afc4da"),
        Vector(secretLength: 1, create: "13ab7632881b092b2d8b10a230e1e1e97ef74faec07a3aa762db5aa84b157b9e",
               post: "ae045bbfb406b8c4cad24b6a1443093b85de65576f9cb93d63a5d5e6df547225",
               ws: "a7bc639d969e7ca962718e5ab986cdfc947bef0493700dbe01271d5f06e90ec3",
               hello: "34b3b272bf289e327895cafb30a0ff6b7adb4bdce4e12cd8c7ebeb961d066114"),
        Vector(secretLength: 25, create: "37b7715d037dbccdd54e621d702792e1abe67a85e1177f47316761383cdb8012",
               post: "ecc77315594263c04aa92d1e245ea1ab310d93bfffaa1271f1c6d373125844a2",
               ws: "3d0d0377da7fb8de5c4fe6b4c746f77047a33417840037e05fec071d70c69b26",
               hello: "578910c1184866fb7d39eb253981847ced3d48e2a091f613e7cecbf261b498c8"),
        Vector(secretLength: 63, create: "71c1ce6095a441f442b71a94816fc35ba51ed4d4055d815d0f57a51bb45c4d0f",
               post: "08ea5d6fdd4a88cd55c583748afc2cd0954492f4dfbb5b55c25bfd2eaed02528",
               ws: "cc9e691ff634817f564af9f1c6cd295da41a5d2863ce85212909fc6d79d66764",
               hello: "11e769f20aa835de83c933b45ad34ff3d34cd2d4ba2d9914449b09e4e09a2f43"),
        Vector(secretLength: 64, create: "65c5494323e292b6be63f5e0c6e145e9339d4750b227cb384656b320066cc923",
               post: "5268dde446eb5af492ce928c155448dd3f9a117bf0394e625f9070ce680e88ee",
               ws: "da63b42d4f373485580004ce3cbf5c15aaca89c0948a6cbd184288922b8f0de3",
               hello: "2767c6bf7419f505eb4e5786ccb61a814ddc4c1803f552e4e2a836aa2e8292f6"),
        Vector(secretLength: 65, create: "13795b400c2df432dabe6d2b67ecf46cc2d5526ba223611f9dd5c1e829bae5f5",
               post: "f51a8575b54c90cfe9eaa5b38473cb68cb7307c0f9ea6fff3449258b7b1adfac",
               ws: "73136578ce2f47fe5da10a78545b9dda1d59aa89164e3ce3bbf77f23a19e1abb",
               hello: "42957d3cff5d2757fb72d39d76a2c347c0d4460f99508a817609d14682ccabc9"),
        Vector(secretLength: 100, create: "52270fdc0177f0acc275bde58b8aa6028de08acc566904dc56ff3b1e72bc39ab",
               post: "a16bf52d852718a3aa50e849f167b5fa7785ebacfbfe454fbeb91644c35b0ccf",
               ws: "95038e08382c684bfd6c0e99296e4072aabe5886d738d8e164025575b211e383",
               hello: "5d91d5f716987749c0b625e997049029a13819e5863d4e714ab3476ebbcaa7dd"),
        Vector(secretLength: 200, create: "7ef96d719dd211bfbba554358160b1b2a7adf32b5afee8b9afe09007576c8247",
               post: "b35beea80059f1f379bf07f14ac858ab714250be6a2dcd8709455de9c96d361a",
               ws: "c6263e67e2573f2d99c2fa02757eb3184cceb8fb21e2348daa001b3714bf682c",
               hello: "6d897c2af5ac4f765adea250775a222137e41fd921c370d729f8b7b1cfa6acc2"),
    ]

    /// Printable ASCII secret of `n` bytes (byte i = 33 + 7i mod 90).
    static func secret(_ n: Int) -> String {
        String(decoding: (0..<n).map { UInt8(33 + ($0 * 7) % 90) }, as: UTF8.self)
    }

    @Test(arguments: vectors)
    func matchesIndependentHMAC(_ v: Vector) {
        let s = PhemexSigner(credentials: APICredentials(apiKey: "key-é", secret: Self.secret(v.secretLength)))
        let query = "clOrdID=mm-1&symbol=BTCUSDT&side=Buy&priceRp=65000.1"
        #expect(s.restSignature(path: "/g-orders/create", query: query, expiry: 1_700_000_060) == v.create)
        #expect(s.restSignature(path: "/g-orders", query: "", expiry: -5, body: Array("{\"a\":1}".utf8)) == v.post)
        #expect(s.wsAuthSignature(expiry: 0) == v.ws)
        #expect(s.hmacHex(Array("hello".utf8)) == v.hello)
        #expect(s.hmacHex("hello".utf8) == v.hello)
        #expect(s.hmacHex(AnySequence(Array("hello".utf8))) == v.hello)
    }

    @Test func rfc4231Case2() {
        let s = PhemexSigner(credentials: APICredentials(apiKey: "k", secret: "Jefe"))
        #expect(s.hmacHex(Array("what do ya want for nothing?".utf8)) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func piecewiseEqualsWhole() async {
        let s = PhemexSigner(credentials: APICredentials(apiKey: "k", secret: "TESTSECRET-not-a-real-key"))
        await propertyCheck(count: 100, input: Gen.int(in: 0...Int(Int32.max))) { n in
            let query = "symbol=BTCUSDT&n=\(n)"
            #expect(s.restSignature(path: "/p", query: query, expiry: Int64(-n)) == s.hmacHex(Array("/p\(query)\(-n)".utf8)))
        }
    }
}
