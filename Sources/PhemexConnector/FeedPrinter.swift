import MarketCore

/// Turns a stream of `ExchangeEvent`s for one symbol into at most `linesPerSecond` display
/// lines (pure: the caller passes the time). Book changes between lines collapse into the
/// latest top of book; trades collapse into a count, volume and last print; stale/valid
/// transitions are always shown (still within the line budget).
public struct FeedPrinter: Sendable {
    public let symbol: Symbol
    private let minimumGapNanos: Int64
    private var lastLineNanos: Int64 = .min
    private var pendingTop: TopOfBook?
    private var tradeCount = 0
    private var tradeVolume = Quantity.zero
    private var lastTrade: TradeTick?
    private var pendingStatus: [String] = []
    private var mark: Price?

    public init(symbol: Symbol, linesPerSecond: Int = 10) {
        self.symbol = symbol
        self.minimumGapNanos = 1_000_000_000 / Int64(max(1, linesPerSecond))
    }

    /// Feeds one event; returns the lines to print now (at most one).
    public mutating func consume(_ event: ExchangeEvent, nowNanos: Int64) -> [String] {
        switch event {
        case .book(let top) where top.symbol == symbol: pendingTop = top
        case .trade(let t) where t.symbol == symbol:
            tradeCount += 1
            tradeVolume = tradeVolume + t.quantity
            lastTrade = t
        case .mark(let m) where m.symbol == symbol: mark = m.markPrice
        case .bookStale(let s, let reason) where s == symbol: pendingStatus.append("\(symbol) BOOK STALE (\(reason))")
        case .bookValid(let s) where s == symbol: pendingStatus.append("\(symbol) book valid")
        default: break
        }
        return flush(nowNanos: nowNanos)
    }

    /// Emits a line if one is due and something changed.
    public mutating func flush(nowNanos: Int64) -> [String] {
        guard lastLineNanos == .min || nowNanos - lastLineNanos >= minimumGapNanos else { return [] }
        if !pendingStatus.isEmpty {
            lastLineNanos = nowNanos
            return [pendingStatus.removeFirst()]
        }
        guard pendingTop != nil || tradeCount > 0 else { return [] }
        lastLineNanos = nowNanos
        var line = "\(symbol)"
        if let top = pendingTop {
            let bid = top.bidPrice.map { "\(top.bidSize ?? .zero) @ \($0)" } ?? "-"
            let ask = top.askPrice.map { "\($0) @ \(top.askSize ?? .zero)" } ?? "-"
            line += "  bid \(bid)  |  ask \(ask)"
            if let b = top.bidPrice, let a = top.askPrice { line += "  spread \(a - b)" }
        }
        if let m = mark { line += "  mark \(m)" }
        if tradeCount > 0, let t = lastTrade {
            line += "  trades \(tradeCount) vol \(tradeVolume) last \(t.side.rawValue) \(t.quantity) @ \(t.price)"
        }
        pendingTop = nil
        tradeCount = 0
        tradeVolume = .zero
        return [line]
    }
}
