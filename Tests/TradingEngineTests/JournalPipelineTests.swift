import Foundation
import MarketCore
import Testing
@testable import TradingEngine

/// The pipelined replay (decoding on a second thread) emits exactly what the serial replay
/// emits, in the same order, and fails with the same error after the same outputs.
@Suite struct JournalPipelineTests {
    static func journal() throws -> (text: String, inputs: Int) {
        let h = JournalReplayTests.session()
        let codec = JournalCodec()
        var text = try codec.line(.header(JournalHeader(config: T.config(), strategyConfig: "test_quoter", state: nil))) + "\n"
        for i in h.inputs { text += try codec.line(.input(i)) + "\n" }
        return (text, h.inputs.count)
    }

    /// Outputs and the error (its description) of one replay.
    static func run(_ texts: [String], pipelined: Bool, batchSize: Int = 1024) -> (lines: [String], count: Int?, error: String?) {
        let replayer = JournalReplayer(makeStrategy: { _ in TestQuoter() }, pipelineMinimumBytes: .max)
        var lines: [String] = []
        do {
            let n = pipelined
                ? try replayer.replayPipelined(texts, batchSize: batchSize) { lines.append($0) }
                : try replayer.replay(texts) { lines.append($0) }
            return (lines, n, nil)
        } catch {
            return (lines, nil, "\(error)")
        }
    }

    @Test(arguments: [1, 3, 64, 1024])
    func sameOutputsAsSerial(batchSize: Int) throws {
        let (text, inputs) = try Self.journal()
        let serial = Self.run([text], pipelined: false)
        let piped = Self.run([text], pipelined: true, batchSize: batchSize)
        #expect(serial.count == inputs)
        #expect(serial.lines.count > 100)
        #expect(piped.count == serial.count)
        #expect(piped.lines == serial.lines)
        #expect(piped.error == nil)
    }

    @Test func splitFilesAndEmptyLines() throws {
        let (text, _) = try Self.journal()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.count / 3
        let first = lines[..<cut].joined(separator: "\n") + "\n\n"
        let second = lines[cut...].joined(separator: "\n")
        let serial = Self.run([first, second], pipelined: false)
        let piped = Self.run([first, second], pipelined: true, batchSize: 7)
        #expect(piped.lines == serial.lines)
        #expect(piped.count == serial.count)
        #expect(serial.count != nil)
    }

