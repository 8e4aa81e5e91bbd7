import Foundation
import Logging
import MarketCore
import OrderTracking
import PhemexConnector
import ServiceLifecycle
import Synchronization
import TradingEngine

/// The one task that owns the engine: journals each input, handles it, routes the outputs,
/// writes state; ends when the engine reports `.stopped`.
final class EngineService: Service, @unchecked Sendable {
    let daemon: Daemon
    let connector: PhemexConnector
    let instruments: [InstrumentSpec]
    let exitCode = Mutex<Int32>(0)
    /// The webhook server's way into the engine (`webhook_signals` only).
    var webhook: WebhookEngineBridge?

    init(daemon: Daemon, connector: PhemexConnector, instruments: [InstrumentSpec]) {
        self.daemon = daemon
        self.connector = connector
        self.instruments = instruments
    }

    func run() async throws {
        let d = daemon
        let config = d.config
        let paths = d.paths
        let existing = try StateStore.load(from: paths.stateFile)
        var startState: EngineState? = d.options.fresh ? nil : existing?.engine
        var onResume = config.onResume
        if d.options.fresh {
            // Start anew, but cancel whatever the exchange still holds under our prefix.
            onResume = .cancel
            if let old = existing?.engine {
                var s = EngineState()
                s.orderCounter = old.orderCounter
                startState = s
            }
        }
        let engineConfig = EngineConfig(
            botName: paths.name, sessionTag: EngineConfig.sessionTag(seconds: WallClock.nanos() / 1_000_000),
            instruments: instruments, staleAfter: .millis(Int64(config.staleAfterMs)),
            stopDeadline: .millis(Int64(config.stopDeadlineMs)),
            summaryInterval: .seconds(Int64(config.summaryIntervalSeconds)), onStop: config.onStop,
            onResume: onResume, maxPosition: config.maxPosition, maxLoss: config.maxLoss,
            rules: try config.rulesPath.map { path throws(ConfigErrors) in
                FileManager.default.fileExists(atPath: path) ? try RuleProfileLoader.load(path: path) : .standard
            } ?? .standard)
        let strategy = try d.strategyFile.makeStrategy()
        var engine = Engine(config: engineConfig, strategy: strategy, state: startState)
        if let existing, !d.options.fresh {
            d.logger.info(
                "resuming from \(paths.stateFile) saved \(LogLineFormat.timestamp(existing.savedAt)) (\(existing.engine.orders.count) order(s), position \(existing.engine.positions.map { "\($0.symbol) \($0.size)" }.joined(separator: ", ")))",
                metadata: ["component": "daemon"])
        }
        let journal = config.journal
            ? try JournalWriter(
                path: paths.journalFile, maxBytes: config.journalMaxBytes, keep: config.logKeep,
                header: JournalHeader(config: engineConfig, strategyConfig: d.strategyFile.text, state: startState))
            : nil
        let audit = try RotatingFile(path: paths.auditFile, maxBytes: config.logMaxBytes, keep: config.logKeep)
        let codec = JournalCodec()
        let inputSink = d.inputSink
        let timer = InputTimer(sink: inputSink)
        let (commands, commandSink) = AsyncStream<(UInt64, ExchangeCommand)>.makeStream(bufferingPolicy: .unbounded)
        let connector = self.connector
        let metrics = d.metrics
        var lastSave = Int64(0)
        let network = config.network.rawValue
        let webhook = self.webhook
        // Order-path rehearsal in idle time (see `Engine.rehearsal`): after a book update that
        // sent nothing, at most once per `order_path_rehearsal_ms`.
        let rehearsalNanos = Int64(config.orderPathRehearsalMs) * 1_000_000
        var lastRehearsal = Int64(0)
        var rehearsals = 0

        func save(_ status: String) {
            let file = StateFile(
                bot: paths.name, status: status, pid: status == "running" ? getpid() : nil, savedAt: WallClock.now(),
                network: network, engine: engine.snapshot)
            do { try StateStore.save(file, to: paths.stateFile) } catch {
                d.logger.error("state write failed: \(error)", metadata: ["component": "daemon"])
            }
            lastSave = WallClock.nanos()
        }

        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in connector.events {
                    inputSink.yield(EngineInput(receivedAt: WallClock.now(), kind: .exchange(event)))
                }
            }
            group.addTask {
                @Sendable func run(_ id: UInt64, _ command: ExchangeCommand) async {
                    let result = await connector.execute(command, id: id)
                    metrics.recordRateLimits(result.rateLimits)
                    inputSink.yield(EngineInput(receivedAt: WallClock.now(), kind: .exchange(.commandResult(result))))
                }
                // Writes go out one at a time, in the engine's order; reads (queries, open-order
                // and position fetches) run beside them so a slow read never holds up a cancel.
                await withTaskGroup(of: Void.self) { reads in
                    for await (id, command) in commands {
                        if command.isReadOnly {
                            reads.addTask { await run(id, command) }
                        } else {
                            await run(id, command)
                        }
                    }
                }
            }
            inputSink.yield(EngineInput(receivedAt: WallClock.now(), kind: .start))
            await withGracefulShutdownHandler {
                for await input in d.inputs {
                    do { try journal?.append(input, engine: engine) } catch {
                        d.logger.error("journal write failed: \(error)", metadata: ["component": "daemon"])
                    }
                    let outputs = engine.handle(input)
                    var stopped = false
                    var ordered = false
                    var sent = false
                    var denial: EngineAuditRecord?
                    for o in outputs {
                        switch o {
                        case .command(let id, let command):
                            sent = true
                            if case .place = command { ordered = true }
                            if case .amend = command { ordered = true }
                            commandSink.yield((id, command))
                        case .scheduleTimer(let at): timer.schedule(at: at)
                        case .audit(let record):
                            if record.verdict == "deny" || record.verdict == "degrade" { denial = record }
                            if let line = try? codec.line(.audit(record)) { audit.append(line) }
                        case .log(let entry): d.log(entry)
                        case .checkpoint: save("running")
                        case .stopped: stopped = true
                        case .webhookResponse(let id, let accepted, let clientOrderID, let message):
                            webhook?.answer(
                                requestID: id, accepted: accepted, clientOrderID: clientOrderID, denial: denial,
                                message: message)
                        }
                    }
                    if ordered {
                        metrics.recordTickToOrder(nanos: WallClock.nanos() - input.receivedAt.nanos)
                    }
                    if rehearsalNanos > 0, !sent, case .exchange(.book) = input.kind {
                        let t = WallClock.nanos()
                        if t - lastRehearsal >= rehearsalNanos {
                            lastRehearsal = t
                            rehearsals &+= 1
                            connector.rehearse(engine.rehearsal(now: input.receivedAt, variant: rehearsals))
                            metrics.recordRehearsal()
                        }
                    }
                    metrics.update(engine: engine, now: input.receivedAt)
                    webhook?.observe(engine)
                    d.observer?(engine.state)
                    if stopped {
                        save("stopped")
                        break
                    }
                    if WallClock.nanos() - lastSave > 2_000_000_000 { save("running") }
                }
            } onGracefulShutdown: {
                inputSink.yield(EngineInput(receivedAt: WallClock.now(), kind: .operatorStop))
            }
            webhook?.close()
            commandSink.finish()
            timer.cancel()
            audit.sync()
            group.cancelAll()
        }
        exitCode.withLock { $0 = 0 }
    }
}
