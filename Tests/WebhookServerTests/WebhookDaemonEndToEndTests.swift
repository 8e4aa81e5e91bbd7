import ExchangeSimulator
import Foundation
import ProcessTestSupport
import MarketCore
import Testing
import TradingEngine
import WebhookServer

@testable import DaemonRuntime

extension WebhookLoopbackSuites {
/// The daemon with a `webhook_signals` strategy, end to end over loopback: HTTP → webhook server
/// → engine owner loop → order tracker → connector → simulator, answers back to the client.
@Suite(.serialized) struct WebhookDaemonEndToEndTests {
    /// Starts an in-process daemon on a fresh quiet simulator, waits until it trades and the
    /// webhook listens, runs `body` with the port, then stops the daemon. Returns the outputs
    /// of replaying the run's journal (webhook inputs are journaled like any other input).
    @discardableResult
    func withDaemon(
        symbols: [String] = ["BTCUSDT"], _ body: (WebhookDaemonFixture, Int, StateProbe) async throws -> Void
    ) async throws -> [String] {
        let f = try await WebhookDaemonFixture.make(symbols: symbols)
        let d = try f.daemon()
        let probe = StateProbe()
        probe.attach(to: d)
        let run = Task { await d.run(handleSignals: false) }
        var port: Int?
        let started = try await eventually(30) {
            if port == nil, let server = d.webhookServer { port = try await server.boundPort() }
            return port != nil && probe.ready
        }
        #expect(started)
        if started, let port { try await body(f, port, probe) }
        d.requestStop()
        let code = await run.value
        #expect(code == 0)
        let log = (try? String(contentsOfFile: f.logPath, encoding: .utf8)) ?? ""
        #expect(log.contains("webhook listening on http://127.0.0.1:\(port ?? -1)/webhook"))
        #expect(!log.contains(Fixture.token))
        var replayed: [String] = []
        _ = try ReplayRunner.run(path: f.dir + "/logs/wh_bot.journal.jsonl") { replayed.append($0) }
        await f.cleanup()
        return replayed
    }

    static func body(_ fields: [String: String], token: String? = Fixture.token) -> String {
        Harness.payload(fields, token: token)
    }

