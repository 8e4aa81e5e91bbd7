import MarketCore
import Strategies

/// Every own order's lifecycle plus the rule engine (R1–R20) that decides, before a request
/// leaves, whether it is sent now, later, or never. Pure: time arrives with every call, output
/// is a list of `TrackerAction`s (commands to send, timers, audit records, state changes).
public struct OrderTracker: Sendable {
    /// The tracker's settings.
    public var config: TrackerConfig { settings.config }
    /// The rule profile.
    public var rules: RuleProfile { settings.rules }
    /// `config` and `rules` behind one reference: they never change, and inline they made the
    /// tracker 1.5 KB, which each call of a read-only method from a mutating one copied (an
    /// evaluated quote did it several times).
    let settings: TrackerSettings
    /// Prefix of every clOrdID of this bot (how it recognises its own orders after a restart).
    public let sessionPrefix: String
    /// Bit `RuleID.index` set when the rule is enabled (precomputed for the hot path).
    let enabledMask: UInt32
    /// Next value of the clOrdID counter.
    public internal(set) var nextCounter: UInt64
    var nextCommandID: UInt64 = 1

    var symbols: [SymbolRuntime] = []
    var groups: [GroupRuntime] = []
    /// Index of the group order requests use.
    var orderGroup = 0
    var ipWindow: SlidingWindow
    var ipLockedUntil: Timestamp?
    var errors: SlidingWindow
    var hardTrips: SlidingWindow
    var slowdownUntil: Timestamp?
    var consecutiveAuthErrors = 0
    /// After a 503/unknown outcome: new orders wait; cancels and reads back off.
    var overloadUntil: Timestamp?
    var overloadStep = 0
    var accountState: TradingState = .active
    var accountUntil: Timestamp?
    var accountReason: String?
    var latched = false
    /// Equity at session start per settle currency: an account trading USDT-M and COIN-M
    /// contracts has one wallet per currency, each compared with its own start.
    var startEquities: [String: Money] = [:]
    /// Finished orders kept for late events, in finishing order.
    var closed: [TrackedOrder] = []
    var queued: [QueuedOrder] = []
    var rng: SeededRandom
    var lastWake: Timestamp?
    var lastNow = Timestamp.zero
    public internal(set) var counters = TrackerCounters()

    /// A new tracker. `sessionPrefix` is sanitised to `[A-Za-z0-9]` and at most 24 characters.
    public init(config: TrackerConfig, rules: RuleProfile, instruments: [InstrumentSpec], sessionPrefix: String, nextCounter: UInt64) {
        settings = TrackerSettings(config: config, rules: rules)
        var p = String(sessionPrefix.unicodeScalars.filter { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }.prefix(24))
        if p.isEmpty { p = "mm" }
        self.sessionPrefix = p
        self.nextCounter = nextCounter
        var mask: UInt32 = 0
        for r in RuleID.allCases where rules.isEnabled(r) { mask |= 1 << UInt32(r.index) }
        enabledMask = mask
        rng = SeededRandom(seed: config.seed)
        ipWindow = SlidingWindow(window: .seconds(Int64(rules.ip.windowSeconds)), capacity: rules.ip.clientLimit + 1)
        errors = SlidingWindow(window: .seconds(Int64(rules.errors.windowSeconds)), capacity: rules.errors.hard * 2 + 2)
        hardTrips = SlidingWindow(window: .seconds(3600), capacity: rules.errors.maxHardTripsPerHour + 2)
        let now = Timestamp.zero
        var seen: [Symbol] = []
        for spec in instruments where !seen.contains(spec.symbol) {
            seen.append(spec.symbol)
            symbols.append(SymbolRuntime(spec: spec, rules: rules, now: now))
        }
        for g in rules.groups { groups.append(GroupRuntime(rule: g, retry: rules.retry, now: now)) }
        if groups.isEmpty {
            groups.append(
                GroupRuntime(
                    rule: RateGroupRule(name: "contract", header: "CONTRACT", serverLimit: 500, windowSeconds: 60, clientLimit: 400, cancelReserve: 80),
                    retry: rules.retry, now: now))
        }
        orderGroup = groups.firstIndex { $0.rule.name == rules.weights.group } ?? 0
    }

