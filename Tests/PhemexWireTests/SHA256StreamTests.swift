import PropertyBased
import Testing
@testable import PhemexWire

/// `SHA256Stream` against the FIPS 180-4 / NIST example vectors, at every block-boundary
/// length, and fed in arbitrary pieces.
@Suite struct SHA256StreamTests {
    static func digest(_ bytes: [UInt8]) -> String {
        var h = SHA256Stream()
        bytes.withUnsafeBytes { h.update($0) }
        return h.finalize().hex
    }

    @Test func nistVectors() {
        #expect(Self.digest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.digest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Self.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            Self.digest(Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8))
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(Self.digest(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries (55, 56, 63, 64, 65… bytes): one-shot equals
    /// byte-by-byte, and the digests of the 'a' runs match recorded values.
    @Test func paddingBoundaries() {
        let known: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        ]
        for n in [0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129] {
            let bytes = Array(repeating: UInt8(ascii: "a"), count: n)
            var h = SHA256Stream()
            for b in bytes { withUnsafeBytes(of: b) { h.update($0) } }
            #expect(h.finalize() == {
                var w = SHA256Stream()
                bytes.withUnsafeBytes { w.update($0) }
                return w.finalize()
            }())
            if let k = known[n] { #expect(Self.digest(bytes) == k) }
        }
    }

    @Test func piecesEqualWhole() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...300), Gen.int(in: 1...70)) { n, piece in
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var h = SHA256Stream()
            var k = 0
            while k < n {
                let e = min(n, k + piece)
                bytes[k..<e].withUnsafeBytes { h.update($0) }
                k = e
            }
            #expect(h.finalize().hex == Self.digest(bytes))
        }
    }

    @Test func decimalFeedSpellsTheNumber() {
        for v: Int64 in [0, 7, -1, 1_700_000_060, Int64.max, Int64.min] {
            var h = SHA256Stream()
            h.update(decimal: v)
            #expect(h.finalize().hex == Self.digest(Array(String(v).utf8)))
        }
    }
}
