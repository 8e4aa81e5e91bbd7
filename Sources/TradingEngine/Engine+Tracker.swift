import MarketCore
import OrderTracking
import Strategies

extension Engine {
    /// Turns the tracker's actions into engine outputs, in order.
    mutating func apply(_ actions: [TrackerAction], _ now: Timestamp) {
        // The reason text of the last delay audit: the delays of one decision usually share
        // reason and time (every quote of a symbol waits for the same activity score), and
        // the same text is then shared instead of written again.
        var lastDelay: (reason: VerdictReason, until: Timestamp, text: String)?
        for a in actions {
            switch a {
            case .send(let id, let command):
                count(command)
                out.append(.command(id: id, command: command))
            case .wake(let at):
                if let w = state.trackerWakeAt, w > now, w <= at { continue }
                state.trackerWakeAt = at
            case .audit(let r):
                if r.verdict == "deny" || r.verdict == "degrade" { state.counters.denied += 1 }
                guard r.detail == nil, let until = r.until else {
                    out.append(.audit(EngineAuditRecord(r)))
                    continue
                }
                let text: String
                if let last = lastDelay, last.reason == r.reason, last.until == until {
                    text = last.text
                } else {
                    text = AuditReasonText.make(reason: r.reason.rawValue, detail: nil, until: until)
                    lastDelay = (r.reason, until, text)
                }
                out.append(.audit(EngineAuditRecord(r, reason: text)))
            case .tradingState(let s, let reason):
                log(s == .active ? .info : .warning, "tracker", "trading state \(s.rawValue): \(reason)")
                refreshTradingState()
            }
        }
    }

    /// Counts what is sent (status and metrics).
    mutating func count(_ command: ExchangeCommand) {
        switch command {
        case .place(let r):
            state.counters.ordersSent += 1
            if r.type == .limit, let price = r.price {
                // "placed bid|ask <quantity> @ <price>"
                let text = LogText.make(capacity: 16 + 2 * FixedPointDigits.maxLength) { w in
                    w.put(r.side == .buy ? "placed bid " : "placed ask ")
                    w.put(fixedPoint: r.quantity.raw)
                    w.put(" @ ")
                    w.put(fixedPoint: price.raw)
                }
                log(.info, "engine", symbol: r.symbol, order: r.clientOrderID, text)
            } else {
                log(.info, "engine", symbol: r.symbol, order: r.clientOrderID,
                    "placed \(r.type.rawValue.lowercased()) \(r.side == .buy ? "buy" : "sell") \(r.quantity)\(r.price.map { " @ \($0)" } ?? "")")
            }
        case .amend(let id, let symbol, _, let price, let quantity):
            state.counters.amendsSent += 1
            // "amend[ price <price>][ qty <quantity>]"
            let text = LogText.make(capacity: 16 + 2 * FixedPointDigits.maxLength) { w in
                w.put("amend")
                if let price {
                    w.put(" price ")
                    w.put(fixedPoint: price.raw)
                }
                if let quantity {
                    w.put(" qty ")
                    w.put(fixedPoint: quantity.raw)
                }
            }
            log(.debug, "engine", symbol: symbol, order: id, text)
        case .cancel(let id, let symbol, _):
            state.counters.cancelsSent += 1
            log(.debug, "engine", symbol: symbol, order: id, "cancel")
        case .cancelBulk(let ids, let symbol, _):
            state.counters.cancelsSent += ids.count
            log(.debug, "engine", symbol: symbol, LogText.make(capacity: 36) { w in  // "cancel <n> order(s)"
                w.put("cancel ")
                w.put(ids.count)
                w.put(" order(s)")
            })
        case .queryOrder, .fetchOpenOrders, .fetchPositions:
            break
        }
    }

    /// What the tracker's rules need to know about `symbol` now.
    ///
    /// Fields are read in place: copying the whole `MarketState` or `InstrumentSpec` (with their
    /// strings) on every quote decision was a visible part of its cost. The equity includes
    /// `unrealized(symbol)`, computed here from the indices already found.
    func marketSnapshot(_ symbol: Symbol) -> MarketSnapshot {
        let pi = positionIndex(symbol)
        let position = pi.map { state.positions[$0].size } ?? .zero
        let market = marketIndex(symbol)
        var equity = Money.zero
        if let ii = config.instruments.firstIndex(where: { $0.symbol == symbol }),
            let bi = state.balances.firstIndex(where: { $0.currency == config.instruments[ii].settleCurrency })
        {
            equity = state.balances[bi].balance + unrealized(instrument: ii, position: pi, market: market)
        }
        guard let mi = market else {
            return MarketSnapshot(
                symbol: symbol, bestBid: nil, bestAsk: nil, markPrice: nil, position: position, equity: equity, lastTradeTime: nil)
        }
        return MarketSnapshot(
            symbol: symbol, bestBid: state.markets[mi].top?.bidPrice, bestAsk: state.markets[mi].top?.askPrice,
            markPrice: state.markets[mi].markPrice, position: position, equity: equity,
            lastTradeTime: state.markets[mi].lastTrade?.time)
    }

