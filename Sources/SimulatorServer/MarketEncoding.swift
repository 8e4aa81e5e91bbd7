import ExchangeSimulator
import MarketCore
import NIOCore

/// Public market-data frames (PROTOCOL.md §3): `orderbook_p`/`book`, `trades_p`/`trades`,
/// `perp_market24h_pack_p`, and the `/md` REST replies.
enum MarketEncoding {
    static func levelsLinear(_ levels: [SimLevel]) -> String {
        var s = "["
        s.reserveCapacity(levels.count * 24 + 2)
        for (i, l) in levels.enumerated() {
            if i > 0 { s.append(",") }
            s.append("[\"")
            s.append(l.price.description)
            s.append("\",\"")
            s.append(l.size.description)
            s.append("\"]")
        }
        s.append("]")
        return s
    }

    static func levelsInverse(_ levels: [SimLevel], _ spec: InstrumentSpec) -> String {
        var s = "["
        for (i, l) in levels.enumerated() {
            if i > 0 { s.append(",") }
            s.append("[")
            s.append(String(WireEncoding.ep(l.price, spec)))
            s.append(",")
            s.append(String(WireEncoding.contracts(l.size)))
            s.append("]")
        }
        s.append("]")
        return s
    }

    /// The `orderbook_p`/`book` body object `{"asks":[…],"bids":[…]}`.
    static func bookSides(bids: [SimLevel], asks: [SimLevel], spec: InstrumentSpec) -> String {
        if spec.kind == .linear {
            return "{\"asks\":" + levelsLinear(asks) + ",\"bids\":" + levelsLinear(bids) + "}"
        }
        return "{\"asks\":" + levelsInverse(asks, spec) + ",\"bids\":" + levelsInverse(bids, spec) + "}"
    }

    static func writeLevels(_ levels: [SimLevel], _ spec: InstrumentSpec, into j: inout FrameBytes) {
        j.byte(0x5B)
        let linear = spec.kind == .linear
        for (i, l) in levels.enumerated() {
            if i > 0 { j.byte(0x2C) }
            if linear {
                j.byte(0x5B)
                j.quotedFixed(l.price.raw)
                j.byte(0x2C)
                j.quotedFixed(l.size.raw)
                j.byte(0x5D)
            } else {
                j.byte(0x5B)
                j.int(WireEncoding.ep(l.price, spec))
                j.byte(0x2C)
                j.int(WireEncoding.contracts(l.size))
                j.byte(0x5D)
            }
        }
        j.byte(0x5D)
    }

    /// One book frame (`type` snapshot or incremental), keys sorted as Phemex sends them, as
    /// the bytes of one WebSocket text message.
    static func bookFrame(
        spec: InstrumentSpec, snapshot: Bool, depth: Int, bids: [SimLevel], asks: [SimLevel],
        sequence: Int64, timestamp: Timestamp, sendTime: Timestamp
    ) -> ByteBuffer {
        var j = FrameBytes(capacity: 220 + (bids.count + asks.count) * 26)
        if spec.kind == .linear {
            j.raw("{\"depth\":")
            j.int(Int64(depth))
            j.raw(",\"dts\":")
            j.int(sendTime.nanos)
            j.raw(",\"mts\":")
            j.int(timestamp.nanos)
            j.raw(",\"orderbook_p\":{\"asks\":")
            writeLevels(asks, spec, into: &j)
            j.raw(",\"bids\":")
            writeLevels(bids, spec, into: &j)
            j.raw("}")
        } else {
            j.raw("{\"book\":{\"asks\":")
            writeLevels(asks, spec, into: &j)
            j.raw(",\"bids\":")
            writeLevels(bids, spec, into: &j)
            j.raw("},\"depth\":")
            j.int(Int64(depth))
        }
        j.raw(",\"sequence\":")
        j.int(sequence)
        j.raw(",\"symbol\":")
        j.quotedPlain(spec.symbol.name)
        j.raw(",\"timestamp\":")
        j.int(timestamp.nanos)
        j.raw(snapshot ? ",\"type\":\"snapshot\"}" : ",\"type\":\"incremental\"}")
        return j.buffer
    }

    /// `/md/v2/orderbook` (linear) or `/md/orderbook` (inverse) reply.
    static func restBook(spec: InstrumentSpec, depth: Int, bids: [SimLevel], asks: [SimLevel], sequence: Int64, timestamp: Timestamp) -> String {
        var r = JSONObject()
        let sides = bookSides(bids: bids, asks: asks, spec: spec)
        if spec.kind == .linear {
            r.int("depth", depth)
            r.raw("orderbook_p", sides)
        } else {
            r.raw("book", sides)
            r.int("depth", depth)
        }
        r.int("sequence", sequence)
        r.string("symbol", spec.symbol.name)
        r.int("timestamp", timestamp.nanos)
        r.string("type", "snapshot")
        return mdEnvelope(r.finished)
    }

