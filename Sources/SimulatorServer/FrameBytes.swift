import MarketCore
import NIOCore

/// Writes JSON text straight into a `ByteBuffer` for the hot market-data frames: integers and
/// fixed-point decimals are rendered digit by digit (no `String` per number), and the buffer is
/// then shared by every subscriber of the frame.
struct FrameBytes {
    /// Bytes kept free before the text so that the WebSocket frame header can be prepended in
    /// place when the buffer has a single owner.
    static let headroom = 14
    private(set) var buffer: ByteBuffer

    init(capacity: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity + Self.headroom)
        buffer.moveWriterIndex(forwardBy: Self.headroom)
        buffer.moveReaderIndex(forwardBy: Self.headroom)
    }

    mutating func raw(_ s: StaticString) { buffer.writeStaticString(s) }
    mutating func raw(_ s: String) { buffer.writeString(s) }
    mutating func byte(_ b: UInt8) { buffer.writeInteger(b) }
    mutating func bytes(_ other: ByteBuffer) {
        var o = other
        buffer.writeBuffer(&o)
    }

    /// `"text"` (no escaping: only for symbol names and fixed words).
    mutating func quotedPlain(_ s: String) {
        byte(0x22)
        buffer.writeString(s)
        byte(0x22)
    }

    mutating func int(_ v: Int64) {
        if v < 0 { byte(0x2D) }
        digits(v.magnitude, minCount: 1)
    }

    /// The shortest exact decimal of a 10⁻⁹ fixed-point raw value, as `FixedPointFormatter`
    /// renders it (`65000.1`, `0.412`, `65000`, `-3.5`).
    mutating func fixed(_ raw: Int64) {
        if raw < 0 { byte(0x2D) }
        let mag = raw.magnitude
        let f = UInt64(FixedPointScale.factor)
        digits(mag / f, minCount: 1)
        var frac = mag % f
        guard frac != 0 else { return }
        var count = FixedPointScale.digits
        while frac % 10 == 0 {
            frac /= 10
            count -= 1
        }
        byte(0x2E)
        digits(frac, minCount: count)
    }

    /// `"65000.1"`.
    mutating func quotedFixed(_ raw: Int64) {
        byte(0x22)
        fixed(raw)
        byte(0x22)
    }

    /// Decimal digits of `v`, left-padded with zeros to `minCount`.
    private mutating func digits(_ v: UInt64, minCount: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { tmp in
            var i = 24
            var n = v
            repeat {
                i -= 1
                tmp[i] = 0x30 &+ UInt8(truncatingIfNeeded: n % 10)
                n /= 10
            } while n != 0 && i > 0
            while 24 - i < minCount && i > 0 {
                i -= 1
                tmp[i] = 0x30
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(tmp)[i..<24]))
        }
    }
}