    /// Unrealized PnL of instrument `ii` at the mid, given the indices of its position and
    /// market (the first of each with the symbol): zero without an open position.
    func unrealized(instrument ii: Int, position pi: Int?, market mi: Int?) -> Money {
        guard let pi, let mi, let entry = state.positions[pi].averageEntryPrice, let mid = state.markets[mi].top?.mid else { return .zero }
        let size = state.positions[pi].size
        return realized(config.instruments[ii], entry: entry, exit: mid, quantity: size.magnitude, long: size.raw > 0)
    }

    /// `quotes` rounded to the instrument's grid (`InstrumentSpec.roundPrice`/`roundQuantity`:
    /// bids down, asks up, quantities down), dropping any that round to zero. A set already on
    /// the grid (what strategies propose) is handed back as it is: no new array, no copies.
    static func rounded(_ quotes: [QuoteProposal], to inst: InstrumentSpec) -> [QuoteProposal] {
        // On the grid, rounding either way leaves a value as it is.
        func onGrid(_ k: Int) -> Bool {
            let price = quotes[k].price, quantity = quotes[k].quantity
            return price.raw > 0 && quantity.raw > 0 && price.isMultiple(of: inst.tickSize) && quantity.isMultiple(of: inst.quantityStep)
        }
        if quotes.indices.allSatisfy(onGrid) { return quotes }
        var desired: [QuoteProposal] = []
        desired.reserveCapacity(quotes.count)
        for var q in quotes {
            q.price = inst.roundPrice(q.price, side: q.side)
            q.quantity = inst.roundQuantity(q.quantity)
            guard q.price.raw > 0, q.quantity.raw > 0 else { continue }
            desired.append(q)
        }
        return desired
    }

    /// Mark, position or equity changed: the tracker re-checks its kill switch (R19/R20).
    mutating func observe(_ symbol: Symbol, _ now: Timestamp) {
        guard config.instrument(symbol) != nil else { return }
        apply(tracker.observe(market: marketSnapshot(symbol), now: now), now)
    }

    /// Effective trading state: the stricter of the engine's kill switch and the tracker's.
    mutating func refreshTradingState() {
        state.tradingState = max(state.killSwitch, EngineState.TradingState(tracker.tradingState))
    }

    /// Own orders the exchange lists (resume, reconnect): the tracker adopts or queries them;
    /// with `onResume == .cancel` every own order is cancelled right after.
    mutating func adoptOpenOrders(_ reports: [ExecutionReport], _ now: Timestamp) {
        let traded = reports.filter { config.instrument($0.symbol) != nil }
            .sorted { ($0.symbol, $0.clientOrderID?.value ?? "", $0.orderID) < ($1.symbol, $1.clientOrderID?.value ?? "", $1.orderID) }
        let foreign = traded.filter { !($0.clientOrderID.map(config.ownsOrder) ?? false) }.count
        if foreign > 0 { log(.info, "engine", "\(foreign) order(s) not ours left alone") }
        apply(tracker.adopt(openOrders: traded, now: now), now)
        if config.onResume == .cancel && state.phase == .reconciling && !tracker.openOrders.isEmpty {
            apply(tracker.cancelAllOwn(symbol: nil, reason: "on_resume cancel", now: now), now)
        }
        if state.phase == .running { markOrdersToSettle(adoptedOnly: true) }
    }

    /// Flags the symbols whose own orders must be settled (kept as quotes or cancelled) before
    /// their next quote: every symbol with live own quotes after a (re)start, or with freshly
    /// adopted orders after a reconnect.
    mutating func markOrdersToSettle(adoptedOnly: Bool = false) {
        let live = tracker.openOrders.filter { $0.role != .single && !$0.cancelWanted && (!adoptedOnly || $0.role == .adopted) }
        for i in state.markets.indices where live.contains(where: { $0.symbol == state.markets[i].symbol }) {
            state.markets[i].settlePending = true
        }
    }
}

extension EngineAuditRecord {
    /// The engine's audit line for a tracker decision.
    init(_ r: AuditRecord) {
        self.init(r, reason: AuditReasonText.make(reason: r.reason.rawValue, detail: r.detail, until: r.until))
    }

    /// The engine's audit line for a tracker decision whose reason text (what
    /// `AuditReasonText.make` spells for it) is already written.
    init(_ r: AuditRecord, reason: String) {
        self.init(
            time: r.time, action: r.intent.rawValue, verdict: r.verdict, rule: r.rule.rawValue, symbol: r.symbol,
            clientOrderID: r.clientOrderID, reason: reason)
    }
}
