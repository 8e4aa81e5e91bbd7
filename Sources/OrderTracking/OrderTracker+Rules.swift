import MarketCore

extension OrderTracker {
    /// Effective client limit of a group: configured, capped by the server's announced capacity,
    /// shrunk after repeated 429s (AIMD) and halved during an error-budget slow-down.
    /// (Fields read in place: a copy of the group retained its windows and names.)
    func effectiveLimit(_ gi: Int, now: Timestamp) -> Int {
        var limit = groups[gi].rule.clientLimit
        if let cap = groups[gi].serverCapacity, cap > 0, cap < limit { limit = cap }
        if let t = groups[gi].aimdUntil, t > now { limit = limit * rules.retry.aimdFactorPct / 100 }
        if let t = slowdownUntil, t > now, on(.r17) { limit = limit / 2 }
        return max(limit, groups[gi].rule.cancelReserve + 1)
    }

    /// The rule engine: allow, delay until T, deny, or degrade — for one intent at `now`.
    /// Read-only (no allocation in steady state); `commit` records what was sent.
    public func evaluate(_ intent: OrderIntent, now: Timestamp) -> Verdict {
        guard let si = Self.symbolIndex(intent.symbol, in: symbols) else { return .deny(rule: .validation, reason: .unknownSymbol) }
        return evaluate(intent, si: si, market: symbols[si].market, now: now)
    }

    func evaluate(_ intent: OrderIntent, si: Int, market: MarketSnapshot?, now: Timestamp) -> Verdict {
        let kind = intent.kind
        let risk = intent.isRisk
        // Gates that apply to every request (cancels included): IP lockout, 429 freeze.
        if let t = ipLockedUntil, t > now { return .delay(until: t, rule: .r3, reason: .ipLockout) }
        let g = orderGroup
        if let t = groups[g].frozenUntil, t > now { return .delay(until: t, rule: .r2, reason: .groupFrozen) }
        if kind.isCancel || kind.isRead {
            if kind == .cancel && !risk {
                if let v = lifecycleChecks(intent, si: si, now: now) { return v }
            }
            return rateChecks(intent, si: si, cancelLane: true, now: now)
        }
        // New orders and amends.
        if let t = overloadUntil, t > now { return .delay(until: t, rule: .r18, reason: .overloadBackoff) }
        let isNew = kind == .new || kind == .riskOrder
        // 1. static validation, notional, collar
        if let v = staticChecks(intent, si: si, market: market) { return v }
        // 2. trading state
        let state = max(accountState, symbols[si].state)
        if state == .halted { return .deny(rule: .r19, reason: latched ? .operatorHalt : .halted) }
        let reduces = reducesPosition(intent, market: market)
        if state == .reducing && !reduces { return .deny(rule: .r19, reason: .reducingOnly) }
        // 3. anti-abuse
        if let v = abuseChecks(intent, si: si, market: market, reduces: reduces) { return v }
        // 4. lifecycle (min rest, one-up)
        if let v = lifecycleChecks(intent, si: si, now: now) { return v }
        if let v = oneUpCheck(intent, si: si, market: market, now: now) { return v }
        // 5. open-order caps
        if isNew, let v = capChecks(intent, si: si) { return v }
        // 6. activity counter
        if !risk, on(.r8) {
            let cost = activityCost(intent)
            if symbols[si].activity.points(at: now) + cost > rules.activity.hard {
                return .delay(until: symbols[si].activity.timeWhenAtMost(rules.activity.soft, now: now), rule: .r8, reason: .activityHard)
            }
        }
        // 7. ratio monitors (hard breach degrades the symbol) and order budgets
        if !reduces, let v = ratioVerdict(si: si) { return v }
        if isNew {
            if on(.r10) && symbols[si].newOrders.used(at: now) >= rules.orderBudget.newHard {
                return .delay(
                    until: symbols[si].newOrders.timeWhenUsed(atMost: rules.orderBudget.newHard - 1, now: now), rule: .r10,
                    reason: .orderBudget)
            }
            if on(.r12) && isTaker(intent) && symbols[si].taker.used(at: now) >= rules.orderBudget.takerPerMinute {
                return .delay(
                    until: symbols[si].taker.timeWhenUsed(atMost: rules.orderBudget.takerPerMinute - 1, now: now), rule: .r12,
                    reason: .takerRate)
            }
        }
        // 8. rate buckets
        return rateChecks(intent, si: si, cancelLane: false, now: now)
    }

