import BookBenchCore
import MarketCore
import PhemexWire
import Strategies
import TradingEngine

/// Tick → order decision in process: one `orderbook_p` frame's bytes are decoded
/// (`MarketDataDecoder`), applied to the `OrderBook`, its top handed to `Engine.handle`
/// (pure_market_making strategy → `OrderTracker` rules), and every order command the engine
/// emits is turned into the REST request (`PhemexRequestBuilder`) and signed (`PhemexSigner`).
/// Timed per frame with the monotonic clock; exchange replies are fed back outside the timed
/// region.
struct TickToOrderBench {
    /// The frames: the book helper's incremental capture, or the busier `TrendStream`.
    let stream: (bytes: [UInt8], starts: [Int], ends: [Int], count: Int)
    var driver: Driver
    var book = OrderBook(symbol: "BTCUSDT", depth: 30)
    var decoder = MarketDataDecoder()
    let builder: PhemexRequestBuilder
    let signer = PhemexSigner(credentials: APICredentials(apiKey: "bench-key", secret: "YmVuY2gtc2VjcmV0LWJlbmNoLXNlY3JldA=="))
    var cursor = 0
    var now = Timestamp.millis(1_760_000_000_000)
    var signatureBytes = 0
    /// Rehearse the order path before each frame (`Engine.rehearsal`, what the daemon does in
    /// the idle time between frames; outside the timed region).
    var rehearse = false
    var rehearsals = 0

    init(trending: Bool) {
        if trending {
            let t = TrendStream(seed: 7, count: 100_000)
            stream = (t.bytes, t.starts, t.ends, t.count)
        } else {
            let b = BenchStream.usdtm
            stream = (b.bytes, b.starts, b.ends, b.count)
        }
        let spec = linearSpec("BTCUSDT")
        builder = PhemexRequestBuilder(catalog: InstrumentCatalog(instruments: [spec]))
        var c = PureMarketMakingConfig(symbol: "BTCUSDT", bidSpread: Fraction(raw: 100_000), askSpread: Fraction(raw: 100_000), orderAmount: Quantity(raw: 10_000_000))
        c.orderLevels = 2
        c.orderRefreshTime = .seconds(1)
        c.orderRefreshTolerancePct = .zero
        let config = EngineConfig(botName: "bench", sessionTag: "b1", instruments: [spec], summaryInterval: .seconds(10))
        driver = Driver(engine: Engine(config: config, strategy: PureMarketMakingStrategy(config: c)), record: false)
        driver.venue.fillEvery = 50
        driver.feed(EngineInput(receivedAt: now, kind: .start))
    }