    @Test func everyOrderTypeAndQuantityTypeReachesTheSimulator() async throws {
        var accepted: [String] = []
        let replayed = try await withDaemon { f, port, probe in
            let step = Quantity("0.001")!
            let tick = Price("0.1")!
            guard let mid = probe.mid("BTCUSDT"), let usdt = probe.balance("USDT") else {
                Issue.record("no market or balance")
                return
            }
            let below = (Price(raw: mid.raw / 100 * 99)).roundedDown(toMultipleOf: tick)
            let above = (Price(raw: mid.raw / 100 * 101)).roundedUp(toMultipleOf: tick)

            // Limit, fixed quantity.
            var a = try await postWebhook(port: port, Self.body([
                "symbol": "\"BTCUSDT\"", "action": "\"buy\"", "quantity": "0.01", "limit_price": "\"\(below)\"",
            ]))
            #expect(a.status == 200, "\(a.raw)")
            accepted += a.reply.clOrdID.map { [$0] } ?? []
            #expect(a.reply.orderType == "Limit")
            var o = try await f.waitOrder(a.reply.clOrdID)
            #expect(o?.ordType == .limit && o?.side == .buy && o?.price == below && o?.orderQty == Quantity("0.01")!)
            #expect(o?.ordStatus == .new)

            // Limit sell, cash: 1000 USDT at the reference price, rounded down to the step.
            let ref1 = probe.referencePrice("BTCUSDT") ?? mid
            a = try await postWebhook(port: port, Self.body([
                "symbol": "\"btcusdt\"", "action": "\"SELL\"", "quantity": "1000", "quantity_type": "\"cash\"",
                "limit_price": "\(above)",
            ]))
            #expect(a.status == 200, "\(a.raw)")
            accepted += a.reply.clOrdID.map { [$0] } ?? []
            let cashQty = expectedQuantity(cashRaw: 1000 * 1_000_000_000, price: ref1, step: step)
            #expect(a.reply.quantity == cashQty.description)
            o = try await f.waitOrder(a.reply.clOrdID)
            #expect(o?.ordType == .limit && o?.side == .sell && o?.price == above && o?.orderQty == cashQty)

            // Limit buy, 0.75 % of equity (wallet balance) converted at the reference price.
            let ref2 = probe.referencePrice("BTCUSDT") ?? mid
            a = try await postWebhook(port: port, Self.body([
                "symbol": "\"BTCUSDT\"", "action": "\"buy\"", "quantity": "0.75",
                "quantity_type": "\"percent_of_equity\"", "limit_price": "\(below)",
            ]))
            #expect(a.status == 200, "\(a.raw)")
            accepted += a.reply.clOrdID.map { [$0] } ?? []
            let pctQty = expectedQuantity(cashRaw: Int128(usdt.raw) * 75 / 10_000, price: ref2, step: step)
            #expect(a.reply.quantity == pctQty.description)
            o = try await f.waitOrder(a.reply.clOrdID)
            #expect(o?.ordType == .limit && o?.orderQty == pctQty)

            // Stop (market) buy above the market: rests untriggered at the simulator.
            a = try await postWebhook(port: port, Self.body([
                "symbol": "\"BTCUSDT\"", "action": "\"buy\"", "quantity": "0.01", "stop_price": "\(above)",
            ]))
            #expect(a.status == 200, "\(a.raw)")
            accepted += a.reply.clOrdID.map { [$0] } ?? []
            #expect(a.reply.orderType == "Stop")
            o = try await f.waitOrder(a.reply.clOrdID)
            #expect(o?.ordType == .stop && o?.stopPx == above && o?.side == .buy, "\(String(describing: o))")

            // Stop-limit sell: triggers 1.5 % under the market, limit 0.5 % under it (above our
            // own resting bid, which R16 would otherwise refuse as a self-cross).
            let stop = Price(raw: mid.raw / 1000 * 985).roundedDown(toMultipleOf: tick)
            let limit = Price(raw: mid.raw / 1000 * 995).roundedUp(toMultipleOf: tick)
            a = try await postWebhook(port: port, Self.body([
                "symbol": "\"BTCUSDT\"", "action": "\"sell\"", "quantity": "0.01", "stop_price": "\(stop)",
                "limit_price": "\(limit)",
            ]))
            #expect(a.status == 200, "\(a.raw)")
            accepted += a.reply.clOrdID.map { [$0] } ?? []
            #expect(a.reply.orderType == "StopLimit")
            o = try await f.waitOrder(a.reply.clOrdID)
            #expect(o?.ordType == .stopLimit && o?.stopPx == stop && o?.price == limit && o?.side == .sell)

            // Market buy, fixed: fills at the simulator (quantity omitted → 1 would be 65k USDT,
            // over the notional cap, so give one).
            a = try await postWebhook(port: port, Self.body([
                "symbol": "\"BTCUSDT\"", "action": "\"buy\"", "quantity": "\"0.002\"",
            ]))
            #expect(a.status == 200, "\(a.raw)")
            accepted += a.reply.clOrdID.map { [$0] } ?? []
            #expect(a.reply.orderType == "Market")
            let id = a.reply.clOrdID
            #expect(try await eventually(10) { try await f.simOrder(id)?.ordStatus == .filled })
            o = try await f.simOrder(id)
            #expect(o?.ordType == .market && o?.cumQty == Quantity("0.002")!)
        }
        // Replaying the journal gives the same answers to the same webhook inputs.
        #expect(accepted.count == 6)
        for id in accepted {
            #expect(replayed.contains { $0.contains("webhookResponse") && $0.contains(id) }, "\(id)")
        }
    }

