import MarketCore

extension ExchangeSimulator {
    /// Appends an order event (built from the order's current state) to the user's batch.
    mutating func emitOrderEvent(
        slot: Int, action: SimOrderAction, execStatus: SimExecStatus, execQty: Int64, execPrice: Price,
        execValue: Int64, execFee: Int64, feeRate: Money, execID: String, liquidity: Liquidity?, tradeType: String?,
        code: Int, message: String, cxlRejReason: Int, positionTouched: Bool, now: Timestamp
    ) {
        guard let st = slots[slot] else { return }
        emitOrderEvent(
            order: st.order, user: st.user, symbol: st.symbol, action: action, execStatus: execStatus, execQty: execQty,
            execPrice: execPrice, execValue: execValue, execFee: execFee, feeRate: feeRate, execID: execID,
            liquidity: liquidity, tradeType: tradeType, code: code, message: message, cxlRejReason: cxlRejReason,
            positionTouched: positionTouched, now: now)
    }

    mutating func emitOrderEvent(
        order: SimOrder, user u: Int, symbol si: Int, action: SimOrderAction, execStatus: SimExecStatus,
        execQty: Int64, execPrice: Price, execValue: Int64, execFee: Int64, feeRate: Money, execID: String,
        liquidity: Liquidity?, tradeType: String?, code: Int, message: String, cxlRejReason: Int,
        positionTouched: Bool, now: Timestamp
    ) {
        let key = posKey(u, si, order.posSide)
        let p = users[u].positions[key]
        let size = p?.size ?? 0
        let cur = symbols[si].instrument.spec.settleCurrency
        execSeq += 1
        let ev = SimOrderEvent(
            order: order, action: action, execStatus: execStatus, execQty: Quantity(raw: execQty), execPrice: execPrice,
            execValue: Money(raw: execValue), execFee: Money(raw: execFee), feeRate: feeRate, execID: execID,
            liquidity: liquidity, tradeType: tradeType, code: code, message: message, cxlRejReason: cxlRejReason,
            execSeq: execSeq, curPosSide: size > 0 ? .buy : (size < 0 ? .sell : nil),
            curPosSize: Quantity(raw: Int64(size.magnitude)), curPosValue: Money(raw: p?.cost ?? 0),
            curAccBalance: Money(raw: users[u].balances[cur] ?? 0),
            curLeverage: p?.leverage ?? symbols[si].instrument.defaultLeverage, time: now)
        let b = batchIndex(user: u, kind: symbols[si].instrument.spec.kind)
        batches[b].orders.append(ev)
        if positionTouched && !batches[b].positions.contains(key) { batches[b].positions.append(key) }
    }

    /// Index of the open batch for (user, family), creating it.
    mutating func batchIndex(user u: Int, kind: ContractKind) -> Int {
        if let i = batches.firstIndex(where: { $0.user == u && $0.kind == kind }) { return i }
        batches.append(PrivateBatch(user: u, kind: kind))
        return batches.count - 1
    }

    /// Closes an order with a final status, emits the event and retires it.
    mutating func finishOrder(
        slot: Int, status: ExchangeOrderStatus, action: SimOrderAction, execStatus: SimExecStatus, code: Int,
        message: String, cxlRejReason: Int, now: Timestamp
    ) {
        guard var st = slots[slot] else { return }
        if st.resting, let p = st.order.price {
            let t = p.raw / symbols[st.symbol].tick
            if st.order.side == .buy {
                symbols[st.symbol].bids.removeOrder(t, slot: slot)
            } else {
                symbols[st.symbol].asks.removeOrder(t, slot: slot)
            }
            markDirty(st.symbol, now: now)
            st.resting = false
        }
        if st.untriggered {
            symbols[st.symbol].stops.removeAll { $0 == slot }
            st.untriggered = false
        }
        let cancelled = st.order.leavesQty.raw
        st.order.leavesQty = .zero
        st.order.leavesValue = .zero
        st.order.ordStatus = status
        st.order.execStatus = execStatus
        st.order.bizError = code
        st.order.transactTime = now
        st.order.actionTime = now
        slots[slot] = st
        emitOrderEvent(
            slot: slot, action: action, execStatus: execStatus, execQty: cancelled, execPrice: .zero, execValue: 0,
            execFee: 0, feeRate: .zero, execID: SimOrderEvent.zeroExecID, liquidity: nil, tradeType: nil, code: code,
            message: message, cxlRejReason: cxlRejReason, positionTouched: false, now: now)
        retireOrder(slot: slot)
    }

