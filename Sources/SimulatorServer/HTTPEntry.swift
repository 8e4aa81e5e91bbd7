import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The HTTP side of the server: admin calls, injected latency, then `SimulatorCore.handleREST`.
enum HTTPEntry {
    static let tokenHeader = HTTPField.Name("x-phemex-access-token")
    static let expiryHeader = HTTPField.Name("x-phemex-request-expiry")
    static let signatureHeader = HTTPField.Name("x-phemex-request-signature")
    static let tracingHeader = HTTPField.Name("x-phemex-request-tracing")

    static func responder(core: SimulatorCore) -> CallbackResponder<BasicRequestContext> {
        CallbackResponder { request, _ in
            let buffer = try await request.body.collect(upTo: 1 << 22)
            let body = String(buffer: buffer)
            let path = request.uri.path
            let method = request.method.rawValue
            if path.hasPrefix("/admin/") && core.config.adminEnabled {
                return response(await admin(core: core, method: method, path: path, body: body), tracing: nil)
            }
            let latency = await core.latencyMilliseconds()
            if latency > 0 { try? await Task.sleep(for: .milliseconds(latency)) }
            let req = RESTRequest(
                method: method, path: path, query: request.uri.query ?? "", body: body,
                apiKey: tokenHeader.flatMap { request.headers[$0] },
                expiry: expiryHeader.flatMap { request.headers[$0] },
                signature: signatureHeader.flatMap { request.headers[$0] },
                clientIP: "127.0.0.1")
            let reply = await core.handleREST(req)
            return response(reply, tracing: tracingHeader.flatMap { request.headers[$0] })
        }
    }

    static func response(_ reply: RESTReply, tracing: String?) -> Response {
        var fields = HTTPFields()
        if !reply.body.isEmpty { fields[.contentType] = "application/json" }
        for (name, value) in reply.headers {
            if let n = HTTPField.Name(name) { fields.append(HTTPField(name: n, value: value)) }
        }
        if let tracing, let n = tracingHeader { fields[n] = String(tracing.prefix(40)) }
        return Response(
            status: HTTPResponse.Status(code: reply.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
    }

    /// `POST /admin/faults` (JSON `FaultSwitches`, missing keys = off), `POST /admin/clock` and
    /// `GET /admin/state`.
    static func admin(core: SimulatorCore, method: String, path: String, body: String) async -> RESTReply {
        switch (method, path) {
        case ("POST", "/admin/faults"):
            guard let f = try? JSONDecoder().decode(FaultSwitches.self, from: Data(body.utf8)) else {
                return RESTReply(status: 400, body: "{\"error\":\"invalid fault JSON\"}")
            }
            await core.applyFaults(f)
            return RESTReply(status: 200, body: await core.faultsJSON())
        case ("GET", "/admin/faults"):
            return RESTReply(status: 200, body: await core.faultsJSON())
        case ("POST", "/admin/clock"):
            // `{"advanceRateLimitSeconds": N}`: moves the rate-limit clock forward.
            guard case .object(let o)? = try? JSONValue.parse(body), let secs = o["advanceRateLimitSeconds"],
                let n = secs.doubleValue, n >= 0
            else { return RESTReply(status: 400, body: "{\"error\":\"invalid clock JSON\"}") }
            await core.advanceRateLimitClock(nanos: Int64(n * 1_000_000_000))
            return RESTReply(status: 200, body: "{}")
        case ("GET", "/admin/state"):
            return RESTReply(status: 200, body: await core.adminState())
        default:
            return RESTReply(status: 404, body: "{\"error\":\"unknown admin call\"}")
        }
    }
}
