import MarketCore
import Strategies

/// Exchange error codes the tracker treats specially (PROTOCOL.md §9).
enum ExchangeCode {
    static let duplicates: [Int] = [10001, 11033, 11085, 19999]
    static let notFound = 10002
    static let pending: [Int] = [10003, 10004, 10005, 11064]
    static let alreadyPendingCancel = 11061
    static let alreadyCanceled = 11062
    static let cannotCancel = 11063
    static let notModified = 11065
    static let capCodes: [Int] = [11031, 11032]
    static let oiLimit = 11150
    static let banned = 11022
    static let postOnlyCross = 101
    static let rateLimited = 39995
}

extension OrderTracker {
    /// Applies the adapter's answer to a command: header sync, acks, rejects (error budget,
    /// caps, bans), 429 freezes, and UNKNOWN outcomes (resolved by a query by clOrdID before
    /// anything is re-sent; a resend reuses the same clOrdID).
    public mutating func handle(_ result: CommandResult, now: Timestamp) -> [TrackerAction] {
        var out: [TrackerAction] = []
        if now > lastNow { lastNow = now }
        syncHeaders(result.rateLimits, symbol: result.command.symbol, now: now)
        switch result.outcome {
        case .acknowledged:
            overloadStep = 0
            consecutiveAuthErrors = 0
            for r in result.reports { apply(r, now: now, out: &out) }
            acknowledged(result, now: now, out: &out)
        case .rejected(let code, let message):
            for r in result.reports { apply(r, now: now, out: &out) }
            rejected(result.command, code: code, message: message, http: result.httpStatus, now: now, out: &out)
        case .rateLimited(let retry):
            var gi: Int? = orderGroup
            var retryAfter = retry
            if let st = result.rateLimits.first(where: { $0.retryAfterSeconds != nil }) {
                retryAfter = retryAfter ?? st.retryAfterSeconds
                if let g = groups.firstIndex(where: { $0.rule.header.lowercased() == st.group.lowercased() }) { gi = g }
            } else if retry == nil && result.rateLimits.isEmpty {
                gi = nil
            }
            rateLimited(groupIndex: gi, retryAfterSeconds: retryAfter, now: now, out: &out)
            notExecuted(result.command, now: now, out: &out)
        case .unknown(let reason):
            counters.unknownOutcomes += 1
            unknownOutcome(result.command, reason: reason, http: result.httpStatus, now: now, out: &out)
        }
        pump(now: now, out: &out)
        return out
    }

    mutating func acknowledged(_ result: CommandResult, now: Timestamp, out: inout [TrackerAction]) {
        switch result.command {
        case .queryOrder(let id, _):
            if !result.reports.contains(where: { $0.clientOrderID == id }) { notFound(id, now: now, out: &out) }
        case .fetchOpenOrders(let symbol):
            guard let si = Self.symbolIndex(symbol, in: symbols) else { return }
            let listed = result.reports.compactMap { $0.clientOrderID }
            symbols[si].foreignOpen = result.reports.filter { r in r.status.isOpen && (r.clientOrderID.map { ownSequence($0) == nil } ?? true) }.count
            for r in result.reports {
                if let id = r.clientOrderID, ownSequence(id) != nil, locate(id) == nil, r.status.isOpen { adoptOne(r, now: now, out: &out) }
            }
            for oi in symbols[si].orders.indices {
                let o = symbols[si].orders[oi]
                if !listed.contains(o.clientOrderID) && now - o.lastUpdate >= config.reconcileGrace { symbols[si].orders[oi].queryWanted = true }
            }
        default:
            break
        }
    }

