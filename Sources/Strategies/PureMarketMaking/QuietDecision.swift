import MarketCore

/// A "leave the quotes alone" decision of `PureMarketMakingStrategy` that changed none of its
/// state, with everything it depended on: while the live quotes are the same, the reference
/// price is positive (and the same, when `minimum_spread` or hanging orders read it), the
/// strategy's state is untouched and the time is in `[from, until)`, deciding again gives
/// exactly this decision and changes nothing. (While no refresh is due the fresh quote set is
/// computed but not read, so the reference's exact value matters only to those two rules.)
struct QuietDecision: Sendable {
    var decision: StrategyDecision
    var from: Timestamp
    var until: Timestamp
    /// `nil` when no rule of the quiet path reads the reference's value.
    var reference: Price?
    var live: [LiveQuote]
    var refresher: QuoteRefresher
    var hanging: HangingOrders
    var filledBuys: Int
    var filledSells: Int
}

extension PureMarketMakingStrategy {
    public func unchangedDecision(_ context: StrategyContext) -> StrategyDecision? {
        guard let q = quiet, context.bookIsValid, q.from <= context.now, context.now < q.until,
            let reference = config.priceType.reference(in: context), reference.raw > 0,
            q.reference == nil || q.reference == reference,
            filledBuys == q.filledBuys, filledSells == q.filledSells, context.liveQuotes == q.live,
            refresher == q.refresher, hanging == q.hanging
        else { return nil }
        return q.decision
    }

    /// Records `decision` as quiet if it kept the quotes, said nothing and changed no state.
    ///
    /// It stays valid until the earliest time a refresher rule could answer otherwise: the end
    /// of the fill delay if one is running, else the refresh timer or the age limit of the
    /// oldest live quote (all live quotes counted: an earlier bound only skips less).
    mutating func rememberIfQuiet(
        _ decision: StrategyDecision, context: StrategyContext,
        before: (QuoteRefresher, HangingOrders, Int, Int)
    ) {
        guard decision.quotes == nil, decision.orders.isEmpty, decision.notes.isEmpty, context.bookIsValid,
            let reference = config.priceType.reference(in: context), reference.raw > 0,
            refresher == before.0, hanging == before.1, filledBuys == before.2, filledSells == before.3
        else { return }
        let now = context.now
        var until: Timestamp
        if let allowed = refresher.createAllowedAt, now < allowed {
            until = allowed
        } else {
            guard let last = refresher.lastRefreshAt else { return }
            until = last + settings.refreshTime
            if let oldest = context.liveQuotes.map(\.createdAt).min() {
                until = min(until, oldest + settings.maxOrderAge)
            }
        }
        guard now < until else { return }
        quiet = QuietDecision(
            decision: decision, from: now, until: until,
            reference: settings.minimumSpread == nil && hanging.ids.isEmpty ? nil : reference, live: context.liveQuotes,
            refresher: refresher, hanging: hanging, filledBuys: filledBuys, filledSells: filledSells)
    }
}
