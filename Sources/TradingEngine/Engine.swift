import MarketCore
import Strategies

/// The trading engine: books' tops, own orders, positions and the strategy, driven by
/// `handle(input) -> [output]`.
///
/// Pure and deterministic: time comes with each input, waits are `.scheduleTimer` outputs,
/// outputs never depend on hash order. The same inputs always give the same outputs, which is
/// what journal replay relies on.
public struct Engine: Sendable {
    public let config: EngineConfig
    /// The engine's state (strategy state is folded in by `snapshot`).
    public internal(set) var state: EngineState
    var strategy: any Strategy
    var out: [EngineOutput] = []
    /// How often an order in `.unknown` is queried again.
    static let requeryInterval = Nanoseconds.seconds(2)
    /// A pending new/amend/cancel without an answer for this long is queried.
    static let pendingTimeout = Nanoseconds.seconds(10)
    static let maxRecentExecutionIDs = 1000

    /// A fresh engine, or one resuming from `state` (a loaded state file).
    public init(config: EngineConfig, strategy: any Strategy, state: EngineState? = nil) {
        self.config = config
        self.strategy = strategy
        var s = state ?? EngineState()
        s.version = EngineState.currentVersion
        s.phase = .idle
        s.sessionTag = config.sessionTag
        s.pendingReconcile = []
        s.scheduledTimer = nil
        s.stopDeadline = nil
        s.blockedUntil = nil
        s.nextHousekeepingAt = nil
        s.nextSummaryAt = nil
        s.strategyWakeAt = nil
        var markets: [MarketState] = []
        var positions: [PositionState] = []
        for inst in config.instruments {
            var m = MarketState(symbol: inst.symbol)
            m.invalidated = false
            markets.append(m)
            positions.append(s.positions.first { $0.symbol == inst.symbol } ?? PositionState(symbol: inst.symbol))
        }
        s.markets = markets
        s.positions = positions
        s.orders.sort { $0.clientOrderID < $1.clientOrderID }
        self.state = s
        self.strategy.restoreState(s.strategyState)
    }

    /// An engine continuing exactly from a mid-run snapshot (journal rotation, replay).
    public init(config: EngineConfig, strategy: any Strategy, continuing state: EngineState) {
        self.config = config
        self.strategy = strategy
        self.state = state
        self.strategy.restoreState(state.strategyState)
    }

    /// The full state including the strategy's persisted state (for the state file).
    public var snapshot: EngineState {
        var s = state
        s.strategyState = strategy.saveState()
        return s
    }

    /// Handles one input and returns what to do, in order.
    public mutating func handle(_ input: EngineInput) -> [EngineOutput] {
        out.removeAll(keepingCapacity: true)
        let now = input.receivedAt
        state.lastInputAt = now
        switch input.kind {
        case .start: start(now)
        case .exchange(let event): exchange(event, now)
        case .timer: timer(now)
        case .operatorStop: operatorStop(now)
        case .webhook(let order, let requestID): webhook(order, requestID: requestID, now)
        }
        rescheduleTimer()
        return out
    }

    // MARK: dispatch

    mutating func exchange(_ event: ExchangeEvent, _ now: Timestamp) {
        switch event {
        case .book(let top): bookUpdate(top, now)
        case .trade(let t):
            guard let i = marketIndex(t.symbol) else { return }
            state.markets[i].lastTrade = t
            strategy.onTrade(t)
        case .mark(let m):
            guard let i = marketIndex(m.symbol) else { return }
            state.markets[i].markPrice = m.markPrice
        case .bookStale(let symbol, let reason):
            guard let i = marketIndex(symbol) else { return }
            if !state.markets[i].invalidated {
                state.markets[i].invalidated = true
                log(.warning, "engine", symbol: symbol, "book stale (\(reason)): pulling quotes")
            }
            pullQuotes(symbol, rule: "stale_book", reason: reason, now)
        case .bookValid(let symbol):
            guard let i = marketIndex(symbol) else { return }
            if state.markets[i].invalidated {
                state.markets[i].invalidated = false
                state.markets[i].lastBookAt = now
                log(.info, "engine", symbol: symbol, "book valid again")
            }
            requote(symbol, now)
        case .execution(let report): applyExecution(report, now)
        case .position(let p): applyPositionReports([p])
        case .balance(let b): applyBalance(b)
        case .accountSynced(let openOrders, let positions, let balances, _):
            applyPositionReports(positions)
            for b in balances { applyBalance(b) }
            if state.phase == .running || state.phase == .stopping {
                for inst in config.instruments {
                    applyOpenOrderSnapshot(inst.symbol, openOrders.filter { $0.symbol == inst.symbol }, now)
                }
            }
        case .accountUnsynced(let reason):
            log(.warning, "engine", "account stream unsynced: \(reason)")
        case .commandResult(let r): applyCommandResult(r, now)
        }
    }

    mutating func bookUpdate(_ top: TopOfBook, _ now: Timestamp) {
        guard let i = marketIndex(top.symbol) else { return }
        let first = state.markets[i].top == nil
        state.markets[i].top = top
        state.markets[i].lastBookAt = now
        if first, let b = top.bidPrice, let a = top.askPrice {
            log(.info, "book", symbol: top.symbol, "book bid \(b) / ask \(a)")
        }
        if state.markets[i].pulled && !state.markets[i].invalidated {
            state.markets[i].pulled = false
            log(.info, "engine", symbol: top.symbol, "book fresh again: quoting resumes")
        }
        cancelQuotesTheMarketMovedThrough(top, now)
        requote(top.symbol, now)
    }

