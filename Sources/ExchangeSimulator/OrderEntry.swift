import MarketCore

extension ExchangeSimulator {
    /// Price grid and bounds check (limit price or trigger price).
    func checkPrice(_ p: Price, spec: InstrumentSpec) -> SimReject? {
        if !p.isMultiple(of: spec.tickSize) {
            return SimReject(code: config.offTickRejectCode, message: "Price is not a multiple of tickSize")
        }
        if p < spec.minPrice { return SimReject(code: 11055, message: "TE_PRICE_TOO_SMALL") }
        if p > spec.maxPrice { return SimReject(code: 11053, message: "TE_PRICE_TOO_LARGE") }
        return nil
    }

    /// Quantity grid and bounds check.
    func checkQuantity(_ q: Quantity, spec: InstrumentSpec) -> SimReject? {
        if q.raw <= 0 { return SimReject(code: 11058, message: "TE_QTY_TOO_SMALL") }
        if q > spec.maxOrderQuantity { return SimReject(code: 11056, message: "TE_QTY_TOO_LARGE") }
        if !q.isMultiple(of: spec.quantityStep) {
            return SimReject(code: config.offStepRejectCode, message: "Quantity is not a multiple of qtyStepSize")
        }
        return nil
    }

    /// Reference price of a conditional order.
    func referencePrice(_ si: Int, _ trigger: TriggerSource?) -> Price {
        trigger == .lastPrice ? symbols[si].lastPrice : symbols[si].markPrice
    }

    /// Counts of the user's open orders on a symbol: (active, untriggered conditional).
    func openCounts(_ u: Int, _ si: Int) -> (Int, Int) {
        var a = 0
        var c = 0
        for slot in users[u].open {
            guard let st = slots[slot], st.symbol == si else { continue }
            if st.untriggered { c += 1 } else { a += 1 }
        }
        return (a, c)
    }

    /// `true` when a limit order at `ticks` would take liquidity.
    func crosses(_ si: Int, side: Side, ticks: Int64) -> Bool {
        side == .buy ? symbols[si].asks.crossedBy(ticks) : symbols[si].bids.crossedBy(ticks)
    }