    func isTaker(_ i: OrderIntent) -> Bool {
        i.type == .market || i.timeInForce == .immediateOrCancel || i.timeInForce == .fillOrKill
    }

    /// `true` when a full fill of the intent reduces the absolute position (or it is reduce-only).
    func reducesPosition(_ i: OrderIntent, market: MarketSnapshot?) -> Bool {
        if i.reduceOnly { return true }
        guard let pos = market?.position, pos.raw != 0 else { return false }
        let opposite = (pos.raw > 0 && i.side == .sell) || (pos.raw < 0 && i.side == .buy)
        return opposite && i.quantity.raw <= pos.magnitude.raw
    }

    /// Instrument validation, R13 notional and R14 collar of an intent on symbol `si` (the
    /// instrument's fields are read in place: copying the spec retained its strings).
    func staticChecks(_ i: OrderIntent, si: Int, market: MarketSnapshot?) -> Verdict? {
        if i.quantity.raw <= 0 || !i.quantity.isMultiple(of: symbols[si].spec.quantityStep) || i.quantity > symbols[si].spec.maxOrderQuantity {
            return .deny(rule: .validation, reason: .quantityInvalid)
        }
        guard let price = i.price else {
            if i.type.hasLimitPrice { return .deny(rule: .validation, reason: .missingPrice) }
            return nil
        }
        if !price.isMultiple(of: symbols[si].spec.tickSize) { return .deny(rule: .validation, reason: .priceOffTick) }
        if price < symbols[si].spec.minPrice || price > symbols[si].spec.maxPrice { return .deny(rule: .validation, reason: .priceOutOfBounds) }
        let ref = market?.markPrice ?? market?.referencePrice
        let linear = symbols[si].spec.kind == .linear
        // R13 notional (risk-reducing orders may be small: closing a remainder must work)
        if on(.r13), let notional = symbols[si].spec.quoteNotional(price: price, quantity: i.quantity) {
            if !i.isRisk && !i.reduceOnly {
                var minimum = rules.notional.minUsd
                if linear, let m = symbols[si].spec.minOrderValue.multiplied(by: Int64(rules.notional.minVsExchangeMin)), m > minimum {
                    minimum = m
                }
                if notional < minimum { return .deny(rule: .r13, reason: .notionalTooSmall) }
            }
            if rules.notional.maxUsd.raw > 0 && notional > rules.notional.maxUsd { return .deny(rule: .r13, reason: .notionalTooLarge) }
            if rules.notional.maxPctEquityBps > 0, let eq = market?.equity, eq.raw > 0, !i.reduceOnly {
                // equity is in the settle currency; for inverse contracts compare in coin
                let value = linear ? notional : (symbols[si].spec.notional(price: price, quantity: i.quantity) ?? notional)
                if let cap = Money.product(eq, Money(raw: Int64(rules.notional.maxPctEquityBps) * 100_000)), value > cap {
                    return .deny(rule: .r13, reason: .notionalTooLarge)
                }
            }
        }
        // R14 collar vs mark and post-only cross
        if on(.r14) {
            guard let ref else { return .deny(rule: .r14, reason: .noMarkPrice) }
            let bps = Int64(i.isRisk || i.reduceOnly ? rules.collar.riskBps : rules.collar.quoteBps)
            let band = TrackerMath.mulDiv(ref.raw, bps, 10_000)
            if abs(price.raw - ref.raw) > band { return .deny(rule: .r14, reason: .collar) }
            if rules.collar.postOnlyNoCross && i.timeInForce == .postOnly {
                if i.side == .buy, let ask = market?.bestAsk, price >= ask { return .deny(rule: .r14, reason: .postOnlyWouldCross) }
                if i.side == .sell, let bid = market?.bestBid, price <= bid { return .deny(rule: .r14, reason: .postOnlyWouldCross) }
            }
        }
        return nil
    }

