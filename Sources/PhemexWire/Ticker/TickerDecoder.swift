import MarketCore

/// Decoders for ticker, mark-price and funding frames (PROTOCOL §3.4).
///
/// USDT-M values are decimal strings; COIN-M `market24h` prices are `Ep` integers at the
/// symbol's price scale (from `catalog`), rates `Er` at scale 8, turnover `Ev` at the settle
/// currency's value scale; COIN-M `tick` carries its own `scale`.
public struct TickerDecoder: Sendable {
    public let catalog: InstrumentCatalog

    public init(catalog: InstrumentCatalog = InstrumentCatalog()) { self.catalog = catalog }

    /// `{"method":"perp_market24h_pack_p.update","fields":[…],"data":[[…]…],"type":…}`.
    /// Rows are always indexed through `fields` (older servers sent 12 fields, newer 14).
    public func decodePerpMarket24hPack(_ json: JSONValue) throws(PhemexWireError) -> TickerUpdate {
        let f = try JSONFields(json, context: "")
        guard case .string(let m)? = f.value("method"), m == "perp_market24h_pack_p.update" else {
            throw .unexpectedMessage("not a perp_market24h_pack_p.update frame")
        }
        let time = Timestamp(nanos: try f.optionalInt64("timestamp") ?? 0)
        var names: [String] = []
        for (i, v) in try f.array("fields").enumerated() {
            guard case .string(let s) = v else { throw .wrongType(field: "fields[\(i)]", expected: "string", found: v.typeName) }
            names.append(s)
        }
        guard let symbolIndex = names.firstIndex(of: "symbol") else { throw .missingField("fields.symbol") }
        var update = TickerUpdate(isSnapshot: try f.optionalString("type") == "snapshot", tickers: [], rowErrors: [])
        for (r, rowValue) in try f.array("data").enumerated() {
            let ctx = "data[\(r)]"
            do throws(PhemexWireError) {
                guard case .array(let row) = rowValue else {
                    throw PhemexWireError.wrongType(field: ctx, expected: "array", found: rowValue.typeName)
                }
                guard row.count == names.count else {
                    throw PhemexWireError.unexpectedMessage("\(ctx) has \(row.count) values for \(names.count) fields")
                }
                guard case .string(let sym) = row[symbolIndex] else { throw PhemexWireError.missingField(ctx + ".symbol") }
                var t = PhemexTicker(symbol: Symbol(sym), time: time)
                for (i, name) in names.enumerated() where i != symbolIndex {
                    let v = row[i]
                    if v.isNull { continue }
                    let field = ctx + "." + name
                    switch name {
                    case "openRp": t.open = try JSONNumbers.decimal(v, field: field)
                    case "highRp": t.high = try JSONNumbers.decimal(v, field: field)
                    case "lowRp": t.low = try JSONNumbers.decimal(v, field: field)
                    case "lastRp": t.last = try JSONNumbers.decimal(v, field: field)
                    case "volumeRq": t.volume = try JSONNumbers.decimal(v, field: field)
                    case "turnoverRv": t.turnover = try JSONNumbers.decimal(v, field: field)
                    case "openInterestRv": t.openInterest = try JSONNumbers.decimal(v, field: field)
                    case "indexRp": t.indexPrice = try JSONNumbers.decimal(v, field: field)
                    case "markRp": t.markPrice = try JSONNumbers.decimal(v, field: field)
                    case "fundingRateRr": t.fundingRate = try JSONNumbers.decimal(v, field: field)
                    case "predFundingRateRr": t.predictedFundingRate = try JSONNumbers.decimal(v, field: field)
                    case "bidRp": t.bid = try JSONNumbers.decimal(v, field: field)
                    case "askRp": t.ask = try JSONNumbers.decimal(v, field: field)
                    default: continue
                    }
                }
                update.tickers.append(t)
            } catch {
                update.rowErrors.append(error)
            }
        }
        return update
    }

