import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// The engine's own knobs for an ingest run, which only its tests turn (the interface's
/// `IntakeOptions` holds what a caller may choose).
struct IntakeTuning {
    /// Hold a group's new orders until its end (`PendingWrites`); off, every line is written as it is
    /// applied. Only the tests turn it off, to compare the two.
    var deferWrites = true
    /// The WAL size (frames) at which the writer waits for a checkpoint; small in tests, to make it happen.
    var walRestartFrames = IntakeDurability.restartFrames
    /// Told when a group failed and is applied again line by line (the tests require it never is).
    var onIsolatedRetry: (@Sendable (any Error) -> Void)?
    /// Told, at the end of a run that did not throw, what its checkpointing did (the tests' counters).
    var onDurabilityStats: (@Sendable (IntakeDurability.Stats) -> Void)?
}

extension SQLiteStore {
    /// Ingests signed JSON Lines (orders, payments, heartbeats): each line verified against its
    /// substation's secret, applied, or rejected with a recorded reason — a bad line never stops the run.
    /// Lines are applied in groups, each ONE durable transaction with ONE audit row; replaying the same
    /// lines changes nothing (idempotent by substation and order number, and by payment txn).
    /// Requires the `ingest` permission. Throws only when the input cannot be read or the database fails.
    @_spi(Benchmark) public func ingest(_ input: IntakeInput, options: IntakeOptions, by actor: Staff,
                                        onGroup: ((IntakeGroupReport) -> Void)? = nil) throws -> IntakeSummary {
        try ingest(input, options: options, tuning: IntakeTuning(), by: actor, onGroup: onGroup)
    }

