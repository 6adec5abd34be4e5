@preconcurrency import Crypto
import Foundation
import KamengDomain
import KamengImport
import KamengStorage
import KamengVault

extension SQLiteStore {
    /// The import service: digest the file, refuse a silent re-import, then stream-parse it into one
    /// all-or-nothing batch. `progress` gets bytes read of total; `isCancelled` is polled every 2,048
    /// records. Both are called on the caller's thread (parsing and sealing run on a helper thread).
    @_spi(Benchmark) public func importFile(_ request: FileImportRequest, by actor: Staff, now: Date = Date(),
                           progress: @escaping (ImportProgress) -> Void = { _ in },
                           isCancelled: @escaping () -> Bool = { false }) throws -> ImportOutcome {
        try require(actor, .importKeys)
        let name = request.file.lastPathComponent
        let digest = try Self.contentDigest(of: request.file)
        let previous = try batchesWithDigest(digest)
        if !previous.isEmpty, !request.force, !request.dryRun { throw StoreError.alreadyImported(file: name, batches: previous) }
        do {
            var parsed: ImportSummary?
            var outcome = try importBatch(productSKU: request.productSKU, source: ImportSource(fileName: name, contentDigest: digest), by: actor,
                                          dryRun: request.dryRun, now: now, isCancelled: isCancelled) { sink in
                parsed = try ImportPipe.run(request: request, vault: vault, sink: sink, progress: progress, isCancelled: isCancelled)
            }
            outcome.shape = parsed?.shape
            outcome.sample = parsed?.sample ?? []
            return outcome
        } catch let error as ImportError {
            switch error {
            case .cancelled: throw StoreError.importCancelled(file: name)
            case let .unreadable(_, detail): throw StoreError.file(path: request.file.path, problem: .cannotRead(reason: detail))
            case .refused(_, .ambiguousShape(let question)): throw StoreError.importNeedsColumns(file: name, question: question)
            case .refused(_, .encodingUnclear): throw StoreError.importNeedsEncoding(file: name)
            case let .refused(_, refusal): throw StoreError.importRefused(file: name, refusal: refusal)
            }
        } catch is CancellationError {
            throw StoreError.importCancelled(file: name)
        }
    }

    /// SHA-256 of the file's bytes, streamed: what "the same file" means for the re-import warning.
    static func contentDigest(of file: URL) throws -> String {
        guard let handle = try? FileHandle(forReadingFrom: file) else {
            throw StoreError.file(path: file.path, problem: FileManager.default.fileExists(atPath: file.path)
                                  ? .cannotRead(reason: "no permission") : .missing)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return Hex.string(hasher.finalize())
    }
}

/// Two cores for one import: a helper thread parses the file and seals each key (HMAC, AES-GCM) while
/// the caller's thread, which holds the write transaction, inserts the batches already sealed. Records
/// keep file order, so duplicates and counts are exactly those of a serial import. The callbacks stay on
/// the caller's thread: progress is relayed with each batch, and cancellation is polled per batch and
/// passed to the parser, which stops at its next chunk. The helper is always joined before returning.
final class ImportPipe: @unchecked Sendable {
    /// One hand-over: its keys sealed flat, its rejected and skipped lines, each in file order.
    /// Only the keys meet the store's constraints, so keeping them apart from the other lines
    /// changes no count and no order the outcome shows.
    struct Batch {
        var keys = SealedKeys(keys: ImportPipe.batchSize)
        var rejected: [(line: Int, reason: String)] = []
        var skipped: [Int] = []
        var progress: ImportProgress?
        var records: Int { keys.count + rejected.count + skipped.count }
    }

    /// Records per hand-over, and hand-overs in flight: enough to ride out jitter, small enough that
    /// memory stays flat (a few MB) whatever the file size.
    static let batchSize = 2_048
    static let capacity = 8

    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var producerDone = false
    private var producerError: Error?
    private var stopped = false
    /// The parser's summary, set by the helper before it reports done.
    private var parsedSummary: ImportSummary?

    private var finalSummary: ImportSummary? {
        condition.lock()
        defer { condition.unlock() }
        return parsedSummary
    }

    /// Runs the import and returns the parser's summary (how the file was read, its first records).
    static func run(request: FileImportRequest, vault: Vault, sink: ImportSink,
                    progress: (ImportProgress) -> Void, isCancelled: () -> Bool) throws -> ImportSummary? {
        let pipe = ImportPipe()
        // Sealed for the rows the sink will give them: its next id on, in file order.
        let (productId, batchId, firstId) = (sink.productId, sink.batchId, sink.nextId)
        let helper = Thread { pipe.produce(request: request, vault: vault, productId: productId, batchId: batchId, firstId: firstId) }
        helper.stackSize = 1 << 20
        helper.start()
        // Whatever ends the loop (done, cancelled, an SQLite error), stop and join the helper first.
        defer { pipe.stopAndJoin() }
        while let batch = try pipe.next() {
            if isCancelled() { throw CancellationError() }
            for (line, reason) in batch.rejected { sink.reject(line: line, reason: reason) }
            for line in batch.skipped { sink.skip(line: line) }
            try sink.insert(batch.keys)
            if let p = batch.progress { progress(p) }
        }
        return pipe.finalSummary
    }

    /// The helper thread: parse, seal, hand over in batches.
    private func produce(request: FileImportRequest, vault: Vault, productId: Int64, batchId: Int64, firstId: Int64) {
        var batch = Batch()
        var lastProgress: ImportProgress?
        let hooks = ImportHooks(progress: { lastProgress = $0 }, isCancelled: { [unowned self] in isStopped })
        var failure: Error?
        do {
            var sealer = try KeySealer(vault: vault, productId: productId, batchId: batchId, firstId: firstId)
            let summary = try CardKeyImporter.parse(file: request.file, options: request.options, hooks: hooks) { record in
                switch record {
                case let .accepted(key):
                    try sealer.seal(number: key.number, secret: key.secret, expiresAt: key.expiry, sourceLine: key.line, into: batch.keys)
                case let .rejected(line, reason):
                    batch.rejected.append((line, reason.message))
                case let .skipped(line, kind):
                    if kind != .header { batch.skipped.append(line) }
                }
                if batch.records >= Self.batchSize {
                    batch.progress = lastProgress
                    lastProgress = nil
                    guard hand(batch) else { throw CancellationError() }
                    batch = Batch()
                }
            }
            batch.progress = lastProgress
            _ = hand(batch)
            condition.lock()
            parsedSummary = summary
            condition.unlock()
        } catch {
            failure = error
        }
        condition.lock()
        producerDone = true
        producerError = failure
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks while the queue is full; false once the consumer has stopped.
    private func hand(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= Self.capacity && !stopped { condition.wait() }
        if stopped { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    /// The next batch in file order; nil at the end; rethrows the helper's error (refused file…).
    private func next() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !producerDone { condition.wait() }
        if !queue.isEmpty {
            condition.broadcast()
            return queue.removeFirst()
        }
        if let producerError { throw producerError }
        return nil
    }

    private var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    private func stopAndJoin() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !producerDone { condition.wait() }
        condition.unlock()
    }
}
