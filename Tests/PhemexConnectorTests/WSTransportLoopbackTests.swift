import Foundation
import MarketCore
import SimulatorServer
import Testing

@testable import PhemexConnector

extension PhemexConnectorLoopbackSuites {
/// Both WebSocket clients of the market-data connections (the direct SwiftNIO one, default, and
/// swift-websocket's, `directMarketDataSocket = false`) against a simulator that offers
/// permessage-deflate: books become valid and match, and a dropped connection is rebuilt.
@Suite(.serialized) struct WSTransportLoopbackTests {
    @Test(arguments: [true, false])
    func marketDataFlowsAndSurvivesADrop(direct: Bool) async throws {
        let h = try await SimHarness.start(
            withCredentials: false, configure: { $0.webSocketCompression = true },
            tweak: { $0.directMarketDataSocket = direct })
        #expect(await h.recorder.wait { $0.contains(where: \.isBookValid) })
        #expect(await h.waitForMatch("BTCUSDT"))
        #expect(await h.dropAndAwaitResnapshot())
        #expect(h.connector.stats.reconnectCount >= 1)
        #expect(await h.waitForMatch("BTCUSDT"))
        #expect(h.connector.stats.decodeFailures == 0)
        await h.stop()
    }
}
}