    /// Runs `frames` frames; returns per-frame latencies (all frames, and frames that produced
    /// at least one order command) and the number of signed requests.
    mutating func run(frames: Int) -> (
        all: [Int64], ordering: [Int64], signed: Int, orderingHandle: [Int64], orderingDecode: [Int64], orderingSign: [Int64],
        orderingCPU: [Int64]
    ) {
        var orderingSign: [Int64] = []
        var orderingCPU: [Int64] = []
        var all: [Int64] = []
        var ordering: [Int64] = []
        var orderingHandle: [Int64] = []
        var orderingDecode: [Int64] = []
        all.reserveCapacity(frames)
        var signed = 0
        stream.bytes.withUnsafeBytes { buf in
            guard let base = buf.baseAddress else { return }
            for _ in 0..<frames {
                if cursor == stream.count {
                    cursor = 0
                    book.invalidate()
                }
                let line = UnsafeRawBufferPointer(start: base + stream.starts[cursor], count: stream.ends[cursor] - stream.starts[cursor])
                cursor += 1
                now = now + .millis(20)
                driver.fireTimer(upTo: now)
                if rehearse {
                    // Idle time before the next frame, as the daemon spends it: the order path
                    // rehearsed on a throwaway copy, its requests built and signed, not sent.
                    rehearsals += 1
                    for command in driver.engine.rehearsal(now: now, variant: rehearsals) {
                        if let request = try? builder.build(command) { signatureBytes &+= signer.sign(request, expiry: 1).utf8.count }
                    }
                }
                // Thread CPU time around the whole frame (read outside the wall-clock window):
                // on the shared machine, wall time includes waiting for a core.
                let c0 = threadCPUNanos()
                let t0 = monoNanos()
                var outputs: [EngineOutput] = []
                var sent = 0
                var tDecoded = t0
                var tHandled = t0
                do {
                    if try decoder.decode(line) == .book, try decoder.apply(to: &book, priceScale: 4) {
                        let input = EngineInput(receivedAt: now, kind: .exchange(.book(book.top(time: now))))
                        tDecoded = monoNanos()
                        outputs = driver.engine.handle(input)
                        tHandled = monoNanos()
                        for case .command(_, let command) in outputs {
                            switch command {
                            case .place, .amend, .cancel, .cancelBulk:
                                let request = try builder.build(command)
                                signatureBytes &+= signer.sign(request, expiry: now.nanos / 1_000_000_000 + 60).utf8.count
                                sent += 1
                            default: break
                            }
                        }
                    }
                } catch {}
                let tEnd = monoNanos()
                let c1 = threadCPUNanos()
                let dt = tEnd - t0
                all.append(dt)
                if sent > 0 {
                    ordering.append(dt)
                    orderingHandle.append(tHandled - tDecoded)
                    orderingDecode.append(tDecoded - t0)
                    orderingSign.append(tEnd - tHandled)
                    orderingCPU.append(c1 - c0)
                    signed += sent
                }
                // Outside the timed region: the exchange's replies.
                for case .scheduleTimer(let at) in outputs { driver.timerAt = at }
                for reply in driver.venue.answer(outputs, at: now) { driver.feed(reply) }
            }
        }
        return (all, ordering, signed, orderingHandle, orderingDecode, orderingSign, orderingCPU)
    }
}

