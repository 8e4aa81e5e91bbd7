import MarketCore
import Strategies
@testable import TradingEngine

/// A minimal strategy for engine tests: one bid `offset` below the best bid, one ask above.
struct TestQuoter: Strategy {
    static let name = "test_quoter"
    var symbols: [Symbol] = ["BTCUSDT"]
    var offset: Price = Price(raw: 500_000_000)  // 0.5
    var size: Quantity = Quantity(raw: 10_000_000)  // 0.01
    /// Levels per side (each one `offset` further out).
    var levels = 1
    var decisions = 0
    mutating func decide(_ context: StrategyContext) -> StrategyDecision {
        decisions += 1
        guard context.bookIsValid, let top = context.top, let b = top.bidPrice, let a = top.askPrice else {
            return StrategyDecision(quotes: [])
        }
        var quotes: [QuoteProposal] = []
        for l in 0..<levels {
            let step = Price(raw: offset.raw * Int64(l + 1))
            quotes.append(QuoteProposal(symbol: context.instrument.symbol, side: .buy, level: l, price: b - step, quantity: size))
            quotes.append(QuoteProposal(symbol: context.instrument.symbol, side: .sell, level: l, price: a + step, quantity: size))
        }
        return StrategyDecision(quotes: quotes)
    }
    func saveState() -> [String: String] { ["decisions": String(decisions)] }
    mutating func restoreState(_ state: [String: String]) { decisions = Int(state["decisions"] ?? "") ?? 0 }
}

enum T {
    static func btc() -> InstrumentSpec {
        // Simulator BTCUSDT: tick 0.1, step 0.001, min value 1 USDT.
        try! InstrumentSpec(
            symbol: "BTCUSDT", kind: .linear, tickSize: Price(raw: 100_000_000), quantityStep: Quantity(raw: 1_000_000),
            minOrderValue: 1, maxOrderQuantity: 100_000, minPrice: Price(raw: 100_000_000), maxPrice: 2_000_000,
            settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "BTC")
    }
    static func config(onStop: EngineConfig.StopPolicy = .cancel) -> EngineConfig {
        EngineConfig(botName: "test_bot", sessionTag: "s1", instruments: [btc()], onStop: onStop)
    }
    static func p(_ s: String) -> Price { Price(s)! }
    static func q(_ s: String) -> Quantity { Quantity(s)! }
    static func at(_ ms: Int64) -> Timestamp { .millis(1_700_000_000_000 + ms) }
    static func top(_ bid: String, _ ask: String, _ ms: Int64, seq: Int64 = 1) -> TopOfBook {
        TopOfBook(symbol: "BTCUSDT", bidPrice: p(bid), bidSize: q("1"), askPrice: p(ask), askSize: q("1"),
                  sequence: seq, time: at(ms))
    }
}

/// Drives an engine like the runtime does and records inputs and outputs.
struct Harness {
    var engine: Engine
    var inputs: [EngineInput] = []
    var outputs: [EngineOutput] = []
    init(config: EngineConfig = T.config(), state: EngineState? = nil, strategy: TestQuoter = TestQuoter()) {
        engine = Engine(config: config, strategy: strategy, state: state)
    }
    @discardableResult
    mutating func feed(_ kind: EngineInput.Kind, at ms: Int64) -> [EngineOutput] {
        let input = EngineInput(receivedAt: T.at(ms), kind: kind)
        inputs.append(input)
        let o = engine.handle(input)
        outputs += o
        return o
    }
    /// Answers every command in `outs` as acknowledged with what a simple exchange would say.
    @discardableResult
    mutating func ack(_ outs: [EngineOutput], at ms: Int64, open: [ExecutionReport] = []) -> [EngineOutput] {
        var all: [EngineOutput] = []
        for case .command(let id, let cmd) in outs {
            all += feed(.exchange(.commandResult(Harness.acknowledged(id, cmd, at: ms, open: open))), at: ms)
        }
        return all
    }
    /// The exchange's acknowledgement of `cmd`: places accepted, cancels done, `open` for an
    /// open-orders fetch, no report otherwise.
    static func acknowledged(_ id: UInt64, _ cmd: ExchangeCommand, at ms: Int64, open: [ExecutionReport] = []) -> CommandResult {
        var reports: [ExecutionReport] = []
        switch cmd {
        case .place(let r):
            reports = [report(.accepted, r.clientOrderID, side: r.side, price: r.price, qty: r.quantity, ms: ms)]
        case .cancel(let cid, _, _):
            reports = [report(.canceled, cid, side: .buy, price: nil, qty: T.q("0.01"), ms: ms, status: .canceled)]
        case .cancelBulk(let cids, _, _):
            reports = cids.map { report(.canceled, $0, side: .buy, price: nil, qty: T.q("0.01"), ms: ms, status: .canceled) }
        case .fetchOpenOrders: reports = open
        default: break
        }
        return CommandResult(commandID: id, command: cmd, outcome: .acknowledged, reports: reports, time: T.at(ms))
    }
    static func report(
        _ kind: ExecutionReport.Kind, _ id: ClientOrderID, side: Side, price: Price?, qty: Quantity, ms: Int64,
        status: ExchangeOrderStatus = .new, cum: Quantity = .zero, fill: Fill? = nil
    ) -> ExecutionReport {
        ExecutionReport(kind: kind, clientOrderID: id, orderID: "X-\(id)", symbol: "BTCUSDT", side: side, status: status,
                        price: price, orderQuantity: qty, cumulativeQuantity: cum, leavesQuantity: qty - cum,
                        fill: fill, time: T.at(ms))
    }
}

extension Array where Element == EngineOutput {
    var commands: [ExchangeCommand] { compactMap { if case .command(_, let c) = $0 { return c } else { return nil } } }
    var places: [OrderRequest] { commands.compactMap { if case .place(let r) = $0 { return r } else { return nil } } }
    /// Ids cancelled one by one or in bulk.
    var cancels: [ClientOrderID] {
        commands.flatMap { c -> [ClientOrderID] in
            switch c {
            case .cancel(let id, _, _): return [id]
            case .cancelBulk(let ids, _, _): return ids
            default: return []
            }
        }
    }
    var amends: [ClientOrderID] {
        commands.compactMap { if case .amend(let id, _, _, _, _) = $0 { return id } else { return nil } }
    }
    var audits: [EngineAuditRecord] { compactMap { if case .audit(let a) = $0 { return a } else { return nil } } }
    var isStopped: Bool { contains { $0 == .stopped } }
}
