import Foundation
import TradingEngine

/// Appends every engine input to `logs/NAME.journal.jsonl` as one JSON line (sorted keys).
///
/// Each run starts with a header (config, strategy YAML, loaded state). When the file passes
/// its size limit it is rotated and the new file starts with a continuation header carrying the
/// engine snapshot, so every file replays on its own.
final class JournalWriter {
    let file: RotatingFile
    let codec = JournalCodec()
    let maxBytes: Int
    let strategyText: String

    init(path: String, maxBytes: Int, keep: Int, header: JournalHeader) throws {
        self.maxBytes = maxBytes
        self.strategyText = header.strategyConfig
        // Rotation is driven here (with a snapshot header), never inside RotatingFile.
        file = try RotatingFile(path: path, maxBytes: Int.max, keep: keep, mode: 0o600)
        file.append(try codec.line(.header(header)))
    }

    /// Journals `input` before the engine handles it.
    func append(_ input: EngineInput, engine: Engine) throws {
        let line = try codec.line(.input(input))
        if file.size + line.utf8.count + 1 > maxBytes {
            file.rotate()
            let h = JournalHeader(
                config: engine.config, strategyConfig: strategyText, state: engine.snapshot, isContinuation: true)
            file.append(try codec.line(.header(h)))
        }
        file.append(line)
    }
}
