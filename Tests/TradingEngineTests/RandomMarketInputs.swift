import MarketCore
@testable import TradingEngine

/// A seeded random stream of engine inputs for differential tests: BTCUSDT book tops walking
/// a few ticks (80 %), public trades, marks, fills of the engine's first open order, timers,
/// the due strategy/tracker timer, and the exchange's acknowledgement of every command. With
/// `jumps`, one book update in 50 moves by about 1 % (through quotes resting 0.1 % from the mid).
struct RandomMarketInputs {
    var rng: SeededRandom
    var jumps = false
    var ms: Int64 = 0
    var bid: Int64 = 650_000  // in ticks of 0.1
    var timerAt: Timestamp?
    var queue: [EngineInput] = [EngineInput(receivedAt: T.at(0), kind: .start)]
    /// Fill reports generated so far.
    var fills = 0

    init(seed: UInt64, jumps: Bool = false) {
        rng = SeededRandom(seed: seed)
        self.jumps = jumps
    }

    /// The next input: queued replies first, else a new market event at a later time. `orders`
    /// are the engine's (a fill takes the first open one); `step` numbers sequences and fills.
    mutating func next(step: Int, orders: [OwnOrder]) -> EngineInput {
        if queue.isEmpty { generate(step: step, orders: orders) }
        return queue.removeFirst()
    }

    /// Takes the timer the outputs schedule and queues the acknowledgement of each command.
    mutating func answer(_ outputs: [EngineOutput]) {
        for case .scheduleTimer(let at) in outputs { timerAt = at }
        for case .command(let id, let cmd) in outputs {
            queue.append(EngineInput(receivedAt: T.at(ms), kind: .exchange(.commandResult(Harness.acknowledged(id, cmd, at: ms)))))
        }
    }

    private mutating func generate(step: Int, orders: [OwnOrder]) {
        ms += Int64.random(in: 1...120, using: &rng)
        if let t = timerAt, t <= T.at(ms) {
            timerAt = nil
            queue.append(EngineInput(receivedAt: t, kind: .timer))
        }
        let r = Int.random(in: 0..<100, using: &rng)
        let px = { (ticks: Int64) in Price(raw: ticks * 100_000_000) }
        if r < 80 {
            bid += Int64.random(in: -2...2, using: &rng)
            if jumps, Int.random(in: 0..<50, using: &rng) == 0 {
                bid += Int64.random(in: 600...900, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)
            }
            let spread = Int64.random(in: 1...3, using: &rng)
            let top = TopOfBook(
                symbol: "BTCUSDT", bidPrice: px(bid), bidSize: T.q("1"), askPrice: px(bid + spread),
                askSize: T.q("1"), sequence: Int64(step), time: T.at(ms))
            queue.append(EngineInput(receivedAt: T.at(ms), kind: .exchange(.book(top))))
        } else if r < 88 {
            let t = TradeTick(symbol: "BTCUSDT", side: .buy, price: px(bid), quantity: T.q("0.01"), time: T.at(ms))
            queue.append(EngineInput(receivedAt: T.at(ms), kind: .exchange(.trade(t))))
        } else if r < 92 {
            let m = MarkPriceTick(symbol: "BTCUSDT", markPrice: px(bid), time: T.at(ms))
            queue.append(EngineInput(receivedAt: T.at(ms), kind: .exchange(.mark(m))))
        } else if r < 96, let o = orders.first(where: { $0.status == .open }), let price = o.price {
            fills += 1
            let f = Fill(executionID: "x\(step)", quantity: o.remaining, price: price, fee: Money("0.01")!, liquidity: .maker)
            let rep = Harness.report(
                .fill, o.clientOrderID, side: o.side, price: price, qty: o.quantity, ms: ms, status: .filled,
                cum: o.quantity, fill: f)
            queue.append(EngineInput(receivedAt: T.at(ms), kind: .exchange(.execution(rep))))
        } else {
            queue.append(EngineInput(receivedAt: T.at(ms), kind: .timer))
        }
    }
}