    /// USDT-M `{"market24h_p":{…},"timestamp":…}`.
    public func decodeMarket24hP(_ json: JSONValue) throws(PhemexWireError) -> PhemexTicker {
        let outer = try JSONFields(json, context: "")
        let f = try outer.object("market24h_p")
        let time = Timestamp(nanos: try outer.optionalInt64("timestamp") ?? 0)
        var t = PhemexTicker(symbol: Symbol(try f.string("symbol")), time: time)
        t.open = try f.optionalDecimal("openRp")
        t.high = try f.optionalDecimal("highRp")
        t.low = try f.optionalDecimal("lowRp")
        t.last = try f.optionalDecimal(anyOf: ["closeRp", "lastRp"])
        t.volume = try f.optionalDecimal("volumeRq")
        t.turnover = try f.optionalDecimal("turnoverRv")
        t.openInterest = try f.optionalDecimal("openInterestRv")
        t.indexPrice = try f.optionalDecimal(anyOf: ["indexPriceRp", "indexRp"])
        t.markPrice = try f.optionalDecimal(anyOf: ["markPriceRp", "markRp"])
        t.fundingRate = try f.optionalDecimal("fundingRateRr")
        t.predictedFundingRate = try f.optionalDecimal("predFundingRateRr")
        t.bid = try f.optionalDecimal("bidRp")
        t.ask = try f.optionalDecimal("askRp")
        return t
    }

    /// COIN-M `{"market24h":{…Ep/Er/Ev integers…},"timestamp":…}`; the symbol must be in `catalog`.
    public func decodeMarket24h(_ json: JSONValue) throws(PhemexWireError) -> PhemexTicker {
        let outer = try JSONFields(json, context: "")
        let f = try outer.object("market24h")
        let symbol = Symbol(try f.string("symbol"))
        let ps = try catalog.priceScale(for: symbol)
        let vs = try catalog.valueScale(for: symbol)
        let rs = InstrumentCatalog.ratioScale
        var ts = try f.optionalInt64("timestamp") ?? 0
        if ts == 0 { ts = try outer.optionalInt64("timestamp") ?? 0 }
        var t = PhemexTicker(symbol: symbol, time: Timestamp(nanos: ts))
        t.open = try f.optionalScaled("open", scale: ps)
        t.high = try f.optionalScaled("high", scale: ps)
        t.low = try f.optionalScaled("low", scale: ps)
        t.last = try f.optionalScaled("close", scale: ps)
        t.volume = try f.optionalScaled("volume", scale: 0)
        t.turnover = try f.optionalScaled("turnover", scale: vs)
        t.openInterest = try f.optionalScaled("openInterest", scale: 0)
        t.indexPrice = try f.optionalScaled("indexPrice", scale: ps)
        t.markPrice = try f.optionalScaled("markPrice", scale: ps)
        t.fundingRate = try f.optionalScaled("fundingRate", scale: rs)
        t.predictedFundingRate = try f.optionalScaled("predFundingRate", scale: rs)
        return t
    }

    /// USDT-M `{"tick_p":{"last":"65000.6","symbol":".MBTCUSDT","timestamp":…}}`.
    public func decodeTickP(_ json: JSONValue) throws(PhemexWireError) -> PhemexTick {
        let f = try JSONFields(json, context: "").object("tick_p")
        return PhemexTick(
            tickSymbol: try f.string("symbol"), value: try f.decimal("last"),
            time: Timestamp(nanos: try f.optionalInt64("timestamp") ?? 0))
    }

    /// COIN-M `{"tick":{"last":650011882,"scale":4,"symbol":".BTC","timestamp":…}}`.
    public func decodeTick(_ json: JSONValue) throws(PhemexWireError) -> PhemexTick {
        let f = try JSONFields(json, context: "").object("tick")
        let scale = try f.int("scale")
        guard (0...18).contains(scale) else { throw .invalidNumber(field: "tick.scale", text: String(scale)) }
        return PhemexTick(
            tickSymbol: try f.string("symbol"), value: try f.scaled("last", scale: scale),
            time: Timestamp(nanos: try f.optionalInt64("timestamp") ?? 0))
    }
}
