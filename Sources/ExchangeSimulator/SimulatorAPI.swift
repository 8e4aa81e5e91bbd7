import MarketCore

extension ExchangeSimulator {
    // MARK: market

    /// Steps every synthetic market up to `now` (in `config.stepInterval` sub-steps, at most 50
    /// per call) and returns everything to publish: trades, private updates (fills of resting
    /// orders, triggers), mark ticks (every `markInterval`) and, last, one book delta per symbol
    /// whose top-`bookDepth` window changed. Also returns events left by earlier requests.
    public mutating func advance(to now: Timestamp) -> [SimEvent] {
        advanceImpl(to: now)
    }

    /// Events produced by requests since the last drain (trades and private updates). Book
    /// changes caused by requests are published by the next `advance(to:)`.
    public mutating func drainEvents() -> [SimEvent] {
        let e = outbox
        outbox.removeAll(keepingCapacity: true)
        return e
    }

    /// The current book (bids descending, asks ascending), limited to `depth` levels per side
    /// (nil = full). `sequence` is the last published delta's sequence.
    public func bookSnapshot(symbol: Symbol, depth: Int? = nil) -> SimBookSnapshot? {
        bookSnapshotImpl(symbol: symbol, depth: depth)
    }

    /// The latest trades, oldest first (at most `limit`, ≤ 1000 kept).
    public func recentTrades(symbol: Symbol, limit: Int = 1000) -> [SimTrade] {
        guard let i = symbolIndex[symbol] else { return [] }
        let t = symbols[i].recentTrades
        return Array(t.suffix(max(0, limit)))
    }

    /// 24 h-style statistics (since start) of `symbol`.
    public func ticker(symbol: Symbol) -> SimTicker? { tickerImpl(symbol: symbol) }

    /// Latest mark/index/funding of `symbol`.
    public func markTick(symbol: Symbol) -> SimMarkTick? {
        guard let i = symbolIndex[symbol] else { return nil }
        return markTickValue(i, time: now)
    }

    // MARK: test and admin hooks

    /// Moves the fair price of `symbol` (the book re-centres on the next step; resting orders
    /// crossed by the move are filled by market flow). Unknown symbol → 11027.
    public mutating func setFairPrice(symbol: Symbol, price: Price, now: Timestamp) throws(SimReject) {
        let i = try symbolIdx(symbol)
        symbols[i].fair = clampedFair(i, Double(price.raw / symbols[i].tick))
        self.now = max(self.now, now)
    }

    /// Sets mark and index price of `symbol` immediately (triggers mark-price stops) and
    /// queues a mark tick.
    public mutating func setMarkPrice(symbol: Symbol, price: Price, now: Timestamp) throws(SimReject) {
        let i = try symbolIdx(symbol)
        self.now = max(self.now, now)
        setMarkImpl(i, price: price, now: now)
        flushOperation(now: now)
    }

    /// Injects one market trade of `quantity` sweeping the book from the best level (taker side
    /// `side`): resting orders are filled in price-time priority. Returns the filled size.
    @discardableResult
    public mutating func injectMarketTrade(symbol: Symbol, side: Side, quantity: Quantity, now: Timestamp)
        throws(SimReject) -> Quantity
    {
        let i = try symbolIdx(symbol)
        self.now = max(self.now, now)
        let q = sweep(i, takerSide: side, qty: quantity.raw, limitTicks: nil, taker: nil, now: now)
        flushOperation(now: now)
        return Quantity(raw: q)
    }

    // MARK: trading

    /// Create order. Success returns the REST ack (`Created`/`PendingNew`, or
    /// `Untriggered`/`Registered` for conditionals); stream events follow via `drainEvents()`.
    public mutating func placeOrder(user: Int64, _ request: SimPlaceOrder, now: Timestamp) -> Result<SimOrder, SimReject> {
        self.now = max(self.now, now)
        let r = placeImpl(user: user, request, now: now)
        flushOperation(now: now)
        return r
    }

    /// Amend price and/or quantity (and stop price). Ack: `New`/`PendingReplace`; stream: a
    /// `Replace`/`Replaced` event. Priority is lost on a price change or a quantity increase.
    public mutating func amendOrder(user: Int64, _ request: SimAmendOrder, now: Timestamp) -> Result<SimOrder, SimReject> {
        self.now = max(self.now, now)
        let r = amendImpl(user: user, request, now: now)
        flushOperation(now: now)
        return r
    }