    func abuseChecks(_ i: OrderIntent, si: Int, market: MarketSnapshot?, reduces: Bool) -> Verdict? {
        guard on(.r16) else { return nil }
        var sameQty: Int64 = 0
        var otherQty: Int64 = 0
        var sameCount = 0
        var bestOwnOpposite: Price?
        // field access by index: no copy of the (large) order struct per iteration
        let n = symbols[si].orders.count
        for k in 0..<n {
            let st = symbols[si].orders[k].state
            if st.isTerminal || symbols[si].orders[k].type.isConditional { continue }
            if let id = i.clientOrderID, symbols[si].orders[k].clientOrderID == id { continue }
            let leaves = symbols[si].orders[k].leavesQuantity.raw
            if symbols[si].orders[k].side == i.side {
                sameQty &+= leaves
                sameCount += 1
            } else {
                otherQty &+= leaves
                if let p = symbols[si].orders[k].price {
                    if let b = bestOwnOpposite {
                        bestOwnOpposite = i.side == .buy ? min(b, p) : max(b, p)
                    } else {
                        bestOwnOpposite = p
                    }
                }
            }
        }
        // no self-cross
        if let p = i.price, let opp = bestOwnOpposite {
            if (i.side == .buy && p >= opp) || (i.side == .sell && p <= opp) { return .deny(rule: .r16, reason: .selfCross) }
        }
        if reduces || i.isRisk { return nil }
        // layering: one side at most `max_side_imbalance` × the other once it holds several orders
        if sameCount + 1 > rules.layering.freeOrdersPerSide {
            let after = Double(sameQty &+ i.quantity.raw)
            if after > rules.layering.maxSideImbalance * Double(otherQty) { return .deny(rule: .r16, reason: .layering) }
        }
        // intent to execute: a full fill of this side must keep the position within the kill limit
        if rules.layering.intentToExecute, rules.kill.maxPositionUsd.raw > 0, let m = market, let ref = m.markPrice ?? m.referencePrice {
            let worst = m.position.raw &+ i.side.sign &* (sameQty &+ i.quantity.raw)
            if let v = symbols[si].spec.quoteNotional(price: ref, quantity: Quantity(raw: worst).magnitude), v > rules.kill.maxPositionUsd {
                return .deny(rule: .r16, reason: .intentToExecute)
            }
        }
        return nil
    }

    /// Effective soft minimum resting time (raised while the activity score or a ratio is above soft).
    func softMinRest(si: Int, now: Timestamp) -> Int64 {
        var ms = Int64(rules.lifecycle.minRestSoftMs)
        if on(.r8) && symbols[si].activity.points(at: now) > rules.activity.soft {
            ms = max(ms, Int64(rules.activity.softMinRestMs))
        }
        if ratioSoftBreached(si: si) { ms = max(ms, Int64(rules.ratios.softMinRestMs)) }
        return ms
    }

    /// Hysteresis multiplier (2× while above a soft threshold).
    func hysteresisFactor(si: Int, now: Timestamp) -> Int64 {
        if on(.r8) && symbols[si].activity.points(at: now) > rules.activity.soft {
            return Int64(max(1, rules.activity.softHysteresisFactor))
        }
        return ratioSoftBreached(si: si) ? 2 : 1
    }

    func lifecycleChecks(_ i: OrderIntent, si: Int, now: Timestamp) -> Verdict? {
        guard i.kind == .amend || i.kind == .cancel, !i.isRisk else { return nil }
        if on(.r6) {
            let start = now - i.orderAge
            let hard = Int64(rules.lifecycle.minRestHardMs)
            if i.orderAge.millis < hard { return .delay(until: start + .millis(hard), rule: .r6, reason: .minRest) }
            if i.isQuote {
                let soft = softMinRest(si: si, now: now)
                if i.orderAge.millis < soft { return .delay(until: start + .millis(soft), rule: .r6, reason: .minRest) }
            }
        }
        if on(.r7), let t = symbols[si].mutation.whenAvailable(1, now: now) {
            return .delay(until: t, rule: .r7, reason: .mutationRate)
        }
        if i.kind == .cancel, on(.r8) {
            let cost = activityCost(i)
            if symbols[si].activity.points(at: now) + cost > rules.activity.hard {
                return .delay(until: symbols[si].activity.timeWhenAtMost(rules.activity.soft, now: now), rule: .r8, reason: .activityHard)
            }
        }
        return nil
    }

