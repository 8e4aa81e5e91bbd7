import MarketCore
import OrderTracking
import Strategies

extension Engine {
    /// Asks the strategy for quotes on `symbol` and hands its proposals to the order tracker,
    /// which decides what is sent.
    mutating func requote(_ symbol: Symbol, _ now: Timestamp) {
        guard state.phase == .running, state.tradingState != .halted else { return }
        guard strategySymbols.contains(symbol), let mi = marketIndex(symbol) else { return }
        // Fields read in place (copying the whole `MarketState` retains its strings).
        guard !state.markets[mi].invalidated, !state.markets[mi].pulled, let top = state.markets[mi].top else { return }
        guard let ii = config.instruments.firstIndex(where: { $0.symbol == symbol }) else { return }
        let decision = strategyDecision(market: mi, instrument: ii, top: top, now)
        if let w = decision.wakeAt { state.strategyWakeAt = min(state.strategyWakeAt ?? w, w) }
        for note in decision.notes { log(.debug, "strategy", symbol: symbol, note) }
        for order in decision.orders where order.symbol == symbol {
            _ = submit(order, now)
        }
        guard var quotes = decision.quotes else { return }
        // (No copy when every quote is for this symbol, the usual case.)
        if !quotes.allSatisfy({ $0.symbol == symbol }) { quotes = quotes.filter { $0.symbol == symbol } }
        if state.killSwitch == .reducing, let pi = positionIndex(symbol) {
            let size = state.positions[pi].size
            quotes = quotes.filter { q in
                (size.raw > 0 && q.side == .sell) || (size.raw < 0 && q.side == .buy)
            }
        }
        let desired = Self.rounded(quotes, to: config.instruments[ii])
        if state.markets[mi].settlePending == true {
            state.markets[mi].settlePending = nil
            apply(tracker.settleResumedOrders(symbol: symbol, desired: desired, market: marketSnapshot(symbol), now: now), now)
        }
        apply(tracker.reconcileQuotes(symbol: symbol, desired: desired, market: marketSnapshot(symbol), now: now), now)
    }

    /// The strategy's decision for market `mi` (instrument `ii` of the config). A strategy that
    /// knows its decision is unchanged answers without deciding (exact by contract); the
    /// outputs are the same either way.
    ///
    /// The context is kept per market between calls (`contexts`) and only its changing fields
    /// are refreshed in place (`refreshContext`): building it anew copies the instrument and
    /// every field each tick.
    mutating func strategyDecision(market mi: Int, instrument ii: Int, top: TopOfBook, _ now: Timestamp) -> StrategyDecision {
        guard hotPathReuse else { return decide(makeContext(config.instruments[ii], top: top, now)) }
        while contextOfMarket.count <= mi { contextOfMarket.append(-1) }
        let k: Int
        if contextOfMarket[mi] >= 0 {
            k = contextOfMarket[mi]
            refreshContext(k, market: mi, top: top, now)  // in place: no copy of the context
        } else {
            k = contexts.count
            contexts.append(makeContext(config.instruments[ii], top: top, now))
            contextOfMarket[mi] = k
        }
        // The kept context is lent to the strategy in place: reading it through the array's
        // buffer (valid for the closure; `k` is an index of `contexts`) avoids the copy an
        // element read for an existential call makes. `decide` (rare) takes a copy.
        if decisionShortcut,
            let same = contexts.withUnsafeBufferPointer({ [strategy] buf in strategy.unchangedDecision(buf[k]) })
        {
            decisionsSkipped &+= 1
            return same
        }
        return strategy.decide(contexts[k])
    }

    /// `unchangedDecision` when the strategy offers it, else `decide`.
    mutating func decide(_ context: StrategyContext) -> StrategyDecision {
        if decisionShortcut, let same = strategy.unchangedDecision(context) {
            decisionsSkipped &+= 1
            return same
        }
        return strategy.decide(context)
    }

