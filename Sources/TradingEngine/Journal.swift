import Foundation
import MarketCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Strategies

/// One line of the input journal: a header (config, strategy settings and, after a rotation,
/// the engine state to continue from) or one engine input.
public enum JournalRecord: Hashable, Sendable, Codable {
    case header(JournalHeader)
    case input(EngineInput)
}

/// What a replay needs to rebuild the engine exactly as it was.
public struct JournalHeader: Hashable, Sendable, Codable {
    public static let currentVersion = 1
    public var version: Int
    public var config: EngineConfig
    /// The strategy's settings as the runtime read them (YAML text of the strategy file).
    public var strategyConfig: String
    /// The engine state at the point the journal starts (nil for a fresh start).
    public var state: EngineState?
    /// `true` when `state` is a mid-run snapshot (a rotated journal file) rather than a loaded
    /// state file the engine starts from.
    public var isContinuation: Bool
    public init(config: EngineConfig, strategyConfig: String, state: EngineState?, isContinuation: Bool = false) {
        self.version = JournalHeader.currentVersion
        self.isContinuation = isContinuation
        self.config = config
        self.strategyConfig = strategyConfig
        self.state = state
    }
}

/// Errors reading a journal.
public enum JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    case badLine(line: Int, message: String)
    case missingHeader
    case strategy(String)
    public var description: String {
        switch self {
        case .badLine(let line, let message): return "journal line \(line): \(message)"
        case .missingHeader: return "journal has no header line"
        case .strategy(let m): return "cannot build the strategy: \(m)"
        }
    }
}

/// JSON-lines encoding of journal records and engine outputs: sorted keys, one line each, so
/// the bytes are the same in every process.
public struct JournalCodec: Sendable {
    public init() {}

    func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// One record as a JSON line (without the newline).
    public func line(_ record: JournalRecord) throws -> String {
        String(decoding: try encoder().encode(record), as: UTF8.self)
    }

    /// One engine output as a JSON line (without the newline).
    public func line(_ output: EngineOutput) throws -> String {
        if let fast = JournalFastEncoder.line(output) { return fast }
        return String(decoding: try encoder().encode(output), as: UTF8.self)
    }

    /// Decodes one journal line.
    public func record(_ line: Substring, number: Int) throws(JournalError) -> JournalRecord {
        var line = line
        var books = JournalBookLineDecoder()
        if let input = line.withUTF8({
            books.decode(UnsafeRawBufferPointer($0)) ?? books.decodeTrade(UnsafeRawBufferPointer($0))
                ?? JournalFastDecoder.decode(UnsafeRawBufferPointer($0))
        }) {
            return .input(input)
        }
        let r = line.withUTF8 { buf in
            Result { () throws(JournalError) -> JournalRecord in
                try record(bytes: UnsafeRawBufferPointer(buf), number: number, decoder: JSONDecoder())
            }
        }
        return try r.get()
    }

    /// Decodes one journal line given as its UTF-8 bytes: the hand-written decoder for the
    /// frequent shapes, `decoder` for everything else.
    func record(bytes: UnsafeRawBufferPointer, number: Int, decoder: JSONDecoder) throws(JournalError) -> JournalRecord {
        if let input = JournalFastDecoder.decode(bytes) { return .input(input) }
        do {
            return try decoder.decode(JournalRecord.self, from: Data(bytes))
        } catch {
            throw .badLine(line: number, message: "\(error)".prefix(200).description)
        }
    }
}

/// Re-runs journaled inputs through a fresh engine and returns the outputs as JSON lines.
public struct JournalReplayer: Sendable {
    /// Builds the strategy of a header (the runtime parses `strategyConfig`).
    public typealias StrategyFactory = @Sendable (JournalHeader) throws -> any Strategy
    let makeStrategy: StrategyFactory
    /// Journals of at least this many bytes (all files together) are split and decoded on a
    /// second thread while this one runs the engine (`replayPipelined`); smaller ones are
    /// replayed on the calling thread alone. The outputs, their order and the errors are the
    /// same either way. Default `Int.max` (never): on a loaded machine the second thread
    /// rarely finds a free core and the hand-off makes the wall time worse (README, daemon
    /// benchmark); pass e.g. `4 << 20` where a core is free.
    public var pipelineMinimumBytes: Int
    public init(makeStrategy: @escaping StrategyFactory, pipelineMinimumBytes: Int = .max) {
        self.makeStrategy = makeStrategy
        self.pipelineMinimumBytes = pipelineMinimumBytes
    }

    /// Replays `text` (a whole journal file) and calls `emit` with each output line in order.
    /// A header line (re)builds the engine from its config and state.
    public func replay(_ text: String, emit: (String) -> Void) throws -> Int {
        try replay([text], emit: emit)
    }

