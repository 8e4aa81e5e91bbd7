import MarketCore

/// Hummingbot's inventory skew: bid and ask size multipliers in [0, 2] from the inventory's
/// distance to its target, linear across a range of ± `inventory_range_multiplier` × total
/// order size (clamped to half the portfolio).
///
/// For perpetuals the inventory is the position: base amount = position (in base units),
/// portfolio value = equity (quote value). Double math, converted back in `SignalMath`.
public enum InventorySkew {
    /// Size multipliers `(bid, ask)`; `(1, 1)` when the inputs make no sense (no equity…).
    public static func ratios(
        baseAmount: Double, portfolioValue: Double, price: Double, targetBaseFraction: Double,
        totalOrderSizeBase: Double, rangeMultiplier: Double
    ) -> (bid: Double, ask: Double) {
        guard price > 0, portfolioValue > 0, totalOrderSizeBase > 0, rangeMultiplier > 0,
            baseAmount.isFinite, portfolioValue.isFinite
        else { return (1, 1) }
        var range = totalOrderSizeBase * rangeMultiplier
        range = min(range, portfolioValue * 0.5 / price)
        guard range > 0 else { return (1, 1) }
        let target = portfolioValue * targetBaseFraction / price
        let left = target - range
        let right = target + range
        let x = min(max(baseAmount, left), right)
        let bid = 2 * (right - x) / (right - left)
        return (bid, 2 - bid)
    }

    /// Base-unit amount of a quantity at `price` (linear: × contract size; inverse: contracts ×
    /// USD per contract ÷ price).
    static func baseUnits(_ q: Quantity, price: Price, spec: InstrumentSpec) -> Double {
        let n = SignalMath.double(q) * SignalMath.double(spec.contractSize)
        let p = SignalMath.double(price)
        return spec.kind == .linear ? n : (p > 0 ? n / p : 0)
    }

    /// Equity as a quote-currency value (linear: as is; inverse: coin × price).
    static func portfolioValue(equity: Money, price: Price, spec: InstrumentSpec) -> Double {
        let e = SignalMath.double(equity)
        return spec.kind == .linear ? e : e * SignalMath.double(price)
    }

    /// Net position: long − short legs in hedged mode, else the one-way position.
    static func netPosition(_ context: StrategyContext) -> Quantity {
        if !context.longPosition.isZero || !context.shortPosition.isZero {
            return context.longPosition.magnitude.subtracting(context.shortPosition.magnitude) ?? context.position
        }
        return context.position
    }
}
