/// The text of `FixedPointFormatter.format` written as bytes, without building intermediate
/// strings (`format` appends four strings and spells each integer through the generic printer).
///
/// Used where a fixed-point number is written on the tick → order path: request query strings
/// and the engine's log lines. `FixedPointDigitsTests` checks it against `format`.
public enum FixedPointDigits {
    /// Longest text: `-9223372036.854775808` (21 bytes).
    public static let maxLength = 21

    /// Writes the text of `format(raw)` at `out` (room for `maxLength` bytes); returns its length.
    public static func write(_ raw: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let mag = raw.magnitude
        let f = UInt64(FixedPointScale.factor)
        let intPart = mag / f
        var frac = mag % f
        var k = 0
        if raw < 0 {
            out[0] = UInt8(ascii: "-")
            k = 1
        }
        let count = digitCount(intPart)
        writeDigits(intPart, count: count, to: out + k)
        k += count
        guard frac != 0 else { return k }
        // Fraction: trailing zeros dropped, leading zeros kept.
        var digits = FixedPointScale.digits
        while frac % 10 == 0 {
            frac /= 10
            digits -= 1
        }
        out[k] = UInt8(ascii: ".")
        k += 1
        var i = k + digits
        for _ in 0..<digits {
            i -= 1
            out[i] = UInt8(truncatingIfNeeded: 48 &+ frac % 10)
            frac /= 10
        }
        return k + digits
    }

    /// The number of decimal digits of `magnitude` (1 for 0).
    @inlinable
    public static func digitCount(_ magnitude: UInt64) -> Int {
        var count = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            count += 1
        }
        return count
    }

    /// Writes the `count` (from `digitCount`) decimal digits of `magnitude` at `out`, from the
    /// right.
    @inlinable
    public static func writeDigits(_ magnitude: UInt64, count: Int, to out: UnsafeMutablePointer<UInt8>) {
        var m = magnitude
        var i = count
        repeat {
            i -= 1
            out[i] = UInt8(truncatingIfNeeded: 48 &+ m % 10)
            m /= 10
        } while m > 0
    }

    /// Appends the text of `format(raw)` to `bytes`.
    public static func append(_ raw: Int64, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLength) { buf in
            guard let base = buf.baseAddress else { return }
            let n = write(raw, to: base)
            bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: n))
        }
    }

    /// `format(raw)`, written into one string (no allocation for texts of ≤ 15 bytes).
    public static func string(_ raw: Int64) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLength) { buf in
            guard let base = buf.baseAddress else { return FixedPointFormatter.format(raw) }
            let n = write(raw, to: base)
            return String(decoding: UnsafeBufferPointer(start: base, count: n), as: UTF8.self)
        }
    }
}
