import Foundation
import MarketCore
import TradingEngine

/// What `mmbot status` shows for one bot: running or not, open orders, position, PnL, fills,
/// counters and the last error, read from its state and pid files.
public struct StatusReport: Codable, Sendable, Equatable {
    public struct Order: Codable, Sendable, Equatable {
        public var clOrdID: String
        public var symbol: String
        public var side: String
        public var price: String?
        public var quantity: String
        public var filled: String
        public var status: String
    }
    public struct Position: Codable, Sendable, Equatable {
        public var symbol: String
        public var size: String
        public var entry: String?
        public var realizedPnL: String
        public var fees: String
        public var fills: Int
    }
    public var bot: String
    public var running: Bool
    public var pid: Int32?
    public var savedAt: String
    public var network: String
    public var phase: String
    public var tradingState: String
    public var orders: [Order]
    public var positions: [Position]
    public var realizedPnL: String
    public var fees: String
    public var fills: Int
    public var counters: EngineCounters
    public var lastError: String?

    /// The report of bot `name` in `stateDir`; nil if it has no state file.
    public static func load(name: String, stateDir: String) throws -> StatusReport? {
        let paths = DaemonPaths(name: name, stateDir: stateDir, logDir: "")
        guard let s = try StateStore.load(from: paths.stateFile) else { return nil }
        let pid = PidFile.livePid(paths.pidFile)
        let e = s.engine
        return StatusReport(
            bot: name, running: pid != nil, pid: pid, savedAt: LogLineFormat.timestamp(s.savedAt), network: s.network,
            phase: pid != nil ? e.phase.rawValue : (s.status == "stopped" ? "stopped" : "not running (unclean exit)"),
            tradingState: e.tradingState.rawValue,
            orders: e.orders.map {
                Order(clOrdID: $0.clientOrderID.value, symbol: $0.symbol.name, side: $0.side.rawValue,
                      price: $0.price?.description, quantity: $0.quantity.description, filled: $0.filled.description,
                      status: $0.status.rawValue)
            },
            positions: e.positions.map {
                Position(symbol: $0.symbol.name, size: $0.size.description, entry: $0.averageEntryPrice?.description,
                         realizedPnL: $0.realizedPnL.description, fees: $0.fees.description, fills: $0.fillCount)
            },
            realizedPnL: e.realizedPnL.description, fees: e.fees.description, fills: e.fillCount, counters: e.counters,
            lastError: e.lastError)
    }

    /// All bots with a state file in `stateDir`, sorted by name.
    public static func names(stateDir: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: stateDir)) ?? []
        return files.filter { $0.hasSuffix(".state.json") }.map { String($0.dropLast(".state.json".count)) }.sorted()
    }

    /// Human-readable lines.
    public var text: String {
        var lines = ["\(bot): \(running ? "running (pid \(pid ?? 0))" : phase) on \(network), state saved \(savedAt), trading \(tradingState)"]
        for p in positions {
            lines.append("  \(p.symbol) position \(p.size)\(p.entry.map { " @ \($0)" } ?? "") realized \(p.realizedPnL) fees \(p.fees) fills \(p.fills)")
        }
        lines.append("  open orders: \(orders.count)")
        for o in orders {
            lines.append("    \(o.clOrdID) \(o.symbol) \(o.side) \(o.quantity) @ \(o.price ?? "market") filled \(o.filled) [\(o.status)]")
        }
        lines.append("  sent \(counters.ordersSent) amends \(counters.amendsSent) cancels \(counters.cancelsSent) rejected \(counters.rejected) denied \(counters.denied) rate-limited \(counters.rateLimited)")
        if let lastError { lines.append("  last error: \(lastError)") }
        return lines.joined(separator: "\n")
    }
}