    /// Moves a closed order to the user's history and frees its slot (its book entry must be
    /// gone already).
    mutating func retireOrder(slot: Int) {
        guard let st = slots[slot] else { return }
        let u = st.user
        if let i = users[u].open.firstIndex(of: slot) { users[u].open.remove(at: i) }
        users[u].closed.append(st.order)
        while users[u].closed.count > max(1, config.closedOrderHistory) { users[u].closed.removeFirst() }
        slotByOrderID[st.order.orderID] = nil
        if st.untriggered { symbols[st.symbol].stops.removeAll { $0 == slot } }
        slots[slot] = nil
        freeSlots.append(slot)
    }

    /// End of one operation: reduce-only clean-up, stop triggers (repeated while prices move),
    /// then trades and private updates go to the outbox.
    mutating func flushOperation(now: Timestamp) {
        var rounds = 0
        while rounds < 16 {
            rounds += 1
            var acted = false
            if !touchedPositions.isEmpty {
                let touched = touchedPositions
                touchedPositions.removeAll(keepingCapacity: true)
                if cleanupReduceOnly(touched, now: now) { acted = true }
            }
            for si in symbols.indices where symbols[si].priceMoved {
                symbols[si].priceMoved = false
                if checkStops(si, now: now) { acted = true }
            }
            if !acted && touchedPositions.isEmpty { break }
        }
        for si in symbols.indices where !symbols[si].pendingTrades.isEmpty {
            let trades = symbols[si].pendingTrades
            symbols[si].pendingTrades.removeAll(keepingCapacity: true)
            for t in trades { symbols[si].recentTrades.append(t) }
            let excess = symbols[si].recentTrades.count - 1000
            if excess > 0 { symbols[si].recentTrades.removeFirst(excess) }
            outbox.append(.trades(SimTradeBatch(symbol: symbols[si].instrument.symbol, sequence: nextSequence(), trades: trades)))
        }
        if !batches.isEmpty {
            let bs = batches
            batches.removeAll(keepingCapacity: true)
            for b in bs {
                let currencies = currencies(of: b.kind)
                let accounts = currencies.map { accountSnapshot(user: b.user, currency: $0) }
                let positions = b.positions.map { positionSnapshot(user: b.user, key: $0, now: now) }
                outbox.append(
                    .privateUpdate(
                        SimPrivateUpdate(
                            userID: users[b.user].config.userID, kind: b.kind, accounts: accounts, orders: b.orders,
                            positions: positions, time: now)))
            }
        }
    }

    /// Cancels resting closing orders that have nothing left to close. Returns `true` if any.
    mutating func cleanupReduceOnly(_ touched: [TouchedPosition], now: Timestamp) -> Bool {
        var acted = false
        for t in touched {
            let opens = users[t.user].open
            for slot in opens {
                guard let st = slots[slot], st.symbol == t.key.symbol, !st.untriggered else { continue }
                guard posKey(t.user, st.symbol, st.order.posSide) == t.key else { continue }
                guard isClosing(st.order, user: t.user, symbol: st.symbol) else { continue }
                if closable(user: t.user, key: t.key, side: st.order.side) == 0 {
                    finishOrder(
                        slot: slot, status: .canceled, action: .cancel, execStatus: .canceled, code: 11011,
                        message: "TE_REDUCE_ONLY_ABORT", cxlRejReason: 0, now: now)
                    acted = true
                }
            }
        }
        return acted
    }

    /// Settle currencies of a family, sorted.
    func currencies(of kind: ContractKind) -> [String] {
        var c: [String] = []
        for s in symbols where s.instrument.spec.kind == kind && !c.contains(s.instrument.spec.settleCurrency) {
            c.append(s.instrument.spec.settleCurrency)
        }
        return c.sorted()
    }
}
