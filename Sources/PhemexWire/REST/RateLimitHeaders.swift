import MarketCore

/// Parses Phemex `x-ratelimit-remaining-<group>`, `x-ratelimit-capacity-<group>` and
/// `x-ratelimit-retry-after-<group>` response headers (PROTOCOL §7).
///
/// Header names compare case-insensitively; an empty suffix (`x-ratelimit-remaining`) is the
/// Others group, reported with group `""`. Group names are upper-cased (`CONTRACT`,
/// `CONTRACT_BTCUSDT`). Values that are not non-negative integers are ignored.
public enum RateLimitHeaders {
    private static let prefixes: [(String, Int)] = [
        ("x-ratelimit-remaining", 0), ("x-ratelimit-capacity", 1), ("x-ratelimit-retry-after", 2),
    ]

    /// One status per group seen, sorted by group name.
    public static func parse(_ headers: [(name: String, value: String)]) -> [RateLimitStatus] {
        var byGroup: [String: RateLimitStatus] = [:]
        for (rawName, rawValue) in headers {
            let name = rawName.lowercased()
            guard name.hasPrefix("x-ratelimit-") else { continue }
            for (prefix, slot) in prefixes {
                guard name.hasPrefix(prefix) else { continue }
                let rest = name.dropFirst(prefix.count)
                let group: String
                if rest.isEmpty {
                    group = ""
                } else if rest.first == "-" {
                    group = String(rest.dropFirst()).uppercased()
                } else {
                    continue
                }
                let trimmed = rawValue.trimmedBlanks()
                guard let v = JSONNumbers.parseInt64(trimmed), v >= 0, let n = Int(exactly: v) else { break }
                var s = byGroup[group] ?? RateLimitStatus(group: group, remaining: nil, capacity: nil, retryAfterSeconds: nil)
                switch slot {
                case 0: s.remaining = n
                case 1: s.capacity = n
                default: s.retryAfterSeconds = n
                }
                byGroup[group] = s
                break
            }
        }
        return byGroup.values.sorted { $0.group < $1.group }
    }

    /// The largest retry-after among `statuses` (nil if none is limited).
    public static func maxRetryAfter(_ statuses: [RateLimitStatus]) -> Int? {
        statuses.compactMap(\.retryAfterSeconds).max()
    }
}

extension String {
    fileprivate func trimmedBlanks() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