    mutating func rejected(_ command: ExchangeCommand, code: Int, message: String, http: Int?, now: Timestamp, out: inout [TrackerAction]) {
        let symbol = command.symbol
        auditEvent(
            kindOf(command), symbol: symbol, id: idsOf(command).first, rule: .none, reason: .exchangeReject, detail: "code \(code) \(message.prefix(120))",
            now: now, out: &out)
        // account-level codes
        if code == ExchangeCode.banned {
            setAccountState(.halted, until: nil, latch: true, rule: .r17, reason: .banned, detail: "11022 banned", now: now, out: &out)
        }
        let isAuth = http == 401 || (code == 10500 && (message.lowercased().contains("signature") || message.lowercased().contains("api key")))
        if isAuth {
            consecutiveAuthErrors += 1
            if consecutiveAuthErrors >= rules.errors.maxConsecutiveAuth {
                setAccountState(.halted, until: nil, latch: true, rule: .r17, reason: .authFailures, detail: "\(consecutiveAuthErrors) auth failures", now: now, out: &out)
            }
        }
        if code == ExchangeCode.rateLimited {
            rateLimited(groupIndex: orderGroup, retryAfterSeconds: nil, now: now, out: &out)
            notExecuted(command, now: now, out: &out)
            return
        }
        let expected =
            [ExchangeCode.notFound, ExchangeCode.alreadyCanceled, ExchangeCode.alreadyPendingCancel, ExchangeCode.cannotCancel,
             ExchangeCode.notModified, ExchangeCode.postOnlyCross].contains(code)
            || ExchangeCode.pending.contains(code) || ExchangeCode.duplicates.contains(code)
        if !expected { recordError(symbol: symbol, code: code, now: now, out: &out)}
        if let symbol, let si = Self.symbolIndex(symbol, in: symbols) {
            if ExchangeCode.capCodes.contains(code) {
                setSymbolState(si, .reducing, until: now + .seconds(Int64(rules.ratios.otr10m.reducingSeconds)), rule: .r5, reason: .capPerSymbol, now: now, out: &out)
            } else if code == ExchangeCode.oiLimit {
                setSymbolState(si, .reducing, until: now + .seconds(Int64(rules.ratios.otr10m.reducingSeconds)), rule: .r19, reason: .reducingOnly, now: now, out: &out)
            }
        }
        switch command {
        case .place(let req):
            guard let (si, oi) = locate(req.clientOrderID) else { return }
            if ExchangeCode.duplicates.contains(code) {
                // it exists: fetch it rather than resend
                _ = symbols[si].orders[oi].apply(.unknownOutcome, now: now)
                symbols[si].orders[oi].queryWanted = true
            } else {
                _ = symbols[si].orders[oi].apply(.rejected, now: now)
                finishIfTerminal(si: si, id: req.clientOrderID, now: now)
            }
        case .amend(let id, _, _, _, _):
            guard let (si, oi) = locate(id) else { return }
            symbols[si].orders[oi].pendingPrice = nil
            symbols[si].orders[oi].pendingQuantity = nil
            if code == ExchangeCode.notFound || code == ExchangeCode.cannotCancel {
                _ = symbols[si].orders[oi].apply(.unknownOutcome, now: now)
                symbols[si].orders[oi].queryWanted = true
            } else {
                _ = symbols[si].orders[oi].apply(.amendRejected, now: now)
                symbols[si].reconcileAt = now + .millis(Int64(rules.lifecycle.minRestHardMs))
            }
        case .cancel(let id, _, _):
            cancelRejected(id, code: code, now: now, out: &out)
        case .cancelBulk(let ids, _, _):
            for id in ids { cancelRejected(id, code: code, now: now, out: &out) }
        case .queryOrder(let id, _):
            if code == ExchangeCode.notFound {
                notFound(id, now: now, out: &out)
            } else if let (si, oi) = locate(id) {
                retryLater(si: si, oi: oi, schedule: rules.retry.readBackoffMs, now: now)
                symbols[si].orders[oi].queryWanted = true
            }
        case .fetchOpenOrders, .fetchPositions:
            break
        }
    }

    mutating func cancelRejected(_ id: ClientOrderID, code: Int, now: Timestamp, out: inout [TrackerAction]) {
        guard let (si, oi) = locate(id) else { return }
        switch code {
        case ExchangeCode.notFound, ExchangeCode.alreadyCanceled:
            _ = symbols[si].orders[oi].apply(.canceled, now: now)
            if code == ExchangeCode.notFound { symbols[si].orders[oi].queryWanted = true }
            finishIfTerminal(si: si, id: id, now: now)
        case ExchangeCode.alreadyPendingCancel:
            break
        case ExchangeCode.cannotCancel:
            symbols[si].orders[oi].queryWanted = true
        default:
            _ = symbols[si].orders[oi].apply(.cancelRejected, now: now)
            if symbols[si].orders[oi].cancelWanted {
                retryLater(si: si, oi: oi, schedule: rules.retry.overloadBackoffMs, now: now)
            } else {
                symbols[si].reconcileAt = now + .millis(Int64(rules.retry.overloadBackoffMs.first ?? 500))
            }
        }
    }

    /// A query found nothing: a one-off order is re-sent under the same clOrdID, a quote is
    /// forgotten (the next reconciliation regenerates it).
    mutating func notFound(_ id: ClientOrderID, now: Timestamp, out: inout [TrackerAction]) {
        guard let (si, oi) = locate(id) else { return }
        let o = symbols[si].orders[oi]
        if o.state == .unknown && o.role == .single && !o.cancelWanted && o.filledQuantity.isZero {
            symbols[si].orders[oi].resendWanted = true
            symbols[si].orders[oi].retryAt = nil
            return
        }
        if !symbols[si].orders[oi].apply(.notFound, now: now) {
            // not in Unknown: the order is gone anyway
            if !symbols[si].orders[oi].apply(.canceled, now: now) { counters.refusedEvents += 1 }
        }
        finishIfTerminal(si: si, id: id, now: now)
    }

