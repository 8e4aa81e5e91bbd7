import MarketCore

/// Hummingbot's `pure_market_making`: symmetric (or skewed) ladders of post-only quotes
/// around a reference price, refreshed by time and tolerance.
///
/// Pipeline of one decision: reference price (`price_type`) → ladder (`bid_spread`,
/// `ask_spread`, `order_levels`, `order_level_spread`, `order_level_amount`) → price band
/// (`price_ceiling`/`price_floor`) → ping-pong → inventory skew → transaction costs →
/// rounding (bids down, asks up, quantity down to the step, skip levels below the minimum
/// order value) → hanging orders → refresh rules (`QuoteRefresher`).
public struct PureMarketMakingStrategy: Strategy {
    public static let name = "pure_market_making"
    public var config: PureMarketMakingConfig
    /// One-way quotes use `Merged`; hedged quotes open with `Long` (bids) / `Short` (asks).
    public var positionMode: PositionMode = .oneWay
    public var refresher = QuoteRefresher()
    public var hanging = HangingOrders()
    /// Ping-pong balance of completely filled buys and sells.
    public var filledBuys = 0
    public var filledSells = 0
    /// The last decision, if it left the quotes alone and changed no state (see
    /// `unchangedDecision`). Not persisted.
    var quiet: QuietDecision?

    public init(config: PureMarketMakingConfig) { self.config = config }

    public var symbols: [Symbol] { [config.symbol] }

    var settings: QuoteRefresher.Settings {
        QuoteRefresher.Settings(
            refreshTime: config.orderRefreshTime, tolerance: config.orderRefreshTolerancePct,
            maxOrderAge: config.maxOrderAge, filledOrderDelay: config.filledOrderDelay,
            minimumSpread: config.minimumSpread > Fraction(percent: -100) ? config.minimumSpread : nil)
    }

    public mutating func decide(_ context: StrategyContext) -> StrategyDecision {
        quiet = nil
        let before = (refresher, hanging, filledBuys, filledSells)
        let decision = decideNow(context)
        rememberIfQuiet(decision, context: context, before: before)
        return decision
    }

    mutating func decideNow(_ context: StrategyContext) -> StrategyDecision {
        guard context.bookIsValid else { return StrategyDecision(quotes: [], notes: ["book not valid: no quotes"]) }
        guard let reference = config.priceType.reference(in: context), reference.raw > 0 else {
            return StrategyDecision(quotes: [], notes: ["no \(config.priceType.rawValue): no quotes"])
        }
        let split = hanging.partition(
            live: context.liveQuotes, reference: reference, cancelPct: config.hangingOrdersCancelPct)
        var fresh = freshQuotes(reference: reference, context: context)
        fresh = HangingOrders.renumber(fresh, avoiding: split.kept, firstFree: config.orderLevels)
        let kept = split.kept.isEmpty ? [] : refresher.proposals(from: split.kept, symbol: config.symbol)
        let out = refresher.decide(
            now: context.now, symbol: config.symbol, live: split.others, fresh: fresh, reference: reference,
            kept: kept, keptChanged: split.dropped, settings: settings)
        return StrategyDecision(quotes: out.quotes, wakeAt: out.wakeAt, notes: out.note.map { [$0] } ?? [])
    }

    public mutating func onFill(_ report: ExecutionReport, context: StrategyContext) {
        quiet = nil
        guard report.kind == .fill || report.fill != nil else { return }
        refresher.noteFill(now: context.now, delay: config.filledOrderDelay)
        let complete = report.leavesQuantity.isZero || report.status == .filled
        guard complete else { return }
        if config.hangingOrdersEnabled {
            let others = context.liveQuotes.filter { $0.clientOrderID != report.clientOrderID }
            hanging.noteCompleteFill(side: report.side, live: others)
        }
        if config.pingPongEnabled {
            if report.side == .buy { filledBuys += 1 } else { filledSells += 1 }
            if filledBuys == filledSells {
                filledBuys = 0
                filledSells = 0
            }
        }
    }

