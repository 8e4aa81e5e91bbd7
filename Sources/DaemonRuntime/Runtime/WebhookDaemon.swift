import Logging
import Strategies
import WebhookServer

extension Daemon {
    /// For a `webhook_signals` strategy: the webhook server wired to `engineService` through a
    /// `WebhookEngineBridge` (orders into the owner loop, prices and balances out of it).
    /// `nil` for the other strategies.
    func makeWebhookServer(_ engineService: EngineService) throws(WebhookDaemonError) -> WebhookServer? {
        guard let settings = webhookSettings, case .webhookSignals(let wc) = strategyFile.config else { return nil }
        // The tracker's R20 loss check keeps one session-start equity for the account: equities
        // in two currencies would trip it at random, so refuse the mix up front.
        var currencies: [String] = []
        for i in engineService.instruments where !currencies.contains(i.settleCurrency) { currencies.append(i.settleCurrency) }
        if currencies.count > 1 { throw .mixedSettleCurrencies(currencies.sorted()) }
        let bridge = WebhookEngineBridge(inputs: inputSink)
        engineService.webhook = bridge
        let s = sink
        var log = Logger(label: "mmbot.webhook") { SinkLogHandler(label: $0, sink: s) }
        log[metadataKey: "component"] = "webhook"
        let server = WebhookServer(
            settings: settings, strategy: WebhookSignalsStrategy(config: wc), sink: bridge,
            market: { symbol in bridge.market(symbol) }, logger: log)
        webhookServer = server
        return server
    }
}

/// Why the daemon will not run a `webhook_signals` file.
public enum WebhookDaemonError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The symbols settle in more than one currency (e.g. BTCUSDT in USDT and BTCUSD in BTC).
    case mixedSettleCurrencies([String])

    public var description: String {
        switch self {
        case .mixedSettleCurrencies(let c):
            return "webhook_signals: symbols settle in \(c.joined(separator: " and ")); run one bot per settle currency"
        }
    }
}
