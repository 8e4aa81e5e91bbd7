import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Synchronization
import Testing
import WSClient
import WSCompression
@testable import SimulatorServer

let testKey = "apikey-1234"
let testSecret = "TESTSECRET-not-a-real-key"

/// A config for tests: one known key, fast heartbeats off by default.
func testConfig(_ edit: (inout SimulatorServerConfig) -> Void = { _ in }) -> SimulatorServerConfig {
    var c = SimulatorServerConfig()
    c.port = 0
    c.seed = 7
    c.credentials = [.init(apiKey: testKey, apiSecret: testSecret)]
    edit(&c)
    return c
}

/// Starts a server, runs `body`, stops the server.
func withServer(_ config: SimulatorServerConfig = testConfig(), _ body: (SimulatorServer, Int) async throws -> Void) async throws {
    let server = SimulatorServer(config: config)
    let port = try await server.start()
    do {
        try await body(server, port)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// One HTTP reply.
struct HTTPReply {
    var status: Int
    var headers: [(String, String)]
    var body: String
    var json: JSONValue? { try? JSONValue.parse(body) }
    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// Sends a request; signs it when `sign` (path + query + expiry + body, §4.1).
func http(
    _ port: Int, _ method: String, _ path: String, query: String = "", body: String = "",
    sign: Bool = false, key: String = testKey, secret: String = testSecret, expiry: Int64? = nil,
    tamper: Bool = false
) async throws -> HTTPReply {
    var url = "http://127.0.0.1:\(port)\(path)"
    if !query.isEmpty { url += "?" + query }
    var req = HTTPClientRequest(url: url)
    req.method = .init(rawValue: method)
    if !body.isEmpty {
        req.body = .bytes(ByteBuffer(string: body))
        req.headers.add(name: "Content-Type", value: "application/json")
    }
    if sign {
        let exp = expiry ?? Int64(Date().timeIntervalSince1970) + 60
        var sig = RequestAuth.sign(secret: secret, message: path + query + String(exp) + body)
        if tamper { sig = String(sig.reversed()) }
        req.headers.add(name: "x-phemex-access-token", value: key)
        req.headers.add(name: "x-phemex-request-expiry", value: String(exp))
        req.headers.add(name: "x-phemex-request-signature", value: sig)
    }
    let resp = try await HTTPClient.shared.execute(req, timeout: .seconds(10))
    let bytes = try await resp.body.collect(upTo: 1 << 24)
    return HTTPReply(
        status: Int(resp.status.code), headers: resp.headers.map { ($0.name, $0.value) },
        body: String(buffer: bytes))
}

/// What a `WSProbe` has received so far.
final class ProbeState: Sendable {
    let received = Mutex<[String]>([])
    let closed = Atomic<Bool>(false)
    let error = Mutex<String?>(nil)
}

/// A small WebSocket test client: sends text, records every received text frame.
final class WSProbe: Sendable {
    let state = ProbeState()
    let outgoing: AsyncStream<String>.Continuation
    let task: Task<Void, Never>

    /// `autoPing` sends WS ping frames every `pingPeriod`; the client library closes the
    /// connection when a pong takes longer than one period, so keep it long on a loaded machine.
    init(port: Int, autoPing: Bool = false, pingPeriod: Duration = .seconds(1), deflate: Bool = false) {
        let (stream, cont) = AsyncStream<String>.makeStream()
        outgoing = cont
        let state = self.state
        task = Task {
            var logger = Logger(label: "test.ws")
            logger.logLevel = .critical
            let config = WebSocketClientConfiguration(
                maxFrameSize: 1 << 22,
                extensions: deflate ? [.perMessageDeflate(maxDecompressedFrameSize: 1 << 22)] : [],
                autoPing: autoPing ? .enabled(timePeriod: pingPeriod) : .disabled)
            do {
            _ = try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/ws", configuration: config, logger: logger
            ) { inbound, outbound, _ in
                let writer = Task {
                    for await s in stream {
                        do { try await outbound.write(.text(s)) } catch { return }
                    }
                }
                defer { writer.cancel() }
                do {
                    for try await m in inbound.messages(maxSize: 1 << 22) {
                        if case .text(let t) = m { state.received.withLock { $0.append(t) } }
                    }
                } catch {}
            }
            } catch {
                state.error.withLock { $0 = "\(error)" }
            }
            state.closed.store(true, ordering: .relaxed)
        }
    }

    func send(_ s: String) { outgoing.yield(s) }

    var isClosed: Bool { state.closed.load(ordering: .relaxed) }

    var messages: [String] { state.received.withLock { $0 } }

    /// Waits until a received frame (from index `from`) satisfies `pred`.
    @discardableResult
    func waitFor(
        from: Int = 0, timeout: Double = 5, contains: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
        _ pred: (JSONValue) -> Bool
    ) async throws -> JSONValue {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000 * testPatience))
        var i = from
        while ContinuousClock.now < deadline {
            let all = messages
            while i < all.count {
                if contains.map({ all[i].contains($0) }) ?? true, let v = try? JSONValue.parse(all[i]), pred(v) { return v }
                i += 1
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record(
            "timed out waiting for a frame; got \(messages.suffix(3)) error \(state.error.withLock { $0 } ?? "none") closed \(isClosed)",
            sourceLocation: sourceLocation)
        throw ProbeError.timeout
    }

    func waitClosed(timeout: Double) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000 * testPatience))
        while ContinuousClock.now < deadline {
            if isClosed { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return isClosed
    }

    func close() {
        outgoing.finish()
        task.cancel()
    }
}

enum ProbeError: Error { case timeout }

/// Loads a fixture from Tests/PhemexWireTests/Fixtures/phemex (the copy of shared/phemex/samples).
func sample(_ name: String) throws -> JSONValue {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PhemexWireTests/Fixtures/phemex/\(name)")
    return try JSONValue.parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
}

/// The JSON type of `v` as the shape checks compare it (integer and decimal are both "number").
private func kind(_ v: JSONValue) -> String {
    switch v {
    case .null: return "null"
    case .bool: return "bool"
    case .int, .double: return "number"
    case .string: return "string"
    case .array: return "array"
    case .object: return "object"
    }
}

/// Every key of `expected` (recursively, first element of arrays) exists in `actual` with the
/// same JSON type (number = integer or decimal). Returns the mismatching paths.
func shapeMismatches(_ expected: JSONValue, _ actual: JSONValue, path: String = "$") -> [String] {
    if case .null = expected { return [] }
    guard kind(expected) == kind(actual) else { return ["\(path): \(kind(expected)) vs \(kind(actual))"] }
    switch (expected, actual) {
    case (.object(let e), .object(let a)):
        var out: [String] = []
        for k in e.keys.sorted() {
            guard let av = a[k] else {
                out.append("\(path).\(k): missing")
                continue
            }
            out += shapeMismatches(e[k]!, av, path: "\(path).\(k)")
        }
        return out
    case (.array(let e), .array(let a)):
        guard let fe = e.first, let fa = a.first else { return [] }
        return shapeMismatches(fe, fa, path: path + "[0]")
    default:
        return []
    }
}

/// Like `shapeMismatches`, but both ways: every key of `expected` must exist in `actual` with the
/// same JSON type AND `actual` may carry no key the sample lacks. Arrays of scalars (tuples such
/// as `[priceString, sizeString]` or `[ns, side, price, size]`) are compared position by position;
/// arrays of objects or arrays compare their first elements.
func exactShapeMismatches(_ expected: JSONValue, _ actual: JSONValue, path: String = "$") -> [String] {
    if case .null = expected { return [] }
    guard kind(expected) == kind(actual) else { return ["\(path): \(kind(expected)) vs \(kind(actual))"] }
    switch (expected, actual) {
    case (.object(let e), .object(let a)):
        var out: [String] = []
        for k in e.keys.sorted() {
            guard let av = a[k] else {
                out.append("\(path).\(k): missing")
                continue
            }
            out += exactShapeMismatches(e[k]!, av, path: "\(path).\(k)")
        }
        for k in a.keys.sorted() where e[k] == nil { out.append("\(path).\(k): unexpected") }
        return out
    case (.array(let e), .array(let a)):
        guard let fe = e.first, let fa = a.first else { return [] }
        switch fe {
        case .object, .array:
            return exactShapeMismatches(fe, fa, path: path + "[0]")
        default:
            if e.count != a.count && e.allSatisfy({ kind($0) == kind(fe) }) == false {
                return ["\(path): tuple length \(e.count) vs \(a.count)"]
            }
            var out: [String] = []
            for i in 0..<min(e.count, a.count) { out += exactShapeMismatches(e[i], a[i], path: "\(path)[\(i)]") }
            return out
        }
    default:
        return []
    }
}

/// Expects `actual` to have exactly the key set and value types of sample `name`.
func expectExact(_ name: String, _ actual: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let diff = exactShapeMismatches(try sample(name), actual)
    #expect(diff == [], "\(name): \(diff)", sourceLocation: sourceLocation)
}

/// Deadline multiplier for waits over loopback: `swift test` runs suites in parallel on a loaded
/// machine, so a wait that normally ends in milliseconds gets generous slack. A passing wait never
/// reaches its deadline, so the slack costs nothing when things work.
let testPatience: Double = 6
