import Foundation  // log and exp only
import MarketCore

/// Hummingbot's `avellaneda_market_making` (Avellaneda–Stoikov 2008), infinite horizon.
///
/// With s the mid, q the normalised inventory ((position − target) ÷ equity-in-base, as
/// Hummingbot), γ = `risk_factor`, σ from `VolatilityEstimator`, κ from
/// `TradingIntensityEstimator` and the horizon factor (T − t) ≡ 1 (Hummingbot's "infinite"
/// execution timeframe):
///
/// * reservation price r = s − q·γ·σ²·(T − t)
/// * optimal spread δ = γ·σ²·(T − t) + (2/γ)·ln(1 + γ/κ)
/// * bid = r − δ/2, ask = r + δ/2, never inside s·(1 ∓ `min_spread`/2)
/// * level i moves a further i × `level_distances` × δ/2 away
/// * sizes: with η = `order_amount_shape_factor` and q_b the base-unit inventory excess, bids
///   shrink by e^(−η·q_b) when long, asks by e^(η·q_b) when short.
///
/// Until both estimator buffers are full it quotes the fallback s·(1 ∓ `min_spread`/2).
/// Quotes then go through the common rounding and refresh rules.
public struct AvellanedaMarketMakingStrategy: Strategy {
    public static let name = "avellaneda_market_making"
    public var config: AvellanedaMarketMakingConfig
    public var refresher = QuoteRefresher()
    public var volatility: VolatilityEstimator
    public var intensity: TradingIntensityEstimator
    var lastMid: Price?
    var lastTick: Price?

    /// The last model values (for logs and tests).
    public struct Model: Sendable, Equatable {
        public var reservationPrice: Double
        public var optimalSpread: Double
        public var sigma: Double
        public var kappa: Double
        public var q: Double
    }
    public var lastModel: Model?

    public init(config: AvellanedaMarketMakingConfig) {
        self.config = config
        volatility = VolatilityEstimator(capacity: config.volatilityBufferSize)
        intensity = TradingIntensityEstimator(capacity: config.tradingIntensityBufferSize)
    }

    public var symbols: [Symbol] { [config.symbol] }

    var settings: QuoteRefresher.Settings {
        QuoteRefresher.Settings(
            refreshTime: config.orderRefreshTime, tolerance: config.orderRefreshTolerancePct,
            maxOrderAge: config.maxOrderAge, filledOrderDelay: config.filledOrderDelay, minimumSpread: nil)
    }

    /// `true` once σ and κ can be estimated.
    public var isModelReady: Bool { volatility.isReady && intensity.isReady && intensity.kappa != nil }

    public mutating func decide(_ context: StrategyContext) -> StrategyDecision {
        guard context.bookIsValid, let mid = context.top?.mid, mid.raw > 0 else {
            return StrategyDecision(quotes: [], notes: ["book not valid: no quotes"])
        }
        volatility.observe(mid: mid, at: context.now)
        lastMid = mid
        lastTick = context.instrument.tickSize
        var notes: [String] = []
        let fresh = freshQuotes(mid: mid, context: context, notes: &notes)
        let out = refresher.decide(
            now: context.now, symbol: config.symbol, live: context.liveQuotes, fresh: fresh, reference: mid,
            settings: settings)
        if let n = out.note { notes.append(n) }
        return StrategyDecision(quotes: out.quotes, wakeAt: out.wakeAt, notes: out.quotes == nil ? [] : notes)
    }

    public mutating func onTrade(_ trade: TradeTick) {
        guard trade.symbol == config.symbol, let mid = lastMid, let tick = lastTick else { return }
        intensity.observe(price: trade.price, mid: mid, tick: tick, at: trade.time)
    }

    public mutating func onFill(_ report: ExecutionReport, context: StrategyContext) {
        refresher.noteFill(now: context.now, delay: config.filledOrderDelay)
    }

    /// Bid and ask prices of level 0 (Double, before rounding) and the half-spread step.
    mutating func model(mid: Price, context: StrategyContext, notes: inout [String]) -> (bid: Double, ask: Double, half: Double, qBase: Double) {
        let spec = context.instrument
        let s = SignalMath.double(mid)
        // at least half a tick each side, so an on-tick mid never puts bid and ask together
        let minHalf = max(s * SignalMath.double(config.minSpread) / 2, SignalMath.double(spec.tickSize) / 2)
        let position = InventorySkew.baseUnits(InventorySkew.netPosition(context), price: mid, spec: spec)
        let portfolio = InventorySkew.portfolioValue(equity: context.equity, price: mid, spec: spec)
        let target = portfolio > 0 ? portfolio * SignalMath.double(config.inventoryTargetBasePct) / s : 0
        let qBase = position - target
        guard isModelReady, let kappa = intensity.kappa else {
            notes.append(
                "warming up: volatility \(volatility.count)/\(volatility.capacity), intensity \(intensity.count)/\(intensity.capacity); min_spread quotes")
            lastModel = nil
            return (s - minHalf, s + minHalf, minHalf, qBase)
        }
        let orderBase = InventorySkew.baseUnits(config.orderAmount, price: mid, spec: spec)
        let inventoryBase = portfolio > 0 ? portfolio / s : orderBase
        let q = inventoryBase > 0 ? qBase / inventoryBase : 0
        let gamma = SignalMath.double(config.riskFactor)
        let sigma = volatility.sigma
        let variance = sigma * sigma
        let horizon = 1.0
        let r = s - q * gamma * variance * horizon
        let delta = gamma * variance * horizon + (2 / gamma) * log(1 + gamma / kappa)
        lastModel = Model(reservationPrice: r, optimalSpread: delta, sigma: sigma, kappa: kappa, q: q)
        notes.append("r=\(r) delta=\(delta) sigma=\(sigma) kappa=\(kappa) q=\(q)")
        let bid = min(r - delta / 2, s - minHalf)
        let ask = max(r + delta / 2, s + minHalf)
        return (bid, ask, delta / 2, qBase)
    }

    mutating func freshQuotes(mid: Price, context: StrategyContext, notes: inout [String]) -> [QuoteProposal] {
        let m = model(mid: mid, context: context, notes: &notes)
        let eta = SignalMath.double(config.orderAmountShapeFactor)
        let amount = SignalMath.double(config.orderAmount)
        let bidSize = m.qBase > 0 ? amount * exp(-eta * m.qBase) : amount
        let askSize = m.qBase < 0 ? amount * exp(eta * m.qBase) : amount
        let step = m.half * SignalMath.double(config.levelDistances)
        var out: [QuoteProposal] = []
        for level in 0..<max(config.orderLevels, 0) {
            for side in [Side.buy, Side.sell] {
                let raw = side == .buy ? m.bid - Double(level) * step : m.ask + Double(level) * step
                guard var price = SignalMath.price(raw, roundingUp: side == .sell),
                    let quantity = SignalMath.quantity(side == .buy ? bidSize : askSize)
                else { continue }
                if config.addTransactionCosts,
                    let p = QuoteShaper.offset(price, side: side, by: Fraction(context.makerFeeRate))
                {
                    price = p
                }
                if let q = QuoteShaper.shape(side: side, level: level, price: price, quantity: quantity, context: context) {
                    out.append(q)
                }
            }
        }
        return QuoteShaper.uncrossed(out, spec: context.instrument)
    }

    public func saveState() -> [String: String] { refresher.stateFields() }
    public mutating func restoreState(_ state: [String: String]) { refresher.restore(from: state) }
}
