import MarketCore

extension ExchangeSimulator {
    /// Slot of the user's open order matching `ref` on `si`.
    func findOpen(_ u: Int, _ si: Int?, _ ref: SimOrderRef) -> Int? {
        switch ref {
        case .orderID(let id):
            guard let slot = slotByOrderID[id], let st = slots[slot], st.user == u else { return nil }
            if let s = si, st.symbol != s { return nil }
            return slot
        case .clOrdID(let cl):
            guard !cl.isEmpty else { return nil }
            for slot in users[u].open {
                guard let st = slots[slot], st.order.clOrdID == cl else { continue }
                if let s = si, st.symbol != s { continue }
                return slot
            }
            return nil
        }
    }

    /// The newest closed order matching `ref`.
    func findClosed(_ u: Int, _ symbol: Symbol?, _ ref: SimOrderRef) -> SimOrder? {
        for o in users[u].closed.reversed() {
            if let s = symbol, o.symbol != s { continue }
            switch ref {
            case .orderID(let id): if o.orderID == id { return o }
            case .clOrdID(let cl): if !cl.isEmpty && o.clOrdID == cl { return o }
            }
        }
        return nil
    }

    mutating func amendImpl(user: Int64, _ r: SimAmendOrder, now: Timestamp) -> Result<SimOrder, SimReject> {
        let u: Int
        let si: Int
        do {
            u = try userIdx(user)
            si = try symbolIdx(r.symbol)
        } catch { return .failure(error) }
        guard let slot = findOpen(u, si, r.ref), let st = slots[slot] else {
            if findClosed(u, r.symbol, r.ref) != nil {
                return .failure(SimReject(code: 11066, message: "TE_ORD_STATUS_CANNOT_REPLACE"))
            }
            return .failure(SimReject(code: 10002, message: "OM_ORDER_NOT_FOUND"))
        }
        let o = st.order
        let spec = symbols[si].instrument.spec
        if o.ordType == .market { return .failure(SimReject(code: 11108, message: "TE_CANNOT_REPLACE_OR_CANCEL_MARKET")) }
        if o.timeInForce == .immediateOrCancel { return .failure(SimReject(code: 11109, message: "TE_CANNOT_REPLACE_OR_CANCEL_IOC")) }
        if o.timeInForce == .fillOrKill { return .failure(SimReject(code: 11110, message: "TE_CANNOT_REPLACE_OR_CANCEL_FOK")) }
        let newPrice = o.ordType.hasLimitPrice ? (r.price ?? o.price) : o.price
        if r.price != nil && !o.ordType.hasLimitPrice {
            return .failure(SimReject(code: 11067, message: "TE_CANNOT_REPLACE_PRICE"))
        }
        let newQty = r.quantity ?? o.orderQty
        let newStop = st.untriggered ? (r.stopPx ?? o.stopPx) : o.stopPx
        let newTrigger = st.untriggered ? (r.trigger ?? o.trigger) : o.trigger
        if newPrice == o.price && newQty == o.orderQty && newStop == o.stopPx && newTrigger == o.trigger {
            return .failure(SimReject(code: 11065, message: "TE_ORD_REPLACE_NOT_MODIFIED"))
        }
        if let p = newPrice, p != o.price, let e = checkPrice(p, spec: spec) { return .failure(e) }
        if newQty != o.orderQty {
            if let e = checkQuantity(newQty, spec: spec) { return .failure(e) }
            if newQty <= o.cumQty { return .failure(SimReject(code: 11012, message: "TE_REPLACE_TO_INVALID_QTY")) }
        }
        if let s = newStop, s != o.stopPx || newTrigger != o.trigger {
            if let e = checkPrice(s, spec: spec) { return .failure(e) }
            let ref = referencePrice(si, newTrigger)
            if o.side == .buy && s <= ref { return .failure(SimReject(code: 11043, message: "TE_RISING_TRIGGER_DIRECTLY")) }
            if o.side == .sell && s >= ref { return .failure(SimReject(code: 11044, message: "TE_FALLING_TRIGGER_DIRECTLY")) }
        }
        var updated = o
        updated.price = newPrice
        updated.orderQty = newQty
        updated.leavesQty = Quantity(raw: newQty.raw - o.cumQty.raw)
        updated.stopPx = newStop
        updated.trigger = newTrigger
        updated.leavesValue = leavesValue(si, updated)
        if !isClosing(o, user: u, symbol: si) {
            var trial = st
            trial.order = updated
            let extra = orderCost(trial) - orderCost(st)
            let cur = spec.settleCurrency
            if extra > 0 && extra > (users[u].balances[cur] ?? 0) - usedBalance(u, currency: cur) {
                return .failure(SimReject(code: 11001, message: "TE_NO_ENOUGH_AVAILABLE_BALANCE"))
            }
        }
        var ack = o
        ack.execStatus = .pendingReplace
        ack.actionTime = now
        // Apply.
        let tick = symbols[si].tick
        let priceChanged = newPrice != o.price
        let qtyUp = newQty > o.orderQty
        updated.actionTime = now
        updated.transactTime = now
        updated.execStatus = .replaced
        if st.resting, let oldP = o.price {
            let oldT = oldP.raw / tick
            if priceChanged || qtyUp {
                if o.side == .buy { symbols[si].bids.removeOrder(oldT, slot: slot) } else {
                    symbols[si].asks.removeOrder(oldT, slot: slot)
                }
                slots[slot]?.resting = false
                slots[slot]?.order = updated
                markDirty(si, now: now)
                emitPlain(slot, action: .replace, execStatus: .replaced, now: now)
                requeueAfterAmend(slot, now: now)
            } else {
                if o.side == .buy {
                    symbols[si].bids.setOrderQty(oldT, slot: slot, updated.leavesQty.raw)
                } else {
                    symbols[si].asks.setOrderQty(oldT, slot: slot, updated.leavesQty.raw)
                }
                slots[slot]?.order = updated
                markDirty(si, now: now)
                emitPlain(slot, action: .replace, execStatus: .replaced, now: now)
            }
        } else {
            if st.untriggered { updated.ordStatus = .untriggered }
            if let s = updated.stopPx { updated.stopDirection = o.side == .buy && s > .zero ? .rising : .falling }
            slots[slot]?.order = updated
            emitPlain(slot, action: .replace, execStatus: .replaced, now: now)
        }
        return .success(ack)
    }

