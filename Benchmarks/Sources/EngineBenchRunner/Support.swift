import Foundation
import MarketCore
import Strategies
import TradingEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic wall clock in nanoseconds (vDSO, cheap enough to read around every tick).
@inline(__always)
func monoNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// CPU time of this thread in nanoseconds (throughput figures: the machine is shared).
func threadCPUNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// CPU time of the whole process (all threads) in nanoseconds.
func processCPUNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// Resident set size of this process in bytes (`VmRSS` of /proc/self/status).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let digits = line.filter(\.isNumber)
        return (Int(digits) ?? 0) * 1024
    }
    return 0
}

/// Percentiles of a latency sample (nanoseconds), printed in microseconds.
struct LatencySummary {
    var count: Int
    var p50: Int64
    var p90: Int64
    var p99: Int64
    var p999: Int64
    var max: Int64

    init(_ samples: [Int64]) {
        let s = samples.sorted()
        count = s.count
        func at(_ q: Double) -> Int64 { s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count) * q))] }
        p50 = at(0.50)
        p90 = at(0.90)
        p99 = at(0.99)
        p999 = at(0.999)
        max = s.last ?? 0
    }

    var text: String {
        func us(_ n: Int64) -> String { String(format: "%.2f", Double(n) / 1000) }
        return "n=\(count)  p50 \(us(p50)) µs  p90 \(us(p90)) µs  p99 \(us(p99)) µs  p99.9 \(us(p999)) µs  max \(us(max)) µs"
    }
}

/// BTCUSDT as the simulator lists it (tick 0.1, step 0.001, min value 1 USDT).
func linearSpec(_ name: String) -> InstrumentSpec {
    do {
        return try InstrumentSpec(
            symbol: Symbol(name), kind: .linear, tickSize: Price(raw: 100_000_000), quantityStep: Quantity(raw: 1_000_000),
            minOrderValue: 1, maxOrderQuantity: 100_000, minPrice: Price(raw: 100_000_000), maxPrice: 2_000_000,
            settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "BTC")
    } catch {
        fatalError("bench instrument spec: \(error)")
    }
}

/// Answers engine commands like a well-behaved exchange: every write is acknowledged at once
/// with the execution report the venue would send; open-order and position fetches are empty.
struct FakeVenue {
    struct Resting {
        var side: Side
        var price: Price?
        var quantity: Quantity
        var symbol: Symbol
    }
    var resting: [ClientOrderID: Resting] = [:]
    var nextOrderID = 1
    /// Every `fillEvery`-th placement is filled completely right after its ack (0 = never).
    var fillEvery = 0
    var placements = 0

    mutating func answer(_ outputs: [EngineOutput], at now: Timestamp) -> [EngineInput] {
        var inputs: [EngineInput] = []
        for case .command(let id, let command) in outputs {
            var reports: [ExecutionReport] = []
            var balances: [BalanceReport] = []
            var follow: [ExecutionReport] = []
            switch command {
            case .place(let r):
                nextOrderID += 1
                resting[r.clientOrderID] = Resting(side: r.side, price: r.price, quantity: r.quantity, symbol: r.symbol)
                reports.append(report(.accepted, r.clientOrderID, status: .new, now))
                placements += 1
                if fillEvery > 0, placements % fillEvery == 0, let price = r.price {
                    let f = Fill(executionID: "E\(nextOrderID)", quantity: r.quantity, price: price, fee: .zero, liquidity: .maker)
                    var fill = report(.fill, r.clientOrderID, status: .filled, now)
                    fill.cumulativeQuantity = r.quantity
                    fill.leavesQuantity = .zero
                    fill.fill = f
                    follow.append(fill)
                    resting[r.clientOrderID] = nil
                }
            case .amend(let cid, _, _, let price, let quantity):
                if var o = resting[cid] {
                    if let price { o.price = price }
                    if let quantity { o.quantity = quantity }
                    resting[cid] = o
                    reports.append(report(.replaced, cid, status: .new, now))
                }
            case .cancel(let cid, _, _):
                if resting[cid] != nil { reports.append(report(.canceled, cid, status: .canceled, now)) }
                resting[cid] = nil
            case .cancelBulk(let ids, _, _):
                for cid in ids where resting[cid] != nil {
                    reports.append(report(.canceled, cid, status: .canceled, now))
                    resting[cid] = nil
                }
            case .queryOrder(let cid, _):
                if resting[cid] != nil { reports.append(report(.accepted, cid, status: .new, now)) }
            case .fetchOpenOrders:
                break
            case .fetchPositions:
                balances = [BalanceReport(currency: "USDT", balance: 100_000, used: .zero, time: now)]
            }
            let result = CommandResult(
                commandID: id, command: command, outcome: .acknowledged, reports: reports, balances: balances, time: now)
            inputs.append(EngineInput(receivedAt: now, kind: .exchange(.commandResult(result))))
            for f in follow { inputs.append(EngineInput(receivedAt: now, kind: .exchange(.execution(f)))) }
        }
        return inputs
    }