    /// The quote set this strategy would place now around `reference` (before hanging orders
    /// and refresh rules): bids level by level, then asks.
    ///
    /// Levels are index ranges and the set is built in one reserved array (this runs on every
    /// decision that is not answered by `unchangedDecision`).
    public func freshQuotes(reference: Price, context: StrategyContext) -> [QuoteProposal] {
        let c = config
        let levels = max(c.orderLevels, 0)
        var buyLevels = 0..<levels
        var sellLevels = 0..<levels
        if c.priceCeiling.raw > 0 && reference >= c.priceCeiling { buyLevels = 0..<0 }
        if c.priceFloor.raw > 0 && reference <= c.priceFloor { sellLevels = 0..<0 }
        if c.pingPongEnabled {
            buyLevels = buyLevels.dropFirst(filledBuys)
            sellLevels = sellLevels.dropFirst(filledSells)
        }
        let ratios = skewRatios(reference: reference, context: context)
        let minimumSpread = settings.minimumSpread
        var out: [QuoteProposal] = []
        out.reserveCapacity(buyLevels.count + sellLevels.count)
        func add(_ side: Side, _ levels: Range<Int>, _ spread0: Fraction, _ ratio: Double) {
            for level in levels {
                guard let extra = c.orderLevelSpread.times(level), let spread = spread0.adding(extra),
                    let extraAmount = c.orderLevelAmount.multiplied(by: Int64(level)),
                    let amount = c.orderAmount.adding(extraAmount)
                else { continue }
                if let min = minimumSpread, spread < min { continue }
                guard var price = QuoteShaper.offset(reference, side: side, by: spread) else { continue }
                if c.addTransactionCosts,
                    let p = QuoteShaper.offset(price, side: side, by: Fraction(context.makerFeeRate))
                {
                    price = p
                }
                var quantity = amount
                if ratio != 1, let q = SignalMath.quantity(SignalMath.double(amount) * ratio) { quantity = q }
                if let q = QuoteShaper.shape(
                    side: side, level: level, price: price, quantity: quantity, context: context,
                    positionSide: openingSide(side))
                {
                    out.append(q)
                }
            }
        }
        add(.buy, buyLevels, c.bidSpread, ratios.bid)
        add(.sell, sellLevels, c.askSpread, ratios.ask)
        return QuoteShaper.uncrossed(out, spec: context.instrument)
    }

    /// Inventory-skew size multipliers (1, 1 when disabled).
    func skewRatios(reference: Price, context: StrategyContext) -> (bid: Double, ask: Double) {
        guard config.inventorySkewEnabled else { return (1, 1) }
        let spec = context.instrument
        var total = Quantity.zero
        for level in 0..<max(config.orderLevels, 0) {
            guard let extra = config.orderLevelAmount.multiplied(by: Int64(level)),
                let amount = config.orderAmount.adding(extra), let sum = total.adding(amount)
            else { return (1, 1) }
            total = sum
        }
        return InventorySkew.ratios(
            baseAmount: InventorySkew.baseUnits(InventorySkew.netPosition(context), price: reference, spec: spec),
            portfolioValue: InventorySkew.portfolioValue(equity: context.equity, price: reference, spec: spec),
            price: SignalMath.double(reference),
            targetBaseFraction: SignalMath.double(config.inventoryTargetBasePct),
            totalOrderSizeBase: InventorySkew.baseUnits(total, price: reference, spec: spec),
            rangeMultiplier: SignalMath.double(config.inventoryRangeMultiplier))
    }

    func openingSide(_ side: Side) -> PositionSide {
        positionMode == .hedged ? (side == .buy ? .long : .short) : .merged
    }

    public func saveState() -> [String: String] {
        var s = refresher.stateFields()
        s["hanging"] = hanging.ids.map(\.value).joined(separator: ",")
        s["filled_buys"] = String(filledBuys)
        s["filled_sells"] = String(filledSells)
        return s
    }

    public mutating func restoreState(_ state: [String: String]) {
        quiet = nil
        refresher.restore(from: state)
        hanging.ids = (state["hanging"] ?? "").split(separator: ",").compactMap { ClientOrderID(String($0)) }.sorted()
        filledBuys = state["filled_buys"].flatMap { Int($0) } ?? 0
        filledSells = state["filled_sells"].flatMap { Int($0) } ?? 0
    }
}

extension QuoteRefresher {
    /// Timer fields as strings for `Strategy.saveState()`.
    func stateFields() -> [String: String] {
        var s: [String: String] = [:]
        if let t = lastRefreshAt { s["last_refresh_at"] = String(t.nanos) }
        if let t = createAllowedAt { s["create_allowed_at"] = String(t.nanos) }
        return s
    }

    /// Restores the timer fields; a resumed strategy refreshes at the first decision.
    mutating func restore(from state: [String: String]) {
        lastRefreshAt = state["last_refresh_at"].flatMap { Int64($0) }.map { Timestamp(nanos: $0) }
        createAllowedAt = state["create_allowed_at"].flatMap { Int64($0) }.map { Timestamp(nanos: $0) }
        forceRefresh = true
    }
}
