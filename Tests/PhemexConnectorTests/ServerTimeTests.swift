import Logging
import MarketCore
import SimulatorServer
import Testing

@testable import PhemexConnector

extension PhemexConnectorLoopbackSuites {
/// The signing clock: `/public/time` must report the clock the server checks request expiry
/// against, whatever the simulator's market speed. (A virtual-time answer made every request
/// signed after a slow start arrive already expired.)
@Suite(.serialized) struct ServerTimeTests {
    @Test func serverTimeIsTheExpiryClockEvenWithAFrozenMarket() async throws {
        var sc = SimulatorServerConfig()
        sc.speed = 0  // the virtual clock stays at the start instant
        let server = try await SimulatorServer.start(sc)
        let rest = try #require(server.restURL)
        let ws = try #require(server.wsURL)
        try await Task.sleep(for: .seconds(2))
        let client = PhemexREST(
            configuration: PhemexConnectorConfiguration(network: .sim(restURL: rest, wsURL: ws), linearSymbols: ["BTCUSDT"]),
            logger: Logger(label: "test.time"))
        try await client.syncServerTime()
        // 2 s behind with a virtual-time answer; within half a round trip with the expiry clock.
        #expect(abs(client.serverOffsetNanos) < 1_000_000_000, "offset \(client.serverOffsetNanos) ns")
        await client.shutdown()
        await server.stop()
    }
}
}