    @Test(arguments: [1, 5, 1024])
    func badLineFailsAtTheSamePoint(batchSize: Int) throws {
        let (text, _) = try Self.journal()
        var lines = text.split(separator: "\n").map(String.init)
        let at = lines.count / 2
        lines.insert(#"{"input":{"_0":{"kind":{"timer":{}},"receivedAt":"x"}}}"#, at: at)
        let damaged = lines.joined(separator: "\n")
        let serial = Self.run([damaged], pipelined: false)
        let piped = Self.run([damaged], pipelined: true, batchSize: batchSize)
        #expect(serial.error != nil)
        #expect(serial.error?.contains("journal line \(at + 1):") == true)
        #expect(piped.error == serial.error)
        #expect(piped.lines == serial.lines)
        #expect(!serial.lines.isEmpty)
    }

    @Test func missingHeaderAndStrategyErrorsMatch() throws {
        let (text, _) = try Self.journal()
        let noHeader = text.split(separator: "\n").dropFirst().joined(separator: "\n")
        #expect(Self.run([noHeader], pipelined: true).error == Self.run([noHeader], pipelined: false).error)
        #expect(Self.run([noHeader], pipelined: true).error == "\(JournalError.missingHeader)")
        let failing = JournalReplayer(makeStrategy: { _ in throw JournalError.missingHeader }, pipelineMinimumBytes: 0)
        #expect(throws: JournalError.self) { _ = try failing.replay(text) { _ in } }
    }

    @Test func thresholdChoosesThePipelineTransparently() throws {
        let (text, inputs) = try Self.journal()
        var a: [String] = []
        var b: [String] = []
        let n1 = try JournalReplayer(makeStrategy: { _ in TestQuoter() }, pipelineMinimumBytes: 0).replay(text) { a.append($0) }
        let n2 = try JournalReplayer(makeStrategy: { _ in TestQuoter() }, pipelineMinimumBytes: .max).replay(text) { b.append($0) }
        #expect(n1 == inputs && n2 == inputs)
        #expect(a == b)
    }

    /// Outputs and the error of the chunked replay of `files` (raw bytes), read `chunk` bytes
    /// at a time.
    static func chunked(_ files: [[UInt8]], chunk: Int) -> (lines: [String], count: Int?, error: String?) {
        let replayer = JournalReplayer(makeStrategy: { _ in TestQuoter() })
        var offsets = [Int](repeating: 0, count: files.count)
        var lines: [String] = []
        do {
            let n = try replayer.replay(files: files.count, chunkSize: chunk, read: { file, into in
                let take = min(into.count, chunk, files[file].count - offsets[file])
                files[file].withUnsafeBytes { src in
                    into.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offsets[file]..<(offsets[file] + take)]))
                }
                offsets[file] += take
                return take
            }) { lines.append($0) }
            return (lines, n, nil)
        } catch {
            return (lines, nil, "\(error)")
        }
    }

    /// The chunked replay (what `mmbot replay` runs on files) gives what the text replay gives
    /// for the files' `String(decoding:as:)` texts — for every chunk size (lines cut anywhere,
    /// a buffer smaller than a line), split files, empty lines, a last line without newline,
    /// invalid UTF-8 and a bad line.
    @Test(arguments: [1, 7, 100, 4096, 1 << 20])
    func chunkedReplayEqualsTextReplay(chunk: Int) throws {
        let (text, inputs) = try Self.journal()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.count / 3
        let first = Array((lines[..<cut].joined(separator: "\n") + "\n\n").utf8)
        let second = Array(lines[cut...].joined(separator: "\n").utf8)
        let whole = Self.chunked([first, second], chunk: chunk)
        #expect(whole.count == inputs)
        #expect(whole.error == nil)
        #expect(whole == Self.run([String(decoding: first, as: UTF8.self), String(decoding: second, as: UTF8.self)], pipelined: false))

        // A header line with invalid UTF-8 inside a string and a bad line further on.
        var damaged = Array(text.utf8)
        let name = Array("test_quoter".utf8)
        if let at = damaged.indices.first(where: { damaged[$0...].starts(with: name) }) {
            damaged.insert(contentsOf: [0xC3, 0x28, 0xFF], at: at + 4)
        }
        // Book and trade lines with non-ASCII bytes (valid and invalid UTF-8) in the symbol.
        for (kind, insert) in [(#"{"book":"#, [UInt8]([0xC3, 0xA9])), (#"{"trade":"#, [0xFF]), (#"{"book":"#, [0xE2, 0x82])] {
            let marker = Array(kind.utf8)
            let symbol = Array(#""symbol":""#.utf8)
            guard let k = damaged.indices.dropFirst(damaged.count / 4).first(where: { damaged[$0...].starts(with: marker) }),
                let s = damaged[k...].indices.first(where: { damaged[$0...].starts(with: symbol) })
            else { continue }
            damaged.insert(contentsOf: insert, at: s + symbol.count + 2)
        }
        let bad = Array(#"{"input":{"_0":{"kind":{"timer":{}},"receivedAt":"x"}}}"#.utf8) + [10]
        let at = damaged.count / 2
        let lineStart = (damaged[..<at].lastIndex(of: 10) ?? 0) + 1
        damaged.insert(contentsOf: bad, at: lineStart)
        let failed = Self.chunked([damaged], chunk: chunk)
        #expect(failed == Self.run([String(decoding: damaged, as: UTF8.self)], pipelined: false))
        #expect(failed.error != nil)
        #expect(!failed.lines.isEmpty)
    }
}