extension TickToOrderBench {
    /// Diagnostics: what the engine emitted over `frames` frames (not timed).
    mutating func census(frames: Int) -> String {
        var tally: [String: Int] = [:]
        stream.bytes.withUnsafeBytes { buf in
            guard let base = buf.baseAddress else { return }
            for _ in 0..<frames {
                if cursor == stream.count {
                    cursor = 0
                    book.invalidate()
                }
                let line = UnsafeRawBufferPointer(start: base + stream.starts[cursor], count: stream.ends[cursor] - stream.starts[cursor])
                cursor += 1
                now = now + .millis(20)
                driver.fireTimer(upTo: now)
                guard (try? decoder.decode(line)) == .book, (try? decoder.apply(to: &book, priceScale: 4)) == true else { continue }
                let outputs = driver.engine.handle(EngineInput(receivedAt: now, kind: .exchange(.book(book.top(time: now)))))
                for o in outputs {
                    switch o {
                    case .command(_, let c): tally["command \(String(describing: c).prefix(while: { $0 != "(" }))", default: 0] += 1
                    case .audit(let a): tally["audit \(a.action) \(a.verdict) \(a.rule)", default: 0] += 1
                    case .log(let l): tally["log \(l.component) \(l.message.prefix(24))", default: 0] += 1
                    default: tally["other", default: 0] += 1
                    }
                }
                for case .scheduleTimer(let at) in outputs { driver.timerAt = at }
                for reply in driver.venue.answer(outputs, at: now) { driver.feed(reply) }
            }
        }
        let e = driver.engine
        tally["state \(e.state.tradingState) kill \(e.state.killSwitch) pulled \(e.state.markets[0].pulled) inval \(e.state.markets[0].invalidated) orders \(e.orders.map { "\($0.side) \($0.level) \($0.status) \($0.price.map { "\($0)" } ?? "-")" })"] = 1
        return tally.sorted { $0.value > $1.value }.prefix(25).map { "  \($0.value)  \($0.key)" }.joined(separator: "\n")
    }
}

/// The exchange end of an order decision alone: one limit order request built and signed.
func buildAndSignNanos(count: Int) -> Double {
    let spec = linearSpec("BTCUSDT")
    let builder = PhemexRequestBuilder(catalog: InstrumentCatalog(instruments: [spec]))
    let signer = PhemexSigner(credentials: APICredentials(apiKey: "bench-key", secret: "YmVuY2gtc2VjcmV0LWJlbmNoLXNlY3JldA=="))
    var bytes = 0
    let t0 = threadCPUNanos()
    for i in 0..<count {
        guard let id = ClientOrderID("bench-\(1_000_000 + i)") else { continue }
        let r = OrderRequest(
            clientOrderID: id, symbol: "BTCUSDT", side: i % 2 == 0 ? .buy : .sell, type: .limit, timeInForce: .postOnly,
            price: Price(raw: 60_000_000_000_000 + Int64(i % 100) * 100_000_000), quantity: Quantity(raw: 10_000_000), reduceOnly: false)
        if let request = try? builder.build(.place(r)) { bytes &+= signer.sign(request, expiry: 1_760_000_060).utf8.count }
    }
    let dt = threadCPUNanos() - t0
    return bytes > 0 ? Double(dt) / Double(count) : 0
}

/// The parts of `buildAndSignNanos`: building only, signing a prebuilt request only (ns each).
func buildThenSignPartsNanos(count: Int) -> (build: Double, sign: Double) {
    let spec = linearSpec("BTCUSDT")
    let builder = PhemexRequestBuilder(catalog: InstrumentCatalog(instruments: [spec]))
    let signer = PhemexSigner(credentials: APICredentials(apiKey: "bench-key", secret: "YmVuY2gtc2VjcmV0LWJlbmNoLXNlY3JldA=="))
    var requests: [PhemexRequest] = []
    requests.reserveCapacity(count)
    let t0 = threadCPUNanos()
    for i in 0..<count {
        guard let id = ClientOrderID("bench-\(1_000_000 + i)") else { continue }
        let r = OrderRequest(
            clientOrderID: id, symbol: "BTCUSDT", side: i % 2 == 0 ? .buy : .sell, type: .limit, timeInForce: .postOnly,
            price: Price(raw: 60_000_000_000_000 + Int64(i % 100) * 100_000_000), quantity: Quantity(raw: 10_000_000), reduceOnly: false)
        if let request = try? builder.build(.place(r)) { requests.append(request) }
    }
    let t1 = threadCPUNanos()
    var bytes = 0
    for r in requests { bytes &+= signer.sign(r, expiry: 1_760_000_060).utf8.count }
    let t2 = threadCPUNanos()
    precondition(bytes > 0)
    return (Double(t1 - t0) / Double(count), Double(t2 - t1) / Double(count))
}

/// Build + sign of one cancel and one bulk cancel alone (tight loop, warm caches), ns each.
func cancelBuildSignNanos(count: Int) -> (cancel: Double, bulk: Double) {
    let spec = linearSpec("BTCUSDT")
    let builder = PhemexRequestBuilder(catalog: InstrumentCatalog(instruments: [spec]))
    let signer = PhemexSigner(credentials: APICredentials(apiKey: "bench-key", secret: "YmVuY2gtc2VjcmV0LWJlbmNoLXNlY3JldA=="))
    let ids = (0..<4).compactMap { ClientOrderID("mmb-b1-\(1_000_000 + $0)") }
    var bytes = 0
    let t0 = threadCPUNanos()
    for i in 0..<count {
        if let r = try? builder.build(.cancel(clientOrderID: ids[i & 3], symbol: "BTCUSDT", positionSide: .merged)) { bytes &+= signer.sign(r, expiry: 1_760_000_060).utf8.count }
    }
    let t1 = threadCPUNanos()
    for _ in 0..<count {
        if let r = try? builder.build(.cancelBulk(clientOrderIDs: ids, symbol: "BTCUSDT", positionSide: .merged)) { bytes &+= signer.sign(r, expiry: 1_760_000_060).utf8.count }
    }
    let t2 = threadCPUNanos()
    precondition(bytes > 0)
    return (Double(t1 - t0) / Double(count), Double(t2 - t1) / Double(count))
}
