import MarketCore

extension OrderTracker {
    /// Moves a symbol's state (R19); entering a stricter state is immediate, leaving is timed.
    mutating func setSymbolState(
        _ si: Int, _ state: TradingState, until: Timestamp?, rule: RuleID, reason: VerdictReason, now: Timestamp,
        out: inout [TrackerAction]
    ) {
        let s = symbols[si]
        if s.state == state {
            if let u = until, s.stateUntil.map({ u > $0 }) ?? true { symbols[si].stateUntil = u }
            return
        }
        symbols[si].state = state
        symbols[si].stateUntil = until
        symbols[si].stateRule = rule
        let text = "\(s.symbol.name): \(rule.rawValue) \(reason.rawValue)"
        symbols[si].stateReason = state == .active ? nil : text
        out.append(.tradingState(state, reason: text))
        auditEvent(.other, symbol: s.symbol, rule: rule, reason: reason, detail: "symbol state \(s.state.rawValue) -> \(state.rawValue)", now: now, out: &out)
        if state == .halted { cancelAllInternal(symbolIndex: si, reason: text, now: now, out: &out) }
        if state == .reducing { symbols[si].reconcileAt = now }
    }

    /// Moves the account state; HALTED cancels every own order (HALTED still cancels).
    mutating func setAccountState(
        _ state: TradingState, until: Timestamp?, latch: Bool, rule: RuleID, reason: VerdictReason, detail: String? = nil,
        now: Timestamp, out: inout [TrackerAction]
    ) {
        if latch { latched = true }
        if accountState == state {
            if let u = until, accountUntil.map({ u > $0 }) ?? true { accountUntil = u }
            if latch { accountUntil = nil }
            return
        }
        if state < accountState && latched { return }
        let old = accountState
        accountState = state
        accountUntil = latch ? nil : until
        let text = "account: \(rule.rawValue) \(reason.rawValue)" + (detail.map { " (\($0))" } ?? "")
        accountReason = state == .active ? nil : text
        out.append(.tradingState(state, reason: text))
        auditEvent(.other, symbol: nil, rule: rule, reason: reason, detail: "account state \(old.rawValue) -> \(state.rawValue)", now: now, out: &out)
        if state == .halted {
            for si in symbols.indices { cancelAllInternal(symbolIndex: si, reason: text, now: now, out: &out) }
        }
    }

    /// Operator reset of a latched HALTED (kill switch, ban, repeated hard error trips).
    public mutating func resetHalt(now: Timestamp) -> [TrackerAction] {
        var out: [TrackerAction] = []
        latched = false
        consecutiveAuthErrors = 0
        hardTrips.reset()
        errors.reset()
        setAccountState(.active, until: nil, latch: false, rule: .r19, reason: .operatorHalt, detail: "operator reset", now: now, out: &out)
        for si in symbols.indices where symbols[si].state != .active {
            setSymbolState(si, .active, until: nil, rule: .r19, reason: .operatorHalt, now: now, out: &out)
        }
        pump(now: now, out: &out)
        return out
    }

    /// Expires timed states with hysteresis: a symbol leaves REDUCING only when no ratio is
    /// above its soft threshold; otherwise the state is extended by one minute.
    mutating func updateStates(now: Timestamp, out: inout [TrackerAction]) {
        if accountState != .active, !latched, let u = accountUntil, u <= now {
            setAccountState(.active, until: nil, latch: false, rule: .r19, reason: .expired, now: now, out: &out)
        }
        for si in symbols.indices {
            guard symbols[si].state != .active, let u = symbols[si].stateUntil, u <= now else { continue }
            symbols[si].stats10m.advance(now)
            symbols[si].stats24h.advance(now)
            if ratioHardBreach(si: si) != nil || ratioSoftBreached(si: si) {
                symbols[si].stateUntil = now + .seconds(60)
            } else {
                setSymbolState(si, .active, until: nil, rule: .r19, reason: .expired, now: now, out: &out)
            }
        }
    }

