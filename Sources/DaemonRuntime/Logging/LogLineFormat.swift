import Foundation
import MarketCore

/// Formats one log event as a human line (`2026-11-21T15:04:05.123Z INFO engine BTCUSDT
/// mm1-000012 placed bid 0.01 @ 64990.1`) or as one JSON object.
public enum LogLineFormat {
    /// UTC ISO-8601 with milliseconds, computed from the epoch (no Foundation formatter).
    public static func timestamp(_ t: Timestamp) -> String {
        let ms = t.nanos / 1_000_000
        var days = ms / 86_400_000
        var rem = ms % 86_400_000
        if rem < 0 {
            rem += 86_400_000
            days -= 1
        }
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func p(_ v: Int64, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return "\(p(y, 4))-\(p(m, 2))-\(p(d, 2))T\(p(rem / 3_600_000, 2)):\(p(rem / 60_000 % 60, 2)):\(p(rem / 1000 % 60, 2)).\(p(rem % 1000, 3))Z"
    }

    public static func text(
        time: Timestamp, level: String, component: String, symbol: String?, clOrdID: String?, message: String
    ) -> String {
        var s = "\(timestamp(time)) \(level.uppercased()) \(component)"
        if let symbol { s += " \(symbol)" }
        if let clOrdID { s += " \(clOrdID)" }
        return s + " " + message
    }

    public static func json(
        time: Timestamp, level: String, component: String, symbol: String?, clOrdID: String?, message: String
    ) -> String {
        var s = "{\"time\":\"\(timestamp(time))\",\"level\":\"\(level)\",\"component\":\(quote(component))"
        if let symbol { s += ",\"symbol\":\(quote(symbol))" }
        if let clOrdID { s += ",\"clOrdID\":\(quote(clOrdID))" }
        return s + ",\"msg\":\(quote(message))}"
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
