import MarketCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Random draws for the market generator (signals only; results are snapped to grids).
extension SeededRandom {
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Exponential with the given mean.
    mutating func exponential(mean: Double) -> Double { -log(max(1 - unit(), 1e-300)) * mean }

    /// Poisson count with mean `lambda` (Knuth; lambda is small per step), capped at `cap`.
    mutating func poisson(_ lambda: Double, cap: Int) -> Int {
        guard lambda > 0 else { return 0 }
        let l = exp(-lambda)
        var k = 0
        var p = 1.0
        repeat {
            k += 1
            p *= unit()
        } while p > l && k <= cap
        return min(k - 1, cap)
    }

    /// Uniform integer in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
}

/// Formats ids and rounds values.
enum SimFormat {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A version-4-style UUID text from two random words.
    static func uuid(_ a: UInt64, _ b: UInt64) -> String {
        var out = [UInt8](repeating: 45, count: 36)
        var pos = 0
        var nibbles: [UInt8] = []
        nibbles.reserveCapacity(32)
        for w in [a, b] {
            for i in stride(from: 60, through: 0, by: -4) { nibbles.append(UInt8((w >> UInt64(i)) & 0xF)) }
        }
        nibbles[12] = 4
        nibbles[16] = 8 | (nibbles[16] & 3)
        for (i, n) in nibbles.enumerated() {
            if i == 8 || i == 12 || i == 16 || i == 20 { pos += 1 }
            out[pos] = hex[Int(n)]
            pos += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Truncates a money value toward zero to 10⁻⁸ (the settle currencies' value scale).
    @inline(__always) static func round8(_ raw: Int64) -> Int64 { raw - raw % 10 }

    /// Truncates toward zero to a multiple of `unit` raw.
    @inline(__always) static func trunc(_ raw: Int64, _ unit: Int64) -> Int64 { unit <= 1 ? raw : raw - raw % unit }

    /// a × b ÷ c in Int128, truncated toward zero, clamped to Int64.
    static func mulDiv(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        guard c != 0 else { return 0 }
        let v = Int128(a) * Int128(b) / Int128(c)
        if v > Int128(Int64.max) { return Int64.max }
        if v < Int128(Int64.min) { return Int64.min }
        return Int64(v)
    }
}