    /// Resumes from a snapshot: same prefix and counter; in-flight orders are queried first.
    public init(snapshot: TrackerSnapshot, config: TrackerConfig, rules: RuleProfile, instruments: [InstrumentSpec]) {
        self.init(config: config, rules: rules, instruments: instruments, sessionPrefix: snapshot.sessionPrefix, nextCounter: snapshot.nextCounter)
        nextCommandID = max(1, snapshot.nextCommandID)
        accountState = snapshot.accountState
        accountReason = snapshot.accountStateReason
        latched = snapshot.latched
        for e in snapshot.startEquities ?? [] { startEquities[e.currency] = e.equity }
        let currencies = Set(instruments.map(\.settleCurrency))
        if snapshot.startEquities == nil, let legacy = snapshot.startEquity, currencies.count == 1, let only = currencies.first {
            startEquities[only] = legacy
        }
        lastNow = snapshot.time
        for var o in snapshot.orders.sorted(by: { $0.sequence < $1.sequence }) {
            if o.state.isTerminal {
                closed.append(o)
                continue
            }
            guard let si = Self.symbolIndex(o.symbol, in: symbols) else { continue }
            if o.state != .new && o.state != .partiallyFilled { o.queryWanted = true }
            o.retryAt = nil
            symbols[si].orders.append(o)
        }
        if accountState != .active && !latched { accountUntil = snapshot.time + .seconds(Int64(rules.errors.haltSeconds)) }
    }

    /// Persistable state.
    public func snapshot() -> TrackerSnapshot {
        var all: [TrackedOrder] = closed
        for s in symbols { all.append(contentsOf: s.orders) }
        all.sort { $0.sequence < $1.sequence }
        return TrackerSnapshot(
            sessionPrefix: sessionPrefix, nextCounter: nextCounter, nextCommandID: nextCommandID, orders: all,
            accountState: accountState, accountStateReason: accountReason, latched: latched,
            startEquity: startEquities.count == 1 ? startEquities.values.first : nil,
            startEquities: startEquities.keys.sorted().compactMap { c in startEquities[c].map { SettleEquity(currency: c, equity: $0) } },
            time: lastNow)
    }

    // MARK: read accessors

    /// Own resting quotes of a symbol, by side then level.
    public func liveQuotes(symbol: Symbol) -> [LiveQuote] {
        guard let si = Self.symbolIndex(symbol, in: symbols) else { return [] }
        // Sorted by index (no copies of the orders): bids, then asks, by level, then send order.
        let orders = symbols[si].orders
        var keyed: [(side: Int, level: Int, sequence: UInt64, index: Int)] = []
        keyed.reserveCapacity(orders.count)
        for k in orders.indices where orders[k].role != .single && orders[k].state.isOpen {
            keyed.append((orders[k].side == .buy ? 0 : 1, orders[k].level, orders[k].sequence, k))
        }
        keyed.sort { $0 < $1 }
        return keyed.map { orders[$0.index].liveQuote }
    }

    /// A number that changes whenever anything about the own orders of `symbol` changes (an
    /// order added, removed or updated), so a caller may reuse `liveQuotes(symbol:)` while it
    /// is the same; `nil` for a symbol the tracker does not trade.
    public func ordersVersion(symbol: Symbol) -> UInt64? {
        Self.symbolIndex(symbol, in: symbols).map { symbols[$0].ordersVersion }
    }

    /// The first live quote of `symbol` (not a one-off order, no cancel wanted) in send order
    /// that the market moved through: a bid at or above `ask`, an ask at or below `bid`.
    /// Equal to `firstOpenOrder` with that predicate, without copying orders.
    public func firstQuoteMarketMovedThrough(symbol: Symbol, bid: Price?, ask: Price?) -> (id: ClientOrderID, side: Side, price: Price)? {
        guard let si = Self.symbolIndex(symbol, in: symbols) else { return nil }
        var best: Int?
        for oi in symbols[si].orders.indices {
            guard symbols[si].orders[oi].role != .single, !symbols[si].orders[oi].cancelWanted,
                let price = symbols[si].orders[oi].price
            else { continue }
            let crossed: Bool
            switch symbols[si].orders[oi].side {
            case .buy: crossed = ask.map { price >= $0 } ?? false
            case .sell: crossed = bid.map { price <= $0 } ?? false
            }
            guard crossed else { continue }
            if let b = best, symbols[si].orders[b].sequence <= symbols[si].orders[oi].sequence { continue }
            best = oi
        }
        return best.map { (symbols[si].orders[$0].clientOrderID, symbols[si].orders[$0].side, symbols[si].orders[$0].price ?? .zero) }
    }

    /// The first open own order in send order (as `openOrders` lists them) that satisfies
    /// `predicate`, without building that list.
    public func firstOpenOrder(where predicate: (TrackedOrder) -> Bool) -> TrackedOrder? {
        var best: (si: Int, oi: Int)?
        for si in symbols.indices {
            for oi in symbols[si].orders.indices where predicate(symbols[si].orders[oi]) {
                if let b = best, symbols[b.si].orders[b.oi].sequence <= symbols[si].orders[oi].sequence { continue }
                best = (si, oi)
            }
        }
        return best.map { symbols[$0.si].orders[$0.oi] }
    }