    /// 429 or similar: the request did not execute.
    mutating func notExecuted(_ command: ExchangeCommand, now: Timestamp, out: inout [TrackerAction]) {
        let until = groups[orderGroup].frozenUntil ?? (now + .seconds(1))
        switch command {
        case .place(let req):
            guard let (si, oi) = locate(req.clientOrderID) else { return }
            let o = symbols[si].orders.remove(at: oi)
            if o.role == .single {
                let p = OrderProposal(
                    symbol: o.symbol, side: o.side, type: o.type, timeInForce: o.timeInForce, price: o.price, stopPrice: o.stopPrice,
                    quantity: o.quantity, reduceOnly: o.reduceOnly, positionSide: o.positionSide, trigger: o.trigger, isRiskReducing: o.isRisk,
                    tag: o.tag)
                queued.append(QueuedOrder(id: o.clientOrderID, sequence: o.sequence, proposal: p, retryAt: until, expiresAt: until + config.queuedOrderExpiry))
            } else {
                symbols[si].reconcileAt = until
            }
        case .amend(let id, _, _, _, _):
            guard let (si, oi) = locate(id) else { return }
            _ = symbols[si].orders[oi].apply(.amendRejected, now: now)
            symbols[si].reconcileAt = until
        case .cancel(let id, _, _):
            requeueCancel(id, until: until, now: now)
        case .cancelBulk(let ids, _, _):
            for id in ids { requeueCancel(id, until: until, now: now) }
        case .queryOrder(let id, _):
            guard let (si, oi) = locate(id) else { return }
            symbols[si].orders[oi].queryWanted = true
            symbols[si].orders[oi].retryAt = until
        case .fetchOpenOrders, .fetchPositions:
            break
        }
    }

    mutating func requeueCancel(_ id: ClientOrderID, until: Timestamp, now: Timestamp) {
        guard let (si, oi) = locate(id) else { return }
        _ = symbols[si].orders[oi].apply(.cancelRejected, now: now)
        if symbols[si].orders[oi].cancelWanted {
            symbols[si].orders[oi].retryAt = until
        } else {
            symbols[si].reconcileAt = until
        }
    }

    /// Timeout/5xx: the action may have happened. Orders go Unknown and are queried (writes) or
    /// retried (cancels, idempotent) with back-off starting at ≥ 500 ms; after a 503 new orders
    /// wait for the back-off too.
    mutating func unknownOutcome(_ command: ExchangeCommand, reason: String, http: Int?, now: Timestamp, out: inout [TrackerAction]) {
        let steps = rules.retry.overloadBackoffMs
        let stepMs = Int64(steps.isEmpty ? 500 : steps[min(overloadStep, steps.count - 1)])
        overloadStep += 1
        let jitter = Int64(rng.next() % UInt64(max(1, stepMs * Int64(rules.retry.jitterPct) / 100) + 1))
        let until = now + .millis(stepMs + jitter)
        overloadUntil = max(overloadUntil ?? until, until)
        auditEvent(
            kindOf(command), symbol: command.symbol, id: idsOf(command).first, rule: .r18, reason: .unknownOutcome,
            detail: "\(http.map { "HTTP \($0) " } ?? "")\(reason.prefix(80)); back-off \(stepMs + jitter) ms", now: now, out: &out)
        let ids = idsOf(command)
        for id in ids {
            guard let (si, oi) = locate(id) else { continue }
            let o = symbols[si].orders[oi]
            switch command {
            case .cancel, .cancelBulk:
                // a cancel retry is idempotent: keep wanting it
                _ = symbols[si].orders[oi].apply(.unknownOutcome, now: now)
                symbols[si].orders[oi].cancelWanted = true
                symbols[si].orders[oi].cancelIsRisk = symbols[si].orders[oi].cancelIsRisk || o.isRisk
                symbols[si].orders[oi].retryAt = until
            case .queryOrder:
                symbols[si].orders[oi].queryWanted = true
                symbols[si].orders[oi].retryAt = until
            default:
                _ = symbols[si].orders[oi].apply(.unknownOutcome, now: now)
                symbols[si].orders[oi].queryWanted = true
                symbols[si].orders[oi].retryAt = until
            }
        }
    }

    mutating func retryLater(si: Int, oi: Int, schedule: [Int], now: Timestamp) {
        let n = symbols[si].orders[oi].retryCount
        let ms = Int64(schedule.isEmpty ? 1000 : schedule[min(n, schedule.count - 1)])
        symbols[si].orders[oi].retryCount = n + 1
        symbols[si].orders[oi].retryAt = now + .millis(ms)
    }

    func idsOf(_ c: ExchangeCommand) -> [ClientOrderID] {
        switch c {
        case .place(let r): return [r.clientOrderID]
        case .amend(let id, _, _, _, _), .cancel(let id, _, _), .queryOrder(let id, _): return [id]
        case .cancelBulk(let ids, _, _): return ids
        case .fetchOpenOrders, .fetchPositions: return []
        }
    }

    func kindOf(_ c: ExchangeCommand) -> IntentKind {
        switch c {
        case .place: return .new
        case .amend: return .amend
        case .cancel: return .cancel
        case .cancelBulk: return .cancelAll
        case .queryOrder: return .query
        case .fetchOpenOrders, .fetchPositions: return .fetch
        }
    }
}
