import SHA256Hardware

/// SHA-256 (FIPS 180-4 §6.2) over bytes fed in pieces, as a plain value: no heap storage, no
/// class, no generic or existential paths.
///
/// Written for request signing on the tick → order path. With swift-crypto each signature copied
/// two class-backed hashing contexts (copy-on-write allocations), went through generic
/// `DataProtocol`/digest wrappers, dynamic exclusivity checks and BoringSSL's CPU-feature
/// `pthread_once` on every update; the first signature of a frame (cold caches) cost ~8 µs. An
/// HMAC here copies two of these values (the pads' hashed state, ~110 bytes each) and runs four
/// or five compressions of straight-line integer code.
///
/// Where the CPU has SHA extensions (x86-64 SHA-NI, `SHA256Hardware`), the blocks are
/// compressed by those instructions (~5× fewer cycles a block); elsewhere by the portable
/// Swift rounds below.
///
/// Checked against the FIPS/NIST vectors and RFC 4231 (`SHA256StreamTests`), through the
/// signer against an independent HMAC (`SignerReferenceTests`, `SignerCryptoDifferentialTests`),
/// and the two compressions against each other (`SHA256HardwareTests`).
struct SHA256Stream: Sendable {
    /// The chaining value H(i), H0…H7 (a homogeneous tuple: laid out as eight words in order).
    private var chain: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// Which compression runs: the CPU's SHA extensions when present (asked once per process).
    static let usesHardware = mmbot_sha256_hardware_available() == 1
    /// Set to `false` to force the portable compression (tests compare the two).
    var hardwareAllowed = true
    /// The partial block (64 bytes; `buffered` of them in use).
    private var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var buffered = 0
    /// Bytes hashed so far.
    private var length: UInt64 = 0

    /// Block size in bytes.
    static let blockByteCount = 64

    init() {}

