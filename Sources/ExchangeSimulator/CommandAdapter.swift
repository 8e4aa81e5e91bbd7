import MarketCore

/// In-process adapter: runs MarketCore `ExchangeCommand`s against the simulator and turns its
/// events into `ExchangeEvent`s, so an engine or a backtest can use the simulator without the
/// wire (no rate limits, no latency).
extension ExchangeSimulator {
    /// Executes one command for `user` and returns the result an adapter would report. Stream
    /// events caused by the command are left for `drainEvents()`.
    public mutating func execute(_ command: ExchangeCommand, commandID: UInt64, user: Int64, now: Timestamp) -> CommandResult {
        func result(_ outcome: CommandOutcome, reports: [ExecutionReport] = [], positions: [PositionReport] = [],
                    balances: [BalanceReport] = []) -> CommandResult {
            CommandResult(
                commandID: commandID, command: command, outcome: outcome, reports: reports, positions: positions,
                balances: balances, httpStatus: 200, time: now)
        }
        func orderResult(_ r: Result<SimOrder, SimReject>) -> CommandResult {
            switch r {
            case .success(let o): return result(.acknowledged, reports: [o.executionReport(kind: .status, time: now)])
            case .failure(let e): return result(.rejected(code: e.code, message: e.message))
            }
        }
        switch command {
        case .place(let r):
            let req = SimPlaceOrder(
                symbol: r.symbol, clOrdID: r.clientOrderID.value, side: r.side, posSide: r.positionSide,
                ordType: r.type, timeInForce: r.timeInForce, price: r.price, stopPx: r.stopPrice, trigger: r.trigger,
                quantity: r.quantity, reduceOnly: r.reduceOnly)
            return orderResult(placeOrder(user: user, req, now: now))
        case .amend(let id, let symbol, let posSide, let price, let quantity):
            let req = SimAmendOrder(symbol: symbol, posSide: posSide, ref: .clOrdID(id.value), price: price, quantity: quantity)
            return orderResult(amendOrder(user: user, req, now: now))
        case .cancel(let id, let symbol, let posSide):
            return orderResult(cancelOrder(user: user, symbol: symbol, posSide: posSide, ref: .clOrdID(id.value), now: now))
        case .cancelBulk(let ids, let symbol, let posSide):
            let items = cancelOrders(user: user, symbol: symbol, posSide: posSide, refs: ids.map { .clOrdID($0.value) }, now: now)
            var reports: [ExecutionReport] = []
            var firstError: SimReject? = nil
            for item in items {
                switch item.result {
                case .success(let o): reports.append(o.executionReport(kind: .status, time: now))
                case .failure(let e): if firstError == nil { firstError = e }
                }
            }
            if reports.isEmpty, let e = firstError { return result(.rejected(code: e.code, message: e.message)) }
            return result(.acknowledged, reports: reports)
        case .queryOrder(let id, let symbol):
            switch queryOrders(user: user, symbol: symbol, refs: [.clOrdID(id.value)]) {
            case .success(let orders) where !orders.isEmpty:
                return result(.acknowledged, reports: orders.map { $0.executionReport(kind: .status, time: now) })
            case .success: return result(.rejected(code: 10002, message: "OM_ORDER_NOT_FOUND"))
            case .failure(let e): return result(.rejected(code: e.code, message: e.message))
            }
        case .fetchOpenOrders(let symbol):
            switch openOrders(user: user, symbol: symbol) {
            case .success(let orders):
                return result(.acknowledged, reports: orders.map { $0.executionReport(kind: .status, time: now) })
            case .failure(let e): return result(.rejected(code: e.code, message: e.message))
            }
        case .fetchPositions(let currency):
            switch accountPositions(user: user, currency: currency, now: now) {
            case .success(let ap):
                return result(
                    .acknowledged, positions: ap.positions.map(\.positionReport),
                    balances: [ap.account.balanceReport(time: now)])
            case .failure(let e): return result(.rejected(code: e.code, message: e.message))
            }
        }
    }

    /// Maps simulator events to what an exchange adapter would push to the engine of `user`:
    /// book changes become the current top of book, trades and marks pass through, and the
    /// user's private updates become execution, position and balance events.
    public func exchangeEvents(_ events: [SimEvent], user: Int64) -> [ExchangeEvent] {
        var out: [ExchangeEvent] = []
        for e in events {
            switch e {
            case .book(let u):
                if var top = bookSnapshot(symbol: u.symbol, depth: 1)?.topOfBook {
                    top.sequence = u.sequence
                    top.time = u.timestamp
                    out.append(.book(top))
                }
            case .trades(let b):
                for t in b.tradeTicks { out.append(.trade(t)) }
            case .mark(let m):
                out.append(.mark(m.markPriceTick))
            case .privateUpdate(let p):
                guard p.userID == user else { continue }
                for o in p.orders { out.append(.execution(o.executionReport)) }
                for pos in p.positions { out.append(.position(pos.positionReport)) }
                for a in p.accounts { out.append(.balance(a.balanceReport(time: p.time))) }
            }
        }
        return out
    }
}