    /// Puts an amended order back: post-only cross → cancel (101); crossing → taker fills;
    /// remainder rests at the back of its level.
    mutating func requeueAfterAmend(_ slot: Int, now: Timestamp) {
        guard let st = slots[slot], let p = st.order.price else { return }
        let si = st.symbol
        let o = st.order
        let t = p.raw / symbols[si].tick
        if crosses(si, side: o.side, ticks: t) {
            if o.timeInForce == .postOnly {
                finishOrder(
                    slot: slot, status: .canceled, action: .replace, execStatus: .canceled, code: 0,
                    message: "CE_WILLCROSS", cxlRejReason: 101, now: now)
                return
            }
            let cap = closableCap(slot)
            _ = sweep(si, takerSide: o.side, qty: min(cap, o.leavesQty.raw), limitTicks: t, taker: slot, now: now)
        }
        guard let after = slots[slot] else { return }
        if o.side == .buy {
            symbols[si].bids.addOrder(t, slot: slot, after.order.leavesQty.raw)
        } else {
            symbols[si].asks.addOrder(t, slot: slot, after.order.leavesQty.raw)
        }
        slots[slot]?.resting = true
        markDirty(si, now: now)
    }

    mutating func cancelImpl(user: Int64, symbol: Symbol, ref: SimOrderRef, now: Timestamp) -> Result<SimOrder, SimReject> {
        let u: Int
        let si: Int
        do {
            u = try userIdx(user)
            si = try symbolIdx(symbol)
        } catch { return .failure(error) }
        guard let slot = findOpen(u, si, ref), let st = slots[slot] else {
            if let c = findClosed(u, symbol, ref) {
                if c.ordStatus == .canceled || c.ordStatus == .deactivated {
                    return .failure(SimReject(code: 11062, message: "TE_ORD_ALREADY_CANCELED"))
                }
                return .failure(SimReject(code: 11063, message: "TE_ORD_STATUS_CANNOT_CANCEL"))
            }
            return .failure(SimReject(code: 10002, message: "OM_ORDER_NOT_FOUND"))
        }
        var ack = st.order
        ack.execStatus = .pendingCancel
        ack.actionTime = now
        cancelSlot(slot, now: now)
        return .success(ack)
    }

    /// User cancel of one open order.
    mutating func cancelSlot(_ slot: Int, now: Timestamp) {
        guard let st = slots[slot] else { return }
        finishOrder(
            slot: slot, status: st.untriggered ? .deactivated : .canceled, action: .cancel, execStatus: .canceled,
            code: 0, message: "No error", cxlRejReason: 0, now: now)
    }

    mutating func cancelAllImpl(user: Int64, symbol: Symbol?, untriggered: Bool, now: Timestamp) -> Result<Int, SimReject> {
        let u: Int
        do { u = try userIdx(user) } catch { return .failure(error) }
        var si: Int? = nil
        if let s = symbol {
            do { si = try symbolIdx(s) } catch { return .failure(error) }
        }
        var n = 0
        for slot in users[u].open {
            guard let st = slots[slot] else { continue }
            if let s = si, st.symbol != s { continue }
            if st.untriggered != untriggered { continue }
            cancelSlot(slot, now: now)
            n += 1
        }
        return .success(n)
    }

    func openOrdersImpl(user: Int64, symbol: Symbol?) -> Result<[SimOrder], SimReject> {
        let u: Int
        do { u = try userIdx(user) } catch { return .failure(error) }
        if let s = symbol, symbolIndex[s] == nil { return .failure(SimReject(code: 11027, message: "TE_SYMBOL_INVALID")) }
        var out: [SimOrder] = []
        for slot in users[u].open {
            guard let st = slots[slot] else { continue }
            if let s = symbol, st.order.symbol != s { continue }
            out.append(st.order)
        }
        return .success(out)
    }

    func queryImpl(user: Int64, symbol: Symbol?, refs: [SimOrderRef]) -> Result<[SimOrder], SimReject> {
        let u: Int
        do { u = try userIdx(user) } catch { return .failure(error) }
        let si = symbol.flatMap { symbolIndex[$0] }
        if symbol != nil && si == nil { return .failure(SimReject(code: 11027, message: "TE_SYMBOL_INVALID")) }
        var out: [SimOrder] = []
        for ref in refs {
            if let slot = findOpen(u, si, ref), let st = slots[slot] {
                out.append(st.order)
            } else if let c = findClosed(u, symbol, ref) {
                out.append(c)
            }
        }
        return .success(out)
    }
}
