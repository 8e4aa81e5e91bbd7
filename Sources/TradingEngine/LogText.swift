import MarketCore

/// Writes a short log text (literals, fixed-point numbers, integers) straight into one string's
/// storage: one allocation at most, no interpolation segments, no `description` strings.
///
/// For the lines the engine emits with every order it sends (`Engine.count`); the texts are
/// exactly what the interpolations they replace spelled (`LogTextTests`).
struct LogText {
    private let out: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    private init(_ out: UnsafeMutableBufferPointer<UInt8>) { self.out = out }

    /// The text `body` writes; `capacity` must bound its length (the writers below say how much
    /// each piece takes at most).
    static func make(capacity: Int, _ body: (inout LogText) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buf in
            var w = LogText(buf)
            body(&w)
            return w.count
        }
    }

    /// Appends an ASCII literal.
    mutating func put(_ s: StaticString) {
        s.withUTF8Buffer { b in
            for c in b {
                out[count] = c
                count += 1
            }
        }
    }

    /// Appends what `FixedPointFormatter.format(raw)` spells (at most `FixedPointDigits.maxLength`).
    mutating func put(fixedPoint raw: Int64) {
        guard let base = out.baseAddress else { return }
        count += FixedPointDigits.write(raw, to: base + count)
    }

    /// Appends what `String(v)` spells (at most 20 bytes).
    mutating func put(_ v: Int) {
        var digits = 1
        var probe = v.magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        if v < 0 { put("-") }
        var m = v.magnitude
        var i = count + digits
        repeat {
            i -= 1
            out[i] = UInt8(truncatingIfNeeded: 48 &+ m % 10)
            m /= 10
        } while m > 0
        count += digits
    }
}
