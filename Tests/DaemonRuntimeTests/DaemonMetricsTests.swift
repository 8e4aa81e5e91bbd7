import AsyncHTTPClient
import Foundation
import SimulatorServer
import Testing
@testable import DaemonRuntime

extension DaemonRuntimeLoopbackSuites {
/// Metrics over loopback: a forced WebSocket drop at the simulator shows up in
/// `mmbot_reconnects_total` on the daemon's `/metrics` page.
@Suite(.serialized) struct DaemonMetricsTests {
    func scrape(_ port: Int) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        return String(buffer: body)
    }

    func value(_ name: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ").last ?? "")
        }
        return nil
    }

    @Test func forcedDropCountsAReconnect() async throws {
        let f = try await DaemonFixture.make()
        let conf = try String(contentsOfFile: f.confPath, encoding: .utf8)
            .replacingOccurrences(of: "metrics_address: \"off\"", with: "metrics_address: 127.0.0.1:0")
        try conf.write(toFile: f.confPath, atomically: true, encoding: .utf8)
        let d = try f.daemon()
        let run = Task { await d.run(handleSignals: false) }
        #expect(try await f.waitFor(20) { try await f.ownOpenOrders().count >= 2 })
        let port = try #require(d.metricsPort)
        let before = try await scrape(port)
        let r0 = try #require(value("mmbot_reconnects_total", in: before))
        #expect((value("mmbot_orders_sent_total", in: before) ?? 0) >= 2)
        // Quiet book updates are followed by order-path rehearsals (nothing sent).
        #expect(try await f.waitFor(20) { (value("mmbot_order_path_rehearsals_total", in: try await scrape(port)) ?? 0) >= 3 })
        await f.server.setFaults(FaultSwitches(dropConnections: true))
        var after = ""
        let counted = try await f.waitFor(20) {
            after = try await scrape(port)
            return (value("mmbot_reconnects_total", in: after) ?? 0) > r0
        }
        #expect(counted)
        d.requestStop()
        #expect(await run.value == 0)
        await f.cleanup()
    }
}
}
