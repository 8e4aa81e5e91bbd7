import MarketCore
import Strategies
import Testing
@testable import TradingEngine

/// `Engine.rounded` gives what rounding each quote with the instrument (and dropping those at
/// zero) gave, whether the set is already on the grid (handed back) or not.
@Suite struct RoundedQuotesTests {
    static func reference(_ quotes: [QuoteProposal], _ inst: InstrumentSpec) -> [QuoteProposal] {
        var desired: [QuoteProposal] = []
        for var q in quotes {
            q.price = inst.roundPrice(q.price, side: q.side)
            q.quantity = inst.roundQuantity(q.quantity)
            guard q.price.raw > 0, q.quantity.raw > 0 else { continue }
            desired.append(q)
        }
        return desired
    }

    @Test func matchesPerQuoteRounding() {
        let inst = T.btc()
        var rng = SeededRandom(seed: 21)
        for _ in 0..<5_000 {
            let onGrid = rng.next() % 2 == 0
            let quotes = (0..<Int(rng.next() % 6)).map { k in
                var price = Int64(rng.next() % 2_000) * (onGrid ? 100_000_000 : 1_000_000 + Int64(rng.next() % 3))
                var quantity = Int64(rng.next() % 50) * (onGrid ? 1_000_000 : 1_000 + Int64(rng.next() % 2))
                if rng.next() % 10 == 0 { price = -price }
                if rng.next() % 10 == 0 { quantity = -quantity }
                return QuoteProposal(
                    symbol: "BTCUSDT", side: rng.next() % 2 == 0 ? .buy : .sell, level: k, price: Price(raw: price),
                    quantity: Quantity(raw: quantity))
            }
            #expect(Engine.rounded(quotes, to: inst) == Self.reference(quotes, inst))
        }
    }
}
