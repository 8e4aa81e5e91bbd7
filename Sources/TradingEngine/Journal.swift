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
        var failure: (any Error)?
        JournalLineSource(texts: texts).run(
            book: { top, receivedAt in
                do {
                    try consumer.consumeBook(top, receivedAt: receivedAt, emit: emit)
                    return true
                } catch {
                    failure = error
                    return false
                }
            },
            { item in
                do {
                    try consumer.consume(item, emit: emit)
                    return true
                } catch {
                    failure = error
                    return false
                }
            })
        if let failure { throw failure }
        return consumer.count
    }
}
