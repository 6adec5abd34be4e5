import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

/// Receives one import's records inside its transaction, in two moves per sweep.
///
/// Rows are appended to `card_keys` as they come, in file order (delivery takes a product's keys by
/// id, so ids follow the file). Each key's digest, id and line wait in a flat array of 40-byte entries;
/// a sweep sorts them by digest and adds them to `card_key_digests` in that order, a forward pass over
/// its B-tree instead of one random seek per key. A key whose digest is already there (in this file or
/// the store) is counted as a duplicate and its row deleted again, all deletions in id order. A sweep
/// runs when `sweepSize` entries wait and at the end, so memory stays flat whatever the file size
/// (40 MB at the default), and a file of up to a million keys is one sweep.
final class ImportSink {
    static let defaultSweepSize = 1 << 20
    /// Keys sealed by `add` before they are inserted as one `SealedKeys` buffer.
    static let addBatchSize = 2_048

    let db: Database
    let batchId: Int64
    let productId: Int64
    let statements: KeyInsertStatements
    let isCancelled: () -> Bool
    var sealer: KeySealer
    var outcome: ImportOutcome
    var seen = 0
    /// The first id this batch may use: above every id in the store.
    let firstId: Int64
    /// The id the next key gets (ids follow file order; a duplicate leaves a gap).
    var nextId: Int64
    var waiting: [DigestEntry] = []
    /// Where `add` seals before inserting a full buffer.
    var adding: SealedKeys?
    /// Settable so that tests can cross many sweeps with a small batch.
    var sweepSize = ImportSink.defaultSweepSize

    init(vault: Vault, db: Database, batchId: Int64, productId: Int64, dryRun: Bool, isCancelled: @escaping () -> Bool) throws {
        self.db = db
        self.batchId = batchId
        self.isCancelled = isCancelled
        outcome = ImportOutcome(dryRun: dryRun)
        statements = try KeyInsertStatements(db, productId: productId, batchId: batchId)
        firstId = try (Int64.fetchOne(db, sql: "SELECT max(id) FROM card_keys") ?? 0) + 1
        nextId = firstId
        self.productId = productId
        sealer = try KeySealer(vault: vault, productId: productId, batchId: batchId, firstId: firstId)
        // Reserved whole so that growing never holds two copies (the untouched part costs no memory).
        waiting.reserveCapacity(Self.defaultSweepSize)
    }

    deinit { statements.clear() }

    /// Seals and inserts one key; a duplicate (in this file or anywhere in the store) is counted, not kept.
    func add(_ key: CardKeyPlaintext) throws {
        seen += 1
        if seen & 1023 == 0, isCancelled() { throw CancellationError() }
        let buffer = adding ?? SealedKeys(keys: Self.addBatchSize)
        adding = buffer
        try sealer.seal(number: key.number, secret: key.secret, expiresAt: key.expiresAt, sourceLine: key.sourceLine, into: buffer)
        if buffer.count >= Self.addBatchSize { try takeAdding() }
    }

    private func takeAdding() throws {
        guard let buffer = adding else { return }
        adding = nil
        try insert(buffer)
    }

    /// Appends keys sealed elsewhere (the pipelined file import) as rows; their digests wait for the sweep.
    func insert(_ keys: SealedKeys) throws {
        defer { statements.clear() }
        let group = KeyInsertStatements.groupSize
        var k = 0
        while k < keys.count {
            let whole = keys.count - k >= group
            if whole { try statements.insertRows(db, firstId: nextId, keys, from: k) }
            for g in k..<(whole ? k + group : k + 1) {
                let id = nextId
                nextId += 1
                // Sealed for another row, it would not open in this one: stop before anything is kept.
                guard keys.slots[g].keyId == id else {
                    throw StoreError.tampered("import: key of line \(keys.slots[g].sourceLine) was sealed for row \(keys.slots[g].keyId), not \(id)")
                }
                guard let offset = UInt32(exactly: id - firstId), let line = UInt32(exactly: keys.slots[g].sourceLine) else {
                    throw StoreError.invalidField(field: "import", rule: "an import holds at most 4,294,967,295 keys and lines")
                }
                if !whole { try statements.insertRow(db, id: id, keys, g) }
                waiting.append(DigestEntry(keys.digest(g), offset: offset, line: line))
            }
            k += whole ? group : 1
            if waiting.count >= sweepSize { try sweep() }
        }
    }

    /// What the keys of one digest run come to: the first of the run decides, every later one repeats it.
    private enum RunFate {
        case kept(line: UInt32)
        case repeatsStoreKey
        case repeatsBatchLine(Int)
    }