    func report(_ kind: ExecutionReport.Kind, _ id: ClientOrderID, status: ExchangeOrderStatus, _ now: Timestamp) -> ExecutionReport {
        let o = resting[id] ?? Resting(side: .buy, price: nil, quantity: Quantity(raw: 1_000_000), symbol: "BTCUSDT")
        return ExecutionReport(
            kind: kind, clientOrderID: id, orderID: "V-\(id.value)", symbol: o.symbol, side: o.side, status: status,
            price: o.price, orderQuantity: o.quantity, cumulativeQuantity: .zero,
            leavesQuantity: status == .new ? o.quantity : .zero, time: now)
    }
}

/// Drives an engine like the daemon does (timer included) and records every input.
struct Driver {
    var engine: Engine
    var venue = FakeVenue()
    var timerAt: Timestamp?
    var record: Bool
    var inputs: [EngineInput] = []
    var outputCount = 0

    init(engine: Engine, record: Bool) {
        self.engine = engine
        self.record = record
    }

    /// Handles `input` and everything it causes right away (command replies, fills).
    mutating func feed(_ input: EngineInput) {
        var queue = [input]
        var i = 0
        while i < queue.count {
            let x = queue[i]
            i += 1
            if record { inputs.append(x) }
            let out = engine.handle(x)
            outputCount += out.count
            for case .scheduleTimer(let at) in out { timerAt = at }
            queue += venue.answer(out, at: x.receivedAt)
        }
    }

    /// Fires the timer if it is due at `now`.
    mutating func fireTimer(upTo now: Timestamp) {
        if let t = timerAt, t <= now {
            timerAt = nil
            feed(EngineInput(receivedAt: t, kind: .timer))
        }
    }
}

/// A plain multi-symbol quoter: `levels` bids and asks around the touch on every symbol.
struct LadderQuoter: Strategy {
    static let name = "ladder_quoter"
    var symbols: [Symbol]
    var levels = 2
    mutating func decide(_ context: StrategyContext) -> StrategyDecision {
        guard context.bookIsValid, let top = context.top, let b = top.bidPrice, let a = top.askPrice else {
            return StrategyDecision(quotes: [])
        }
        var quotes: [QuoteProposal] = []
        for l in 0..<levels {
            let step = Price(raw: 500_000_000 * Int64(l + 1))
            let size = Quantity(raw: 10_000_000)
            quotes.append(QuoteProposal(symbol: context.instrument.symbol, side: .buy, level: l, price: b - step, quantity: size))
            quotes.append(QuoteProposal(symbol: context.instrument.symbol, side: .sell, level: l, price: a + step, quantity: size))
        }
        return StrategyDecision(quotes: quotes)
    }
    func saveState() -> [String: String] { [:] }
    mutating func restoreState(_ state: [String: String]) {}
}
