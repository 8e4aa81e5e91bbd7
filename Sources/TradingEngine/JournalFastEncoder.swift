import MarketCore

/// A hand-written encoder for the most frequent engine outputs (timer schedules, audit
/// records, log lines, checkpoints), producing exactly the bytes `JSONEncoder` with sorted keys
/// writes. Strings are only written when they need no escaping (printable ASCII without `"`
/// and `\`); otherwise it returns `nil` and the caller uses `JSONEncoder`.
enum JournalFastEncoder {
    static func line(_ output: EngineOutput) -> String? {
        var w = Writer()
        switch output {
        case .scheduleTimer(let at):
            w.raw(#"{"scheduleTimer":{"at":"#)
            w.int(at.nanos)
            w.raw("}}")
        case .checkpoint:
            return #"{"checkpoint":{}}"#
        case .stopped:
            return #"{"stopped":{}}"#
        case .audit(let a):
            w.raw(#"{"audit":{"_0":{"action":"#)
            guard w.string(a.action) else { return nil }
            if let id = a.clientOrderID {
                w.raw(#","clientOrderID":"#)
                guard w.string(id.value) else { return nil }
            }
            w.raw(#","reason":"#)
            guard w.string(a.reason) else { return nil }
            w.raw(#","rule":"#)
            guard w.string(a.rule) else { return nil }
            if let s = a.symbol {
                w.raw(#","symbol":"#)
                guard w.string(s.name) else { return nil }
            }
            w.raw(#","time":"#)
            w.int(a.time.nanos)
            w.raw(#","verdict":"#)
            guard w.string(a.verdict) else { return nil }
            w.raw("}}}")
        case .log(let e):
            w.raw(#"{"log":{"_0":{"#)
            if let id = e.clientOrderID {
                w.raw(#""clientOrderID":"#)
                guard w.string(id.value) else { return nil }
                w.raw(",")
            }
            w.raw(#""component":"#)
            guard w.string(e.component) else { return nil }
            w.raw(#","level":"#)
            guard w.string(e.level.rawValue) else { return nil }
            w.raw(#","message":"#)
            guard w.string(e.message) else { return nil }
            if let s = e.symbol {
                w.raw(#","symbol":"#)
                guard w.string(s.name) else { return nil }
            }
            w.raw("}}}")
        case .command, .webhookResponse:
            return nil
        }
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// Appends JSON pieces to a byte buffer.
    struct Writer {
        var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(256) }

        mutating func raw(_ s: StaticString) {
            s.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        mutating func int(_ v: Int64) {
            var digits: [UInt8] = []
            var m = v.magnitude
            repeat {
                digits.append(UInt8(48 + m % 10))
                m /= 10
            } while m > 0
            if v < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: digits.reversed())
        }

        /// A quoted string if it needs no escaping; `false` otherwise.
        mutating func string(_ s: String) -> Bool {
            bytes.append(UInt8(ascii: "\""))
            for b in s.utf8 {
                guard b >= 0x20, b < 0x7F, b != UInt8(ascii: "\""), b != UInt8(ascii: "\\") else { return false }
                bytes.append(b)
            }
            bytes.append(UInt8(ascii: "\""))
            return true
        }
    }
}