    /// Adds the waiting digests in digest order (equal digests in file order, so the first occurrence
    /// is the one kept, as a serial import would), then deletes the rows of the duplicates. The first
    /// key of each run of equal digests claims it, `groupSize` runs to a statement.
    func sweep() throws {
        guard !waiting.isEmpty else { return }
        waiting.sort(by: DigestEntry.precedes)
        var doomed: [Int64] = []
        var claims: [(entry: DigestEntry, keyId: Int64)] = []
        var kept: [Int64] = []
        claims.reserveCapacity(KeyInsertStatements.groupSize)
        let count = waiting.count
        var start = 0
        while start < count {
            // A window of whole runs: up to groupSize run heads and the repeats that follow each.
            claims.removeAll(keepingCapacity: true)
            var end = start
            while end < count, claims.count < KeyInsertStatements.groupSize || !isRunHead(end) {
                if isRunHead(end) { claims.append((waiting[end], firstId + Int64(waiting[end].offset))) }
                end += 1
            }
            let grouped = claims.count == KeyInsertStatements.groupSize
            if grouped { try statements.claimDigests(db, claims, kept: &kept) }
            var fate = RunFate.repeatsStoreKey
            for i in start..<end {
                let entry = waiting[i]
                let id = firstId + Int64(entry.offset)
                if isRunHead(i) {
                    let isNew = grouped ? kept.binarySearchContains(id) : try statements.insertDigest(db, entry, keyId: id)
                    fate = try settle(entry, id: id, isNew: isNew)
                    if case .kept = fate { continue }
                }
                record(entry, fate)
                doomed.append(id)
            }
            start = end
        }
        doomed.sort()
        for id in doomed { try statements.deleteRow(db, id: id) }
        waiting.removeAll(keepingCapacity: true)
    }

    private func isRunHead(_ i: Int) -> Bool { i == 0 || !waiting[i - 1].hasSameDigest(as: waiting[i]) }

    /// The first key of a digest run: kept when its digest was new, else a repeat of whoever holds it.
    private func settle(_ entry: DigestEntry, id: Int64, isNew: Bool) throws -> RunFate {
        if isNew {
            outcome.accepted += 1
            lowestId = min(lowestId ?? id, id)
            highestId = max(highestId ?? id, id)
            return .kept(line: entry.line)
        }
        let holder = try statements.holder(db, entry)
        return holder.batchId == batchId ? .repeatsBatchLine(holder.sourceLine) : .repeatsStoreKey
    }

    /// Counts a key that repeats its run's first and lists it with the line it repeats.
    private func record(_ entry: DigestEntry, _ fate: RunFate) {
        let line = Int(entry.line)
        switch fate {
        case let .kept(first):
            outcome.duplicateInFile += 1
            outcome.duplicates.append(DuplicateLine(line: line, firstLine: Int(first), inStore: false))
        case let .repeatsBatchLine(first):
            outcome.duplicateInFile += 1
            outcome.duplicates.append(DuplicateLine(line: line, firstLine: first, inStore: false))
        case .repeatsStoreKey:
            outcome.duplicateInStore += 1
            outcome.duplicates.append(DuplicateLine(line: line, firstLine: nil, inStore: true))
        }
    }

    /// The ids of this batch's keys: from the lowest to the highest it kept (a duplicate leaves a
    /// gap inside), nil when it kept none. Every later batch starts above the highest id in the
    /// store, so no other batch's key can fall inside.
    var keyIds: ClosedRange<Int64>? {
        guard let lowestId, let highestId else { return nil }
        return lowestId...highestId
    }
    private var lowestId: Int64?
    private var highestId: Int64?

    /// Inserts what is still buffered, runs the last sweep and puts the duplicates back in line order.
    func finish() throws {
        try takeAdding()
        try sweep()
        outcome.duplicates.sort { $0.line < $1.line }
    }

    func reject(line: Int, reason: String) { outcome.rejected.append(LineProblem(line: line, reason: reason)) }
    func skip(line: Int) { outcome.skipped += 1 }
}

/// One key waiting for its sweep: the 32-byte digest as four big-endian words (so that comparing the
/// words compares the bytes as SQLite does), its id less the batch's first id, and its line.
struct DigestEntry {
    var words: (UInt64, UInt64, UInt64, UInt64)
    var offset: UInt32
    var line: UInt32

    init(_ digest: UnsafeRawBufferPointer, offset: UInt32, line: UInt32) {
        func word(_ i: Int) -> UInt64 { UInt64(bigEndian: digest.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
        words = (word(0), word(1), word(2), word(3))
        self.offset = offset
        self.line = line
    }

    func hasSameDigest(as other: DigestEntry) -> Bool {
        words.0 == other.words.0 && words.1 == other.words.1 && words.2 == other.words.2 && words.3 == other.words.3
    }

    /// Digest order, then file order.
    static func precedes(_ a: DigestEntry, _ b: DigestEntry) -> Bool {
        if a.words.0 != b.words.0 { return a.words.0 < b.words.0 }
        if a.words.1 != b.words.1 { return a.words.1 < b.words.1 }
        if a.words.2 != b.words.2 { return a.words.2 < b.words.2 }
        if a.words.3 != b.words.3 { return a.words.3 < b.words.3 }
        return a.offset < b.offset
    }

    /// The digest's bytes, written into `out` (32 bytes).
    func write(to out: UnsafeMutableRawPointer) {
        out.storeBytes(of: words.0.bigEndian, toByteOffset: 0, as: UInt64.self)
        out.storeBytes(of: words.1.bigEndian, toByteOffset: 8, as: UInt64.self)
        out.storeBytes(of: words.2.bigEndian, toByteOffset: 16, as: UInt64.self)
        out.storeBytes(of: words.3.bigEndian, toByteOffset: 24, as: UInt64.self)
    }
}

extension Array where Element == Int64 {
    /// Whether a sorted array holds `value`.
    func binarySearchContains(_ value: Int64) -> Bool {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < count && self[low] == value
    }
}
