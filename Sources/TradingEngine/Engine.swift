import MarketCore
import OrderTracking
import Strategies

/// The trading engine: books' tops, positions and the strategy, driven by
/// `handle(input) -> [output]`. Every order goes through the `OrderTracker`: strategies only
/// propose, the tracker decides what is sent under the exchange rule engine.
///
/// Pure and deterministic: time comes with each input, waits are `.scheduleTimer` outputs,
/// outputs never depend on hash order. The same inputs always give the same outputs, which is
/// what journal replay relies on.
public struct Engine: Sendable {
    public let config: EngineConfig
    /// The engine's state (strategy state is folded in by `snapshot`).
    public internal(set) var state: EngineState
    var strategy: any Strategy
    /// `strategy.symbols`, read once (the property builds an array on every read).
    let strategySymbols: [Symbol]
    /// Per market index: what book ticks read from the tracker, kept while it is unchanged
    /// (see `updateTrackerView(market:)`).
    var trackerViews: [MarketTrackerView] = []
    /// Strategy contexts kept between ticks (see `strategyDecision`), and which one belongs to
    /// each market index (-1: none yet).
    var contexts: [StrategyContext] = []
    var contextOfMarket: [Int] = []
    /// Per kept context: the tracker view's `ordersVersion` its live quotes were stored at
    /// (`nil`: not yet by `refreshContext`).
    var contextOrdersVersion: [UInt64?] = []
    /// Own orders and the rule engine. Every change counts in `trackerVersion` (no `oldValue`
    /// read: mutations stay in place, SE-0268).
    var tracker: OrderTracker {
        didSet { trackerVersion &+= 1 }
    }
    /// Changes with every change of `tracker`: what was read from it while this is the same
    /// is still what it would answer.
    var trackerVersion: UInt64 = 0
    var out: [EngineOutput] = []
    /// Use `Strategy.unchangedDecision` instead of `decide` when the strategy offers it (tests
    /// switch it off to prove the outputs identical).
    var decisionShortcut = true
    /// Reuse the live-quote list while the tracker's orders are unchanged and scan for quotes
    /// the market moved through without copying orders (tests switch it off to prove the
    /// outputs identical).
    var hotPathReuse = true
    /// Decisions answered by `unchangedDecision` (not persisted).
    var decisionsSkipped: UInt64 = 0
    /// Per market index: the last `requote` of a book update was answered by
    /// `unchangedDecision`, so the next book update tries `quietRequote` first (a hint only:
    /// the quiet path checks everything itself).
    var quietHints: [Bool] = []
    static let maxRecentExecutionIDs = 1000
    /// Set in the ids of commands the engine sends itself (the tracker's ids stay below it).
    public static let engineCommandBit: UInt64 = 1 << 62

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
        s.trackerWakeAt = nil
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
        s.reconcileOpenOrders = []
        if let snap = s.tracker {
            tracker = OrderTracker(snapshot: snap, config: config.tracker, rules: config.rules, instruments: config.instruments)
        } else {
            tracker = OrderTracker(
                config: config.tracker, rules: config.rules, instruments: config.instruments,
                sessionPrefix: config.sessionPrefix, nextCounter: max(config.firstOrderCounter, s.orderCounter &+ 1))
        }
        self.state = s
        self.strategy.restoreState(s.strategyState)
        strategySymbols = self.strategy.symbols
    }

    /// An engine continuing exactly from a mid-run snapshot (journal rotation, replay).
    public init(config: EngineConfig, strategy: any Strategy, continuing state: EngineState) {
        self.config = config
        self.strategy = strategy
        self.state = state
        if let snap = state.tracker {
            tracker = OrderTracker(snapshot: snap, config: config.tracker, rules: config.rules, instruments: config.instruments)
        } else {
            tracker = OrderTracker(
                config: config.tracker, rules: config.rules, instruments: config.instruments,
                sessionPrefix: config.sessionPrefix, nextCounter: config.firstOrderCounter)
        }
        self.strategy.restoreState(state.strategyState)
        strategySymbols = self.strategy.symbols
    }

    /// The full state including the strategy's and the tracker's persisted state (for the
    /// state file).
    public var snapshot: EngineState {
        var s = state
        s.strategyState = strategy.saveState()
        s.tracker = tracker.snapshot()
        s.orderCounter = tracker.nextCounter &- 1
        return s
    }

    /// Own open orders (the tracker's view), sorted by clOrdID.
    public var orders: [OwnOrder] {
        tracker.openOrders.map(OwnOrder.init(tracked:)).sorted { $0.clientOrderID < $1.clientOrderID }
    }

    /// The order tracker (read-only: budgets, counters, trading states).
    public var orderTracker: OrderTracker { tracker }

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
        refreshTradingState()
        rescheduleTimer()
        return out
    }

    /// `handle` of a book top, without building the input (journal replay hands decoded
    /// book lines here): the same outputs and state as
    /// `handle(EngineInput(receivedAt: receivedAt, kind: .exchange(.book(top))))`.
    public mutating func handleBook(_ top: TopOfBook, receivedAt now: Timestamp) -> [EngineOutput] {
        out.removeAll(keepingCapacity: true)
        state.lastInputAt = now
        bookUpdate(top, now)
        refreshTradingState()
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
            observe(m.symbol, now)
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
        case .position(let p):
            applyPositionReports([p])
            observe(p.symbol, now)
        case .balance(let b):
            applyBalance(b)
            for inst in config.instruments where inst.settleCurrency == b.currency { observe(inst.symbol, now) }
        case .accountSynced(let openOrders, let positions, let balances, _):
            applyPositionReports(positions)
            for b in balances { applyBalance(b) }
            if state.phase == .running || state.phase == .stopping {
                adoptOpenOrders(openOrders, now)
                finishStopIfDone(now)
            }
        case .accountUnsynced(let reason):
            log(.warning, "engine", "account stream unsynced: \(reason)")
        case .commandResult(let r): applyCommandResult(r, now)
        }
    }

    mutating func bookUpdate(_ top: TopOfBook, _ now: Timestamp) {
        guard let i = marketIndex(top.symbol) else { return }
        let first: Bool
        if case .none = state.markets[i].top { first = true } else { first = false }  // no copy of the old top
        if hotPathReuse { Engine.store(top, into: &state.markets[i].top) } else { state.markets[i].top = top }
        state.markets[i].lastBookAt = now
        if first, let b = top.bidPrice, let a = top.askPrice {
            log(.info, "book", symbol: top.symbol, "book bid \(b) / ask \(a)")
        }
        if state.markets[i].pulled && !state.markets[i].invalidated {
            state.markets[i].pulled = false
            log(.info, "engine", symbol: top.symbol, "book fresh again: quoting resumes")
        }
        if !hotPathReuse || marketMayHaveMovedThrough(market: i, top: top) { cancelQuotesTheMarketMovedThrough(top, now) }
        if i < quietHints.count, quietHints[i], quietRequote(market: i, top: top, now) { return }
        let skipped = decisionsSkipped
        requote(top.symbol, now)
        while quietHints.count <= i { quietHints.append(false) }
        quietHints[i] = decisionsSkipped != skipped
    }

    /// `requote` of market `mi` after a book update, for the common quiet tick: the market's
    /// strategy context exists and the strategy answers `unchangedDecision` with a decision
    /// that keeps the quotes and says nothing (no quotes, orders or notes). It then does what
    /// `requote` does for that decision — refresh the kept context, count the skip, take the
    /// decision's wake time — without the symbol lookups, the decision's processing and the
    /// context copy, and returns `true`. Otherwise it returns `false` having changed only the
    /// kept context, which `requote` refreshes again to the same values (the strategy's
    /// answer is pure), so the caller runs `requote` as usual.
    ///
    /// `requote`'s other conditions hold whenever the context exists: it was built by
    /// `requote` for this market's symbol (a strategy symbol with an instrument; both fixed),
    /// and `bookUpdate` has just stored the top.
    mutating func quietRequote(market mi: Int, top: TopOfBook, _ now: Timestamp) -> Bool {
        guard hotPathReuse, decisionShortcut, state.phase == .running, state.tradingState != .halted,
            mi < contextOfMarket.count, contextOfMarket[mi] >= 0,
            !state.markets[mi].invalidated, !state.markets[mi].pulled
        else { return false }
        let k = contextOfMarket[mi]
        refreshContext(k, market: mi, top: top, now)
        let decision = unchangedDecision(context: k)
        guard let decision, decision.quotes == nil, decision.orders.isEmpty, decision.notes.isEmpty else { return false }
        decisionsSkipped &+= 1
        if let w = decision.wakeAt { state.strategyWakeAt = min(state.strategyWakeAt ?? w, w) }
        return true
    }

    mutating func timer(_ now: Timestamp) {
        if let w = state.trackerWakeAt, w <= now { state.trackerWakeAt = nil }
        apply(tracker.onTimer(now: now), now)
        if state.phase == .stopping { finishStopIfDone(now) }
        if let d = state.stopDeadline, d <= now, state.phase == .stopping {
            let left = tracker.openOrders.count
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
        if state.phase == .stopping && config.onStop == .cancel && tracker.hasOpenOrder(where: { !$0.cancelWanted })
        {
            apply(tracker.cancelAllOwn(symbol: nil, reason: "operator stop (retry)", now: now), now)
        }
        if state.phase == .running { checkKillSwitch(now) }
    }

    mutating func rescheduleTimer() {
        guard state.phase != .stopped else {
            state.scheduledTimer = nil
            return
        }
        // The earliest of the pending deadlines (no array: this runs after every input).
        func earliest(_ a: Timestamp?, _ b: Timestamp?) -> Timestamp? {
            guard let a else { return b }
            guard let b else { return a }
            return min(a, b)
        }
        let next = earliest(
            earliest(earliest(state.stopDeadline, state.nextHousekeepingAt), earliest(state.nextSummaryAt, state.strategyWakeAt)),
            state.trackerWakeAt)
        if let next, next != state.scheduledTimer {
            state.scheduledTimer = next
            out.append(.scheduleTimer(at: next))
        }
    }

    /// `strategy.unchangedDecision` of kept context `k`, without copying the context.
    ///
    /// Passing an array element (or a buffer pointer's element) to the existential call makes
    /// a full copy of the context — every field, retaining its references — and destroys it
    /// after. Instead the context is moved out of its slot into a local (a plain memory move,
    /// no retains), lent to the strategy, and moved back. Safe because nothing reads
    /// `contexts` in between (the strategy only sees its argument, `k` is an index of
    /// `contexts` and the array is uniquely owned by this engine here, so the slot being
    /// briefly uninitialized is never observed) and nothing in between can throw.
    mutating func unchangedDecision(context k: Int) -> StrategyDecision? {
        let context = contexts.withUnsafeMutableBufferPointer { buf in (buf.baseAddress.unsafelyUnwrapped + k).move() }
        let decision = strategy.unchangedDecision(context)
        contexts.withUnsafeMutableBufferPointer { buf in (buf.baseAddress.unsafelyUnwrapped + k).initialize(to: context) }
        return decision
    }

    // MARK: helpers

    func marketIndex(_ symbol: Symbol) -> Int? { state.markets.firstIndex { $0.symbol == symbol } }
    func positionIndex(_ symbol: Symbol) -> Int? { state.positions.firstIndex { $0.symbol == symbol } }

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

    /// Emits a command of the engine's own (reconciliation reads); returns its id.
    @discardableResult
    mutating func send(_ command: ExchangeCommand, _ now: Timestamp) -> UInt64 {
        let id = Engine.engineCommandBit | state.nextCommandID
        state.nextCommandID += 1
        out.append(.command(id: id, command: command))
        return id
    }
}
