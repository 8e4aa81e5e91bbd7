import Hummingbird
import HummingbirdCore
import Logging
import HTTPTypes
import NIOCore

/// Serves `GET /metrics` (Prometheus text) on the configured loopback address.
public enum MetricsServer {
    /// A Hummingbird application for `address` (`host:port`); run it as a service.
    public static func application(
        metrics: DaemonMetrics, address: String, logger: Logger, onRunning: @escaping @Sendable (Int) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let (host, port) = MetricsAddress.split(address) ?? ("127.0.0.1", 9464)
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host == "localhost" ? "127.0.0.1" : host.trimmingCharacters(in: ["[", "]"]), port: port)),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
