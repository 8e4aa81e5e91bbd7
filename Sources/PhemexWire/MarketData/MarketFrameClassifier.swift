import MarketCore

/// Tells cheaply which stream a WebSocket text frame belongs to, so a connector can send book
/// and trade frames to `MarketDataDecoder` and everything else to the Codable decoders.
///
/// It walks only the top-level keys, skipping their values without decoding them, and stops
/// at the first payload key (`orderbook_p`/`book` → `.book`, `trades_p`/`trades` → `.trades`).
/// Phemex puts only a few small header keys (`depth`, `dts`, `mts`) before the book payload, so
/// this costs a few dozen bytes of scanning on the hot path. Frames without such a key, and
/// malformed text, are `.other`: the slow path decodes them or reports the error.
public enum MarketFrameClassifier {
    /// Classifies UTF-8 bytes of one frame.
    public static func classify(_ bytes: UnsafeRawBufferPointer) -> MarketFrameKind {
        guard let raw = bytes.baseAddress, bytes.count > 0 else { return .other }
        var c = JSONByteCursor(base: raw.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        do throws(MarketDataError) {
            try c.expect(UInt8(ascii: "{"))
            if try c.peek() == UInt8(ascii: "}") { return .other }
            repeat {
                let k = try c.readRawString()
                try c.expect(UInt8(ascii: ":"))
                let s = k.start
                let e = k.end
                if c.equals(s, e, "orderbook_p") || c.equals(s, e, "book") { return .book }
                if c.equals(s, e, "trades_p") || c.equals(s, e, "trades") { return .trades }
                try c.skipValue()
            } while try c.nextOrClose(UInt8(ascii: "}"))
            return .other
        } catch {
            return .other
        }
    }

    /// Classifies a frame given as a `String`.
    public static func classify(_ text: String) -> MarketFrameKind {
        var t = text
        return t.withUTF8 { classify(UnsafeRawBufferPointer($0)) }
    }
}
