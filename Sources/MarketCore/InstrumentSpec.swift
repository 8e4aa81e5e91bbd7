/// Which margin family an instrument belongs to; it decides the wire schema and PnL formula.
public enum ContractKind: String, Sendable, Codable {
    /// USDT/USDC-margined linear perpetual: decimal strings on the wire, quantity in base coin.
    case linear
    /// COIN-margined inverse perpetual: scaled integers on the wire, quantity in contracts.
    case inverse
}

/// Why an instrument, a price or a quantity was refused.
public enum InstrumentError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidSpec(String)
    case priceOffTick(Price)
    case priceTooLow(Price)
    case priceTooHigh(Price)
    case quantityOffStep(Quantity)
    case quantityNotPositive(Quantity)
    case quantityTooLarge(Quantity)
    case notionalTooSmall(Money)
    case overflow

    public var description: String {
        switch self {
        case .invalidSpec(let s): return "invalid instrument spec: \(s)"
        case .priceOffTick(let p): return "price \(p) is not on the tick grid"
        case .priceTooLow(let p): return "price \(p) below the minimum price"
        case .priceTooHigh(let p): return "price \(p) above the maximum price"
        case .quantityOffStep(let q): return "quantity \(q) is not a multiple of the step"
        case .quantityNotPositive(let q): return "quantity \(q) must be positive"
        case .quantityTooLarge(let q): return "quantity \(q) above the maximum order quantity"
        case .notionalTooSmall(let m): return "order value \(m) below the minimum order value"
        case .overflow: return "arithmetic overflow"
        }
    }
}

/// Everything needed to price, size and validate orders on one instrument.
///
/// Prices are rounded side-aware: bids down and asks up to the tick, so rounding never makes
/// a quote more aggressive. Quantities round down to the step.
public struct InstrumentSpec: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var kind: ContractKind
    /// Minimum price increment.
    public var tickSize: Price
    /// Quantity increment (base coin for linear, contracts for inverse).
    public var quantityStep: Quantity
    /// Minimum order notional in the settle currency (linear) — 0 when not enforced.
    public var minOrderValue: Money
    /// Maximum quantity of one order.
    public var maxOrderQuantity: Quantity
    public var minPrice: Price
    public var maxPrice: Price
    /// Contract size: 1 base unit for linear, USD per contract for inverse.
    public var contractSize: Quantity
    /// COIN-M price scale (`priceEp = price × 10^priceScale`); 0 for linear.
    public var priceScale: Int
    /// Value scale of the settle currency for `Ev` fields (BTC 8); 0 for linear.
    public var valueScale: Int
    public var settleCurrency: String
    public var quoteCurrency: String
    public var baseCurrency: String

    public init(
        symbol: Symbol, kind: ContractKind, tickSize: Price, quantityStep: Quantity,
        minOrderValue: Money, maxOrderQuantity: Quantity, minPrice: Price, maxPrice: Price,
        contractSize: Quantity = Quantity(raw: FixedPointScale.factor), priceScale: Int = 0,
        valueScale: Int = 0, settleCurrency: String, quoteCurrency: String, baseCurrency: String
    ) throws(InstrumentError) {
        self.symbol = symbol
        self.kind = kind
        self.tickSize = tickSize
        self.quantityStep = quantityStep
        self.minOrderValue = minOrderValue
        self.maxOrderQuantity = maxOrderQuantity
        self.minPrice = minPrice
        self.maxPrice = maxPrice
        self.contractSize = contractSize
        self.priceScale = priceScale
        self.valueScale = valueScale
        self.settleCurrency = settleCurrency
        self.quoteCurrency = quoteCurrency
        self.baseCurrency = baseCurrency
        try validate()
    }

    /// Checks every value for sense (positive tick and step, ordered bounds, scales in range).
    public func validate() throws(InstrumentError) {
        if symbol.name.isEmpty { throw .invalidSpec("empty symbol") }
        if tickSize.raw <= 0 { throw .invalidSpec("tickSize must be positive") }
        if quantityStep.raw <= 0 { throw .invalidSpec("quantityStep must be positive") }
        if minOrderValue.raw < 0 { throw .invalidSpec("minOrderValue must not be negative") }
        if maxOrderQuantity.raw < quantityStep.raw { throw .invalidSpec("maxOrderQuantity below quantityStep") }
        if minPrice.raw < 0 || maxPrice.raw <= minPrice.raw { throw .invalidSpec("price bounds out of order") }
        if contractSize.raw <= 0 { throw .invalidSpec("contractSize must be positive") }
        if priceScale < 0 || priceScale > 9 { throw .invalidSpec("priceScale out of 0...9") }
        if valueScale < 0 || valueScale > 9 { throw .invalidSpec("valueScale out of 0...9") }
        if settleCurrency.isEmpty { throw .invalidSpec("empty settle currency") }
    }

    /// Rounds a price to the tick grid so that it is never more aggressive: bids down, asks up.
    public func roundPrice(_ price: Price, side: Side) -> Price {
        side == .buy ? price.roundedDown(toMultipleOf: tickSize) : price.roundedUp(toMultipleOf: tickSize)
    }

    /// Rounds a price away from the market: bids down, asks up (same as `roundPrice`).
    public func roundPassive(_ price: Price, side: Side) -> Price { roundPrice(price, side: side) }

    /// Rounds a quantity down to the step.
    public func roundQuantity(_ quantity: Quantity) -> Quantity {
        quantity.roundedDown(toMultipleOf: quantityStep)
    }

    /// Validates a limit price: on the grid and within the static bounds.
    public func validatePrice(_ price: Price) throws(InstrumentError) {
        if !price.isMultiple(of: tickSize) { throw .priceOffTick(price) }
        if price < minPrice { throw .priceTooLow(price) }
        if price > maxPrice { throw .priceTooHigh(price) }
    }

    /// Validates an order quantity: positive, on the step, at most the maximum.
    public func validateQuantity(_ quantity: Quantity) throws(InstrumentError) {
        if quantity.raw <= 0 { throw .quantityNotPositive(quantity) }
        if !quantity.isMultiple(of: quantityStep) { throw .quantityOffStep(quantity) }
        if quantity > maxOrderQuantity { throw .quantityTooLarge(quantity) }
    }

    /// Order value in the settle currency: price × qty × contractSize (linear), or
    /// qty × contractSize ÷ price (inverse, in coin).
    public func notional(price: Price, quantity: Quantity) -> Money? {
        switch kind {
        case .linear:
            guard let v = Money.product(price, quantity) else { return nil }
            return Money.product(v, contractSize)
        case .inverse:
            guard let usd = Money.product(quantity, contractSize) else { return nil }
            return Money.quotient(usd, price)
        }
    }

    /// Value of an order in the quote currency (USD for inverse, USDT for linear): used for
    /// USD-denominated limits such as minimum and dust notional.
    public func quoteNotional(price: Price, quantity: Quantity) -> Money? {
        switch kind {
        case .linear: return notional(price: price, quantity: quantity)
        case .inverse: return Money.product(quantity, contractSize)
        }
    }

    /// Full validation of a limit order: price, quantity and minimum value.
    public func validateOrder(price: Price, quantity: Quantity) throws(InstrumentError) {
        try validatePrice(price)
        try validateQuantity(quantity)
        if kind == .linear {
            guard let v = notional(price: price, quantity: quantity) else { throw .overflow }
            if v < minOrderValue { throw .notionalTooSmall(v) }
        }
    }
}