    /// Sets every field of kept context `k` (of market `mi`) that `makeContext` derives from
    /// the engine's state (the instrument and the zero fee and leg fields never change).
    ///
    /// With `hotPathReuse` the book top's fields are stored into the kept top (the symbol is
    /// the market's, already there: no copy of the top and its `String`), the live-quote list
    /// only when the tracker view's changed, and the position is looked up at the market's
    /// own index first (positions are kept in market order).
    mutating func refreshContext(_ k: Int, market mi: Int, top: TopOfBook, _ now: Timestamp) {
        let symbol = state.markets[mi].symbol
        contexts[k].now = now
        if hotPathReuse {
            updateTrackerView(market: mi)
            contexts[k].storeTop(top)
            while contextOrdersVersion.count <= k { contextOrdersVersion.append(nil) }
            let version = trackerViews[mi].ordersVersion
            if contextOrdersVersion[k] == nil || contextOrdersVersion[k] != version {
                contexts[k].liveQuotes = trackerViews[mi].liveQuotes
                contextOrdersVersion[k] = version
            }
        } else {
            contexts[k].top = top
            contexts[k].liveQuotes = tracker.liveQuotes(symbol: symbol)
        }
        let pi = mi < state.positions.count && state.positions[mi].symbol == symbol ? mi : positionIndex(symbol)
        let settle = contexts[k].instrument.settleCurrency
        let equity = state.balances.firstIndex { $0.currency == settle }.map { state.balances[$0].balance } ?? .zero
        contexts[k].lastTrade = state.markets[mi].lastTrade
        contexts[k].markPrice = state.markets[mi].markPrice
        contexts[k].position = pi.map { state.positions[$0].size } ?? .zero
        contexts[k].averageEntryPrice = pi.flatMap { state.positions[$0].averageEntryPrice }
        contexts[k].equity = equity
        contexts[k].bookIsValid = !state.markets[mi].invalidated && !state.markets[mi].pulled
    }

    /// The strategy's view of one symbol (live quotes are the tracker's).
    mutating func makeContext(_ inst: InstrumentSpec, top: TopOfBook?, _ now: Timestamp) -> StrategyContext {
        let symbol = inst.symbol
        let mi = marketIndex(symbol)
        let pi = positionIndex(symbol)
        // Fields read in place: copying whole positions, balances or markets retains their strings.
        let equity = state.balances.firstIndex { $0.currency == inst.settleCurrency }.map { state.balances[$0].balance } ?? .zero
        return StrategyContext(
            now: now, instrument: inst, top: top, lastTrade: mi.flatMap { state.markets[$0].lastTrade },
            markPrice: mi.flatMap { state.markets[$0].markPrice },
            position: pi.map { state.positions[$0].size } ?? .zero, averageEntryPrice: pi.flatMap { state.positions[$0].averageEntryPrice },
            equity: equity, liveQuotes: liveQuotes(symbol),
            bookIsValid: mi.map { !state.markets[$0].invalidated && !state.markets[$0].pulled } ?? false)
    }

    /// The tracker's live quotes of `symbol`, rebuilt only when its orders changed (the same
    /// array is handed out again otherwise, which also makes comparing it with a remembered
    /// copy cheap).
    mutating func liveQuotes(_ symbol: Symbol) -> [LiveQuote] {
        guard hotPathReuse, let mi = marketIndex(symbol) else { return tracker.liveQuotes(symbol: symbol) }
        return liveQuotes(market: mi)
    }

    /// `true` if a passive order at `price` would take liquidity now.
    static func wouldCross(side: Side, price: Price, top: TopOfBook) -> Bool {
        switch side {
        case .buy: if let a = top.askPrice { return price >= a }
        case .sell: if let b = top.bidPrice { return price <= b }
        }
        return false
    }

