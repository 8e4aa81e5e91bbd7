import MarketCore
import ExchangeSimulator

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

    /// One book frame (`type` snapshot or incremental), keys sorted as Phemex sends them.
    static func bookFrame(
        spec: InstrumentSpec, snapshot: Bool, depth: Int, bids: [SimLevel], asks: [SimLevel],
        sequence: Int64, timestamp: Timestamp, sendTime: Timestamp
    ) -> String {
        var j = JSONObject(capacity: 200 + (bids.count + asks.count) * 24)
        let sides = bookSides(bids: bids, asks: asks, spec: spec)
        if spec.kind == .linear {
            j.int("depth", depth)
            j.int("dts", sendTime.nanos)
            j.int("mts", timestamp.nanos)
            j.raw("orderbook_p", sides)
        } else {
            j.raw("book", sides)
            j.int("depth", depth)
        }
        j.int("sequence", sequence)
        j.string("symbol", spec.symbol.name)
        j.int("timestamp", timestamp.nanos)
        j.string("type", snapshot ? "snapshot" : "incremental")
        return j.finished
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

    /// One `trades_p`/`trades` frame.
    static func tradeFrame(spec: InstrumentSpec, snapshot: Bool, trades: [SimTrade], sequence: Int64, sendTime: Timestamp) -> String {
        var j = JSONObject(capacity: 120 + trades.count * 60)
        if spec.kind == .linear {
            j.int("dts", sendTime.nanos)
            j.int("mts", (trades.map(\.time).max() ?? sendTime).nanos)
            j.int("sequence", sequence)
            j.string("symbol", spec.symbol.name)
            j.raw("trades_p", tradeTuples(trades, spec))
        } else {
            j.int("sequence", sequence)
            j.string("symbol", spec.symbol.name)
            j.raw("trades", tradeTuples(trades, spec))
        }
        j.string("type", snapshot ? "snapshot" : "incremental")
        return j.finished
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