    @Test func coinMQuantitiesAreContracts() async throws {
        try await withDaemon(symbols: ["BTCUSD"]) { f, port, probe in
            var a: Answer
            var o: SimOrder?
            // COIN-M: cash is USD → contracts (1 USD each); percent_of_equity is BTC × price.
            guard let bmid = probe.mid("BTCUSD"), let btc = probe.balance("BTC") else {
                Issue.record("no BTCUSD market")
                return
            }
            let bBelow = Price(raw: bmid.raw / 100 * 99).roundedDown(toMultipleOf: Price("0.5")!)
            let bAbove = Price(raw: bmid.raw / 100 * 101).roundedUp(toMultipleOf: Price("0.5")!)
            a = try await postWebhook(port: port, Self.body([
                "symbol": "\"BTCUSD\"", "action": "\"buy\"", "quantity": "250.7", "quantity_type": "\"cash\"",
                "limit_price": "\(bBelow)",
            ]))
            #expect(a.status == 200, "\(a.raw)")
            #expect(a.reply.quantity == "250")
            o = try await f.waitOrder(a.reply.clOrdID)
            #expect(o?.symbol == "BTCUSD" && o?.orderQty == 250)
            let bref = probe.referencePrice("BTCUSD") ?? bmid
            a = try await postWebhook(port: port, Self.body([
                "symbol": "\"BTCUSD\"", "action": "\"sell\"", "quantity": "0.5",
                "quantity_type": "\"percent_of_equity\"", "limit_price": "\(bAbove)",
            ]))
            #expect(a.status == 200, "\(a.raw)")
            // contracts = floor(BTC balance × 0.5 % × price ÷ 1 USD)
            let usd = Int128(btc.raw) * 5 / 1000 * Int128(bref.raw) / 1_000_000_000
            let contracts = Quantity(raw: Int64(usd / 1_000_000_000) * 1_000_000_000)
            #expect(a.reply.quantity == contracts.description)
            o = try await f.waitOrder(a.reply.clOrdID)
            #expect(o?.orderQty == contracts && o?.side == .sell)

        }
    }