    mutating func timer(_ now: Timestamp) {
        if let d = state.stopDeadline, d <= now, state.phase == .stopping {
            let left = state.orders.count
            log(.warning, "engine", "stop deadline reached with \(left) order(s) unconfirmed")
            finishStop(now)
            return
        }
        if let h = state.nextHousekeepingAt, h <= now {
            housekeeping(now)
            state.nextHousekeepingAt = now + config.housekeepingInterval
        }
        if let s = state.nextSummaryAt, s <= now {
            summary(now)
            state.nextSummaryAt = config.summaryInterval.value > 0 ? now + config.summaryInterval : nil
        }
        if let w = state.strategyWakeAt, w <= now {
            state.strategyWakeAt = nil
            for inst in config.instruments { requote(inst.symbol, now) }
        }
    }

    /// Lag monitor, stuck-order queries, stop re-cancels.
    mutating func housekeeping(_ now: Timestamp) {
        for i in state.markets.indices {
            let m = state.markets[i]
            guard m.top != nil, !m.pulled, let last = m.lastBookAt else { continue }
            if now - last > config.staleAfter {
                state.markets[i].pulled = true
                state.counters.stalePulls += 1
                log(.warning, "engine", symbol: m.symbol,
                    "book stale: no update for \((now - last).millis) ms, quotes pulled")
                pullQuotes(m.symbol, rule: "lag_monitor", reason: "book age \((now - last).millis) ms", now)
            }
        }
        for i in state.orders.indices where state.orders[i].status != .open {
            // Unknown orders are re-queried; a pending action without any answer for a while is
            // resolved the same way (never by resending).
            let wait = state.orders[i].status == .unknown ? Engine.requeryInterval : Engine.pendingTimeout
            if now - state.orders[i].lastActionAt >= wait {
                state.orders[i].status = .unknown
                state.orders[i].lastActionAt = now
                let o = state.orders[i]
                send(.queryOrder(clientOrderID: o.clientOrderID, symbol: o.symbol), now)
            }
        }
        if state.phase == .stopping && config.onStop == .cancel {
            cancelAll(rule: "operator_stop", reason: "retry", now)
        }
        if state.phase == .running { checkKillSwitch(now) }
    }

    mutating func rescheduleTimer() {
        guard state.phase != .stopped else {
            state.scheduledTimer = nil
            return
        }
        let next = [state.stopDeadline, state.nextHousekeepingAt, state.nextSummaryAt, state.strategyWakeAt]
            .compactMap { $0 }.min()
        if let next, next != state.scheduledTimer {
            state.scheduledTimer = next
            out.append(.scheduleTimer(at: next))
        }
    }

    // MARK: helpers

    func marketIndex(_ symbol: Symbol) -> Int? { state.markets.firstIndex { $0.symbol == symbol } }
    func positionIndex(_ symbol: Symbol) -> Int? { state.positions.firstIndex { $0.symbol == symbol } }
    func orderIndex(_ id: ClientOrderID) -> Int? { state.orders.firstIndex { $0.clientOrderID == id } }

    mutating func log(
        _ level: EngineLogLevel, _ component: String, symbol: Symbol? = nil, order: ClientOrderID? = nil,
        _ message: String
    ) {
        out.append(.log(EngineLogEntry(level: level, component: component, symbol: symbol, clientOrderID: order, message: message)))
    }

    mutating func audit(
        _ now: Timestamp, action: String, verdict: String = "allow", rule: String, symbol: Symbol?,
        order: ClientOrderID?, reason: String
    ) {
        out.append(.audit(EngineAuditRecord(
            time: now, action: action, verdict: verdict, rule: rule, symbol: symbol, clientOrderID: order,
            reason: reason)))
    }

    /// Emits a command with the next correlation id; returns the id.
    @discardableResult
    mutating func send(_ command: ExchangeCommand, _ now: Timestamp) -> UInt64 {
        let id = state.nextCommandID
        state.nextCommandID += 1
        out.append(.command(id: id, command: command))
        return id
    }

    /// Removes a finished order, remembering its id so late reports do not resurrect it.
    @discardableResult
    mutating func removeOrder(at i: Int) -> OwnOrder {
        let o = state.orders.remove(at: i)
        state.recentlyClosed.append(o.clientOrderID)
        if state.recentlyClosed.count > 256 { state.recentlyClosed.removeFirst(state.recentlyClosed.count - 256) }
        return o
    }

    /// Inserts an order keeping the array sorted by clOrdID.
    mutating func insertOrder(_ o: OwnOrder) {
        let i = state.orders.firstIndex { $0.clientOrderID > o.clientOrderID } ?? state.orders.endIndex
        state.orders.insert(o, at: i)
    }

    /// The next own client order id: `prefix-session-counter`.
    mutating func nextClientOrderID() -> ClientOrderID? {
        state.orderCounter += 1
        var n = String(state.orderCounter)
        if n.count < 6 { n = String(repeating: "0", count: 6 - n.count) + n }
        return ClientOrderID("\(config.orderPrefix)-\(config.sessionTag)-\(n)")
    }
}