    /// The same, with the engine's test knobs.
    func ingest(_ input: IntakeInput, options: IntakeOptions, tuning: IntakeTuning, by actor: Staff,
                onGroup: ((IntakeGroupReport) -> Void)? = nil) throws -> IntakeSummary {
        try require(actor, .ingest)
        let context = IntakeContext(actor: actor.userName, source: IntakeProblem.clip(options.source, limit: 80), rules: options.rules,
                                    deferWrites: tuning.deferWrites, onIsolatedRetry: tuning.onIsolatedRetry)
        let queue = IntakeQueue(capacity: max(1, options.groupLines))
        let done = DispatchSemaphore(value: 0)
        let keyring = IntakeKeyring(store: self)
        let reader = Thread {
            var failure: (any Error)?
            do {
                if case let .feed(feed) = input {
                    Self.readFeed(feed, keyring: keyring, into: queue)
                } else {
                    var lines = IntakeLineReader(input)
                    while let line = try lines.next() {
                        let now = DispatchTime.now().uptimeNanoseconds
                        let prepared: PreparedLine
                        switch line {
                        case let .text(number, bytes):
                            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                            prepared = keyring.prepare(number: number, readAt: now, bytes: bytes)
                        case let .tooLong(number):
                            prepared = Self.tooLong(number: number, readAt: now)
                        }
                        guard queue.push(prepared) else { break }
                    }
                }
            } catch {
                failure = error
            }
            queue.finish(error: failure)
            done.signal()
        }
        reader.start()
        // On a failure the reader is released but not waited for: it may be blocked reading a pipe.
        defer { queue.cancel() }

        // Checkpoints beside the writer for the run, and the WAL's size after each commit (see IntakeDurability).
        let durability = try IntakeDurability(store: self, restartFrames: tuning.walRestartFrames)
        defer { durability.stop() }
        // The audit anchor follows the groups from another thread, and is written up to the last group
        // before the run returns (AnchorWriter).
        anchorWriter.begin()
        defer { anchorWriter.end() }
        // The writer's settings for the run, put back before the checkpointer stops (defers run last first).
        // Each order touches eight order indexes at random places: a larger page cache keeps them in
        // memory instead of re-reading pages from the OS every group. Groups commit at FULL, as every
        // write does: durable when COMMIT returns.
        defer {
            // Through the pool directly: this must run even when the storage has failed, or the hook
            // would outlive `durability`.
            let cache = connection.cachePages.map(String.init) ?? "-32768"
            try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000; PRAGMA cache_size = \(cache)") }
        }
        let cache = connection.cachePages.map(String.init) ?? "-\(Self.intakeCacheKiB)"
        try dbWriteWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = \(cache)")
            durability.installWalHook(db)
        }
        var summary = IntakeSummary()
        while true {
            let lines = try queue.takeGroup(maxLines: max(1, options.groupLines), maxWaitNanos: UInt64(max(0, options.groupMillis)) * 1_000_000)
            if lines.isEmpty { break }
            try durability.waitBeforeNextGroup()
            let result = try commitGroup(lines, context: context)
            // COMMIT returned: the group's WAL frames are synced. Only now is it reported.
            let committedAt = DispatchTime.now().uptimeNanoseconds
            durability.didCommit()
            for outcome in result.outcomes { summary.add(outcome) }
            summary.noteFlaggedByPayment(result.flaggedByPayment)
            summary.noteLowStock(result.lowStock)
            summary.groups += 1
            if let onGroup {
                let reports = zip(lines, result.outcomes).map { IntakeLineReport(number: $0.number, readAt: $0.readAt, outcome: $1) }
                onGroup(IntakeGroupReport(lines: reports, committedAt: committedAt, summary: summary))
            }
        }
        tuning.onDurabilityStats?(durability.currentStats())
        done.wait()
        return summary
    }

    /// The feed's lines, numbered as submitted, until it is closed and drained. Unlike a file's, a blank
    /// line is not skipped but rejected: the producer waits for every number it submitted.
    private static func readFeed(_ feed: IntakeFeed, keyring: IntakeKeyring, into queue: IntakeQueue) {
        while let line = feed.next() {
            let now = DispatchTime.now().uptimeNanoseconds
            var prepared: PreparedLine
            if line.bytes.count > IntakeEnvelope.maxLineBytes {
                prepared = tooLong(number: line.number, readAt: now)
            } else if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }) {
                prepared = PreparedLine(number: line.number, readAt: now, substation: "", kind: .unknown, substationId: nil,
                                        payload: .failure(.malformed("blank line")), excerpt: "")
            } else {
                prepared = keyring.prepare(number: line.number, readAt: now, bytes: line.bytes)
            }
            prepared.auditActor = line.auditActor
            guard queue.push(prepared) else { return }
        }
    }

    private static func tooLong(number: Int, readAt: UInt64) -> PreparedLine {
        PreparedLine(number: number, readAt: readAt, substation: "", kind: .unknown, substationId: nil,
                     payload: .failure(.malformed("line longer than \(IntakeEnvelope.maxLineBytes) bytes")), excerpt: "")
    }

    /// The writer's page cache during an ingest run, in KiB (the default elsewhere is 32 MiB).
    static let intakeCacheKiB = 262_144

    struct GroupResult {
        var outcomes: [IntakeOutcome]
        var lowStock: [String]
        var flaggedByPayment: Int
    }

    /// Applies a group in one write transaction. A busy database is retried; any other failure rolls the
    /// group back and applies it again with a savepoint per line, so only the line that fails is rejected
    /// (`store_error`) and the rest go through.
    func commitGroup(_ lines: [PreparedLine], context: IntakeContext) throws -> GroupResult {
        func run(isolated: Bool) throws -> GroupResult {
            try dbWriteWithoutTransaction { db in
                var result: GroupResult?
                try db.inTransaction(.immediate) {
                    let group = try IntakeGroup(store: self, db: db, context: context, now: Date(), deferWrites: context.deferWrites && !isolated)
                    let outcomes = try group.apply(lines, isolated: isolated)
                    let low = try group.lowStockSKUs()
                    try group.audit()
                    result = GroupResult(outcomes: outcomes, lowStock: low, flaggedByPayment: group.totals.flaggedByPayment)
                    return .commit
                }
                return result!
            }
        }
        for attempt in 1...4 {
            do {
                return try run(isolated: false)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 4 {
                usleep(UInt32(attempt) * 20_000)
            } catch let error as StoreError where error.isStorageFailure {
                // Not retried line by line: the store refuses every write from now on.
                throw error
            } catch {
                context.onIsolatedRetry?(error)
                break
            }
        }
        return try run(isolated: true)
    }
}
