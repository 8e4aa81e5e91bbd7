import Logging
import Strategies
import WebhookServer

extension Daemon {
    /// For a `webhook_signals` strategy: the webhook server wired to `engineService` through a
    /// `WebhookEngineBridge` (orders into the owner loop, prices and balances out of it).
    /// `nil` for the other strategies.
    func makeWebhookServer(_ engineService: EngineService) -> WebhookServer? {
        guard let settings = webhookSettings, case .webhookSignals(let wc) = strategyFile.config else { return nil }
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
