import MarketCore

/// One price level: price and total size (size 0 = delete the level in a delta).
public struct SimLevel: Hashable, Sendable, Codable {
    public var price: Price
    public var size: Quantity
    public init(price: Price, size: Quantity) {
        self.price = price
        self.size = size
    }
}

/// A book delta of one symbol (`orderbook_p`/`orderbook` `incremental`): only the levels of the
/// top-`depth` window whose size changed, with explicit size 0 for deleted levels and for levels
/// that left the window. Levels are not necessarily sorted.
public struct SimBookUpdate: Hashable, Sendable, Codable {
    public var symbol: Symbol
    /// From the shared, irregularly increasing counter (also used by trades).
    public var sequence: Int64
    public var timestamp: Timestamp
    public var depth: Int
    public var bids: [SimLevel]
    public var asks: [SimLevel]
}

/// A full book snapshot (bids descending, asks ascending).
public struct SimBookSnapshot: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var sequence: Int64
    /// Time of the last book change.
    public var timestamp: Timestamp
    public var depth: Int
    public var bids: [SimLevel]
    public var asks: [SimLevel]
}

/// One public trade print (taker side).
public struct SimTrade: Hashable, Sendable, Codable {
    public var time: Timestamp
    public var side: Side
    public var price: Price
    public var size: Quantity

    public init(time: Timestamp, side: Side, price: Price, size: Quantity) {
        self.time = time
        self.side = side
        self.price = price
        self.size = size
    }
}

/// Trades of one symbol produced at one moment (one `trade_p`/`trade` incremental frame).
public struct SimTradeBatch: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var sequence: Int64
    public var trades: [SimTrade]
}

/// Mark/index/funding of one symbol (`tick_p` `.MBTCUSDT`, market24h fields, position marks).
public struct SimMarkTick: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var markPrice: Price
    public var indexPrice: Price
    public var fundingRate: Money
    public var predictedFundingRate: Money
    public var time: Timestamp
}

/// 24 h statistics of one symbol (`perp_market24h_pack_p`, `market24h_p`, `/md/v3/ticker/24hr`).
public struct SimTicker: Hashable, Sendable, Codable {
    public var symbol: Symbol
    public var open: Price
    public var high: Price
    public var low: Price
    public var last: Price
    /// Traded quantity (base coin or contracts) since start.
    public var volume: Quantity
    /// Traded value in quote currency (USDT, or USD for inverse).
    public var turnover: Money
    public var openInterest: Quantity
    public var indexPrice: Price
    public var markPrice: Price
    public var fundingRate: Money
    public var predictedFundingRate: Money
    public var bestBid: Price?
    public var bestAsk: Price?
    public var time: Timestamp
}

/// One order event on the private stream (`orders_p[]`/`orders[]` element): the order state
/// after the event plus the execution fields of this event. See SimulatorAPI.md for the recipes.
public struct SimOrderEvent: Hashable, Sendable, Codable {
    /// Order state after the event.
    public var order: SimOrder
    public var action: SimOrderAction
    public var execStatus: SimExecStatus
    /// Fill size (fills), cancelled size (cancels), else 0.
    public var execQty: Quantity
    /// Fill price (0 when not a fill).
    public var execPrice: Price
    /// Fill value in settle currency.
    public var execValue: Money
    /// Fee of this fill (negative = rebate).
    public var execFee: Money
    public var feeRate: Money
    /// Unique per fill; the all-zero UUID when not a fill.
    public var execID: String
    /// Fills only.
    public var liquidity: Liquidity?
    /// `tradeType`: "Trade" on fills, else nil (omit / empty).
    public var tradeType: String?
    /// Business error code (0 = none); e.g. 11001 on CreateRejected.
    public var code: Int
    /// "No error" or a reason text.
    public var message: String
    /// 0, or 101 CE_WILLCROSS (post-only cross), 100 CE_NO_ENOUGH_QTY (FOK).
    public var cxlRejReason: Int
    /// Global monotonic execution counter.
    public var execSeq: Int64
    /// Position of the order's (symbol, posSide) after the event.
    public var curPosSide: Side?
    /// Unsigned size of that position.
    public var curPosSize: Quantity
    public var curPosValue: Money
    public var curAccBalance: Money
    public var curLeverage: Money
    public var time: Timestamp

    public static let zeroExecID = "00000000-0000-0000-0000-000000000000"
}

/// A wallet of one user in one settle currency (`accounts_p[]`/`accounts[]`).
public struct SimAccountSnapshot: Hashable, Sendable, Codable {
    public var userID: Int64
    /// userID × 10000 + 1 (BTC) / + 3 (USDT) / + 2 (other).
    public var accountID: Int64
    public var currency: String
    /// Wallet balance (realized PnL and fees included, unrealized PnL excluded).
    public var balance: Money
    /// Position margin + open-order margin.
    public var totalUsedBalance: Money
    public var bonusBalance: Money
    public var status: Int
    public var available: Money { balance - totalUsedBalance }
}

/// One position row (`positions_p[]`/`positions[]`, REST accountPositions).
public struct SimPosition: Hashable, Sendable, Codable {
    public var userID: Int64
    public var accountID: Int64
    public var symbol: Symbol
    public var currency: String
    public var posMode: PositionMode
    public var posSide: PositionSide
    /// `Buy` long, `Sell` short, nil flat (`None`).
    public var side: Side?
    /// Unsigned size.
    public var size: Quantity
    /// Signed size (long > 0).
    public var signedSize: Quantity
    public var avgEntryPrice: Price
    /// Size valued at entry (settle currency).
    public var value: Money
    /// Leverage as Phemex reports it (negative = cross).
    public var leverage: Money
    public var markPrice: Price
    public var unrealizedPnl: Money
    /// Cumulative realized PnL (before fees).
    public var cumClosedPnl: Money
    /// Cumulative fees paid by this position.
    public var cumTransactFee: Money
    /// Realized PnL minus fees of the current term.
    public var curTermRealisedPnl: Money
    /// Margin held for the position (`posCostRv`/`usedBalanceRv`).
    public var positionMargin: Money
    public var makerFeeRate: Money
    public var takerFeeRate: Money
    public var buyLeavesQty: Quantity
    public var sellLeavesQty: Quantity
    public var buyLeavesValue: Money
    public var sellLeavesValue: Money
    /// Margin held for open orders of this position.
    public var orderCost: Money
    public var liquidationPrice: Price
    public var bankruptPrice: Price
    public var term: Int
    /// Increases on every change of this row.
    public var dataVer: Int64
    public var execSeq: Int64
    public var transactTime: Timestamp
}

/// One private-stream message for one user and one family: USDT-M (`aop_p`, `kind == .linear`)
/// or COIN-M (`aop`, `kind == .inverse`). Arrays may be empty.
public struct SimPrivateUpdate: Hashable, Sendable, Codable {
    public var userID: Int64
    public var kind: ContractKind
    public var accounts: [SimAccountSnapshot]
    public var orders: [SimOrderEvent]
    public var positions: [SimPosition]
    public var time: Timestamp
}

/// Everything the server must publish, in order.
public enum SimEvent: Hashable, Sendable, Codable {
    case book(SimBookUpdate)
    case trades(SimTradeBatch)
    case mark(SimMarkTick)
    case privateUpdate(SimPrivateUpdate)
}
