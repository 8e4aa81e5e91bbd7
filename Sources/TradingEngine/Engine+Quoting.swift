import MarketCore
import Strategies

extension Engine {
    /// Asks the strategy for quotes on `symbol` and turns them into commands.
    mutating func requote(_ symbol: Symbol, _ now: Timestamp) {
        guard state.phase == .running, state.tradingState != .halted else { return }
        guard strategy.symbols.contains(symbol), let mi = marketIndex(symbol) else { return }
        let m = state.markets[mi]
        guard let top = m.top, !m.invalidated, !m.pulled else { return }
        if let until = state.blockedUntil, until > now { return }
        guard let inst = config.instrument(symbol) else { return }
        let context = makeContext(inst, top: top, now)
        let decision = strategy.decide(context)
        if let w = decision.wakeAt { state.strategyWakeAt = min(state.strategyWakeAt ?? w, w) }
        for note in decision.notes { log(.debug, "strategy", symbol: symbol, note) }
        for order in decision.orders where order.symbol == symbol {
            _ = placeOneOff(order, rule: "strategy", now)
        }
        guard var quotes = decision.quotes else { return }
        quotes = quotes.filter { $0.symbol == symbol }
        if state.tradingState == .reducing, let pi = positionIndex(symbol) {
            let size = state.positions[pi].size
            quotes = quotes.filter { q in
                (size.raw > 0 && q.side == .sell) || (size.raw < 0 && q.side == .buy)
            }
        }
        reconcileQuotes(symbol, desired: quotes, top: top, now)
    }

    /// The strategy's view of one symbol.
    func makeContext(_ inst: InstrumentSpec, top: TopOfBook?, _ now: Timestamp) -> StrategyContext {
        let symbol = inst.symbol
        let m = marketIndex(symbol).map { state.markets[$0] }
        let p = positionIndex(symbol).map { state.positions[$0] }
        let live = state.orders.filter { $0.symbol == symbol && $0.isQuote && $0.status != .pendingCancel }
            .compactMap { o -> LiveQuote? in
                guard let price = o.price else { return nil }
                return LiveQuote(
                    clientOrderID: o.clientOrderID, side: o.side, level: o.level, price: price, quantity: o.quantity,
                    filledQuantity: o.filled, createdAt: o.createdAt)
            }
        let equity = state.balances.first { $0.currency == inst.settleCurrency }?.balance ?? .zero
        return StrategyContext(
            now: now, instrument: inst, top: top, lastTrade: m?.lastTrade, markPrice: m?.markPrice,
            position: p?.size ?? .zero, averageEntryPrice: p?.averageEntryPrice, equity: equity,
            liveQuotes: live, bookIsValid: m.map { !$0.invalidated && !$0.pulled } ?? false)
    }

    /// Minimal actions turning the live quotes of `symbol` into `desired`: cancel the unwanted,
    /// amend the moved (once old enough), place the missing. Pending orders are left alone
    /// until their outcome is known, so nothing is ever sent twice.
    mutating func reconcileQuotes(_ symbol: Symbol, desired: [QuoteProposal], top: TopOfBook, _ now: Timestamp) {
        guard let inst = config.instrument(symbol) else { return }
        let wanted = desired.sorted { a, b in
            a.side != b.side ? a.side == .buy : a.level < b.level
        }
        // Cancel live quotes nobody wants any more.
        for i in state.orders.indices {
            let o = state.orders[i]
            guard o.symbol == symbol, o.isQuote, o.status == .open || o.status == .pendingNew else { continue }
            if o.status == .pendingNew { continue }
            if !wanted.contains(where: { $0.side == o.side && $0.level == o.level }) {
                cancelOrder(at: i, rule: "strategy", reason: "quote no longer wanted", now)
            }
        }
        for q in wanted {
            let price = inst.roundPrice(q.price, side: q.side)
            let qty = inst.roundQuantity(q.quantity)
            guard price.raw > 0, qty.raw > 0 else { continue }
            if (try? inst.validateOrder(price: price, quantity: qty)) == nil {
                state.counters.denied += 1
                audit(now, action: "place", verdict: "deny", rule: "instrument", symbol: symbol, order: nil,
                      reason: "\(q.side.rawValue) \(qty) @ \(price) invalid for instrument")
                continue
            }
            if let i = state.orders.firstIndex(where: {
                $0.symbol == symbol && $0.isQuote && $0.side == q.side && $0.level == q.level
                    && $0.status != .pendingCancel
            }) {
                let o = state.orders[i]
                guard o.status == .open else { continue }
                let wantQty = o.filled + qty
                let priceMoved = o.price != price
                let qtyMoved = o.quantity != wantQty
                guard priceMoved || qtyMoved else { continue }
                if now - o.createdAt < config.minQuoteAge || now - o.lastActionAt < config.minQuoteAge { continue }
                if wouldCross(side: q.side, price: price, top: top) { continue }
                state.orders[i].status = .pendingAmend
                state.orders[i].lastActionAt = now
                state.counters.amendsSent += 1
                audit(now, action: "amend", rule: "strategy", symbol: symbol, order: o.clientOrderID,
                      reason: "\(o.price.map { "\($0)" } ?? "-") -> \(price), qty \(wantQty)")
                log(.info, "engine", symbol: symbol, order: o.clientOrderID,
                    "amend \(q.side == .buy ? "bid" : "ask") \(qty) @ \(price)")
                send(.amend(clientOrderID: o.clientOrderID, symbol: symbol, positionSide: o.positionSide,
                            price: priceMoved ? price : nil, quantity: qtyMoved ? wantQty : nil), now)
            } else {
                if wouldCross(side: q.side, price: price, top: top) {
                    state.counters.denied += 1
                    audit(now, action: "place", verdict: "deny", rule: "would_cross", symbol: symbol, order: nil,
                          reason: "\(q.side.rawValue) @ \(price) crosses the book")
                    continue
                }
                guard let id = nextClientOrderID() else { continue }
                let req = OrderRequest(
                    clientOrderID: id, symbol: symbol, side: q.side, type: .limit, timeInForce: q.timeInForce,
                    price: price, quantity: qty, reduceOnly: q.reduceOnly, positionSide: q.positionSide)
                insertOrder(OwnOrder(
                    clientOrderID: id, symbol: symbol, side: q.side, level: q.level, price: price, quantity: qty,
                    status: .pendingNew, positionSide: q.positionSide, createdAt: now))
                state.counters.ordersSent += 1
                audit(now, action: "place", rule: "strategy", symbol: symbol, order: id,
                      reason: "\(q.side.rawValue) L\(q.level) \(qty) @ \(price)")
                log(.info, "engine", symbol: symbol, order: id, "placed \(q.side == .buy ? "bid" : "ask") \(qty) @ \(price)")
                send(.place(req), now)
            }
        }
    }

