import Crypto
import MarketCore
import Testing

@testable import PhemexWire

/// `PhemexSigner` computes HMAC-SHA256 on its own `SHA256Stream` (cheaper on the cold order
/// path than swift-crypto's wrappers); these tests hold it to swift-crypto's `HMAC<SHA256>` —
/// the implementation the simulator verifies signatures with — on random secrets and messages,
/// including secrets longer than a block (hashed first) and messages across every padding case.
@Suite struct SignerCryptoDifferentialTests {
    static func reference(secret: [UInt8], message: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return mac.map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
        }.joined()
    }

    @Test func randomSecretsAndMessagesMatchSwiftCrypto() {
        var rng = SeededRandom(seed: 20261122)
        for _ in 0..<400 {
            // Printable ASCII secrets (they are UTF-8 strings), 0…150 bytes: both sides of the block size.
            let secretLength = Int.random(in: 0...150, using: &rng)
            let secret = (0..<secretLength).map { _ in UInt8.random(in: 0x21...0x7E, using: &rng) }
            let messageLength = Int.random(in: 0...300, using: &rng)
            let message = (0..<messageLength).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let signer = PhemexSigner(
                credentials: APICredentials(apiKey: "k", secret: String(decoding: secret, as: UTF8.self)))
            #expect(signer.hmacHex(message) == Self.reference(secret: secret, message: message))
        }
    }

    @Test func restSignatureIsTheHMACOfTheDocumentedConcatenation() {
        let secret = "mmbot-differential-secret"
        let signer = PhemexSigner(credentials: APICredentials(apiKey: "k", secret: secret))
        let body = Array(#"{"symbol":"BTCUSDT","clOrdID":"a-1","side":"Buy","orderQtyRq":"0.01"}"#.utf8)
        let signed = Array("/g-orders/create".utf8) + Array("symbol=BTCUSDT&side=Buy".utf8) + Array("1700000060".utf8) + body
        #expect(
            signer.restSignature(path: "/g-orders/create", query: "symbol=BTCUSDT&side=Buy", expiry: 1_700_000_060, body: body)
                == Self.reference(secret: Array(secret.utf8), message: signed))
    }
}