    /// Risk action: when the market moved through a resting own order of the symbol, every own
    /// order of it is cancelled at once through the tracker (risk cancels wait for no rule).
    mutating func cancelQuotesTheMarketMovedThrough(_ top: TopOfBook, _ now: Timestamp) {
        guard let o = hotPathReuse
            ? tracker.firstQuoteMarketMovedThrough(symbol: top.symbol, bid: top.bidPrice, ask: top.askPrice)
            : referenceQuoteMarketMovedThrough(top)
        else { return }
        let price = o.price
        state.counters.marketThroughCancels += 1
        let touch = o.side == .buy ? top.askPrice : top.bidPrice
        let reason = Self.marketThroughReason(price: price, touch: touch)
        log(.info, "engine", symbol: top.symbol, order: o.id, "market through own quote: \(reason)")
        out.append(.audit(EngineAuditRecord(
            time: now, action: "cancel_all", verdict: "allow", rule: "market_through", symbol: top.symbol,
            clientOrderID: o.id, reason: reason)))
        apply(tracker.cancelAllOwn(symbol: top.symbol, reason: "market_through: \(reason)", now: now), now)
    }

    /// `"market moved through <price> (touch <touch>|-)"`, written into one string.
    static func marketThroughReason(price: Price, touch: Price?) -> String {
        LogText.make(capacity: 40 + 2 * FixedPointDigits.maxLength) { w in
            w.put("market moved through ")
            w.put(fixedPoint: price.raw)
            w.put(" (touch ")
            if let touch { w.put(fixedPoint: touch.raw) } else { w.put("-") }
            w.put(")")
        }
    }

    /// `firstQuoteMarketMovedThrough` spelled out over all open orders (the reference the
    /// differential tests compare it with).
    func referenceQuoteMarketMovedThrough(_ top: TopOfBook) -> (id: ClientOrderID, side: Side, price: Price)? {
        let o = tracker.firstOpenOrder { o in
            guard o.symbol == top.symbol, o.role != .single, !o.cancelWanted, let price = o.price else { return false }
            return Engine.wouldCross(side: o.side, price: price, top: top)
        }
        return o.flatMap { o in o.price.map { (o.clientOrderID, o.side, $0) } }
    }

    /// Risk cancel of every own order of `symbol` (stale data, kill switch).
    mutating func pullQuotes(_ symbol: Symbol, rule: String, reason: String, _ now: Timestamp) {
        guard tracker.hasOpenOrder(where: { $0.symbol == symbol && !$0.cancelWanted }) else { return }
        out.append(.audit(EngineAuditRecord(
            time: now, action: "cancel_all", verdict: "allow", rule: rule, symbol: symbol, clientOrderID: nil, reason: reason)))
        apply(tracker.cancelAllOwn(symbol: symbol, reason: "\(rule): \(reason)", now: now), now)
    }

    /// Cancels every own order (operator stop, halt).
    mutating func cancelAll(rule: String, reason: String, _ now: Timestamp) {
        out.append(.audit(EngineAuditRecord(
            time: now, action: "cancel_all", verdict: "allow", rule: rule, symbol: nil, clientOrderID: nil, reason: reason)))
        apply(tracker.cancelAllOwn(symbol: nil, reason: "\(rule): \(reason)", now: now), now)
    }

    /// Submits a one-off order (webhook, strategy stop-loss) to the tracker. Returns the clOrdID
    /// (sent or queued) or the deciding audit record when it was denied.
    mutating func submit(_ p: OrderProposal, _ now: Timestamp) -> (ClientOrderID?, AuditRecord?) {
        var p = p
        if let inst = config.instrument(p.symbol) {
            p.quantity = inst.roundQuantity(p.quantity)
            p.price = p.price.map { inst.roundPrice($0, side: p.side) }
        }
        let (id, actions) = tracker.submit(p, market: marketSnapshot(p.symbol), now: now)
        apply(actions, now)
        guard id == nil else { return (id, nil) }
        let denial = actions.reversed().lazy.compactMap { a -> AuditRecord? in
            if case .audit(let r) = a, r.verdict == "deny" || r.verdict == "degrade" { return r }
            return nil
        }.first
        return (nil, denial)
    }
}