    /// Counts an exchange reject in the error budget (R17).
    mutating func recordError(symbol: Symbol?, code: Int, now: Timestamp, out: inout [TrackerAction]) {
        counters.rejects += 1
        if let symbol, let si = Self.symbolIndex(symbol, in: symbols), on(.r8) {
            symbols[si].activity.add(points: rules.activity.rejectCost, now: now)
        }
        guard on(.r17) else { return }
        errors.add(now, weight: 1)
        let n = errors.total
        let e = rules.errors
        if n >= e.hard {
            hardTrips.add(now, weight: 1)
            errors.reset()
            let latch = hardTrips.total >= e.maxHardTripsPerHour
            setAccountState(
                .halted, until: now + .seconds(Int64(e.haltSeconds)), latch: latch, rule: .r17, reason: .errorBudget,
                detail: "\(n) rejects in \(e.windowSeconds) s, last code \(code)", now: now, out: &out)
        } else if n >= e.soft {
            if slowdownUntil.map({ $0 <= now }) ?? true {
                auditEvent(.other, symbol: symbol, rule: .r17, reason: .errorBudget, detail: "soft: send rate halved", now: now, out: &out)
            }
            slowdownUntil = now + .seconds(Int64(e.softSlowdownSeconds))
        }
    }

    /// 429: freeze the group until retry-after plus deterministic jitter; repeated 429s shrink
    /// the budget (AIMD) and then halt. A 429 with no group information is taken as the IP lock.
    mutating func rateLimited(groupIndex gi: Int?, retryAfterSeconds: Int?, now: Timestamp, out: inout [TrackerAction]) {
        counters.rateLimited += 1
        let r = rules.retry
        guard let gi else {
            ipLockedUntil = now + .seconds(Int64(rules.ip.lockoutSeconds))
            setAccountState(
                .halted, until: ipLockedUntil, latch: false, rule: .r3, reason: .ipLockout, detail: "429 without group: IP lock assumed",
                now: now, out: &out)
            return
        }
        let baseMs = max(Int64(retryAfterSeconds ?? 1) * 1000, Int64(r.minFreezeMs))
        let span = UInt64(max(0, baseMs * Int64(r.jitterPct) / 100)) + 1
        let jitter = Int64(rng.next() % span)
        let until = now + .millis(baseMs + jitter)
        if groups[gi].frozenUntil.map({ until > $0 }) ?? true { groups[gi].frozenUntil = until }
        groups[gi].recent429.add(now, weight: 1)
        auditEvent(
            .other, symbol: nil, rule: .r2, reason: .rateLimited, detail: "429 on \(groups[gi].rule.name): frozen \(baseMs + jitter) ms",
            now: now, out: &out)
        let n = groups[gi].recent429.total
        if n >= r.aimdTriggerCount {
            groups[gi].aimdUntil = now + .seconds(Int64(r.aimdSeconds))
            auditEvent(
                .other, symbol: nil, rule: .r18, reason: .rateLimited, detail: "\(n) x 429: budget at \(r.aimdFactorPct) %", now: now,
                out: &out)
        }
        if n >= 2 * r.aimdTriggerCount {
            setAccountState(
                .halted, until: now + .seconds(Int64(rules.errors.haltSeconds)), latch: false, rule: .r19, reason: .rateLimited,
                detail: "repeated 429", now: now, out: &out)
        }
    }

    /// Header sync (R2): the server's count wins when it is more restrictive.
    mutating func syncHeaders(_ limits: [RateLimitStatus], symbol: Symbol?, now: Timestamp) {
        for st in limits {
            let name = st.group.lowercased()
            if let gi = groups.firstIndex(where: { $0.rule.header.lowercased() == name }) {
                if let cap = st.capacity, cap > 0 { groups[gi].serverCapacity = cap }
                // on a 429 the freeze (retry-after) covers the rest of the server's window
                if st.retryAfterSeconds == nil, let rem = st.remaining, let cap = st.capacity ?? groups[gi].serverCapacity {
                    groups[gi].window.expire(now)
                    let serverUsed = cap - rem
                    let local = groups[gi].window.total
                    if serverUsed > local { groups[gi].window.add(now, weight: serverUsed - local) }
                }
            } else if let per = rules.perSymbolGroup {
                for si in symbols.indices {
                    let h = (per.header + "_" + symbols[si].symbol.name).lowercased()
                    guard h == name, st.retryAfterSeconds == nil, let rem = st.remaining, let cap = st.capacity else { continue }
                    symbols[si].window?.expire(now)
                    let serverUsed = cap - rem
                    let local = symbols[si].window?.total ?? 0
                    if serverUsed > local { symbols[si].window?.add(now, weight: serverUsed - local) }
                }
            }
        }
        _ = symbol
    }

