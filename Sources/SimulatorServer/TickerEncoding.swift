import ExchangeSimulator
import MarketCore

/// Ticker frames and replies (PROTOCOL.md §3.4): `market24h_p` / `market24h`, `tick_p` / `tick`,
/// and the `/md/v3/ticker/24hr`, `/md/v2/ticker/24hr`, `/md/v1/ticker/24hr` REST results.
enum TickerEncoding {
    /// What a tick symbol (`.BTCUSDT`, `.MBTCUSDT`, `.BTCUSDTFR`, `.BTCUSDTFR8H`; COIN-M `.BTC`,
    /// `.MBTC`, `.BTCFR`, `.BTCFR8H`) measures.
    enum TickKind: Sendable {
        case index, mark, predictedFunding, funding8h
    }

    /// The tick symbol names of one instrument, in product-row order (index, mark, FR, FR8H).
    static func tickSymbols(_ spec: InstrumentSpec) -> [(String, TickKind)] {
        let base = spec.kind == .linear ? spec.symbol.name : spec.baseCurrency
        return [(".\(base)", .index), (".M\(base)", .mark), (".\(base)FR", .predictedFunding),
                (".\(base)FR8H", .funding8h)]
    }

    /// One `tick_p` (linear, decimal string) or `tick` (inverse, scaled integer + `scale`) frame.
    static func tickFrame(name: String, kind: TickKind, spec: InstrumentSpec, mark: SimMarkTick, time: Timestamp) -> String {
        var t = JSONObject(capacity: 96)
        let rate: Money?
        let price: Price?
        switch kind {
        case .index: price = mark.indexPrice; rate = nil
        case .mark: price = mark.markPrice; rate = nil
        case .predictedFunding: price = nil; rate = mark.predictedFundingRate
        case .funding8h: price = nil; rate = mark.fundingRate
        }
        if spec.kind == .linear {
            if let price { t.decimal("last", price) } else if let rate { t.decimal("last", rate) }
        } else {
            if let price {
                t.int("last", WireEncoding.ep(price, spec))
                t.int("scale", spec.priceScale)
            } else if let rate {
                t.int("last", WireEncoding.er(rate))
                t.int("scale", 8)
            }
        }
        t.string("symbol", name)
        t.int("timestamp", time.nanos)
        return "{\"" + (spec.kind == .linear ? "tick_p" : "tick") + "\":" + t.finished + "}"
    }

    /// Open interest as a value in the quote currency (linear `openInterestRv`).
    static func openInterestValue(_ t: SimTicker) -> Money {
        Money.product(t.openInterest, t.markPrice) ?? .zero
    }

    /// The `market24h_p` body object (S8 capture key set; also the legacy `/md/v2/ticker/24hr`
    /// result, which adds `timestamp`).
    static func market24hLinearBody(_ t: SimTicker, timestamp: Timestamp? = nil) -> String {
        var j = JSONObject(capacity: 400)
        j.decimal("closeRp", t.last)
        j.decimal("fundingRateRr", t.fundingRate)
        j.decimal("highRp", t.high)
        j.decimal("indexPriceRp", t.indexPrice)
        j.decimal("lowRp", t.low)
        j.decimal("markPriceRp", t.markPrice)
        j.decimal("openInterestRv", openInterestValue(t))
        j.decimal("openRp", t.open)
        j.decimal("predFundingRateRr", t.predictedFundingRate)
        j.string("symbol", t.symbol.name)
        if let timestamp { j.int("timestamp", timestamp.nanos) }
        j.decimal("turnoverRv", t.turnover)
        j.decimal("volumeRq", t.volume)
        return j.finished
    }

    /// `{"market24h_p":{…},"timestamp":ns}`.
    static func market24hLinearFrame(_ t: SimTicker, time: Timestamp) -> String {
        "{\"market24h_p\":" + market24hLinearBody(t) + ",\"timestamp\":" + String(time.nanos) + "}"
    }

    /// The COIN-M `market24h` body object (Ep prices, Er rates, Ev turnover in the settle
    /// currency, integer contracts); also the `/md/v1/ticker/24hr` result.
    static func market24hInverseBody(_ t: SimTicker, spec: InstrumentSpec) -> String {
        var j = JSONObject(capacity: 300)
        j.int("close", WireEncoding.ep(t.last, spec))
        j.int("fundingRate", WireEncoding.er(t.fundingRate))
        j.int("high", WireEncoding.ep(t.high, spec))
        j.int("indexPrice", WireEncoding.ep(t.indexPrice, spec))
        j.int("low", WireEncoding.ep(t.low, spec))
        j.int("markPrice", WireEncoding.ep(t.markPrice, spec))
        j.int("open", WireEncoding.ep(t.open, spec))
        j.int("openInterest", WireEncoding.contracts(t.openInterest))
        j.int("predFundingRate", WireEncoding.er(t.predictedFundingRate))
        j.string("symbol", t.symbol.name)
        j.int("timestamp", t.time.nanos)
        // Turnover of an inverse contract is in the settle coin: USD value / last price.
        let settle = Money.quotient(t.turnover, t.last) ?? .zero
        j.int("turnover", WireEncoding.ev(settle, spec))
        j.int("volume", WireEncoding.contracts(t.volume))
        return j.finished
    }

    /// `{"market24h":{…},"timestamp":ns}`.
    static func market24hInverseFrame(_ t: SimTicker, spec: InstrumentSpec, time: Timestamp) -> String {
        "{\"market24h\":" + market24hInverseBody(t, spec: spec) + ",\"timestamp\":" + String(time.nanos) + "}"
    }

    /// One `/md/v3/ticker/24hr` result object (documented field list, sorted).
    static func v3Ticker(_ t: SimTicker) -> String {
        var j = JSONObject(capacity: 400)
        j.decimal("askRp", t.bestAsk ?? t.last)
        j.decimal("bidRp", t.bestBid ?? t.last)
        j.decimal("fundingRateRr", t.fundingRate)
        j.decimal("highRp", t.high)
        j.decimal("indexRp", t.indexPrice)
        j.decimal("lastRp", t.last)
        j.decimal("lowRp", t.low)
        j.decimal("markRp", t.markPrice)
        j.decimal("openInterestRv", openInterestValue(t))
        j.decimal("openRp", t.open)
        j.decimal("predFundingRateRr", t.predictedFundingRate)
        j.string("symbol", t.symbol.name)
        j.int("timestamp", t.time.nanos)
        j.decimal("turnoverRv", t.turnover)
        j.decimal("volumeRq", t.volume)
        return j.finished
    }
}