    @Test func badPayloadsTokensDuplicatesAndRuleRefusals() async throws {
        try await withDaemon { f, port, probe in
            let before = try await f.openOrders().count
            // Missing field, zero and negative quantity, unknown action, non-JSON, oversized.
            var a = try await postWebhook(port: port, Self.body(["action": "\"buy\""]))
            #expect(a.status == 400 && a.reply.field == "symbol", "\(a.raw)")
            a = try await postWebhook(port: port, Self.body(["symbol": "\"BTCUSDT\""]))
            #expect(a.status == 400 && a.reply.field == "action", "\(a.raw)")
            a = try await postWebhook(port: port, Self.body(["symbol": "\"BTCUSDT\"", "action": "\"buy\"", "quantity": "0"]))
            #expect(a.status == 400 && a.reply.field == "quantity" && a.reply.reason != nil, "\(a.raw)")
            a = try await postWebhook(port: port, Self.body(["symbol": "\"BTCUSDT\"", "action": "\"buy\"", "quantity": "-1"]))
            #expect(a.status == 400 && a.reply.field == "quantity", "\(a.raw)")
            a = try await postWebhook(port: port, Self.body(["symbol": "\"BTCUSDT\"", "action": "\"hold\""]))
            #expect(a.status == 400 && a.reply.field == "action" && a.reply.status == "invalid", "\(a.raw)")
            a = try await postWebhook(port: port, Self.body(["symbol": "\"DOGEUSDT\"", "action": "\"buy\""]))
            #expect(a.status == 400 && a.reply.field == "symbol", "\(a.raw)")
            a = try await postWebhook(port: port, "buy BTCUSDT now", query: Fixture.token)
            #expect(a.status == 400 && a.reply.field == "body", "\(a.raw)")
            let big = Self.body(["symbol": "\"BTCUSDT\"", "action": "\"buy\"", "note": "\"\(String(repeating: "x", count: 70_000))\""])
            a = try await postWebhook(port: port, big)
            #expect(a.status == 413 && a.reply.field == "body", "\(a.raw)")

            // Wrong and missing token.
            a = try await postWebhook(port: port, Self.body(["symbol": "\"BTCUSDT\"", "action": "\"buy\""], token: "nope"))
            #expect(a.status == 401 && a.reply.field == "token", "\(a.raw)")
            a = try await postWebhook(port: port, Self.body(["symbol": "\"BTCUSDT\"", "action": "\"buy\""], token: nil))
            #expect(a.status == 401, "\(a.raw)")
            a = try await postWebhook(port: port, Self.body(["symbol": "\"BTCUSDT\"", "action": "\"buy\""], token: nil), query: "nope")
            #expect(a.status == 401, "\(a.raw)")
            #expect(try await f.openOrders().count == before)

            // A rule refusal: a limit 10 % under the market is outside the price collar (R14).
            guard let mid = probe.mid("BTCUSDT") else { return }
            let far = Price(raw: mid.raw / 10 * 9).roundedDown(toMultipleOf: Price("0.1")!)
            a = try await postWebhook(port: port, Self.body([
                "symbol": "\"BTCUSDT\"", "action": "\"buy\"", "quantity": "0.01", "limit_price": "\(far)",
            ]))
            #expect(a.status == 422 && a.reply.status == "refused", "\(a.raw)")
            #expect(a.reply.rule == "R14", "\(a.raw)")
            #expect(a.reply.reason?.isEmpty == false)
            // Over 5 % of equity (R13 notional cap).
            let below = Price(raw: mid.raw / 100 * 99).roundedDown(toMultipleOf: Price("0.1")!)
            a = try await postWebhook(port: port, Self.body([
                "symbol": "\"BTCUSDT\"", "action": "\"buy\"", "quantity": "9", "quantity_type": "\"percent_of_equity\"",
                "limit_price": "\(below)",
            ]))
            #expect(a.status == 422 && a.reply.rule == "R13", "\(a.raw)")
            #expect(try await f.openOrders().count == before)

            // The same alert twice (same id): executed once, both answers carry its clOrdID.
            let alert = Self.body([
                "symbol": "\"BTCUSDT\"", "action": "\"buy\"", "quantity": "0.01", "limit_price": "\(below)",
                "id": "\"tv-dup-1\"",
            ])
            let first = try await postWebhook(port: port, alert)
            #expect(first.status == 200 && first.reply.duplicate == nil, "\(first.raw)")
            let second = try await postWebhook(port: port, alert)
            #expect(second.status == 200 && second.reply.duplicate == true, "\(second.raw)")
            #expect(second.reply.clOrdID == first.reply.clOrdID)
            // The same body without id is keyed by its hash: also once.
            let noID = Self.body(["symbol": "\"BTCUSDT\"", "action": "\"sell\"", "quantity": "0.01",
                                  "limit_price": "\(Price(raw: mid.raw / 100 * 101).roundedUp(toMultipleOf: Price("0.1")!))"])
            let n1 = try await postWebhook(port: port, noID)
            let n2 = try await postWebhook(port: port, noID)
            #expect(n1.status == 200 && n2.status == 200 && n2.reply.duplicate == true && n2.reply.clOrdID == n1.reply.clOrdID)
            var open: [String] = []
            #expect(try await eventually(10) {
                open = try await f.openOrders().map(\.clOrdID)
                return open.count >= before + 2
            })
            #expect(open.filter { $0 == first.reply.clOrdID }.count == 1)
            #expect(open.filter { $0 == n1.reply.clOrdID }.count == 1)
            #expect(open.count == before + 2)
        }
    }

    @Test func concurrentDeliveriesOfOneAlertExecuteOnce() async throws {
        try await withDaemon { f, port, probe in
            guard let mid = probe.mid("BTCUSDT") else { return }
            let below = Price(raw: mid.raw / 100 * 99).roundedDown(toMultipleOf: Price("0.1")!)
            let alert = Self.body([
                "symbol": "\"BTCUSDT\"", "action": "\"buy\"", "quantity": "0.01", "limit_price": "\(below)",
                "id": "\"tv-burst\"",
            ])
            let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
                for _ in 0..<6 { group.addTask { try await postWebhook(port: port, alert) } }
                return try await group.reduce(into: [Answer]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.status == 200 }, "\(answers.map(\.raw))")
            let ids = Set(answers.compactMap(\.reply.clOrdID))
            #expect(ids.count == 1)
            #expect(answers.filter { $0.reply.duplicate == true }.count == 5)
            var open: [SimOrder] = []
            #expect(try await eventually(10) {
                open = try await f.openOrders()
                return !open.isEmpty
            })
            #expect(open.map(\.clOrdID) == Array(ids))
        }
    }

    @Test func refusesToStartWithoutTheToken() async throws {
        let f = try await WebhookDaemonFixture.make()
        #expect(throws: WebhookServerError.missingToken(variable: "MMBOT_WEBHOOK_TOKEN")) { try f.daemon(token: nil) }
        #expect(throws: WebhookServerError.missingToken(variable: "MMBOT_WEBHOOK_TOKEN")) { try f.daemon(token: "") }
        #expect("\(WebhookServerError.missingToken(variable: "MMBOT_WEBHOOK_TOKEN"))".contains("MMBOT_WEBHOOK_TOKEN"))
        await f.cleanup()
    }

    /// USDT-M and COIN-M symbols in one bot: each wallet is its own R20 reference, so neither
    /// currency's equity reads as a loss of the other (which would halt the bot → 422).
    @Test func symbolsOfTwoSettleCurrenciesTradeSideBySide() async throws {
        try await withDaemon(symbols: ["BTCUSDT", "BTCUSD"]) { f, port, probe in
            guard await eventually(10, { probe.mid("BTCUSDT") != nil && probe.mid("BTCUSD") != nil }),
                let mid = probe.mid("BTCUSDT"), let bmid = probe.mid("BTCUSD")
            else {
                Issue.record("no markets")
                return
            }
            let below = Price(raw: mid.raw / 100 * 99).roundedDown(toMultipleOf: Price("0.1")!)
            let bBelow = Price(raw: bmid.raw / 100 * 99).roundedDown(toMultipleOf: Price("0.5")!)
            let a = try await postWebhook(port: port, Self.body([
                "symbol": "\"BTCUSDT\"", "action": "\"buy\"", "quantity": "0.01", "limit_price": "\"\(below)\"",
            ]))
            #expect(a.status == 200, "\(a.raw)")
            let b = try await postWebhook(port: port, Self.body([
                "symbol": "\"BTCUSD\"", "action": "\"buy\"", "quantity": "100", "limit_price": "\"\(bBelow)\"",
            ]))
            #expect(b.status == 200, "\(b.raw)")
            #expect(try await f.waitOrder(a.reply.clOrdID)?.symbol == "BTCUSDT")
            #expect(try await f.waitOrder(b.reply.clOrdID)?.symbol == "BTCUSD")
        }
    }

    /// The real `mmbot start` process with the webhook strategy: one alert, 200 and a clOrdID
    /// that the simulator holds.
    @Test func mmbotStartServesTheWebhook() async throws {
        let binary = packageRoot + "/.build/debug/mmbot"
        guard FileManager.default.isExecutableFile(atPath: binary) else { return }
        let f = try await WebhookDaemonFixture.make()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["start", f.strategyPath, "--conf", f.confPath]
        var env = ProcessInfo.processInfo.environment
        env["PHEMEX_API_KEY"] = f.credentials.apiKey
        env["PHEMEX_API_SECRET"] = f.credentials.secret
        env["MMBOT_WEBHOOK_TOKEN"] = Fixture.token
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // The bound port is in the log line; the engine trades once the state file says running.
        var port: Int?
        let listening = await eventually(30) {
            guard let log = try? String(contentsOfFile: f.logPath, encoding: .utf8),
                let r = log.range(of: "webhook listening on http://127.0.0.1:")
            else { return false }
            port = Int(log[r.upperBound...].prefix { $0.isNumber })
            return port != nil
        }
        #expect(listening)
        if let port {
            var answer: Answer?
            // 503 until the engine has reconciled and has a price; then exactly one 200.
            let ok = try await eventually(30) {
                let a = try await postWebhook(port: port, Self.body([
                    "symbol": "\"BTCUSDT\"", "action": "\"sell\"", "quantity": "0.002", "id": "\"cli-1\"",
                ]))
                answer = a
                return a.status != 503
            }
            #expect(ok)
            #expect(answer?.status == 200, "\(answer?.raw ?? "")")
            let id = answer?.reply.clOrdID
            #expect(id?.hasPrefix("whbot") == true, "\(id ?? "")")
            #expect(try await eventually(10) { try await f.simOrder(id)?.ordStatus == .filled })
        }
        kill(p.processIdentifier, SIGTERM)
        await p.exited()
        #expect(p.terminationStatus == 0)
        await f.cleanup()
    }
}
}
