import Foundation
import PhemexConnector

/// The machine's floor for the same trip without any framework: one thread writes a 160-byte
/// message carrying its CLOCK_REALTIME stamp to a TCP loopback socket every millisecond, another
/// thread blocked in `read` gets it and records now − stamp. Whatever the connector adds
/// on top of this is its own cost; this part is kernel and scheduler (and machine load).
enum SocketFloor {
    static func measure(frames: Int) -> LatencyRecorder? {
        let recorder = LatencyRecorder(capacity: frames)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
                bind(listener, p, len) == 0 && listen(listener, 1) == 0 && getsockname(listener, p, &len) == 0
            }
        }
        guard bound else { return nil }
        let writer = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(writer, $0, len) == 0 }
        }
        let reader = accept(listener, nil, nil)
        guard connected, reader >= 0 else { return nil }
        defer {
            close(writer)
            close(reader)
        }
        var one: Int32 = 1
        setsockopt(writer, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let size = 160
        let thread = Thread {
            var message = [UInt8](repeating: 0x20, count: size)
            for _ in 0..<frames {
                usleep(1000)
                var stamp = realtimeNanos()
                withUnsafeBytes(of: &stamp) { s in message.withUnsafeMutableBytes { $0.copyMemory(from: s) } }
                _ = message.withUnsafeBytes { write(writer, $0.baseAddress, size) }
            }
        }
        thread.start()
        var buffer = [UInt8](repeating: 0, count: size)
        for _ in 0..<frames {
            var got = 0
            while got < size {
                let n = buffer.withUnsafeMutableBytes { b -> Int in
                    guard let base = b.baseAddress else { return -1 }
                    return read(reader, base + got, size - got)
                }
                guard n > 0 else { return recorder }
                got += n
            }
            let stamp = buffer.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
            recorder.record(realtimeNanos() - stamp)
        }
        return recorder
    }
}
