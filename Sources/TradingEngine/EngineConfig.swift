import MarketCore
import OrderTracking

/// Settings of one engine run: instruments, timings, stop/resume policy, kill-switch limits.
///
/// Pure data (Codable) so it can head a journal and the replay rebuilds the same engine.
public struct EngineConfig: Hashable, Sendable, Codable {
    /// What to do with own orders on operator stop.
    public enum StopPolicy: String, Hashable, Sendable, Codable, CaseIterable {
        case cancel, leave
    }
    /// What to do on start with own orders the exchange still holds.
    public enum ResumePolicy: String, Hashable, Sendable, Codable, CaseIterable {
        case adopt, cancel
    }

    /// Bot name (the strategy file's base name).
    public var botName: String
    /// Own-order prefix: every clOrdID starts with `orderPrefix + "-"`. ≤ 16 characters.
    public var orderPrefix: String
    /// Per-run tag inserted after the prefix so a restarted bot never reuses an id.
    public var sessionTag: String
    /// Instruments traded (sorted by symbol by the engine).
    public var instruments: [InstrumentSpec]
    /// A book older than this is stale: own quotes on it are pulled.
    public var staleAfter: Nanoseconds
    /// How long the stop sequence waits for cancel acknowledgements.
    public var stopDeadline: Nanoseconds
    /// Period of the housekeeping timer (lag monitor, strategy wake-ups).
    public var housekeepingInterval: Nanoseconds
    /// Period of the one-line summary (zero = never).
    public var summaryInterval: Nanoseconds
    /// Minimum age of a quote before the engine amends it for the strategy (risk cancels exempt).
    public var minQuoteAge: Nanoseconds
    public var onStop: StopPolicy
    public var onResume: ResumePolicy
    /// Kill switch: above this absolute position only reducing quotes are kept.
    public var maxPosition: Quantity?
    /// Kill switch: when realized + unrealized − fees falls below −maxLoss the bot halts.
    public var maxLoss: Money?
    /// Exchange rule profile the order tracker enforces (rate windows, caps, min rest, ratios…).
    public var rules: RuleProfile
    /// Order-tracker settings (jitter seed, retention, bulk-cancel size…).
    public var tracker: TrackerConfig
    /// clOrdID prefix of the tracker (`<prefix>-<counter>`); `nil` = `orderPrefix` without
    /// the characters the tracker does not allow. Keep it stable across runs: it is how the bot
    /// recognises its own orders after a restart.
    public var trackerPrefix: String?

    public init(
        botName: String, orderPrefix: String? = nil, sessionTag: String, instruments: [InstrumentSpec],
        staleAfter: Nanoseconds = .seconds(5), stopDeadline: Nanoseconds = .seconds(5),
        housekeepingInterval: Nanoseconds = .seconds(1), summaryInterval: Nanoseconds = .seconds(10),
        minQuoteAge: Nanoseconds = .millis(500), onStop: StopPolicy = .cancel, onResume: ResumePolicy = .adopt,
        maxPosition: Quantity? = nil, maxLoss: Money? = nil, rules: RuleProfile = .standard,
        tracker: TrackerConfig = TrackerConfig(), trackerPrefix: String? = nil
    ) {
        self.botName = botName
        self.orderPrefix = orderPrefix ?? EngineConfig.prefix(forBotName: botName)
        self.sessionTag = sessionTag
        self.instruments = instruments.sorted { $0.symbol < $1.symbol }
        self.staleAfter = staleAfter
        self.stopDeadline = stopDeadline
        self.housekeepingInterval = housekeepingInterval
        self.summaryInterval = summaryInterval
        self.minQuoteAge = minQuoteAge
        self.onStop = onStop
        self.onResume = onResume
        self.maxPosition = maxPosition
        self.maxLoss = maxLoss
        self.rules = rules
        self.tracker = tracker
        self.trackerPrefix = trackerPrefix
    }

    enum CodingKeys: String, CodingKey {
        case botName, orderPrefix, sessionTag, instruments, staleAfter, stopDeadline, housekeepingInterval
        case summaryInterval, minQuoteAge, onStop, onResume, maxPosition, maxLoss, rules, tracker, trackerPrefix
    }

    /// Decodes a config; the tracker fields are optional so older journals and state files load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            botName: try c.decode(String.self, forKey: .botName),
            orderPrefix: try c.decode(String.self, forKey: .orderPrefix),
            sessionTag: try c.decode(String.self, forKey: .sessionTag),
            instruments: try c.decode([InstrumentSpec].self, forKey: .instruments),
            staleAfter: try c.decode(Nanoseconds.self, forKey: .staleAfter),
            stopDeadline: try c.decode(Nanoseconds.self, forKey: .stopDeadline),
            housekeepingInterval: try c.decode(Nanoseconds.self, forKey: .housekeepingInterval),
            summaryInterval: try c.decode(Nanoseconds.self, forKey: .summaryInterval),
            minQuoteAge: try c.decode(Nanoseconds.self, forKey: .minQuoteAge),
            onStop: try c.decode(StopPolicy.self, forKey: .onStop),
            onResume: try c.decode(ResumePolicy.self, forKey: .onResume),
            maxPosition: try c.decodeIfPresent(Quantity.self, forKey: .maxPosition),
            maxLoss: try c.decodeIfPresent(Money.self, forKey: .maxLoss),
            rules: try c.decodeIfPresent(RuleProfile.self, forKey: .rules) ?? .standard,
            tracker: try c.decodeIfPresent(TrackerConfig.self, forKey: .tracker) ?? TrackerConfig(),
            trackerPrefix: try c.decodeIfPresent(String.self, forKey: .trackerPrefix))
    }

    /// The tracker's clOrdID prefix: `[A-Za-z0-9]`, at most 24 characters (as `OrderTracker`
    /// sanitises it).
    public var sessionPrefix: String {
        let raw = trackerPrefix ?? orderPrefix
        let p = String(String.UnicodeScalarView(raw.unicodeScalars.filter {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9")
        }).prefix(24))
        return p.isEmpty ? "mm" : p
    }

    /// First clOrdID counter of a fresh run: the session tag read as base 36, times 1000, so a
    /// restarted bot without a state file does not reuse the ids of an earlier run.
    var firstOrderCounter: UInt64 {
        guard let n = UInt64(sessionTag, radix: 36), n < UInt64.max / 1000 else { return 1 }
        return n * 1000 + 1
    }

    /// The own-order prefix for a bot name: legal clOrdID characters only, at most 16 of them.
    public static func prefix(forBotName name: String) -> String {
        var out = ""
        for ch in name.unicodeScalars {
            let legal = (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || (ch >= "0" && ch <= "9") || ch == "_"
            out.unicodeScalars.append(legal ? ch : "_")
            if out.count == 16 { break }
        }
        return out.isEmpty ? "mmbot" : out
    }

    /// A session tag (base-36 of the given seconds, at most 8 characters).
    public static func sessionTag(seconds: Int64) -> String {
        String(String(UInt64(bitPattern: seconds), radix: 36).suffix(8))
    }

    /// `true` if the id belongs to this bot (any session).
    public func ownsOrder(_ id: ClientOrderID) -> Bool { id.hasPrefix(sessionPrefix + "-") }

    /// The instrument of `symbol`, if traded.
    public func instrument(_ symbol: Symbol) -> InstrumentSpec? {
        instruments.first { $0.symbol == symbol }
    }
}