    /// Cancel one order. Ack: current status with `PendingCancel`; stream: `Cancel`/`Canceled`
    /// (`Deactivated` for an untriggered conditional). Unknown 10002; already cancelled 11062;
    /// filled/rejected 11063.
    public mutating func cancelOrder(
        user: Int64, symbol: Symbol, posSide: PositionSide = .merged, ref: SimOrderRef, now: Timestamp
    ) -> Result<SimOrder, SimReject> {
        self.now = max(self.now, now)
        let r = cancelImpl(user: user, symbol: symbol, ref: ref, now: now)
        flushOperation(now: now)
        return r
    }

    /// Bulk cancel (`DELETE /g-orders`, `DELETE /orders`): one result per id, in request order.
    public mutating func cancelOrders(
        user: Int64, symbol: Symbol, posSide: PositionSide = .merged, refs: [SimOrderRef], now: Timestamp
    ) -> [SimBulkCancelItem] {
        self.now = max(self.now, now)
        var out: [SimBulkCancelItem] = []
        for ref in refs {
            out.append(SimBulkCancelItem(ref: ref, result: cancelImpl(user: user, symbol: symbol, ref: ref, now: now)))
        }
        flushOperation(now: now)
        return out
    }

    /// Cancel all (`DELETE /g-orders/all`): `untriggered == false` cancels active orders
    /// (including triggered conditionals), `true` cancels untriggered conditionals. `symbol` nil
    /// = every symbol. Returns the number cancelled.
    public mutating func cancelAll(user: Int64, symbol: Symbol?, untriggered: Bool, now: Timestamp) -> Result<Int, SimReject> {
        self.now = max(self.now, now)
        let r = cancelAllImpl(user: user, symbol: symbol, untriggered: untriggered, now: now)
        flushOperation(now: now)
        return r
    }

    /// Open orders of the user (all symbols when nil), oldest first. Empty when none (the server
    /// chooses between empty `rows` and 10002).
    public func openOrders(user: Int64, symbol: Symbol?) -> Result<[SimOrder], SimReject> {
        openOrdersImpl(user: user, symbol: symbol)
    }

    /// Orders by id among open and recently closed ones (unknown ids are skipped).
    public func queryOrders(user: Int64, symbol: Symbol?, refs: [SimOrderRef]) -> Result<[SimOrder], SimReject> {
        queryImpl(user: user, symbol: symbol, refs: refs)
    }

    /// Wallet and position rows of one settle currency (USDT or BTC), marked to the current
    /// mark price. Every instrument of that currency has a row (flat ones with size 0); hedged
    /// symbols have a Long and a Short row.
    public func accountPositions(user: Int64, currency: String, now: Timestamp) -> Result<SimAccountPositions, SimReject> {
        accountPositionsImpl(user: user, currency: currency, now: now)
    }

    /// Set leverage (11004 when |leverage| > max; 20004 when one-way/hedged parameters do not
    /// match the position mode). Emits position updates.
    public mutating func setLeverage(user: Int64, _ request: SimSetLeverage, now: Timestamp) -> Result<Bool, SimReject> {
        self.now = max(self.now, now)
        let r = setLeverageImpl(user: user, request, now: now)
        flushOperation(now: now)
        return r
    }

    /// Switch a linear symbol between one-way and hedged. Refused with 20004 while the user has
    /// open orders or a position on the symbol, or for inverse symbols (one-way only).
    public mutating func setPositionMode(user: Int64, symbol: Symbol, mode: PositionMode, now: Timestamp) -> Result<Bool, SimReject> {
        self.now = max(self.now, now)
        let r = setModeImpl(user: user, symbol: symbol, mode: mode, now: now)
        flushOperation(now: now)
        return r
    }

    /// The user's position mode of `symbol` (one-way by default).
    public func positionMode(user: Int64, symbol: Symbol) -> PositionMode {
        guard let u = userIndexByID[user], let s = symbolIndex[symbol] else { return .oneWay }
        return users[u].modes[s] ?? .oneWay
    }

    /// The `aop_p` (`kind == .linear`) or `aop` (`.inverse`) snapshot: wallets of the family's
    /// currencies, every position row, open orders (as `New`/status events) plus recently closed
    /// orders. Order events in a snapshot use `action` New and the order's last `execStatus`.
    public func privateSnapshot(user: Int64, kind: ContractKind, now: Timestamp) -> SimPrivateUpdate? {
        privateSnapshotImpl(user: user, kind: kind, now: now)
    }
}
