import MarketCore

/// The refresh rules shared by the quoting strategies (Hummingbot semantics), as a pure state
/// machine driven by the context's time.
///
/// * Current quotes are kept (`quotes: nil`) until `order_refresh_time` has elapsed since the
///   last refresh; then they are replaced only if some proposed price moved beyond
///   `order_refresh_tolerance_pct` from the resting one (or the quote set changed shape) —
///   otherwise the timer restarts.
/// * After a fill nothing new is created for `filled_order_delay`; then a full refresh.
/// * A quote older than `max_order_age` makes the whole set be cancelled, and re-created once
///   the cancels are done (a same-price proposal would otherwise leave it resting).
/// * A resting quote closer to the reference than `minimum_spread` is cancelled at once,
///   whatever the timers say.
public struct QuoteRefresher: Sendable, Codable, Equatable {
    /// The timing parameters.
    public struct Settings: Sendable, Equatable {
        public var refreshTime: Nanoseconds
        public var tolerance: Fraction
        public var maxOrderAge: Nanoseconds
        public var filledOrderDelay: Nanoseconds
        /// `nil` disables the minimum-spread check.
        public var minimumSpread: Fraction?
        public init(
            refreshTime: Nanoseconds, tolerance: Fraction, maxOrderAge: Nanoseconds,
            filledOrderDelay: Nanoseconds, minimumSpread: Fraction?
        ) {
            self.refreshTime = refreshTime
            self.tolerance = tolerance
            self.maxOrderAge = maxOrderAge
            self.filledOrderDelay = filledOrderDelay
            self.minimumSpread = minimumSpread
        }
    }

    /// What the refresher decided.
    public struct Outcome: Sendable, Equatable {
        public var quotes: [QuoteProposal]?
        public var wakeAt: Timestamp?
        public var note: String?
    }

    /// When the quote set was last (re)built or confirmed within tolerance.
    public var lastRefreshAt: Timestamp?
    /// No new quotes before this time (set by a fill).
    public var createAllowedAt: Timestamp?
    /// Refresh at the next opportunity regardless of the timer (after a fill delay).
    public var forceRefresh = false
    /// Quotes being cancelled for age; nothing is re-created until they are gone.
    public var retiring: [ClientOrderID] = []
    /// The last fresh set proposed (to carry order attributes when keeping live quotes).
    public var lastQuotes: [QuoteProposal] = []

    public init() {}

    /// Records a fill at `now`: pause creation for `delay`, then refresh.
    public mutating func noteFill(now: Timestamp, delay: Nanoseconds) {
        createAllowedAt = now + delay
        forceRefresh = true
    }

    /// Decides between keeping the live quotes and proposing `fresh`.
    /// - Parameters:
    ///   - live: the strategy's resting quotes that the refresher governs (hanging ones excluded).
    ///   - fresh: the quote set the strategy would place now.
    ///   - kept: proposals that ride along unchanged in any non-nil answer (hanging orders).
    ///   - keptChanged: `true` if some kept order must go (forces a non-nil answer).
    public mutating func decide(
        now: Timestamp, symbol: Symbol, live: [LiveQuote], fresh: [QuoteProposal], reference: Price,
        kept: [QuoteProposal] = [], keptChanged: Bool = false, settings s: Settings
    ) -> Outcome {
        if !retiring.isEmpty { retiring = retiring.filter { id in live.contains { $0.clientOrderID == id } } }
        if !retiring.isEmpty {
            return Outcome(quotes: kept, wakeAt: now + .seconds(1), note: "waiting for aged quotes to cancel")
        }
        let violators = live.filter { q in
            guard let min = s.minimumSpread,
                let sp = QuoteShaper.signedSpread(side: q.side, price: q.price, reference: reference)
            else { return false }
            return sp < min
        }
        let snapshot = self
        let keepSet = { (drop: [LiveQuote]) -> [QuoteProposal] in
            snapshot.proposals(from: live.filter { q in !drop.contains(q) }, symbol: symbol) + kept
        }
        if let allowed = createAllowedAt, now < allowed {
            if violators.isEmpty && !keptChanged { return Outcome(quotes: nil, wakeAt: allowed, note: nil) }
            return Outcome(
                quotes: keepSet(violators), wakeAt: allowed,
                note: violators.isEmpty ? nil : "cancelling \(violators.count) quote(s) inside minimum_spread")
        }
        if live.contains(where: { now - $0.createdAt >= s.maxOrderAge }) {
            retiring = live.map(\.clientOrderID).sorted()
            forceRefresh = true
            return Outcome(quotes: kept, wakeAt: now + .seconds(1), note: "max_order_age reached: renewing quotes")
        }
        let mustRefresh = forceRefresh || lastRefreshAt == nil || live.isEmpty || !violators.isEmpty
        if !mustRefresh, let last = lastRefreshAt {
            let due = now >= last + s.refreshTime
            if !due || withinTolerance(live: live, fresh: fresh, tolerance: s.tolerance) {
                if due { lastRefreshAt = now }
                let next = nextWake(now: now, live: live, settings: s)
                return Outcome(quotes: keptChanged ? keepSet([]) : nil, wakeAt: next, note: nil)
            }
        }
        lastRefreshAt = now
        forceRefresh = false
        createAllowedAt = nil
        lastQuotes = fresh
        return Outcome(
            quotes: fresh + kept, wakeAt: now + s.refreshTime,
            note: violators.isEmpty ? nil : "cancelling \(violators.count) quote(s) inside minimum_spread")
    }

    /// `true` if `fresh` has the same quotes per side and level as `live`, each price within
    /// `tolerance` of the resting one.
    public func withinTolerance(live: [LiveQuote], fresh: [QuoteProposal], tolerance: Fraction) -> Bool {
        guard live.count == fresh.count else { return false }
        for f in fresh {
            guard let l = live.first(where: { $0.side == f.side && $0.level == f.level }),
                let d = f.price.relativeDistance(from: l.price), d <= tolerance
            else { return false }
        }
        return true
    }

    private func nextWake(now: Timestamp, live: [LiveQuote], settings s: Settings) -> Timestamp {
        var next = (lastRefreshAt ?? now) + s.refreshTime
        if let oldest = live.map(\.createdAt).min(), oldest + s.maxOrderAge < next { next = oldest + s.maxOrderAge }
        return next
    }

    /// Live quotes re-expressed as proposals (same price, remaining size — the tracker reads a
    /// proposal's quantity as the leaves wanted), carrying the attributes of the last proposal
    /// at that side and level.
    func proposals(from live: [LiveQuote], symbol: Symbol) -> [QuoteProposal] {
        live.sorted { ($0.side.rawValue, $0.level) < ($1.side.rawValue, $1.level) }.map { q in
            let model = lastQuotes.first { $0.side == q.side && $0.level == q.level }
            return QuoteProposal(
                symbol: symbol, side: q.side, level: q.level, price: q.price,
                quantity: q.quantity.subtracting(q.filledQuantity) ?? q.quantity,
                timeInForce: model?.timeInForce ?? .postOnly, reduceOnly: model?.reduceOnly ?? false,
                positionSide: model?.positionSide ?? .merged)
        }
    }
}
