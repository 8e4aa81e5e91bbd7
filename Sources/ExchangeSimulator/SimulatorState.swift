import DequeModule
import MarketCore

/// One resting-queue entry: synthetic liquidity (`owner < 0`) or an order slot.
struct BookEntry: Sendable {
    var owner: Int32
    var qty: Int64
}

/// One price level (prices in ticks, sizes raw 10⁻⁹ units).
struct BookLevel: Sendable {
    var ticks: Int64
    var total: Int64
    var synthetic: Int64
    var entries: [BookEntry]
}

/// One side of a book, best level first.
struct BookSide: Sendable {
    let isBid: Bool
    var levels: [BookLevel] = []

    /// `true` when `a` is a better price than `b` on this side.
    @inline(__always) func better(_ a: Int64, _ b: Int64) -> Bool { isBid ? a > b : a < b }

    /// Index of `ticks` or the insertion point.
    func find(_ ticks: Int64) -> (found: Bool, index: Int) {
        var lo = 0
        var hi = levels.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let t = levels[mid].ticks
            if t == ticks { return (true, mid) }
            if better(t, ticks) { lo = mid + 1 } else { hi = mid }
        }
        return (false, lo)
    }
}

/// Per-symbol market state.
struct SymbolState: Sendable {
    let index: Int
    let instrument: SimInstrument
    let tick: Int64
    let step: Int64
    var bids = BookSide(isBid: true)
    var asks = BookSide(isBid: false)
    var rng: SeededRandom
    /// Fair price in ticks (signal; snapped to the grid where used).
    var fair: Double
    var lastPrice: Price
    var markPrice: Price
    var indexPrice: Price
    var publishedBids: [SimLevel] = []
    var publishedAsks: [SimLevel] = []
    var depth: Int
    var dirty = false
    var lastChange: Timestamp
    var lastSequence: Int64 = 0
    var recentTrades: Deque<SimTrade> = []
    var pendingTrades: [SimTrade] = []
    var open: Price
    var high: Price
    var low: Price
    var volume: Int64 = 0
    var turnover: Int64 = 0
    /// Slots of untriggered conditional orders.
    var stops: [Int] = []
    /// Last or mark price changed since the last stop check.
    var priceMoved = false
    /// Synthetic liquidity was taken since the last re-centre.
    var needsRefill = true
    /// Best bid/ask ticks of the last re-centre.
    var lastTargets: (Int64, Int64) = (0, 0)

    init(index: Int, instrument: SimInstrument, seed: UInt64, depth: Int, now: Timestamp) {
        self.index = index
        self.instrument = instrument
        tick = instrument.spec.tickSize.raw
        step = instrument.spec.quantityStep.raw
        rng = SeededRandom(seed: seed)
        let start = instrument.market.startPrice.roundedDown(toMultipleOf: instrument.spec.tickSize)
        fair = Double(start.raw / instrument.spec.tickSize.raw)
        lastPrice = start
        markPrice = start
        indexPrice = start
        open = start
        high = start
        low = start
        self.depth = max(1, depth)
        lastChange = now
    }
}

/// Key of a position: symbol index and position side.
struct PosKey: Hashable, Sendable {
    var symbol: Int
    var side: PositionSide
}

/// One position's running state.
struct PositionState: Sendable {
    /// Signed size, raw.
    var size: Int64 = 0
    /// Entry value of the open size (linear: quote; inverse: coin), raw.
    var cost: Int64 = 0
    var cumClosedPnl: Int64 = 0
    var cumFee: Int64 = 0
    var termRealised: Int64 = 0
    var leverage: Money
    var dataVer: Int64 = 0
    var execSeq: Int64 = 0
    var term: Int = 1
    var updated: Timestamp = .zero
}

/// One user's state.
struct UserState: Sendable {
    let config: SimAccountConfig
    /// Balances by currency (sorted by name when output).
    var balances: [String: Int64]
    var positions: [PosKey: PositionState] = [:]
    var modes: [Int: PositionMode] = [:]
    /// Open order slots in creation order.
    var open: [Int] = []
    var closed: Deque<SimOrder> = []

    init(config: SimAccountConfig, instruments: [SimInstrument]) {
        self.config = config
        var b: [String: Int64] = [:]
        for x in config.balances { b[x.currency, default: 0] += x.amount.raw }
        for i in instruments where b[i.spec.settleCurrency] == nil { b[i.spec.settleCurrency] = 0 }
        balances = b
    }
}

/// A live order.
struct OrderState: Sendable {
    var order: SimOrder
    let symbol: Int
    let user: Int
    var resting: Bool = false
    var untriggered: Bool = false
}

/// Private events of one (user, family) collected during one operation.
struct PrivateBatch: Sendable {
    var user: Int
    var kind: ContractKind
    var orders: [SimOrderEvent] = []
    var positions: [PosKey] = []
}

/// A position changed during the current operation (reduce-only clean-up and events).
struct TouchedPosition: Sendable {
    var user: Int
    var key: PosKey
}