    /// `true` when the intent would make our order the new best by exactly one tick over someone else's best.
    func isOneUp(_ i: OrderIntent, si: Int, market: MarketSnapshot?) -> Bool {
        guard let p = i.price, let m = market else { return false }
        let tick = symbols[si].spec.tickSize.raw
        if i.side == .buy, let bid = m.bestBid, p.raw == bid.raw &+ tick {
            return !symbols[si].orders.contains { $0.side == .buy && $0.price == bid && $0.clientOrderID != i.clientOrderID }
        }
        if i.side == .sell, let ask = m.bestAsk, p.raw == ask.raw &- tick {
            return !symbols[si].orders.contains { $0.side == .sell && $0.price == ask && $0.clientOrderID != i.clientOrderID }
        }
        return false
    }

    func oneUpCheck(_ i: OrderIntent, si: Int, market: MarketSnapshot?, now: Timestamp) -> Verdict? {
        guard on(.r15), !i.isRisk, !i.reduceOnly, let p = i.price, let m = market else { return nil }
        // never improve on our own best order
        if i.side == .buy, let bid = m.bestBid, p > bid,
            symbols[si].orders.contains(where: { $0.side == .buy && $0.price == bid && $0.clientOrderID != i.clientOrderID })
        {
            return .deny(rule: .r15, reason: .oneUpRate)
        }
        if i.side == .sell, let ask = m.bestAsk, p < ask,
            symbols[si].orders.contains(where: { $0.side == .sell && $0.price == ask && $0.clientOrderID != i.clientOrderID })
        {
            return .deny(rule: .r15, reason: .oneUpRate)
        }
        guard isOneUp(i, si: si, market: m) else { return nil }
        let s = symbols[si]
        var consecutive = s.consecutiveOneUps
        if let tt = m.lastTradeTime, let seen = s.lastTradeSeen, tt > seen { consecutive = 0 }
        if consecutive >= rules.oneUp.maxConsecutive { return .deny(rule: .r15, reason: .oneUpConsecutive) }
        if s.oneUps.used(at: now) >= rules.oneUp.perMinute {
            return .delay(until: s.oneUps.timeWhenUsed(atMost: rules.oneUp.perMinute - 1, now: now), rule: .r15, reason: .oneUpRate)
        }
        return nil
    }

    func capChecks(_ i: OrderIntent, si: Int) -> Verdict? {
        guard on(.r5) else { return nil }
        let caps = rules.openOrders
        var side = 0
        var total = symbols[si].foreignOpen
        var conditional = 0
        var contingent = 0
        for k in 0..<symbols[si].orders.count {
            if symbols[si].orders[k].state.isTerminal { continue }
            total += 1
            let cond = symbols[si].orders[k].type.isConditional
            if symbols[si].orders[k].side == i.side && !cond { side += 1 }
            if cond {
                conditional += 1
                if symbols[si].orders[k].reduceOnly { contingent += 1 }
            }
        }
        var account = 0
        var accountConditional = 0
        for x in 0..<symbols.count {
            account += symbols[x].orders.count + symbols[x].foreignOpen
            for k in 0..<symbols[x].orders.count where symbols[x].orders[k].type.isConditional { accountConditional += 1 }
        }
        if i.type.isConditional {
            if conditional >= caps.conditionalPerSymbol { return .deny(rule: .r5, reason: .capConditionalSymbol) }
            if i.reduceOnly && contingent >= caps.contingentPerSymbol { return .deny(rule: .r5, reason: .capContingentSymbol) }
            if accountConditional >= caps.accountConditional { return .deny(rule: .r5, reason: .capConditionalAccount) }
        } else if side >= caps.perSide {
            return .deny(rule: .r5, reason: .capPerSide)
        }
        if total >= caps.perSymbol { return .deny(rule: .r5, reason: .capPerSymbol) }
        if account >= caps.account { return .deny(rule: .r5, reason: .capAccount) }
        return nil
    }

