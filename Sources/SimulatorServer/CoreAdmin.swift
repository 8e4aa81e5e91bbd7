import ExchangeSimulator
import Foundation
import MarketCore

/// Admin and test hooks of `SimulatorCore`.
extension SimulatorCore {
    func closeAllSessions() {
        for id in sessions.keys.sorted() { sessions[id]?.session.drop() }
    }

    func mutate<T: Sendable>(_ body: @Sendable (inout ExchangeSimulator, Timestamp) throws -> T) throws -> T {
        let now = virtualNow()
        let r = try body(&sim, now)
        flushRequestEvents()
        return r
    }

    func faultsJSON() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        guard let d = try? enc.encode(currentFaults()) else { return "{}" }
        return String(decoding: d, as: UTF8.self)
    }

    /// `GET /admin/state`: virtual time, counters, faults and the true book (30 levels) of every
    /// symbol as `[price, size]` decimal-string pairs.
    func adminState() -> String {
        var books = JSONObject(capacity: 8192)
        for name in symbolOrder {
            guard let b = trueBook(name, depth: 30) else { continue }
            var j = JSONObject()
            j.raw("bids", MarketEncoding.levelsLinear(b.bids))
            j.raw("asks", MarketEncoding.levelsLinear(b.asks))
            j.int("sequence", books_sequence(name))
            j.int("timestamp", b.timestamp.nanos)
            books.raw(name, j.finished)
        }
        var j = JSONObject(capacity: 10000)
        j.int("virtualTimeNs", virtualNow().nanos)
        j.int("connections", sessions.count)
        j.int("framesSent", framesSent)
        j.int("restRequests", restRequests)
        j.int("restMicrosAvg", restRequests == 0 ? 0 : restNanos / restRequests / 1000)
        j.int("ticks", tickCount)
        j.int("tickMicrosAvg", tickCount == 0 ? 0 : tickNanos / tickCount / 1000)
        j.raw("faults", faultsJSON())
        j.raw("books", books.finished)
        return j.finished
    }

    func books_sequence(_ symbol: String) -> Int64 {
        books[BookKey(symbol: symbol, depth: 30)]?.sequence ?? mdSequence
    }
}