    /// Kill switch and position/loss states from a market update (R19/R20).
    public mutating func observe(market: MarketSnapshot, now: Timestamp) -> [TrackerAction] {
        var out: [TrackerAction] = []
        observeInternal(market, now: now, out: &out)
        pump(now: now, out: &out)
        return out
    }

    mutating func observeInternal(_ market: MarketSnapshot, now: Timestamp, out: inout [TrackerAction]) {
        if now > lastNow { lastNow = now }
        guard let si = Self.symbolIndex(market.symbol, in: symbols) else { return }
        if let tt = market.lastTradeTime, symbols[si].lastTradeSeen.map({ tt > $0 }) ?? true {
            symbols[si].lastTradeSeen = tt
            symbols[si].consecutiveOneUps = 0
        }
        symbols[si].market = market
        guard on(.r20) else { return }
        let k = rules.kill
        if market.equity.raw > 0 {
            // The start equity of the symbol's settle currency, looked up (hashing the
            // currency) only until the symbol has it: once set it never changes.
            let start: Money
            if let cached = symbols[si].startEquity {
                start = cached
            } else {
                let currency = symbols[si].spec.settleCurrency
                if let known = startEquities[currency] {
                    start = known
                } else {
                    start = market.equity
                    startEquities[currency] = market.equity
                }
                symbols[si].startEquity = start
            }
            if k.maxLossUsd.raw > 0, let loss = Self.lossInQuote(start - market.equity, kind: symbols[si].spec.kind, market: market),
                loss > k.maxLossUsd
            {
                let currency = symbols[si].spec.settleCurrency
                setAccountState(.halted, until: nil, latch: true, rule: .r20, reason: .killLoss, detail: "\(currency) equity \(market.equity) from \(start)", now: now, out: &out)
            }
        }
        // A flat position is worth zero whatever the price (the notional's products are 0).
        if k.maxPositionUsd.raw > 0, let ref = market.markPrice ?? market.referencePrice,
            let v = market.position.raw == 0 ? Money.zero : symbols[si].spec.quoteNotional(price: ref, quantity: market.position.magnitude)
        {
            if v > k.maxPositionUsd {
                setAccountState(.halted, until: nil, latch: true, rule: .r20, reason: .killPosition, detail: "\(market.symbol.name) position value \(v)", now: now, out: &out)
            } else if let bands = settings.positionBands {
                let soft = bands.soft, leave = bands.leave
                if v >= soft && symbols[si].state == .active {
                    setSymbolState(si, .reducing, until: nil, rule: .r20, reason: .killPosition, now: now, out: &out)
                } else if v < leave && symbols[si].state == .reducing && symbols[si].stateRule == .r20 {
                    setSymbolState(si, .active, until: nil, rule: .r19, reason: .expired, now: now, out: &out)
                }
            }
        }
    }

    /// R20 consecutive fills in one direction.
    mutating func recordFillForKill(si: Int, side: Side, now: Timestamp, out: inout [TrackerAction]) {
        let k = rules.kill
        if symbols[si].fillRunSide == side && now - symbols[si].fillRunStart <= .seconds(Int64(k.consecutiveWindowSeconds)) {
            symbols[si].fillRun += 1
        } else {
            symbols[si].fillRunSide = side
            symbols[si].fillRun = 1
            symbols[si].fillRunStart = now
        }
        if on(.r20) && symbols[si].fillRun >= k.maxConsecutiveFills {
            symbols[si].fillRun = 0
            setAccountState(
                .halted, until: now + .seconds(Int64(rules.errors.haltSeconds)), latch: false, rule: .r20, reason: .killFills,
                detail: "\(k.maxConsecutiveFills) \(side.rawValue) fills in \(k.consecutiveWindowSeconds) s", now: now, out: &out)
        }
    }
}

extension OrderTracker {
    /// A settle-currency loss in quote currency (USD): linear contracts settle in the quote
    /// currency already; a COIN-M loss in BTC is worth `loss × price` USD. `nil` (no check)
    /// when an inverse contract has no price yet.
    static func lossInQuote(_ loss: Money, kind: ContractKind, market: MarketSnapshot) -> Money? {
        guard kind == .inverse else { return loss }
        guard let price = market.markPrice ?? market.referencePrice else { return nil }
        return Money.product(loss, Money(raw: price.raw))
    }
}
