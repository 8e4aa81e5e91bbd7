import MarketCore

/// A field of a market-data frame, named in decoding errors.
public enum MarketDataField: String, Sendable, Equatable, CaseIterable {
    case frame, levels, asks, bids, level, price, size, sequence, symbol, timestamp, type, trades, trade
    case tradeTime, side
}

/// Why a market-data frame (`orderbook_p`, `book`, `trades_p`, `trades`) could not be decoded.
/// Offsets are byte offsets into the frame. Never carries frame content beyond one byte.
public enum MarketDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The frame was empty or only whitespace.
    case empty
    /// The frame ended in the middle of a value.
    case truncated(offset: Int)
    /// A byte that is not valid JSON at this point (also binary garbage).
    case unexpectedByte(UInt8, offset: Int)
    /// A value of the wrong JSON type (number where a string is expected, float for an integer…).
    case wrongType(field: MarketDataField, offset: Int)
    /// A decimal string that the strict fixed-point parser refused (`"NaN"`, `"1e5"`, too many
    /// digits, overflow).
    case invalidDecimal(field: MarketDataField, offset: Int, reason: DecimalParseError)
    /// An integer that does not fit in 64 bits (or overflows once scaled).
    case numberOutOfRange(field: MarketDataField, offset: Int)
    /// A value outside its domain (negative size, non-positive price, unknown `type` or side).
    case invalidValue(field: MarketDataField, offset: Int)
    /// A required field is absent.
    case missingField(MarketDataField)
    /// A field appeared twice.
    case duplicateField(MarketDataField)
    /// Objects or arrays nested deeper than the decoder accepts.
    case nestingTooDeep(offset: Int)
    /// Bytes after the end of the top-level object.
    case trailingData(offset: Int)

    public var description: String {
        switch self {
        case .empty: return "empty frame"
        case .truncated(let o): return "truncated frame at byte \(o)"
        case .unexpectedByte(let b, let o): return "unexpected byte 0x\(String(b, radix: 16)) at byte \(o)"
        case .wrongType(let f, let o): return "wrong JSON type for \(f.rawValue) at byte \(o)"
        case .invalidDecimal(let f, let o, let r): return "invalid decimal for \(f.rawValue) at byte \(o): \(r)"
        case .numberOutOfRange(let f, let o): return "number out of range for \(f.rawValue) at byte \(o)"
        case .invalidValue(let f, let o): return "invalid value for \(f.rawValue) at byte \(o)"
        case .missingField(let f): return "missing field \(f.rawValue)"
        case .duplicateField(let f): return "duplicate field \(f.rawValue)"
        case .nestingTooDeep(let o): return "nesting too deep at byte \(o)"
        case .trailingData(let o): return "trailing data at byte \(o)"
        }
    }
}
