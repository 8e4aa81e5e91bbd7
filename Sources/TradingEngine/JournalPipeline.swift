import Foundation
import MarketCore
import Strategies

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One journal line as the decoding side hands it over: an input, a header, or the error
/// that ends the journal there.
enum JournalItem: Sendable {
    case input(EngineInput)
    /// A book-top input (the template line, most of a journal), kept apart so the engine
    /// side hands it to `Engine.handleBook` without wrapping it in an `EngineInput`.
    case book(TopOfBook, receivedAt: Timestamp)
    /// Boxed: a header (config and state) is far larger than an input, and items are moved
    /// around in batches.
    indirect case header(JournalHeader)
    case failure(JournalError)
}

/// Splits journal texts into lines and decodes them, in order: the part of a replay that does
/// not need the engine (the pipelined replay runs it on a second thread).
struct JournalLineSource: Sendable {
    let texts: [String]

    /// Calls `deliver` with every non-empty line's item in order; stops after a failure or
    /// when `deliver` returns `false`.
    func run(_ deliver: (JournalItem) -> Bool) {
        run(book: { deliver(.book($0, receivedAt: $1)) }, deliver)
    }

    /// `run(_:)` with template book lines handed to `book` as they are (no `JournalItem`
    /// around them: the serial replay passes them straight to the engine).
    func run(book: (TopOfBook, Timestamp) -> Bool, _ deliver: (JournalItem) -> Bool) {
        var lines = JournalLineSplitter()
        for text in texts {
            var text = text
            guard text.withUTF8({ lines.run(UnsafeRawBufferPointer($0), book: book, deliver) }) else { return }
        }
    }
}

/// Splits bytes into lines on `\n` and decodes each non-empty line, counting lines across
/// calls (for error messages); shared by the text and the chunked replays.
struct JournalLineSplitter {
    let codec = JournalCodec()
    let decoder = JSONDecoder()
    var books = JournalBookLineDecoder()
    /// Non-empty lines seen so far.
    var number = 0

    /// Decodes every line of `buf` (the bytes after its last `\n` are a line too) and hands
    /// it to `book` (template book lines) or `deliver`; `false` once either returned `false`
    /// or a line failed (delivered as `.failure`). A line with a non-ASCII byte is decoded
    /// from its `String(decoding:as:)` bytes, so raw file bytes give what their text gives.
    mutating func run(_ buf: UnsafeRawBufferPointer, book: (TopOfBook, Timestamp) -> Bool, _ deliver: (JournalItem) -> Bool) -> Bool {
        guard let base = buf.baseAddress else { return true }
        var start = 0
        while start < buf.count {
            // memchr reads only `buf[start..<buf.count]`, inside the buffer.
            let stop = memchr(base + start, 10, buf.count - start).map { UnsafeRawPointer($0) - base } ?? buf.count
            defer { start = stop + 1 }
            if stop == start { continue }
            number += 1
            let line = UnsafeRawBufferPointer(rebasing: buf[start..<stop])
            // A line the book template takes is ASCII (it checks every byte).
            if let (top, receivedAt) = books.decodeTop(line) {
                guard book(top, receivedAt) else { return false }
                continue
            }
            if JournalReplayer.isASCII(line) {
                guard decodeOther(line, deliver) else { return false }
            } else {
                // Decoded as `String(decoding:as:)` spells it (invalid UTF-8 repaired): the
                // same bytes as repairing the whole text, since no UTF-8 sequence spans a
                // newline.
                var text = String(decoding: line, as: UTF8.self)
                guard text.withUTF8({ decodeOther(UnsafeRawBufferPointer($0), deliver) }) else { return false }
            }
        }
        return true
    }

    /// Replays every line of `buf` through `consumer` (template book lines straight to
    /// `offerBook`); `false` when the replay stopped (`consumer.failure` says why).
    mutating func run(_ buf: UnsafeRawBufferPointer, into consumer: inout JournalConsumer, emit: (String) -> Void) -> Bool {
        run(buf, book: { consumer.offerBook($0, receivedAt: $1, emit: emit) }, { consumer.offer($0, emit: emit) })
    }

    /// Decodes line `number` (not a template book line) and delivers its item; `false` when
    /// `deliver` returned `false` or the line failed (delivered as `.failure`).
    mutating func decodeOther(_ line: UnsafeRawBufferPointer, _ deliver: (JournalItem) -> Bool) -> Bool {
        let item: JournalItem
        if let trade = books.decodeTrade(line) {
            item = .input(trade)
        } else {
            do throws(JournalError) {
                switch try codec.record(bytes: line, number: number, decoder: decoder) {
                case .header(let h): item = .header(h)
                case .input(let i): item = .input(i)
                }
            } catch {
                _ = deliver(.failure(error))
                return false
            }
        }
        return deliver(item)
    }
}

