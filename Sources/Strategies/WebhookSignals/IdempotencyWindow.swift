import MarketCore

/// Remembers alert keys for a time window so a duplicate delivery executes once.
///
/// Pure: time is passed in. Entries expire `window` after admission; at most `capacity` are
/// kept (the oldest go first). The key is `id:<id>` when the alert has an `id`, else
/// `fnv:<FNV-1a 64 of the body>`.
public struct IdempotencyWindow: Sendable, Equatable {
    /// What `admit` found.
    public enum Admission: Equatable, Sendable {
        /// First delivery within the window: execute it.
        case first
        /// Seen before; `reference` is what was attached (e.g. the clOrdID), if anything.
        case duplicate(reference: String?)
    }

    struct Entry: Equatable, Sendable {
        var key: String
        var at: Timestamp
        var reference: String?
    }

    public let window: Nanoseconds
    public let capacity: Int
    var entries: [Entry] = []

    public init(window: Nanoseconds, capacity: Int = 10_000) {
        self.window = window
        self.capacity = max(capacity, 1)
    }

    /// The key of an alert: its `id`, else a hash of the exact body bytes.
    public static func key(id: String?, body: [UInt8]) -> String {
        if let id, !id.isEmpty { return "id:" + id }
        return "fnv:" + WebhookSecurity.fnv1a64Hex(body)
    }

    /// Admits `key` at `now` (recording it) or reports it as a duplicate.
    public mutating func admit(_ key: String, now: Timestamp) -> Admission {
        expire(now: now)
        if let e = entries.first(where: { $0.key == key }) { return .duplicate(reference: e.reference) }
        if entries.count >= capacity { entries.removeFirst(entries.count - capacity + 1) }
        entries.append(Entry(key: key, at: now, reference: nil))
        return .first
    }

    /// Attaches a reference (the clOrdID the alert produced) to an admitted key.
    public mutating func attach(reference: String, to key: String) {
        if let i = entries.firstIndex(where: { $0.key == key }) { entries[i].reference = reference }
    }

    /// Forgets a key (e.g. the order was refused, so a retry may execute).
    public mutating func forget(_ key: String) { entries.removeAll { $0.key == key } }

    /// Number of live entries.
    public var count: Int { entries.count }

    mutating func expire(now: Timestamp) {
        entries.removeAll { now - $0.at >= window }
    }
}