    /// `true` if a passive order at `price` would take liquidity now.
    func wouldCross(side: Side, price: Price, top: TopOfBook) -> Bool {
        switch side {
        case .buy: if let a = top.askPrice { return price >= a }
        case .sell: if let b = top.bidPrice { return price <= b }
        }
        return false
    }

    /// Risk action: a resting quote the market moved through is cancelled at once (no resting
    /// time rule applies).
    mutating func cancelQuotesTheMarketMovedThrough(_ top: TopOfBook, _ now: Timestamp) {
        for i in state.orders.indices {
            let o = state.orders[i]
            guard o.symbol == top.symbol, o.isQuote, let price = o.price else { continue }
            guard o.status == .open || o.status == .pendingNew || o.status == .pendingAmend else { continue }
            if wouldCross(side: o.side, price: price, top: top) {
                state.counters.marketThroughCancels += 1
                let touch = o.side == .buy ? top.askPrice : top.bidPrice
                cancelOrder(at: i, rule: "market_through",
                            reason: "market moved through \(price) (touch \(touch.map { "\($0)" } ?? "-"))", now)
            }
        }
    }

    /// Cancels every live quote of `symbol` (stale data, kill switch).
    mutating func pullQuotes(_ symbol: Symbol, rule: String, reason: String, _ now: Timestamp) {
        for i in state.orders.indices {
            let o = state.orders[i]
            guard o.symbol == symbol, o.isQuote else { continue }
            guard o.status == .open || o.status == .pendingNew || o.status == .pendingAmend else { continue }
            cancelOrder(at: i, rule: rule, reason: reason, now)
        }
    }

    /// Cancels every own order (operator stop, halt).
    mutating func cancelAll(rule: String, reason: String, _ now: Timestamp) {
        for i in state.orders.indices {
            let s = state.orders[i].status
            guard s == .open || s == .pendingNew || s == .pendingAmend else { continue }
            cancelOrder(at: i, rule: rule, reason: reason, now)
        }
    }

    /// Sends a cancel by clOrdID for the order at `i`.
    mutating func cancelOrder(at i: Int, rule: String, reason: String, _ now: Timestamp) {
        let o = state.orders[i]
        state.orders[i].status = .pendingCancel
        state.orders[i].lastActionAt = now
        state.counters.cancelsSent += 1
        audit(now, action: "cancel", rule: rule, symbol: o.symbol, order: o.clientOrderID, reason: reason)
        log(rule == "strategy" ? .debug : .info, "engine", symbol: o.symbol, order: o.clientOrderID,
            "cancel \(o.side == .buy ? "bid" : "ask") @ \(o.price.map { "\($0)" } ?? "-") (\(rule): \(reason))")
        send(.cancel(clientOrderID: o.clientOrderID, symbol: o.symbol, positionSide: o.positionSide), now)
    }

    /// Places a one-off order (webhook, strategy stop-loss); returns its id.
    mutating func placeOneOff(_ p: OrderProposal, rule: String, _ now: Timestamp) -> ClientOrderID? {
        guard let inst = config.instrument(p.symbol) else { return nil }
        let qty = inst.roundQuantity(p.quantity)
        guard qty.raw > 0, let id = nextClientOrderID() else { return nil }
        let price = p.price.map { inst.roundPrice($0, side: p.side) }
        let req = OrderRequest(
            clientOrderID: id, symbol: p.symbol, side: p.side, type: p.type, timeInForce: p.timeInForce,
            price: price, stopPrice: p.stopPrice, quantity: qty, reduceOnly: p.reduceOnly,
            positionSide: p.positionSide, trigger: p.trigger)
        insertOrder(OwnOrder(
            clientOrderID: id, symbol: p.symbol, side: p.side, level: -1, price: price, quantity: qty,
            status: .pendingNew, positionSide: p.positionSide, createdAt: now))
        state.counters.ordersSent += 1
        audit(now, action: "place", rule: rule, symbol: p.symbol, order: id,
              reason: "\(p.type.rawValue) \(p.side.rawValue) \(qty)\(p.tag.map { " tag \($0)" } ?? "")")
        log(.info, "engine", symbol: p.symbol, order: id,
            "placed \(p.type.rawValue.lowercased()) \(p.side.rawValue.lowercased()) \(qty)\(price.map { " @ \($0)" } ?? "")")
        send(.place(req), now)
        return id
    }
}
