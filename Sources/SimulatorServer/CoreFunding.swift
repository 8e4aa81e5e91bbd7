import ExchangeSimulator
import MarketCore

/// The public funding endpoints of PROTOCOL.md §3.4, in the `{code,msg,data}` envelope:
/// `GET /contract-biz/public/real-funding-rates?symbol=&pageSize=&pageNum=` (rows `symbol,
/// fundingInterval, toNextfundingInterval, nextfundingTime, fundingRate, interestRate,
/// fundingRateCap, fundingRateFloor`; 20 rows a page by default; `ALL` or no symbol = every
/// contract) and `GET /api-data/public/data/funding-rate-history?symbol=.BTCUSDTFR8H&start=
/// &end=&limit=` (settled rates, newest first, `limit` ≤ 100). Funding settles every
/// `fundingInterval` seconds on epoch multiples of virtual time; unknown symbols answer an
/// empty list, not an error (observed, S9).
extension SimulatorCore {
    static let fundingIntervalSeconds: Int64 = 28_800
    static let fundingInterestRate: Money = Money(raw: 100_000)  // 0.0001 per interval
    static let fundingRateCap: Money = Money(raw: 7_500_000)  // 0.0075
    static let fundingEnvelopeOK = "{\"code\":0,\"msg\":\"OK\",\"data\":"

    /// Milliseconds of the next settlement after virtual `now`.
    func nextFundingMillis(now: Timestamp) -> Int64 {
        let period = Self.fundingIntervalSeconds * 1000
        let ms = now.millis
        return (ms / period + 1) * period
    }

    func realFundingRates(_ params: RESTParams) -> RESTReply {
        let now = virtualNow()
        let wanted = params["symbol"]
        let names = symbolOrder.filter { wanted == nil || wanted == "ALL" || wanted == $0 }
        guard let pageSize = Self.positiveInt(params["pageSize"], default: 20),
            let pageNum = Self.positiveInt(params["pageNum"], default: 1)
        else { return .bizError(10500, "invalid argument") }
        let next = nextFundingMillis(now: now)
        let toNext = max(0, (next - now.millis) / 1000)
        let start = min(names.count, (pageNum - 1) * pageSize)
        let page = names[start..<min(names.count, start + pageSize)]
        let rows = page.compactMap { name -> String? in
            guard let mark = sim.markTick(symbol: Symbol(name)) else { return nil }
            var j = JSONObject(capacity: 260)
            j.string("symbol", name)
            j.int("fundingInterval", Self.fundingIntervalSeconds)
            j.int("toNextfundingInterval", toNext)
            j.int("nextfundingTime", next)
            j.decimal("fundingRate", mark.fundingRate)
            j.decimal("interestRate", Self.fundingInterestRate)
            j.decimal("fundingRateCap", Self.fundingRateCap)
            j.decimal("fundingRateFloor", -Self.fundingRateCap)
            return j.finished
        }
        let body = "{\"total\":\(names.count),\"rows\":" + JSONObject.array(rows) + "}"
        return RESTReply(status: 200, body: Self.fundingEnvelopeOK + body + "}")
    }

    func fundingRateHistory(_ params: RESTParams) -> RESTReply {
        let now = virtualNow()
        guard let limit = Self.positiveInt(params["limit"], default: 20),
            let startMs = Self.optionalInt(params["start"]), let endMs = Self.optionalInt(params["end"])
        else { return .bizError(10500, "invalid argument") }
        var rows: [String] = []
        if let name = params["symbol"], let target = tickTargets[name], target.kind == .funding8h,
            let mark = sim.markTick(symbol: Symbol(target.symbol))
        {
            let period = Self.fundingIntervalSeconds * 1000
            let last = min(endMs ?? now.millis, now.millis)
            var t = last / period * period
            let floor = startMs ?? Int64.min
            while t >= floor && t >= 0 && rows.count < min(limit, 100) {
                var j = JSONObject(capacity: 120)
                j.string("symbol", name)
                j.decimal("fundingRate", mark.fundingRate)
                j.int("fundingTime", t)
                j.int("intervalSeconds", Self.fundingIntervalSeconds)
                rows.append(j.finished)
                t -= period
            }
        }
        return RESTReply(status: 200, body: Self.fundingEnvelopeOK + "{\"rows\":" + JSONObject.array(rows) + "}}")
    }

    /// A positive integer parameter, its default when absent, nil when malformed.
    static func positiveInt(_ text: String?, default d: Int) -> Int? {
        guard let text else { return d }
        guard let v = Int(text), v > 0 else { return nil }
        return v
    }

    /// An optional integer parameter: `.some(nil)` when absent, nil when malformed.
    static func optionalInt(_ text: String?) -> Int64?? {
        guard let text else { return .some(nil) }
        guard let v = Int64(text) else { return nil }
        return .some(v)
    }
}