    mutating func placeImpl(user: Int64, _ r: SimPlaceOrder, now: Timestamp) -> Result<SimOrder, SimReject> {
        let u: Int
        let si: Int
        do {
            u = try userIdx(user)
            si = try symbolIdx(r.symbol)
        } catch { return .failure(error) }
        let inst = symbols[si].instrument
        let spec = inst.spec
        let cl = r.clOrdID ?? ""
        if cl.utf8.count > ClientOrderID.maxLength {
            return .failure(SimReject(code: 10500, message: "clOrdID longer than 40 characters"))
        }
        let mode = users[u].modes[si] ?? .oneWay
        let posOK: Bool
        switch (spec.kind, mode) {
        case (.inverse, _), (.linear, .oneWay): posOK = r.posSide == .merged
        case (.linear, .hedged): posOK = r.posSide != .merged
        }
        if !posOK { return .failure(SimReject(code: 20004, message: "TE_ERR_INCONSISTENT_POS_MODE")) }
        var price: Price? = nil
        if r.ordType.hasLimitPrice {
            guard let p = r.price else { return .failure(SimReject(code: 10500, message: "Missing parameter - priceRp")) }
            price = p
        }
        var stopPx: Price? = nil
        if r.ordType.isConditional {
            guard let s = r.stopPx else { return .failure(SimReject(code: 10500, message: "Missing parameter - stopPxRp")) }
            stopPx = s
        }
        if let e = checkQuantity(r.quantity, spec: spec) { return .failure(e) }
        if let p = price, let e = checkPrice(p, spec: spec) { return .failure(e) }
        if let s = stopPx, let e = checkPrice(s, spec: spec) { return .failure(e) }
        let estPrice = price ?? stopPx ?? bestOpposite(si, r.side) ?? symbols[si].markPrice
        if spec.kind == .linear {
            let v = Money(raw: execValue(si, price: estPrice, qty: r.quantity.raw))
            if v < spec.minOrderValue { return .failure(SimReject(code: 11115, message: "TE_ORDER_VALUE_TOO_SMALL")) }
        }
        if !cl.isEmpty && users[u].open.contains(where: { slots[$0]?.order.clOrdID == cl }) {
            return .failure(SimReject(code: 11085, message: "TE_CL_ORD_ID_DUPLICATE"))
        }
        let key = posKey(u, si, r.posSide)
        let closingOrder =
            r.reduceOnly || r.closeOnTrigger || (r.side == .sell && r.posSide == .long)
            || (r.side == .buy && r.posSide == .short)
        if closingOrder && closable(user: u, key: key, side: r.side) == 0 {
            return .failure(SimReject(code: 11057, message: "TE_QTY_NOT_MATCH_REDUCE_ONLY"))
        }
        let (active, conditional) = openCounts(u, si)
        if r.ordType.isConditional {
            if conditional >= config.maxConditionalOrdersPerSymbol {
                return .failure(SimReject(code: 11031, message: "TE_SO_NUM_EXCEEDS"))
            }
        } else if active >= config.maxActiveOrdersPerSymbol {
            return .failure(SimReject(code: 11032, message: "TE_AO_NUM_EXCEEDS"))
        }
        var direction = SimStopDirection.unspecified
        if let s = stopPx {
            let ref = referencePrice(si, r.trigger)
            if r.side == .buy {
                if s <= ref { return .failure(SimReject(code: 11043, message: "TE_RISING_TRIGGER_DIRECTLY")) }
                direction = .rising
            } else {
                if s >= ref { return .failure(SimReject(code: 11044, message: "TE_FALLING_TRIGGER_DIRECTLY")) }
                direction = .falling
            }
        }
        if !closingOrder {
            let v = execValue(si, price: estPrice, qty: r.quantity.raw)
            let cost = SimFormat.mulDiv(v, FixedPointScale.factor, leverageRaw(u, key))
            let cur = spec.settleCurrency
            let available = (users[u].balances[cur] ?? 0) - usedBalance(u, currency: cur)
            if cost > available { return .failure(SimReject(code: 11001, message: "TE_NO_ENOUGH_AVAILABLE_BALANCE")) }
        }
        if r.ordType == .limit && r.timeInForce == .postOnly && config.postOnlyCross == .rejectOnCreate,
            let p = price, crosses(si, side: r.side, ticks: p.raw / symbols[si].tick)
        {
            return .failure(SimReject(code: config.postOnlyRejectCode, message: "CE_WILLCROSS"))
        }
        // Accepted.
        addedSeq += 1
        let order = SimOrder(
            orderID: SimFormat.uuid(idRng.next(), idRng.next()), clOrdID: cl, userID: user,
            accountID: accountID(u, currency: spec.settleCurrency), symbol: r.symbol, currency: spec.settleCurrency,
            side: r.side, posSide: r.posSide, ordType: r.ordType, timeInForce: r.timeInForce, price: price,
            stopPx: stopPx, trigger: r.ordType.isConditional ? (r.trigger ?? .markPrice) : nil,
            stopDirection: direction, reduceOnly: r.reduceOnly, closeOnTrigger: r.closeOnTrigger,
            orderQty: r.quantity, cumQty: .zero, leavesQty: r.quantity, cumValue: .zero, leavesValue: .zero,
            cumFee: .zero, closedPnl: .zero, closedSize: .zero, ordStatus: .created, execStatus: .pendingNew,
            bizError: 0, text: r.text, createdTime: now, actionTime: now, transactTime: now, addedSeq: addedSeq)
        let slot: Int
        if let f = freeSlots.popLast() { slot = f } else {
            slot = slots.count
            slots.append(nil)
        }
        var st = OrderState(order: order, symbol: si, user: u)
        st.order.leavesValue = leavesValue(si, order)
        var ack = st.order
        slots[slot] = st
        slotByOrderID[order.orderID] = slot
        users[u].open.append(slot)
        if r.ordType.isConditional {
            ack.ordStatus = .untriggered
            ack.execStatus = .registered
            slots[slot]?.untriggered = true
            slots[slot]?.order.ordStatus = .untriggered
            slots[slot]?.order.execStatus = .new
            symbols[si].stops.append(slot)
            emitPlain(slot, action: .new, execStatus: .new, now: now)
        } else {
            activate(slot, now: now)
        }
        return .success(ack)
    }

    /// Best price on the side an order of `side` would take from.
    func bestOpposite(_ si: Int, _ side: Side) -> Price? {
        let l = side == .buy ? symbols[si].asks.levels.first : symbols[si].bids.levels.first
        return l.map { Price(raw: $0.ticks &* symbols[si].tick) }
    }

    /// Emits a state event without execution data.
    mutating func emitPlain(_ slot: Int, action: SimOrderAction, execStatus: SimExecStatus, now: Timestamp) {
        emitOrderEvent(
            slot: slot, action: action, execStatus: execStatus, execQty: 0, execPrice: .zero, execValue: 0, execFee: 0,
            feeRate: .zero, execID: SimOrderEvent.zeroExecID, liquidity: nil, tradeType: nil, code: 0,
            message: "No error", cxlRejReason: 0, positionTouched: false, now: now)
    }