    static func mdEnvelope(_ result: String) -> String {
        "{\"error\":null,\"id\":0,\"result\":" + result + "}"
    }

    static let mdError = "{\"error\":{\"code\":6001,\"message\":\"invalid argument\"},\"id\":null,\"result\":null}"

    static func tradeTuples(_ trades: [SimTrade], _ spec: InstrumentSpec) -> String {
        var parts: [String] = []
        parts.reserveCapacity(trades.count)
        for t in trades {
            if spec.kind == .linear {
                parts.append("[\(t.time.nanos),\"\(t.side.rawValue)\",\"\(t.price.description)\",\"\(t.size.description)\"]")
            } else {
                parts.append("[\(t.time.nanos),\"\(t.side.rawValue)\",\(WireEncoding.ep(t.price, spec)),\(WireEncoding.contracts(t.size))]")
            }
        }
        return JSONObject.array(parts)
    }

    static func writeTrades(_ trades: [SimTrade], _ spec: InstrumentSpec, into j: inout FrameBytes) {
        j.byte(0x5B)
        let linear = spec.kind == .linear
        for (i, t) in trades.enumerated() {
            if i > 0 { j.byte(0x2C) }
            j.byte(0x5B)
            j.int(t.time.nanos)
            j.raw(t.side == .buy ? ",\"Buy\"," : ",\"Sell\",")
            if linear {
                j.quotedFixed(t.price.raw)
                j.byte(0x2C)
                j.quotedFixed(t.size.raw)
            } else {
                j.int(WireEncoding.ep(t.price, spec))
                j.byte(0x2C)
                j.int(WireEncoding.contracts(t.size))
            }
            j.byte(0x5D)
        }
        j.byte(0x5D)
    }

    /// One `trades_p`/`trades` frame, as the bytes of one WebSocket text message.
    static func tradeFrame(spec: InstrumentSpec, snapshot: Bool, trades: [SimTrade], sequence: Int64, sendTime: Timestamp) -> ByteBuffer {
        var j = FrameBytes(capacity: 140 + trades.count * 64)
        if spec.kind == .linear {
            j.raw("{\"dts\":")
            j.int(sendTime.nanos)
            j.raw(",\"mts\":")
            j.int((trades.map(\.time).max() ?? sendTime).nanos)
            j.raw(",\"sequence\":")
            j.int(sequence)
            j.raw(",\"symbol\":")
            j.quotedPlain(spec.symbol.name)
            j.raw(",\"trades_p\":")
        } else {
            j.raw("{\"sequence\":")
            j.int(sequence)
            j.raw(",\"symbol\":")
            j.quotedPlain(spec.symbol.name)
            j.raw(",\"trades\":")
        }
        writeTrades(trades, spec, into: &j)
        j.raw(snapshot ? ",\"type\":\"snapshot\"}" : ",\"type\":\"incremental\"}")
        return j.buffer
    }

    /// `/md/v2/trade` or `/md/trade` reply.
    static func restTrades(spec: InstrumentSpec, trades: [SimTrade], sequence: Int64) -> String {
        var r = JSONObject()
        r.int("sequence", sequence)
        r.string("symbol", spec.symbol.name)
        r.raw(spec.kind == .linear ? "trades_p" : "trades", tradeTuples(trades, spec))
        r.string("type", "snapshot")
        return mdEnvelope(r.finished)
    }

    static let packFields = [
        "symbol", "openRp", "highRp", "lowRp", "lastRp", "volumeRq", "turnoverRv", "openInterestRv",
        "indexRp", "markRp", "fundingRateRr", "predFundingRateRr", "bidRp", "askRp",
    ]

    static func packRow(_ t: SimTicker) -> String {
        let values: [String] = [
            t.symbol.name, t.open.description, t.high.description, t.low.description, t.last.description,
            t.volume.description, t.turnover.description,
            (Money.product(t.openInterest, t.markPrice) ?? .zero).description,
            t.indexPrice.description, t.markPrice.description, t.fundingRate.description,
            t.predictedFundingRate.description, (t.bestBid ?? t.last).description, (t.bestAsk ?? t.last).description,
        ]
        return JSONObject.array(values.map { JSONObject.quoted($0) })
    }

    /// `perp_market24h_pack_p.update` frame.
    static func packFrame(rows: [SimTicker], snapshot: Bool, time: Timestamp) -> String {
        var j = JSONObject(capacity: 300 + rows.count * 200)
        j.raw("data", JSONObject.array(rows.map(packRow)))
        j.raw("fields", JSONObject.array(packFields.map { JSONObject.quoted($0) }))
        j.string("method", "perp_market24h_pack_p.update")
        j.int("timestamp", time.nanos)
        j.string("type", snapshot ? "snapshot" : "incremental")
        return j.finished
    }
}
