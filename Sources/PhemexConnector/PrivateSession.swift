import Logging
import MarketCore
import PhemexWire
import Synchronization

/// The private WebSocket connection: `user.auth`, `aop_p` (USDT-M) and/or `aop` (COIN-M),
/// stream events → `ExchangeEvent.execution/.position/.balance`, and on every (re)connect a
/// REST reconciliation before `.accountSynced`.
final class PrivateSession: WSSessionLogic, Sendable {
    typealias Decode = @Sendable (_ json: JSONValue, _ inverse: Bool) -> AccountSnapshot?
    typealias Reconcile = @Sendable () async throws -> (open: [ExecutionReport], fills: [ExecutionReport], positions: [PositionReport], balances: [BalanceReport])

    private let signer: PhemexSigner
    private let serverNow: @Sendable () -> Timestamp
    private let linear: Bool
    private let inverse: Bool
    private let decode: Decode
    private let reconcile: Reconcile
    private let sink: EventSink
    private let stats: ConnectorStats
    private let requestTimeout: Duration
    private let logger: Logger
    private let synced = Atomic<Bool>(false)

    init(
        signer: PhemexSigner, serverNow: @escaping @Sendable () -> Timestamp, linear: Bool, inverse: Bool,
        configuration: PhemexConnectorConfiguration, decode: @escaping Decode, reconcile: @escaping Reconcile,
        sink: EventSink, stats: ConnectorStats, logger: Logger
    ) {
        self.signer = signer
        self.serverNow = serverNow
        self.linear = linear
        self.inverse = inverse
        self.decode = decode
        self.reconcile = reconcile
        self.sink = sink
        self.stats = stats
        self.requestTimeout = configuration.requestTimeout
        self.logger = logger
    }

    /// `true` between `.accountSynced` and the next disconnect.
    var isSynced: Bool { synced.load(ordering: .relaxed) }

    func handshake(_ link: WSLink) async throws {
        // Auth: HMAC(apiKey + expiry), expiry well inside the 120 s horizon.
        let expiry = serverNow().seconds + 60
        let authID = link.makeID()
        let auth = try await link.request(id: authID, signer.wsAuthRequest(id: authID, expiry: expiry).text, timeout: requestTimeout)
        if case .error(let code, let message) = auth.outcome {
            throw WSSessionEnded(description: "user.auth refused: \(code) \(message)")
        }
        for inv in [false, true] where inv ? inverse : linear {
            let id = link.makeID()
            let reply = try await link.request(id: id, WSRequest.subscribeAOP(id: id, inverse: inv).text, timeout: requestTimeout)
            if case .error(let code, let message) = reply.outcome {
                throw WSSessionEnded(description: "\(inv ? "aop" : "aop_p") subscribe refused: \(code) \(message)")
            }
        }
        let state: (open: [ExecutionReport], fills: [ExecutionReport], positions: [PositionReport], balances: [BalanceReport])
        do { state = try await reconcile() } catch {
            throw WSSessionEnded(description: "reconciliation failed: \(WSConnectionRunner.describe(error))")
        }
        for f in state.fills { sink.yield(.execution(f)) }
        synced.store(true, ordering: .relaxed)
        sink.yield(
            .accountSynced(openOrders: state.open, positions: state.positions, balances: state.balances, time: serverNow()))
    }

    func receive(_ bytes: UnsafeRawBufferPointer, link: WSLink) {
        guard let json = try? JSONValue.parse(bytes) else {
            stats.decodeError()
            return
        }
        let kind = WSInboundKind.classify(json)
        switch kind {
        case .reply:
            if let reply = try? WSReply.decode(json: json) { link.replies.deliver(reply) }
        case .aopLinear, .aopInverse:
            guard let update = decode(json, kind == .aopInverse) else {
                stats.decodeError()
                return
            }
            for e in update.executions where !update.isSnapshot || e.kind == .fill { sink.yield(.execution(e)) }
            for p in update.positions { sink.yield(.position(p)) }
            for b in update.balances { sink.yield(.balance(b)) }
        default:
            break
        }
    }

    func disconnected(reason: String) {
        synced.store(false, ordering: .relaxed)
        sink.yield(.accountUnsynced(reason: reason))
    }

    func check(link: WSLink) -> String? { nil }

    func pingFrame(id: Int64) -> String { WSRequest.ping(id: id).text }
}
