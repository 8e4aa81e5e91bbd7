import Foundation
import Testing
@testable import SimulatorServer
#if canImport(Glibc)
import Glibc
#endif

extension SimulatorServerLoopbackSuites {
/// A WebSocket client that subscribes and then stops reading is dropped once the frames waiting
/// for its socket pass `maxOutboundBacklogBytes`, instead of being buffered without bound.
@Suite("Slow consumer") struct SlowConsumerTests {
    /// A blocking loopback socket: upgrade to WebSocket, send masked text frames.
    final class RawSocket {
        let fd: Int32

        init?(port: Int) {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { return nil }
            var small: Int32 = 4096
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            guard ok else {
                close(fd)
                return nil
            }
        }

        deinit { close(fd) }

        func write(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { p in _ = send(fd, p.baseAddress, p.count, 0) }
        }

        /// Reads until the end of the HTTP upgrade reply.
        func readUpgradeReply() -> String {
            var got: [UInt8] = []
            var byte: UInt8 = 0
            while recv(fd, &byte, 1, 0) == 1 {
                got.append(byte)
                if got.count >= 4 && got.suffix(4) == [13, 10, 13, 10] { break }
            }
            return String(decoding: got, as: UTF8.self)
        }

        func textFrame(_ s: String) {
            let payload = Array(s.utf8)
            var f: [UInt8] = [0x81, UInt8(0x80 | payload.count), 0, 0, 0, 0]
            f += payload
            write(f)
        }
    }

    @Test func clientThatStopsReadingIsDropped() async throws {
        let cfg = testConfig {
            $0.tickMilliseconds = 0  // fast driver: plenty of frames
            $0.speed = 20
            $0.maxOutboundBacklogBytes = 256 << 10
            $0.heartbeatTimeoutSeconds = 3600  // only the backlog cap can drop it
        }
        try await withServer(cfg) { server, port in
            let s = try #require(RawSocket(port: port))
            s.write(Array(
                ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: c2xvdy1jb25zdW1lci10ZXN0\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8))
            #expect(s.readUpgradeReply().hasPrefix("HTTP/1.1 101"))
            var id = 1
            for sym in ["BTCUSDT", "ETHUSDT"] {
                for depth in [0, 1, 5, 10, 30] {
                    s.textFrame(#"{"id":\#(id),"method":"orderbook_p.subscribe","params":["\#(sym)",false,\#(depth)]}"#)
                    id += 1
                }
            }
            // No reads from here on: the server must give up on this connection.
            func waitConnections(_ n: Int) async throws -> Bool {
                let deadline = ContinuousClock.now + .seconds(10 * testPatience)
                while ContinuousClock.now < deadline {
                    if await server.stateJSON().contains("\"connections\":\(n),") { return true }
                    try await Task.sleep(for: .milliseconds(50))
                }
                return false
            }
            #expect(try await waitConnections(1))
            #expect(try await waitConnections(0))
        }
    }
}
}