    /// `true` when some open own order satisfies `predicate` (no list built).
    public func hasOpenOrder(where predicate: (TrackedOrder) -> Bool) -> Bool {
        for s in symbols where s.orders.contains(where: predicate) { return true }
        return false
    }

    /// Number of open own orders (no list built).
    public var openOrderCount: Int { symbols.reduce(0) { $0 + $1.orders.count } }

    /// Every open own order, in send order.
    public var openOrders: [TrackedOrder] {
        var all: [TrackedOrder] = []
        for s in symbols { all.append(contentsOf: s.orders) }
        return all.sorted { $0.sequence < $1.sequence }
    }

    /// Recently finished own orders (kept for late events), oldest first.
    public var finishedOrders: [TrackedOrder] { closed }

    /// An own order by clOrdID (open or recently finished).
    public func order(_ id: ClientOrderID) -> TrackedOrder? {
        for s in symbols { if let o = s.orders.first(where: { $0.clientOrderID == id }) { return o } }
        return closed.last { $0.clientOrderID == id }
    }

    /// Account-level trading state.
    public var tradingState: TradingState { accountState }

    /// Effective state of one symbol (the stricter of account and symbol state).
    public func tradingState(symbol: Symbol) -> TradingState {
        guard let si = Self.symbolIndex(symbol, in: symbols) else { return accountState }
        return max(accountState, symbols[si].state)
    }

    /// Budgets at the last time the tracker saw.
    public var budgets: TrackerBudgets { budgets(at: lastNow) }

    /// Budgets at `now`.
    public func budgets(at now: Timestamp) -> TrackerBudgets {
        TrackerBudgets(
            groups: groups.indices.map { gi in
                GroupBudget(
                    name: groups[gi].rule.name, used: groups[gi].window.used(at: now), limit: effectiveLimit(gi, now: now),
                    cancelReserve: groups[gi].rule.cancelReserve,
                    frozenUntil: groups[gi].frozenUntil.flatMap { $0 > now ? $0 : nil })
            },
            ipUsed: ipWindow.used(at: now), ipLimit: rules.ip.clientLimit,
            ipLockedUntil: ipLockedUntil.flatMap { $0 > now ? $0 : nil },
            overloadUntil: overloadUntil.flatMap { $0 > now ? $0 : nil },
            errorsInWindow: errors.used(at: now),
            symbols: symbols.map { s in
                SymbolBudget(
                    symbol: s.symbol, state: s.state, stateReason: s.stateReason, activity: s.activity.points(at: now),
                    windowUsed: s.window?.used(at: now) ?? -1, newOrders: s.newOrders.used(at: now),
                    counts10m: s.stats10m.total, openOrders: s.orders.count)
            })
    }

    // MARK: helpers

    /// `true` when the rule is enabled in the profile.
    @inline(__always) func on(_ rule: RuleID) -> Bool { enabledMask & (1 << UInt32(rule.index)) != 0 }

    /// The index of `symbol` in `symbols` (static: called as a method from mutating code it
    /// copied the whole tracker first).
    static func symbolIndex(_ symbol: Symbol, in symbols: [SymbolRuntime]) -> Int? { symbols.firstIndex { $0.symbol == symbol } }

    /// The index of `symbol` (for read-only code; mutating code calls the static form).
    func symbolIndex(_ symbol: Symbol) -> Int? { Self.symbolIndex(symbol, in: symbols) }

    /// Finds an open order: (symbol index, order index).
    func locate(_ id: ClientOrderID) -> (Int, Int)? {
        for si in symbols.indices {
            if let oi = Self.orderIndex(id, in: symbols[si].orders) { return (si, oi) }
        }
        return nil
    }

    /// Allocates the next clOrdID: `<prefix>-<counter>`.
    mutating func allocateID() -> (ClientOrderID, UInt64) {
        while true {
            let n = nextCounter
            nextCounter &+= 1
            if let id = ClientOrderID(Self.idText(prefix: sessionPrefix, counter: n)) { return (id, n) }
        }
    }

