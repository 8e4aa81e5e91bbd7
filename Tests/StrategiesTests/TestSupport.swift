import Foundation
import MarketCore
@testable import Strategies

/// Shared fixtures: simulator instruments, a context builder and a hand-advanced clock.
enum Fixture {
    static let btc = try! InstrumentSpec(
        symbol: "BTCUSDT", kind: .linear, tickSize: Price("0.1")!, quantityStep: Quantity("0.001")!,
        minOrderValue: 1, maxOrderQuantity: 100000, minPrice: Price("0.1")!, maxPrice: 2_000_000,
        settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "BTC")
    static let eth = try! InstrumentSpec(
        symbol: "ETHUSDT", kind: .linear, tickSize: Price("0.01")!, quantityStep: Quantity("0.01")!,
        minOrderValue: 1, maxOrderQuantity: 100000, minPrice: Price("0.01")!, maxPrice: 200_000,
        settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "ETH")
    static let btcusd = try! InstrumentSpec(
        symbol: "BTCUSD", kind: .inverse, tickSize: Price("0.5")!, quantityStep: 1, minOrderValue: .zero,
        maxOrderQuantity: 1_000_000, minPrice: Price("0.5")!, maxPrice: 2_000_000, contractSize: 1, priceScale: 4,
        valueScale: 8, settleCurrency: "BTC", quoteCurrency: "USD", baseCurrency: "BTC")

    static func p(_ s: String) -> Price { Price(s)! }
    static func q(_ s: String) -> Quantity { Quantity(s)! }
    static func pct(_ s: String) -> Fraction { try! Fraction(percentText: s) }

    static func top(_ bid: String, _ ask: String, symbol: Symbol = "BTCUSDT") -> TopOfBook {
        TopOfBook(symbol: symbol, bidPrice: p(bid), bidSize: 1, askPrice: p(ask), askSize: 1, sequence: 1, time: .zero)
    }

    static func context(
        _ clock: Clock, bid: String = "64999.9", ask: String = "65000.1", spec: InstrumentSpec = btc,
        live: [LiveQuote] = [], position: Quantity = .zero, entry: Price? = nil, equity: Money = 10000,
        last: String? = nil, maker: Money = .zero
    ) -> StrategyContext {
        StrategyContext(
            now: clock.now, instrument: spec, top: top(bid, ask, symbol: spec.symbol),
            lastTrade: last.map { TradeTick(symbol: spec.symbol, side: .buy, price: p($0), quantity: 1, time: clock.now) },
            position: position, averageEntryPrice: entry, equity: equity, liveQuotes: live, makerFeeRate: maker)
    }

    /// Live quotes as if the tracker placed every proposal at `at`.
    static func live(_ quotes: [QuoteProposal], at: Timestamp, prefix: String = "q") -> [LiveQuote] {
        quotes.map { qt in
            LiveQuote(
                clientOrderID: ClientOrderID("\(prefix)-\(qt.side == .buy ? "b" : "s")-\(qt.level)")!, side: qt.side,
                level: qt.level, price: qt.price, quantity: qt.quantity, createdAt: at)
        }
    }

    static func fill(_ id: String, side: Side, qty: String, price: String, leaves: String = "0", at: Timestamp)
        -> ExecutionReport
    {
        ExecutionReport(
            kind: .fill, clientOrderID: ClientOrderID(id), orderID: "o-\(id)", symbol: "BTCUSDT", side: side,
            status: leaves == "0" ? .filled : .partiallyFilled, price: p(price), orderQuantity: q(qty),
            cumulativeQuantity: q(qty), leavesQuantity: q(leaves),
            fill: Fill(executionID: "e-\(id)", quantity: q(qty), price: p(price), fee: .zero, liquidity: .maker),
            time: at)
    }

    static func decodeConfig(_ json: String) throws -> StrategyConfig {
        try JSONDecoder().decode(StrategyConfig.self, from: Data(json.utf8))
    }
}

/// A clock the test advances by hand.
final class Clock {
    var now = Timestamp.seconds(1_700_000_000)
    func advance(_ s: Int64) { now = now + .seconds(s) }
}

extension Array where Element == QuoteProposal {
    func side(_ s: Side) -> [QuoteProposal] { filter { $0.side == s }.sorted { $0.level < $1.level } }
}
