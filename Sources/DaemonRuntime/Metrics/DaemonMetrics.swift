import Foundation
import MarketCore
import Prometheus
import Synchronization
import TradingEngine

/// The daemon's Prometheus metrics: orders sent, rejected, denied by rule; fills; position;
/// PnL; book age; reconnects; rate budget left; tick-to-order latency.
public final class DaemonMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let ordersSent: Counter
    let rejected: Counter
    let denied: Counter
    let fills: Counter
    let cancels: Counter
    let reconnects: Counter
    let rehearsals: Counter
    let pnl: Gauge
    let budgetLeft: Gauge
    let tickToOrder: DurationHistogram
    let positions: [Symbol: Gauge]
    let bookAge: [Symbol: Gauge]
    let last = Mutex(EngineCounters())
    /// Where reconnects are counted (the connector's transport stats) and how many were seen.
    let reconnectSource = Mutex<(@Sendable () -> Int)?>(nil)
    let reconnectsSeen = Mutex(0)

    public init(symbols: [Symbol]) {
        func d(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "mmbot", metricName: name, unitName: unit, helpText: help)
        }
        ordersSent = registry.makeCounter(descriptor: d("orders_sent", "total", "Orders sent to the exchange"))
        rejected = registry.makeCounter(descriptor: d("orders_rejected", "total", "Orders or amends the exchange rejected"))
        denied = registry.makeCounter(descriptor: d("orders_denied", "total", "Orders refused before sending (rules)"))
        fills = registry.makeCounter(descriptor: d("fills", "total", "Fills of own orders"))
        cancels = registry.makeCounter(descriptor: d("cancels_sent", "total", "Cancels sent"))
        reconnects = registry.makeCounter(descriptor: d("reconnects", "total", "Exchange stream reconnects"))
        rehearsals = registry.makeCounter(
            descriptor: d("order_path_rehearsals", "total", "Order-path rehearsals in idle time (requests built and signed, never sent)"))
        pnl = registry.makeGauge(descriptor: d("pnl", "quote", "Net PnL: realized + unrealized - fees"))
        budgetLeft = registry.makeGauge(descriptor: d("rate_budget_left", "requests", "Remaining requests in the last reported rate-limit window"))
        tickToOrder = registry.makeDurationHistogram(
            descriptor: d("tick_to_order", "seconds", "Input (book, timer, fill) received to order command emitted"),
            buckets: [.microseconds(5), .microseconds(10), .microseconds(20), .microseconds(50), .microseconds(100),
                      .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(20)])
        var p: [Symbol: Gauge] = [:]
        var a: [Symbol: Gauge] = [:]
        for s in symbols {
            p[s] = registry.makeGauge(descriptor: d("position", "base", "Signed position"), labels: [("symbol", s.name)])
            a[s] = registry.makeGauge(descriptor: d("book_age", "seconds", "Age of the last book update"), labels: [("symbol", s.name)])
        }
        positions = p
        bookAge = a
    }

    /// Updates everything from the engine after an input.
    public func update(engine: Engine, now: Timestamp) {
        let c = engine.state.counters
        let prev = last.withLock { old -> EngineCounters in
            let o = old
            old = c
            return o
        }
        if c.ordersSent > prev.ordersSent { ordersSent.increment(by: Int64(c.ordersSent - prev.ordersSent)) }
        if c.rejected > prev.rejected { rejected.increment(by: Int64(c.rejected - prev.rejected)) }
        if c.denied > prev.denied { denied.increment(by: Int64(c.denied - prev.denied)) }
        if c.fills > prev.fills { fills.increment(by: Int64(c.fills - prev.fills)) }
        if c.cancelsSent > prev.cancelsSent { cancels.increment(by: Int64(c.cancelsSent - prev.cancelsSent)) }
        for p in engine.state.positions { positions[p.symbol]?.set(Double(p.size.raw) / 1e9) }
        for m in engine.state.markets {
            if let at = m.lastBookAt { bookAge[m.symbol]?.set(Double((now - at).value) / 1e9) }
        }
        pnl.set(Double(engine.netPnL.raw) / 1e9)
    }

    public func recordRateLimits(_ limits: [RateLimitStatus]) {
        if let r = limits.compactMap(\.remaining).min() { budgetLeft.set(Int64(r)) }
    }

    public func recordTickToOrder(nanos: Int64) { tickToOrder.recordNanoseconds(nanos) }
    public func recordReconnect() { reconnects.increment() }
    public func recordRehearsal() { rehearsals.increment() }

    /// Counts reconnects from `total` (e.g. the connector's `stats.reconnectCount`), read at
    /// every scrape and engine update.
    public func trackReconnects(_ total: @escaping @Sendable () -> Int) {
        reconnectSource.withLock { $0 = total }
        syncReconnects()
    }

    /// Adds the reconnects `total` reports since the last look to `mmbot_reconnects_total`.
    public func syncReconnects() {
        guard let source = reconnectSource.withLock({ $0 }) else { return }
        let total = source()
        let delta = reconnectsSeen.withLock { seen -> Int in
            let d = total - seen
            if d > 0 { seen = total }
            return d
        }
        if delta > 0 { reconnects.increment(by: Int64(delta)) }
    }

    /// The Prometheus text exposition.
    public func render() -> String {
        syncReconnects()
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
