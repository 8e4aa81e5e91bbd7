import MarketCore
import Strategies
@testable import OrderTracking

/// Shared fixtures: the simulator instruments, a hand-advanced clock, helpers to read actions.
enum Fx {
    static let btc: InstrumentSpec = {
        do {
            return try InstrumentSpec(
                symbol: "BTCUSDT", kind: .linear, tickSize: Price(raw: 100_000_000), quantityStep: Quantity(raw: 1_000_000),
                minOrderValue: 1, maxOrderQuantity: 100000, minPrice: Price(raw: 100_000_000), maxPrice: 2_000_000,
                settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "BTC")
        } catch { preconditionFailure("fixture") }
    }()
    static let eth: InstrumentSpec = {
        do {
            return try InstrumentSpec(
                symbol: "ETHUSDT", kind: .linear, tickSize: Price(raw: 10_000_000), quantityStep: Quantity(raw: 10_000_000),
                minOrderValue: 1, maxOrderQuantity: 100000, minPrice: Price(raw: 10_000_000), maxPrice: 200_000,
                settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "ETH")
        } catch { preconditionFailure("fixture") }
    }()
    static let sym: Symbol = "BTCUSDT"

    /// Seconds (may be fractional via millis) from a fixed origin.
    static let origin: Int64 = 1_700_000_000_000
    static func t(_ seconds: Int64, ms: Int64 = 0) -> Timestamp { Timestamp.millis(origin + seconds * 1000 + ms) }

    static func p(_ s: String) -> Price { (try? Price(parsing: s)) ?? .zero }
    static func q(_ s: String) -> Quantity { (try? Quantity(parsing: s)) ?? .zero }

    static func tracker(_ profile: RuleProfile = .standard, disabled: [RuleID] = [], auditAllows: Bool = true) -> OrderTracker {
        var r = profile
        r.disabledRules = disabled
        return OrderTracker(
            config: TrackerConfig(seed: 7, auditAllows: auditAllows), rules: r, instruments: [btc, eth], sessionPrefix: "mmT1",
            nextCounter: 1)
    }

    static func market(
        bid: String = "64995", ask: String = "65005", mark: String = "65000", position: String = "0", equity: Money = 100_000,
        lastTrade: Timestamp? = nil
    ) -> MarketSnapshot {
        MarketSnapshot(symbol: sym, bestBid: p(bid), bestAsk: p(ask), markPrice: p(mark), position: q(position), equity: equity, lastTradeTime: lastTrade)
    }

    static func quote(_ side: Side, _ level: Int, _ price: String, _ qty: String = "0.01") -> QuoteProposal {
        QuoteProposal(symbol: sym, side: side, level: level, price: p(price), quantity: q(qty))
    }

    static func sends(_ a: [TrackerAction]) -> [(UInt64, ExchangeCommand)] {
        a.compactMap { if case .send(let id, let c) = $0 { return (id, c) } else { return nil } }
    }
    static func commands(_ a: [TrackerAction]) -> [ExchangeCommand] { sends(a).map { $0.1 } }
    static func audits(_ a: [TrackerAction]) -> [AuditRecord] {
        a.compactMap { if case .audit(let r) = $0 { return r } else { return nil } }
    }
    static func wakes(_ a: [TrackerAction]) -> [Timestamp] {
        a.compactMap { if case .wake(let t) = $0 { return t } else { return nil } }
    }
    static func places(_ a: [TrackerAction]) -> [OrderRequest] {
        commands(a).compactMap { if case .place(let r) = $0 { return r } else { return nil } }
    }

    /// Reports an order as resting (REST ack + stream `New`).
    static func accepted(_ r: OrderRequest, at time: Timestamp) -> ExecutionReport {
        ExecutionReport(
            kind: .accepted, clientOrderID: r.clientOrderID, orderID: "X" + r.clientOrderID.value, symbol: r.symbol, side: r.side,
            status: .new, orderType: r.type, price: r.price, orderQuantity: r.quantity, cumulativeQuantity: .zero,
            leavesQuantity: r.quantity, time: time)
    }

    static func fill(_ id: ClientOrderID, side: Side = .buy, qty: String, cum: String, orderQty: String = "0.01", exec: String, at time: Timestamp) -> ExecutionReport {
        let cq = q(cum)
        let oq = q(orderQty)
        return ExecutionReport(
            kind: .fill, clientOrderID: id, orderID: "X", symbol: sym, side: side, status: cq >= oq ? .filled : .partiallyFilled,
            price: p("65000"), orderQuantity: oq, cumulativeQuantity: cq, leavesQuantity: cq >= oq ? .zero : oq - cq,
            fill: Fill(executionID: exec, quantity: q(qty), price: p("65000"), fee: .zero, liquidity: .maker), time: time)
    }

    static func canceled(_ id: ClientOrderID, side: Side = .buy, at time: Timestamp) -> ExecutionReport {
        ExecutionReport(
            kind: .canceled, clientOrderID: id, orderID: "X", symbol: sym, side: side, status: .canceled, price: nil,
            orderQuantity: q("0.01"), cumulativeQuantity: .zero, leavesQuantity: .zero, time: time)
    }

    static func result(_ id: UInt64, _ c: ExchangeCommand, _ o: CommandOutcome, reports: [ExecutionReport] = [], limits: [RateLimitStatus] = [], http: Int? = nil, at time: Timestamp) -> CommandResult {
        CommandResult(commandID: id, command: c, outcome: o, reports: reports, rateLimits: limits, httpStatus: http, time: time)
    }

    /// Acks every send in `actions` (and reports resting for places); returns the follow-up actions.
    static func ackAll(_ tr: inout OrderTracker, _ actions: [TrackerAction], at time: Timestamp) -> [TrackerAction] {
        var out: [TrackerAction] = []
        for (id, c) in sends(actions) {
            var reports: [ExecutionReport] = []
            if case .place(let r) = c { reports = [accepted(r, at: time)] }
            out += tr.handle(result(id, c, .acknowledged, reports: reports, at: time), now: time)
        }
        return out
    }

    static func newIntent(_ side: Side = .buy, price: String = "64990", qty: String = "0.01", tif: TimeInForce = .postOnly, type: OrderType = .limit, reduceOnly: Bool = false, risk: Bool = false) -> OrderIntent {
        OrderIntent(kind: risk ? .riskOrder : .new, symbol: sym, side: side, type: type, timeInForce: tif, price: p(price), quantity: q(qty), reduceOnly: reduceOnly, isRisk: risk)
    }
}
