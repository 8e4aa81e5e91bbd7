import Foundation
import PropertyBased
import Testing
@testable import PhemexWire

/// The SHA-extension compression (`SHA256Hardware`, used when the CPU has SHA-NI) against the
/// portable Swift rounds: the same digests for the NIST vectors and for random messages of
/// every length up to several blocks, fed whole and in pieces.
@Suite struct SHA256HardwareTests {
    static func digest(_ bytes: [UInt8], hardware: Bool, piece: Int = .max) -> SHA256Words {
        var h = SHA256Stream()
        h.hardwareAllowed = hardware
        var k = 0
        repeat {
            let e = min(bytes.count, k + min(piece, bytes.count - k))
            bytes[k..<e].withUnsafeBytes { h.update($0) }
            k = e
        } while k < bytes.count
        return h.finalize()
    }

    /// On Linux x86-64 the CPU check agrees with the kernel's flags (`sha_ni`, `ssse3`,
    /// `sse4_1` in /proc/cpuinfo), so the comparison below really runs the hardware path on a
    /// machine that has it.
    @Test func cpuCheckAgreesWithTheKernel() throws {
        #if os(Linux) && arch(x86_64)
        let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        guard let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else {
            Issue.record("no flags line in /proc/cpuinfo")
            return
        }
        let set = Set(flags.split(separator: " ").map(String.init))
        #expect(SHA256Stream.usesHardware == (set.contains("sha_ni") && set.contains("ssse3") && set.contains("sse4_1")))
        #endif
    }

    @Test func nistVectorsOnBothPaths() {
        let abc = Array("abc".utf8)
        let long = Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)
        for hardware in [false, true] {
            #expect(Self.digest(abc, hardware: hardware).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            #expect(Self.digest(long, hardware: hardware).hex == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        }
    }

    @Test func hardwareEqualsPortable() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...700), Gen.int(in: 1...200), Gen.int(in: 0...255)) { n, piece, seed in
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ seed &* 7 &+ ($0 >> 3)) }
            let portable = Self.digest(bytes, hardware: false)
            #expect(Self.digest(bytes, hardware: true) == portable)
            #expect(Self.digest(bytes, hardware: true, piece: piece) == portable)
        }
    }
}
