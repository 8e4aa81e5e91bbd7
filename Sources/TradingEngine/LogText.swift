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
        if v < 0 { put("-") }
        guard let base = out.baseAddress else { return }
        let magnitude = UInt64(v.magnitude)
        let digits = FixedPointDigits.digitCount(magnitude)
        FixedPointDigits.writeDigits(magnitude, count: digits, to: base + count)
        count += digits
    }
}