    func activityCost(_ i: OrderIntent) -> Int {
        let a = rules.activity
        switch i.kind {
        case .new, .riskOrder: return a.newCost
        case .amend: return a.amendCost + ActivityCounter.surcharge(a.amendSurcharge, age: i.orderAge)
        case .cancel, .cancelAll: return a.cancelCost + ActivityCounter.surcharge(a.cancelSurcharge, age: i.orderAge)
        default: return 0
        }
    }

    func ratioValue(_ r: RatioRule, numerator: Int64, denominator: Int64, samples: Int64) -> Double? {
        guard samples >= Int64(r.minSamples), samples > 0 else { return nil }
        return Double(numerator) / Double(max(denominator, 1))
    }

    /// The first hard-breached ratio of a symbol (rule, value).
    func ratioHardBreach(si: Int) -> RuleID? {
        let c = symbols[si].stats10m.total
        let r = rules.ratios
        if on(.r9) {
            if let v = ratioValue(r.otr10m, numerator: c.messages, denominator: c.fills, samples: c.messages), v >= r.otr10m.hard { return .r9 }
            let d = symbols[si].stats24h.total
            if let v = ratioValue(r.otr24h, numerator: d.messages, denominator: d.fills, samples: d.messages), v >= r.otr24h.hard { return .r9 }
        }
        if on(.r10), c.newOrders >= Int64(r.unfilled10m.minSamples), c.orderedQty > 0 {
            let ufr = 1.0 - Double(c.filledQty) / Double(c.orderedQty)
            if ufr >= r.unfilled10m.hard { return .r10 }
        }
        if on(.r11),
            let v = ratioValue(r.quickCancel10m, numerator: c.quickCancels, denominator: c.restingOrders, samples: c.restingOrders),
            v >= r.quickCancel10m.hard
        {
            return .r11
        }
        if on(.r12), let v = ratioValue(r.iocExpiry10m, numerator: c.iocExpired, denominator: c.iocOrders, samples: c.iocOrders),
            v >= r.iocExpiry10m.hard
        {
            return .r12
        }
        if on(.r13), let v = ratioValue(r.dust10m, numerator: c.dustOrders, denominator: c.newOrders, samples: c.newOrders),
            v >= r.dust10m.hard
        {
            return .r13
        }
        return nil
    }

    /// `true` while any ratio of the symbol is at or above its soft threshold.
    func ratioSoftBreached(si: Int) -> Bool {
        let c = symbols[si].stats10m.total
        let r = rules.ratios
        if on(.r9), let v = ratioValue(r.otr10m, numerator: c.messages, denominator: c.fills, samples: c.messages), v >= r.otr10m.soft {
            return true
        }
        if on(.r10), c.newOrders >= Int64(r.unfilled10m.minSamples), c.orderedQty > 0,
            1.0 - Double(c.filledQty) / Double(c.orderedQty) >= r.unfilled10m.soft
        {
            return true
        }
        if on(.r10), c.newOrders >= Int64(rules.orderBudget.newSoft) { return true }
        if on(.r11),
            let v = ratioValue(r.quickCancel10m, numerator: c.quickCancels, denominator: c.restingOrders, samples: c.restingOrders),
            v >= r.quickCancel10m.soft
        {
            return true
        }
        if on(.r12), let v = ratioValue(r.iocExpiry10m, numerator: c.iocExpired, denominator: c.iocOrders, samples: c.iocOrders),
            v >= r.iocExpiry10m.soft
        {
            return true
        }
        if on(.r13), let v = ratioValue(r.dust10m, numerator: c.dustOrders, denominator: c.newOrders, samples: c.newOrders),
            v >= r.dust10m.soft
        {
            return true
        }
        return false
    }

    func ratioVerdict(si: Int) -> Verdict? {
        guard let rule = ratioHardBreach(si: si) else { return nil }
        return .degrade(.reducing, rule: rule, reason: .ratioHard)
    }