/// A bounded hand-off of decoded batches from one producer thread to one consumer.
///
/// `@unchecked Sendable`: every stored variable is read and written only while `condition`
/// is locked, and the two sides only exchange `Sendable` values.
final class JournalBatchChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[JournalItem]] = []
    private var head = 0
    private var finished = false
    private var cancelled = false
    private var producerExited = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Producer: queues a batch, waiting while the queue is full; `false` once the consumer
    /// cancelled (the producer then stops).
    func put(_ batch: [JournalItem]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count - head >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// Producer: no more batches; called once, as the producer thread's last action.
    func finish() {
        condition.lock()
        finished = true
        producerExited = true
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the next batch, waiting for it; `nil` after the last one.
    func take() -> [JournalItem]? {
        condition.lock()
        defer { condition.unlock() }
        while head == batches.count && !finished { condition.wait() }
        guard head < batches.count else { return nil }
        let batch = batches[head]
        batches[head] = []
        head += 1
        if head > 64 {
            batches.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return batch
    }

    /// Consumer: stop the producer and wait until its thread is done with the texts.
    func cancelAndWait() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !producerExited { condition.wait() }
        condition.unlock()
    }
}

extension JournalReplayer {
    /// Splits and decodes `texts` the way `replay` does, without an engine; returns the number
    /// of inputs, or `nil` at the first bad line (benchmarks time the decoding side with it).
    public static func decodeOnly(_ texts: [String]) -> Int? {
        var inputs = 0
        var failed = false
        JournalLineSource(texts: texts).run { item in
            switch item {
            case .input, .book: inputs += 1
            case .header: break
            case .failure: failed = true
            }
            return !failed
        }
        return failed ? nil : inputs
    }

    /// `replay(_:emit:)` with splitting and decoding on a second thread while this thread runs
    /// the engine and calls `emit` (same calls in the same order, same errors at the same
    /// line: the decoding side stops at a bad line and the engine side throws when it gets
    /// there).
    func replayPipelined(_ texts: [String], batchSize: Int = 1024, emit: (String) -> Void) throws -> Int {
        let channel = JournalBatchChannel(capacity: 8)
        let source = JournalLineSource(texts: texts)
        let size = max(1, batchSize)
        let producer = Thread {
            var batch: [JournalItem] = []
            batch.reserveCapacity(size)
            source.run { item in
                batch.append(item)
                guard batch.count >= size else { return true }
                defer { batch = []; batch.reserveCapacity(size) }
                return channel.put(batch)
            }
            if !batch.isEmpty { _ = channel.put(batch) }
            channel.finish()
        }
        producer.start()
        defer { channel.cancelAndWait() }
        var consumer = JournalConsumer(replayer: self)
        while let batch = channel.take() {
            for item in batch { try consumer.consume(item, emit: emit) }
        }
        return consumer.count
    }
}

/// The engine side of a replay: builds the engine from headers, handles inputs, encodes and
/// emits outputs (shared by the serial and the pipelined replay).
struct JournalConsumer {
    let replayer: JournalReplayer
    let codec = JournalCodec()
    var engine: Engine?
    var count = 0

    /// The error that stopped `offer` or `offerBook`, if any.
    var failure: (any Error)?

    init(replayer: JournalReplayer) { self.replayer = replayer }

    /// `consume`, keeping an error in `failure` instead of throwing it; `false` when it failed
    /// (the replay stops there).
    mutating func offer(_ item: JournalItem, emit: (String) -> Void) -> Bool {
        do {
            try consume(item, emit: emit)
            return true
        } catch {
            failure = error
            return false
        }
    }

    /// `consumeBook`, keeping an error in `failure` like `offer`.
    mutating func offerBook(_ top: TopOfBook, receivedAt: Timestamp, emit: (String) -> Void) -> Bool {
        do {
            try consumeBook(top, receivedAt: receivedAt, emit: emit)
            return true
        } catch {
            failure = error
            return false
        }
    }

    mutating func consume(_ item: JournalItem, emit: (String) -> Void) throws {
        switch item {
        case .failure(let e):
            throw e
        case .header(let h):
            if h.isContinuation && engine != nil { return }
            let s: any Strategy
            do { s = try replayer.makeStrategy(h) } catch { throw JournalError.strategy("\(error)") }
            if h.isContinuation, let state = h.state {
                engine = Engine(config: h.config, strategy: s, continuing: state)
            } else {
                engine = Engine(config: h.config, strategy: s, state: h.state)
            }
        case .input(let input):
            // Mutated in place (optional chaining): a copy would duplicate its buffers.
            guard let outputs = engine?.handle(input) else { throw JournalError.missingHeader }
            for o in outputs { emit(try codec.line(o)) }
            count += 1
        case .book(let top, let receivedAt):
            try consumeBook(top, receivedAt: receivedAt, emit: emit)
        }
    }

    /// `consume(.book(top, receivedAt:))`.
    mutating func consumeBook(_ top: TopOfBook, receivedAt: Timestamp, emit: (String) -> Void) throws {
        guard let outputs = engine?.handleBook(top, receivedAt: receivedAt) else { throw JournalError.missingHeader }
        for o in outputs { emit(try codec.line(o)) }
        count += 1
    }
}