    /// Replays a rotated journal: `texts` are the files oldest first (`NAME.<keep>` … `NAME.1`,
    /// `NAME`). A run header (a start) rebuilds the engine; a continuation header (the top of
    /// a rotated file) only builds it when the set does not reach back to the run's start, so a
    /// complete set replays byte for byte like the live run.
    ///
    /// Lines are split on `\n` bytes (`memchr`) and decoded from the text's UTF-8 storage in
    /// place (no per-line strings); empty lines are skipped. Book and trade lines go through
    /// the template decoder first (`JournalBookLineDecoder`, which falls back to the general
    /// one), and book tops go to `Engine.handleBook` without being wrapped in an input.
    /// `emit` is always called on the calling thread.
    public func replay(_ texts: [String], emit: (String) -> Void) throws -> Int {
        let bytes = texts.reduce(0) { $0 &+ $1.utf8.count }
        if bytes >= pipelineMinimumBytes { return try replayPipelined(texts, emit: emit) }
        var consumer = JournalConsumer(replayer: self)
        JournalLineSource(texts: texts).run(
            book: { consumer.offerBook($0, receivedAt: $1, emit: emit) }, { consumer.offer($0, emit: emit) })
        if let failure = consumer.failure { throw failure }
        return consumer.count
    }
}

extension JournalReplayer {
    /// Replays journal files that the caller reads piece by piece (the runtime reads them in
    /// chunks into one reused buffer: no whole-file copy, no `String`, no fresh pages).
    ///
    /// `read(file, into)` writes the next bytes of file `file` (`0..<files`, oldest first) to
    /// the start of `into` and returns how many, 0 at the file's end. Complete lines are
    /// replayed as they arrive; a line cut by the end of a piece waits for the rest (the
    /// buffer grows for a line longer than it), and a file's last line needs no newline.
    ///
    /// The outputs, their order and the errors are those of `replay(_:emit:)` given each file
    /// as `String(decoding:as: UTF8.self)`: each line with a non-ASCII byte is decoded
    /// the same way first (that decoding repairs invalid UTF-8, and since it works sequence by
    /// sequence and a newline is never part of a sequence, repairing between newlines equals
    /// repairing the whole file).
    public func replay(
        files: Int, chunkSize: Int = 1 << 20, read: (Int, UnsafeMutableRawBufferPointer) throws -> Int,
        emit: (String) -> Void
    ) throws -> Int {
        var consumer = JournalConsumer(replayer: self)
        var lines = JournalLineSplitter()
        // No local functions capturing `consumer` here: captured by a local function it is
        // boxed and every event paid a dynamic exclusivity check (`swift_beginAccess`); the
        // closure literals below and `run(_:into:emit:)` take it `inout` (checked statically).
        var buffer = [UInt8](repeating: 0, count: max(1, chunkSize))
        for file in 0..<files {
            var kept = 0  // bytes of a cut line (no newline) at the buffer's start
            var more = true
            while more {
                if kept == buffer.count { buffer += repeatElement(0, count: buffer.count) }
                let n = try buffer.withUnsafeMutableBytes { try read(file, UnsafeMutableRawBufferPointer(rebasing: $0[kept...])) }
                more = n > 0
                let end = kept + min(max(n, 0), buffer.count - kept)
                let go = buffer.withUnsafeMutableBytes { all -> Bool in
                    let bytes = UnsafeRawBufferPointer(all)
                    // At the file's end all that is left is its last line.
                    guard more else { return lines.run(UnsafeRawBufferPointer(rebasing: bytes[..<end]), into: &consumer, emit: emit) }
                    // Complete lines end at the last newline among the new bytes.
                    var last = end
                    while last > kept, bytes[last - 1] != 10 { last -= 1 }
                    guard last > kept else {
                        kept = end
                        return true
                    }
                    guard lines.run(UnsafeRawBufferPointer(rebasing: bytes[..<last]), into: &consumer, emit: emit) else { return false }
                    kept = end - last
                    if kept > 0, let base = all.baseAddress { memmove(base, base + last, kept) }
                    return true
                }
                if let failure = consumer.failure { throw failure }
                if !go { return consumer.count }
            }
        }
        return consumer.count
    }

    /// `true` when no byte of `bytes` has its high bit set (read a word at a time).
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var any: UInt64 = 0
        var k = 0
        // Every load lies inside `bytes`: words at `k + 8 <= count`, then single bytes.
        while k + 8 <= bytes.count {
            any |= base.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            k += 8
        }
        while k < bytes.count {
            any |= UInt64(base.load(fromByteOffset: k, as: UInt8.self))
            k += 1
        }
        return any & 0x8080_8080_8080_8080 == 0
    }
}
