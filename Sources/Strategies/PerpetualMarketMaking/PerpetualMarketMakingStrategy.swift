import MarketCore

/// Hummingbot's `perpetual_market_making`: quotes like `pure_market_making` while flat; once a
/// position is open it stops opening quotes and manages the exit instead.
///
/// * Profit taking: a reduce-only post-only quote for the whole position at entry × (1 +
///   `long_profit_taking_spread`) for a long (level `longExitLevel`), entry × (1 −
///   `short_profit_taking_spread`) for a short (level `shortExitLevel`), placed once the
///   touch is on the profitable side of the entry (ask > entry for a long) and kept until the
///   position closes or the stop loss fires. It is kept at least one tick off the opposite
///   touch so it stays a maker order.
/// * Stop loss: when the best ask falls to entry × (1 − `stop_loss_spread`) (long) or the best
///   bid rises to entry × (1 + `stop_loss_spread`) (short), a reduce-only IOC limit order
///   (`OrderProposal`, `isRiskReducing`) for the whole position at the stop price moved by
///   `stop_loss_slippage_buffer` against us; repeated every `time_between_stop_loss_orders`
///   while the trigger holds and a position remains. The profit-taking quote is withdrawn.
/// * Hedge mode: bids open with `posSide` Long, asks with Short; exits close the leg with its
///   own `posSide` (Sell+Long, Buy+Short). Both legs use the context's `averageEntryPrice`.
public struct PerpetualMarketMakingStrategy: Strategy {
    public static let name = "perpetual_market_making"
    /// Level number of the profit-taking quote closing a long.
    public static let longExitLevel = 900
    /// Level number of the profit-taking quote closing a short.
    public static let shortExitLevel = 901

    public var config: PerpetualMarketMakingConfig
    public var quoting: PureMarketMakingStrategy
    /// Whether each leg's profit-taking quote is active (long, short).
    public var takeProfitActive: [Bool] = [false, false]
    /// Time of each leg's last stop-loss order (long, short).
    public var lastStopLossAt: [Timestamp?] = [nil, nil]
    var wasInPosition = false

    public init(config: PerpetualMarketMakingConfig) {
        self.config = config
        quoting = PureMarketMakingStrategy(config: config.quoting)
        quoting.positionMode = config.positionMode.positionMode
    }

    public var symbols: [Symbol] { [config.quoting.symbol] }

    struct Leg {
        var isLong: Bool
        var size: Quantity
    }

    func legs(_ context: StrategyContext) -> [Leg] {
        let step = context.instrument.quantityStep
        var out: [Leg] = []
        if config.positionMode == .hedge {
            let l = context.longPosition.magnitude
            let s = context.shortPosition.magnitude
            if l >= step { out.append(Leg(isLong: true, size: l)) }
            if s >= step { out.append(Leg(isLong: false, size: s)) }
            if out.isEmpty, context.position.magnitude >= step {
                out.append(Leg(isLong: !context.position.isNegative, size: context.position.magnitude))
            }
        } else if context.position.magnitude >= step {
            out.append(Leg(isLong: !context.position.isNegative, size: context.position.magnitude))
        }
        return out
    }

    public mutating func decide(_ context: StrategyContext) -> StrategyDecision {
        let open = legs(context)
        for i in 0..<2 where !open.contains(where: { ($0.isLong ? 0 : 1) == i }) {
            takeProfitActive[i] = false
            lastStopLossAt[i] = nil
        }
        if open.isEmpty {
            if wasInPosition { quoting.refresher.forceRefresh = true }
            wasInPosition = false
            var flat = context
            flat.liveQuotes = context.liveQuotes.filter { $0.level < Self.longExitLevel }
            return quoting.decide(flat)
        }
        wasInPosition = true
        guard context.bookIsValid, let top = context.top, let bid = top.bidPrice, let ask = top.askPrice else {
            return StrategyDecision(quotes: [], notes: ["book not valid: exits paused"])
        }
        guard let entry = context.averageEntryPrice, entry.raw > 0 else {
            return StrategyDecision(quotes: [], notes: ["position open but entry price unknown: no quotes"])
        }
        var quotes: [QuoteProposal] = []
        var orders: [OrderProposal] = []
        var notes: [String] = []
        var wake: Timestamp?
        let hedged = config.positionMode == .hedge
        for leg in open {
            let i = leg.isLong ? 0 : 1
            let exitSide: Side = leg.isLong ? .sell : .buy
            let posSide: PositionSide = hedged ? (leg.isLong ? .long : .short) : .merged
            let size = context.instrument.roundQuantity(leg.size)
            guard let stop = QuoteShaper.offset(entry, side: exitSide.opposite, by: config.stopLossSpread) else {
                continue
            }
            let triggered = leg.isLong ? ask <= stop : bid >= stop
            if triggered {
                takeProfitActive[i] = false
                let due = lastStopLossAt[i].map { context.now - $0 >= config.timeBetweenStopLossOrders } ?? true
                if due, size.raw > 0,
                    let raw = QuoteShaper.offset(stop, side: exitSide.opposite, by: config.stopLossSlippageBuffer)
                {
                    let price = context.instrument.roundPrice(raw, side: exitSide)
                    orders.append(
                        OrderProposal(
                            symbol: config.quoting.symbol, side: exitSide, type: .limit,
                            timeInForce: .immediateOrCancel, price: price, quantity: size, reduceOnly: true,
                            positionSide: posSide, isRiskReducing: true, tag: "stop_loss"))
                    lastStopLossAt[i] = context.now
                    notes.append("stop loss \(leg.isLong ? "long" : "short") \(size) @ \(price) (stop \(stop))")
                }
                if let last = lastStopLossAt[i] {
                    let next = last + config.timeBetweenStopLossOrders
                    wake = wake.map { min($0, next) } ?? next
                }
                continue
            }
            let inProfit = leg.isLong ? ask > entry : bid < entry
            if inProfit { takeProfitActive[i] = true }
            guard takeProfitActive[i] else { continue }
            let spread = leg.isLong ? config.longProfitTakingSpread : config.shortProfitTakingSpread
            guard let target = QuoteShaper.offset(entry, side: exitSide, by: spread) else { continue }
            if let q = QuoteShaper.shape(
                side: exitSide, level: leg.isLong ? Self.longExitLevel : Self.shortExitLevel, price: target,
                quantity: size, context: context, reduceOnly: true, positionSide: posSide)
            {
                quotes.append(q)
            }
        }
        return StrategyDecision(quotes: quotes, orders: orders, wakeAt: wake, notes: notes)
    }

    public mutating func onFill(_ report: ExecutionReport, context: StrategyContext) {
        quoting.onFill(report, context: context)
    }

    public func saveState() -> [String: String] {
        var s = quoting.saveState()
        s["take_profit_active"] = takeProfitActive.map { $0 ? "1" : "0" }.joined(separator: ",")
        s["last_stop_loss_at"] = lastStopLossAt.map { $0.map { String($0.nanos) } ?? "" }.joined(separator: ",")
        return s
    }

    public mutating func restoreState(_ state: [String: String]) {
        quoting.restoreState(state)
        let tp = (state["take_profit_active"] ?? "").split(separator: ",", omittingEmptySubsequences: false)
        let sl = (state["last_stop_loss_at"] ?? "").split(separator: ",", omittingEmptySubsequences: false)
        for i in 0..<2 {
            takeProfitActive[i] = i < tp.count && tp[i] == "1"
            lastStopLossAt[i] = i < sl.count ? Int64(sl[i]).map { Timestamp(nanos: $0) } : nil
        }
    }
}