    /// R1 (group window with cancel reserve, smoothing), VIP per-symbol window, R3 IP window.
    func rateChecks(_ i: OrderIntent, si: Int, cancelLane: Bool, now: Timestamp) -> Verdict {
        let w = max(1, i.weight)
        let g = orderGroup
        if on(.r1) {
            let limit = effectiveLimit(g, now: now)
            let allowed = cancelLane ? limit : limit - groups[g].rule.cancelReserve
            if groups[g].window.used(at: now) + w > allowed {
                return .delay(until: groups[g].window.timeWhenUsed(atMost: allowed - w, now: now), rule: .r1, reason: .groupWindow)
            }
            if !cancelLane, let t = groups[g].smoothing?.whenAvailable(w, now: now) {
                return .delay(until: t, rule: .r1, reason: .smoothing)
            }
            if let r = rules.perSymbolGroup, let sw = symbols[si].window {
                let sAllowed = cancelLane ? r.clientLimit : r.clientLimit - r.cancelReserve
                if sw.used(at: now) + w > sAllowed {
                    return .delay(until: sw.timeWhenUsed(atMost: sAllowed - w, now: now), rule: .r1, reason: .symbolWindow)
                }
                if !cancelLane, let b = symbols[si].smoothing, let t = b.whenAvailable(w, now: now) {
                    return .delay(until: t, rule: .r1, reason: .smoothing)
                }
            }
        }
        if on(.r3) {
            // cancels may use the last 5 % of the IP budget, others may not
            let reserve = cancelLane ? 0 : rules.ip.clientLimit / 20
            let allowed = rules.ip.clientLimit - reserve
            if ipWindow.used(at: now) + 1 > allowed {
                return .delay(until: ipWindow.timeWhenUsed(atMost: allowed - 1, now: now), rule: .r3, reason: .ipWindow)
            }
        }
        return .allow
    }

    /// Records a sent request in every window, bucket and counter it consumes.
    mutating func commit(_ i: OrderIntent, si: Int, now: Timestamp) {
        let w = max(1, i.weight)
        let g = orderGroup
        groups[g].window.add(now, weight: w)
        let cancelLane = i.kind.isCancel || i.kind.isRead
        if !cancelLane { groups[g].smoothing?.take(w, now: now) }
        if symbols[si].window != nil {
            symbols[si].window?.add(now, weight: w)
            if !cancelLane { symbols[si].smoothing?.take(w, now: now) }
        }
        ipWindow.add(now, weight: 1)
        var c = RatioCounts()
        switch i.kind {
        case .new, .riskOrder:
            c.messages = 1
            c.newOrders = 1
            c.orderedQty = i.quantity.raw
            if isTaker(i) {
                c.iocOrders = 1
                symbols[si].taker.add(now, weight: 1)
            } else if !i.type.isConditional {
                c.restingOrders = 1
            }
            if let p = i.price ?? symbols[si].market?.referencePrice,
                let v = symbols[si].spec.quoteNotional(price: p, quantity: i.quantity), v < rules.ratios.dustUnderUsd
            {
                c.dustOrders = 1
            }
            symbols[si].newOrders.add(now, weight: 1)
            let market = symbols[si].market  // hoisted: reading it in the call would copy the tracker
            if isOneUp(i, si: si, market: market) { recordOneUp(si: si, now: now) }
        case .amend:
            c.messages = 1
            if i.orderAge.millis < Int64(rules.ratios.quickCancelAgeMs) { c.quickCancels = 1 }
            symbols[si].mutation.take(1, now: now)
            let market = symbols[si].market  // hoisted: reading it in the call would copy the tracker
            if isOneUp(i, si: si, market: market) { recordOneUp(si: si, now: now) }
        case .cancel, .cancelAll:
            c.messages = 1
            if i.orderAge.millis < Int64(rules.ratios.quickCancelAgeMs) && !isTaker(i) { c.quickCancels = 1 }
            symbols[si].mutation.take(1, now: now)
        default:
            break
        }
        if c.messages > 0 {
            symbols[si].stats10m.add(c, now: now)
            symbols[si].stats24h.add(c, now: now)
        }
        let cost = activityCost(i)
        if cost > 0 { symbols[si].activity.add(points: cost, now: now) }
    }

    mutating func recordOneUp(si: Int, now: Timestamp) {
        if let tt = symbols[si].market?.lastTradeTime, symbols[si].lastTradeSeen.map({ tt > $0 }) ?? true {
            symbols[si].lastTradeSeen = tt
            symbols[si].consecutiveOneUps = 0
        }
        symbols[si].oneUps.add(now, weight: 1)
        symbols[si].consecutiveOneUps += 1
    }
}
