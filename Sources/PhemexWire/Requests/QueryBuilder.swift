import MarketCore

/// Builds a query string in the given parameter order with strict percent-encoding.
///
/// Unreserved characters (`A–Z a–z 0–9 - _ . ~`) pass through; `,` is kept for id lists;
/// everything else is `%XX`. The result is exactly what is sent and signed.
///
/// Written straight into one byte buffer (no per-parameter strings): this is on the
/// tick → order path.
public struct QueryBuilder: Sendable {
    private var bytes: [UInt8]

    public init() {
        bytes = []
        bytes.reserveCapacity(192)
    }

    /// Appends `name=value`.
    public mutating func add(_ name: String, _ value: String) {
        if !bytes.isEmpty { bytes.append(UInt8(ascii: "&")) }
        Self.append(name, to: &bytes)
        bytes.append(UInt8(ascii: "="))
        Self.append(value, to: &bytes)
    }

    /// Appends `name=value` when `value` is non-nil.
    public mutating func add(_ name: String, _ value: String?) {
        if let v = value { add(name, v) }
    }

    /// Appends `name=true|false`.
    public mutating func add(_ name: String, _ value: Bool) { add(name, value ? "true" : "false") }

    /// Appends an integer parameter.
    public mutating func add(_ name: String, _ value: Int64) {
        if !bytes.isEmpty { bytes.append(UInt8(ascii: "&")) }
        Self.append(name, to: &bytes)
        bytes.append(UInt8(ascii: "="))
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        var m = value.magnitude
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: 48 &+ m % 10))
            m /= 10
        } while m > 0
        bytes[start...].reverse()
    }

    /// Appends `name=<decimal text of a fixed-point value>` (what `description` spells; digits,
    /// `-` and `.` need no percent-encoding), written without an intermediate string.
    public mutating func add(_ name: String, fixedPoint raw: Int64) {
        if !bytes.isEmpty { bytes.append(UInt8(ascii: "&")) }
        Self.append(name, to: &bytes)
        bytes.append(UInt8(ascii: "="))
        FixedPointDigits.append(raw, to: &bytes)
    }

    /// Appends `name=<price>` when `price` is non-nil.
    public mutating func add(_ name: String, price: Price?) {
        if let p = price { add(name, fixedPoint: p.raw) }
    }

    /// Appends `name=<quantity>` when `quantity` is non-nil.
    public mutating func add(_ name: String, quantity: Quantity?) {
        if let q = quantity { add(name, fixedPoint: q.raw) }
    }

    /// Appends `name=id1,id2,…` (each id percent-encoded, `,` kept) without joining strings.
    public mutating func add(_ name: String, ids: [ClientOrderID]) {
        if !bytes.isEmpty { bytes.append(UInt8(ascii: "&")) }
        Self.append(name, to: &bytes)
        bytes.append(UInt8(ascii: "="))
        for (k, id) in ids.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.append(id.value, to: &bytes)
        }
    }

    /// The finished query string.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Percent-encodes one name or value.
    public static func encode(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        append(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends the percent-encoding of `s` to `out` (runs of unreserved bytes in one copy).
    static func append(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { buf in
            var run = 0
            for i in 0..<buf.count {
                let b = buf[i]
                let unreserved =
                    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D
                    || b == 0x5F || b == 0x2E || b == 0x7E || b == 0x2C
                if unreserved { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<i]))
                out.append(UInt8(ascii: "%"))
                out.append(upperHex[Int(b >> 4)])
                out.append(upperHex[Int(b & 0x0F)])
                run = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<buf.count]))
        }
    }
}
