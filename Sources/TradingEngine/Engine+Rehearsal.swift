import MarketCore

extension Engine {
    /// Runs the order-deciding path on a throwaway copy of the engine and returns the commands
    /// it would have sent; the engine itself is not changed (it is a value: the copy's
    /// mutations never reach `self`).
    ///
    /// Why: a market maker's order-sending ticks are rare (about one book update in a few
    /// hundred), so their code and data are cold when they come — measured in process, an
    /// order-sending frame took 2–4× longer than the same work run warm. A runtime that calls
    /// this in idle time (between market-data frames) keeps the strategy's full decision, the
    /// tracker's rules and, by building and signing the returned commands without sending them,
    /// the request path in the caches. Nothing here is journaled or sent, so replays and the
    /// exchange never see a rehearsal.
    ///
    /// The rehearsed input is the last book top of market `variant % markets` (a quoted
    /// market with both sides) moved by 0.2 % of the bid, up for even `variant`s and down
    /// for odd ones, at `now`: enough for the example strategies to reprice or cancel a quote
    /// and for the market-through check to fire. Returns no commands when no market has a
    /// two-sided top or the engine is not running.
    public func rehearsal(now: Timestamp, variant: Int) -> [ExchangeCommand] {
        guard state.phase == .running, let top = rehearsalTop(variant: variant) else { return [] }
        var copy = self
        var commands: [ExchangeCommand] = []
        for case .command(_, let command) in copy.handle(EngineInput(receivedAt: now, kind: .exchange(.book(top)))) {
            commands.append(command)
        }
        return commands
    }

    /// The moved top `rehearsal` feeds (see there), or nil.
    func rehearsalTop(variant: Int) -> TopOfBook? {
        let quoted = state.markets.indices.filter { strategySymbols.contains(state.markets[$0].symbol) }
        guard !quoted.isEmpty else { return nil }
        let mi = quoted[(variant % quoted.count + quoted.count) % quoted.count]
        guard let top = state.markets[mi].top, let bid = top.bidPrice, let ask = top.askPrice, bid.raw > 0,
            let inst = config.instruments.first(where: { $0.symbol == top.symbol }), inst.tickSize.raw > 0
        else { return nil }
        let ticks = max(1, bid.raw / 500 / inst.tickSize.raw)
        let shift = ticks * inst.tickSize.raw * (variant % 2 == 0 ? 1 : -1)
        guard bid.raw + shift > 0, ask.raw + shift > 0 else { return nil }
        var moved = top
        moved.bidPrice = Price(raw: bid.raw + shift)
        moved.askPrice = Price(raw: ask.raw + shift)
        return moved
    }
}
