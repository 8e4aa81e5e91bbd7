import MarketCore

/// A symbol of up to 16 ASCII bytes packed into two integers, so the hot path can find the
/// book of a frame without building a `String`. Longer symbols are not representable
/// (`init?` fails) and take the `Symbol` path instead.
public struct SymbolKey: Hashable, Sendable {
    @usableFromInline var low: UInt64
    @usableFromInline var high: UInt64
    @usableFromInline var length: Int

    /// Packs a symbol; nil when longer than 16 bytes or empty.
    public init?(_ symbol: Symbol) {
        var text = symbol.name
        let key: SymbolKey? = text.withUTF8 { buf in
            guard let base = buf.baseAddress else { return nil }
            return SymbolKey(bytes: base, count: buf.count)
        }
        guard let key else { return nil }
        self = key
    }

    @inline(__always)
    init?(bytes: UnsafePointer<UInt8>, count: Int) {
        guard count > 0, count <= 16 else { return nil }
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        var i = 0
        while i < count {
            let b = UInt64(bytes[i])
            if i < 8 { lo |= b << (8 * UInt64(i)) } else { hi |= b << (8 * UInt64(i - 8)) }
            i &+= 1
        }
        low = lo
        high = hi
        length = count
    }

    @inline(__always)
    init(low: UInt64, high: UInt64, length: Int) {
        self.low = low
        self.high = high
        self.length = length
    }

    /// The symbol text.
    public var symbol: Symbol {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        for i in 0..<length {
            let word = i < 8 ? low : high
            bytes.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(i % 8))))
        }
        return Symbol(String(decoding: bytes, as: UTF8.self))
    }
}
