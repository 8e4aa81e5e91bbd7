import MarketCore
import PhemexWire
import Strategies
import TradingEngine

/// Memory with 20 symbols over a long run: one engine quoting 20 linear symbols (two levels a
/// side), a 30-level `OrderBook` per symbol fed from a decoded capture (moving 10-level snapshots), the exchange's replies
/// and a fill every 25 placements fed back; RSS sampled as the run goes.
enum RSSBench {
    static func run(ticks: Int, samples: Int) {
        let names = (0..<20).map { String(format: "S%02dUSDT", $0) }
        let specs = names.map(linearSpec)
        let symbols = specs.map(\.symbol)
        let config = EngineConfig(botName: "bench", sessionTag: "b1", instruments: specs, summaryInterval: .seconds(10))
        var driver = Driver(engine: Engine(config: config, strategy: LadderQuoter(symbols: symbols)), record: false)
        driver.venue.fillEvery = 25
        var now = Timestamp.millis(1_760_000_000_000)
        // A small capture (the moving 10-level snapshots) so the input buffer does not hide the engine.
        let stream = TrendStream(seed: 11, count: 5_000)
        let startRSS = residentBytes()
        driver.feed(EngineInput(receivedAt: now, kind: .start))
        var books = symbols.map { OrderBook(symbol: $0, depth: 30) }
        var decoder = MarketDataDecoder()
        var cursor = 0
        var line = "rss MiB:"
        var peak = 0
        stream.bytes.withUnsafeBytes { buf in
            guard let base = buf.baseAddress else { return }
            for t in 0..<ticks {
                if cursor == stream.count {
                    cursor = 0
                    for i in books.indices { books[i].invalidate() }
                }
                let frame = UnsafeRawBufferPointer(start: base + stream.starts[cursor], count: stream.ends[cursor] - stream.starts[cursor])
                let k = t % books.count
                if k == books.count - 1 { cursor += 1 }
                now = now + .millis(1)
                driver.fireTimer(upTo: now)
                guard (try? decoder.decode(frame)) == .book else { continue }
                if (try? decoder.apply(to: &books[k], priceScale: 4)) == true {
                    driver.feed(EngineInput(receivedAt: now, kind: .exchange(.book(books[k].top(time: now)))))
                }
                if t % (ticks / samples) == 0 || t == ticks - 1 {
                    let r = residentBytes()
                    peak = max(peak, r)
                    line += String(format: " %.1f", Double(r) / 1_048_576)
                }
            }
        }
        let open = driver.engine.orders.count
        print("20 symbols, \(ticks) book ticks (\(String(format: "%.1f", Double(ticks) / 1000 / 3600)) h of virtual time at 1 tick/ms), \(driver.venue.placements) placements, \(open) own orders open")
        print(line)
        print(String(format: "rss with the capture loaded, before the engine starts %.1f MiB, peak %.1f MiB", Double(startRSS) / 1_048_576, Double(peak) / 1_048_576))
    }
}