    /// Hashes `bytes` after what came before.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress else { return }
        var n = bytes.count
        length &+= UInt64(n)
        if buffered > 0 {
            let take = min(n, Self.blockByteCount - buffered)
            let at = buffered
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.advanced(by: at).copyMemory(from: p, byteCount: take) }
            buffered += take
            p += take
            n -= take
            guard buffered == Self.blockByteCount else { return }
            let b = block
            withUnsafeBytes(of: b) { compress($0.baseAddress!, blocks: 1) }
            buffered = 0
        }
        if n >= Self.blockByteCount {
            let whole = n / Self.blockByteCount
            compress(p, blocks: whole)
            p += whole * Self.blockByteCount
            n -= whole * Self.blockByteCount
        }
        if n > 0 {
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.copyMemory(from: p, byteCount: n) }
            buffered = n
        }
    }

    /// Hashes the UTF-8 bytes of `s` (in place for native strings).
    mutating func update(_ s: String) {
        var s = s
        s.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Hashes the decimal digits of `v` (what `String(v)` spells), from a stack buffer.
    mutating func update(decimal v: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes ≥ 20 characters
        withUnsafeMutableBytes(of: &digits) { buf in
            var i = 20
            var m = v.magnitude
            repeat {
                i -= 1
                buf[i] = UInt8(truncatingIfNeeded: 48 &+ m % 10)
                m /= 10
            } while m > 0
            if v < 0 {
                i -= 1
                buf[i] = UInt8(ascii: "-")
            }
            update(UnsafeRawBufferPointer(rebasing: buf[i..<20]))
        }
    }

    /// The digest: pads (0x80, zeros, the bit length) and returns H as 8 big-endian words.
    consuming func finalize() -> SHA256Words {
        let bits = length &* 8
        var pad: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0x80, 0, 0, 0, 0, 0, 0, 0, 0)
        // 0x80, then zeros up to 56 mod 64, then the 8-byte length (at most 72 bytes in all).
        let zeros = (Self.blockByteCount + 55 - buffered) % Self.blockByteCount
        withUnsafeMutableBytes(of: &pad) { buf in
            buf.storeBytes(of: bits.bigEndian, toByteOffset: 1 + zeros, as: UInt64.self)
            update(UnsafeRawBufferPointer(rebasing: buf[0..<(1 + zeros + 8)]))
        }
        return SHA256Words(chain.0, chain.1, chain.2, chain.3, chain.4, chain.5, chain.6, chain.7)
    }

    /// Compresses the `blocks` 64-byte blocks at `p` into H.
    @inline(__always)
    private mutating func compress(_ p: UnsafeRawPointer, blocks: Int) {
        if Self.usesHardware && hardwareAllowed {
            // `chain` is a homogeneous tuple of eight `UInt32`: its storage is the eight words in
            // order, which is the `uint32_t[8]` the C function reads and writes.
            withUnsafeMutableBytes(of: &chain) { words in
                mmbot_sha256_compress_hardware(
                    words.baseAddress!.assumingMemoryBound(to: UInt32.self), p.assumingMemoryBound(to: UInt8.self), blocks)
            }
            return
        }
        for k in 0..<blocks { compressPortably(p + k * Self.blockByteCount) }
    }

    /// One compression of the 64-byte block at `p` into H: 64 rounds, eight at a time with the
    /// working variables' roles rotated by argument order (no shuffling of eight values per
    /// round), the message schedule kept as a rolling window of 16 words.
    private mutating func compressPortably(_ p: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { w in
            for t in 0..<16 { w[t] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self)) }
            var a = chain.0, b = chain.1, c = chain.2, d = chain.3, e = chain.4, f = chain.5, g = chain.6, h = chain.7
            do {
                let k = Self.roundConstants
                var t = 0
                while t < 64 {
                    Self.round(a, b, c, &d, e, f, g, &h, k[t] &+ Self.word(w, t))
                    Self.round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ Self.word(w, t + 1))
                    Self.round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ Self.word(w, t + 2))
                    Self.round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ Self.word(w, t + 3))
                    Self.round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ Self.word(w, t + 4))
                    Self.round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ Self.word(w, t + 5))
                    Self.round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ Self.word(w, t + 6))
                    Self.round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ Self.word(w, t + 7))
                    t += 8
                }
            }
            chain.0 &+= a
            chain.1 &+= b
            chain.2 &+= c
            chain.3 &+= d
            chain.4 &+= e
            chain.5 &+= f
            chain.6 &+= g
            chain.7 &+= h
        }
    }

    /// W(t) of the message schedule, from the window `w` holding W(t−16)…W(t−1) at index
    /// `t mod 16` (rounds 0…15 read the block's words as loaded).
    @inline(__always)
    private static func word(_ w: UnsafeMutableBufferPointer<UInt32>, _ t: Int) -> UInt32 {
        guard t >= 16 else { return w[t] }
        let x = w[(t &+ 1) & 15], y = w[(t &+ 14) & 15]
        let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x &>> 3)
        let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y &>> 10)
        let v = w[t & 15] &+ s0 &+ w[(t &+ 9) & 15] &+ s1
        w[t & 15] = v
        return v
    }

    /// One round: `h` becomes the new `a`, `d` the new `e`; the caller renames the rest.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
        _ kw: UInt32
    ) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ kw
        let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
        d &+= t1
        h = t1 &+ t2
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    /// K (FIPS 180-4 §4.2.2), the table `SHA256Hardware` keeps for both compressions.
    private static var roundConstants: UnsafeBufferPointer<UInt32> {
        UnsafeBufferPointer(start: mmbot_sha256_round_constants(), count: 64)
    }
}

/// A SHA-256 digest as its eight 32-bit words (big-endian order of the bytes).
struct SHA256Words: Sendable, Equatable {
    var w0, w1, w2, w3, w4, w5, w6, w7: UInt32

    init(_ w0: UInt32, _ w1: UInt32, _ w2: UInt32, _ w3: UInt32, _ w4: UInt32, _ w5: UInt32, _ w6: UInt32, _ w7: UInt32) {
        (self.w0, self.w1, self.w2, self.w3, self.w4, self.w5, self.w6, self.w7) = (w0, w1, w2, w3, w4, w5, w6, w7)
    }

    /// Calls `body` with the 32 digest bytes.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        let big = (w0.bigEndian, w1.bigEndian, w2.bigEndian, w3.bigEndian, w4.bigEndian, w5.bigEndian, w6.bigEndian, w7.bigEndian)
        return withUnsafeBytes(of: big) { body($0) }
    }

    /// The digest as 64 lowercase hex characters, written straight into the string's storage.
    var hex: String {
        withBytes { raw in
            String(unsafeUninitializedCapacity: 64) { out in
                var k = 0
                for b in raw {
                    out[k] = Self.hexDigit(b &>> 4)
                    out[k + 1] = Self.hexDigit(b & 0x0F)
                    k += 2
                }
                return k
            }
        }
    }

    /// ASCII of a lowercase hex digit (`v` < 16).
    @inline(__always)
    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 48 &+ v : 87 &+ v }
}