    /// `"<prefix>-<counter>"`, written into one string (what the interpolation spells, without
    /// its segments: this runs for every order placed).
    static func idText(prefix: String, counter: UInt64) -> String {
        var prefix = prefix
        return prefix.withUTF8 { pre in
            let digits = FixedPointDigits.digitCount(UInt64(counter))
            return String(unsafeUninitializedCapacity: pre.count + 1 + digits) { out in
                var k = 0
                for c in pre {
                    out[k] = c
                    k += 1
                }
                out[k] = UInt8(ascii: "-")
                k += 1
                guard let base = out.baseAddress else { return k }
                FixedPointDigits.writeDigits(UInt64(counter), count: digits, to: base + k)
                return k + digits
            }
        }
    }

    /// Parses the counter out of one of our ids (`nil` when the id is not ours).
    func ownSequence(_ id: ClientOrderID) -> UInt64? {
        let v = id.value
        guard v.hasPrefix(sessionPrefix + "-") else { return nil }
        return UInt64(v.dropFirst(sessionPrefix.count + 1))
    }

    mutating func emitSend(_ kind: IntentKind, _ command: ExchangeCommand, out: inout [TrackerAction]) -> UInt64 {
        let id = nextCommandID
        nextCommandID &+= 1
        counters.sent[kind.index] += 1
        out.append(.send(commandID: id, command))
        return id
    }

    func budgetsLeft(symbolIndex si: Int?, now: Timestamp) -> BudgetsLeft {
        let g = orderGroup
        let groupLeft = effectiveLimit(g, now: now) - groups[g].rule.cancelReserve - groups[g].window.used(at: now)
        var symLeft = -1
        var act = 0
        if let si {
            if let w = symbols[si].window, let r = rules.perSymbolGroup { symLeft = r.clientLimit - r.cancelReserve - w.used(at: now) }
            act = symbols[si].activity.points(at: now)
        }
        return BudgetsLeft(group: groupLeft, symbol: symLeft, ip: rules.ip.clientLimit - ipWindow.used(at: now), activity: act)
    }

    mutating func audit(
        _ intent: IntentKind, symbol: Symbol?, side: Side? = nil, id: ClientOrderID? = nil, price: Price? = nil,
        quantity: Quantity? = nil, verdict: Verdict, detail: String? = nil, now: Timestamp, out: inout [TrackerAction]
    ) {
        switch verdict {
        case .allow: if !config.auditAllows { return }
        case .delay(_, let r, _): counters.delayed[r.index] += 1
        case .deny(let r, _): counters.denied[r.index] += 1
        case .degrade(_, let r, _): counters.degraded[r.index] += 1
        }
        var until: Timestamp?
        if case .delay(let t, _, _) = verdict { until = t }
        var si: Int?
        if let symbol { si = Self.symbolIndex(symbol, in: symbols) }
        out.append(
            .audit(
                AuditRecord(
                    time: now, intent: intent, symbol: symbol, side: side, clientOrderID: id, price: price, quantity: quantity,
                    verdict: verdict.verb, rule: verdict.rule, reason: verdict.reason, detail: detail, until: until,
                    budgets: budgetsLeft(symbolIndex: si, now: now))))
    }

    /// An audit record for an event (not a verdict): exchange rejects, state changes, refused events.
    mutating func auditEvent(
        _ intent: IntentKind, symbol: Symbol?, side: Side? = nil, id: ClientOrderID? = nil, rule: RuleID, reason: VerdictReason,
        detail: String?, now: Timestamp, out: inout [TrackerAction]
    ) {
        var si: Int?
        if let symbol { si = Self.symbolIndex(symbol, in: symbols) }
        out.append(
            .audit(
                AuditRecord(
                    time: now, intent: intent, symbol: symbol, side: side, clientOrderID: id, price: nil, quantity: nil,
                    verdict: "event", rule: rule, reason: reason, detail: detail, budgets: budgetsLeft(symbolIndex: si, now: now))))
    }
}

/// The immutable settings of an `OrderTracker`, shared by reference.
final class TrackerSettings: Sendable {
    let config: TrackerConfig
    let rules: RuleProfile
    /// R20 position value that moves a symbol to REDUCING (`reducing_position_pct` of the
    /// maximum) and the value below which it leaves again (90 % of that); `nil` when the
    /// product overflows. Derived from `rules` once instead of at every observed market.
    let positionBands: (soft: Money, leave: Money)?

    init(config: TrackerConfig, rules: RuleProfile) {
        self.config = config
        self.rules = rules
        positionBands = Self.positionBands(rules.kill)
    }

    /// `positionBands` of a kill rule.
    static func positionBands(_ k: KillSwitchRule) -> (soft: Money, leave: Money)? {
        guard let soft = Money.product(k.maxPositionUsd, Money(raw: Int64(k.reducingPositionPct) * 10_000_000)) else { return nil }
        return (soft, Money.product(soft, Money(raw: 900_000_000)) ?? soft)
    }
}