    /// Runs a live (non-conditional or just triggered) order: post-only check, FOK check, taker
    /// fills, then rest or cancel the remainder.
    mutating func activate(_ slot: Int, now: Timestamp) {
        guard let st = slots[slot] else { return }
        let si = st.symbol
        let o = st.order
        let limitTicks = o.ordType.hasLimitPrice ? o.price.map { $0.raw / symbols[si].tick } : nil
        let takerOnly = o.ordType == .market || o.ordType == .stop
        let crossing = takerOnly || limitTicks.map { crosses(si, side: o.side, ticks: $0) } ?? false
        if o.ordType == .limit || o.ordType == .stopLimit, o.timeInForce == .postOnly, crossing {
            finishOrder(
                slot: slot, status: .canceled, action: .new, execStatus: .canceled, code: 0, message: "CE_WILLCROSS",
                cxlRejReason: 101, now: now)
            return
        }
        var want = o.leavesQty.raw
        let cap = closableCap(slot)
        if cap == 0 {
            finishOrder(
                slot: slot, status: .canceled, action: .new, execStatus: .canceled, code: 11011,
                message: "TE_REDUCE_ONLY_ABORT", cxlRejReason: 0, now: now)
            return
        }
        if cap < want { want = cap }
        if o.timeInForce == .fillOrKill {
            let side = o.side == .buy ? symbols[si].asks : symbols[si].bids
            if want < o.leavesQty.raw || side.available(upTo: limitTicks, cap: want) < want {
                finishOrder(
                    slot: slot, status: .canceled, action: .new, execStatus: .canceled, code: 0,
                    message: "CE_NO_ENOUGH_QTY", cxlRejReason: 100, now: now)
                return
            }
        }
        slots[slot]?.order.ordStatus = .new
        slots[slot]?.order.execStatus = .new
        emitPlain(slot, action: .new, execStatus: .new, now: now)
        if crossing {
            _ = sweep(si, takerSide: o.side, qty: want, limitTicks: takerOnly ? nil : limitTicks, taker: slot, now: now)
        }
        guard let after = slots[slot] else { return }  // fully filled
        let rest = !takerOnly && (o.timeInForce == .goodTillCancel || o.timeInForce == .postOnly)
        if rest, let t = limitTicks {
            if o.side == .buy {
                symbols[si].bids.addOrder(t, slot: slot, after.order.leavesQty.raw)
            } else {
                symbols[si].asks.addOrder(t, slot: slot, after.order.leavesQty.raw)
            }
            slots[slot]?.resting = true
            markDirty(si, now: now)
        } else {
            finishOrder(
                slot: slot, status: .canceled, action: .new, execStatus: .canceled, code: 0, message: "No error",
                cxlRejReason: 0, now: now)
        }
    }

    /// Fires conditional orders of a symbol whose reference price has crossed the trigger.
    mutating func checkStops(_ si: Int, now: Timestamp) -> Bool {
        guard !symbols[si].stops.isEmpty else { return false }
        var fired: [Int] = []
        for slot in symbols[si].stops {
            guard let st = slots[slot], let stop = st.order.stopPx else { continue }
            let ref = referencePrice(si, st.order.trigger)
            if st.order.side == .buy ? ref >= stop : ref <= stop { fired.append(slot) }
        }
        guard !fired.isEmpty else { return false }
        symbols[si].stops.removeAll { fired.contains($0) }
        for slot in fired {
            guard slots[slot] != nil else { continue }
            slots[slot]?.untriggered = false
            slots[slot]?.order.ordStatus = .triggered
            slots[slot]?.order.execStatus = .new
            slots[slot]?.order.transactTime = now
            emitPlain(slot, action: .new, execStatus: .new, now: now)
            if let st = slots[slot], !isClosing(st.order, user: st.user, symbol: si) {
                // The triggered order now holds margin; refuse it after acceptance if it does not fit.
                let cur = symbols[si].instrument.spec.settleCurrency
                if (users[st.user].balances[cur] ?? 0) - usedBalance(st.user, currency: cur) < 0 {
                    finishOrder(
                        slot: slot, status: .rejected, action: .new, execStatus: .createRejected, code: 11001,
                        message: "TE: no enough available balance", cxlRejReason: 0, now: now)
                    continue
                }
            }
            activate(slot, now: now)
        }
        return true
    }
}
