import Foundation
import GRDB
import KamengDomain
import KamengStoreInterface

extension KamengStore {
    /// Ingests signed JSON Lines (orders, payments, heartbeats): each line verified against its
    /// substation's secret, applied, or rejected with a recorded reason — a bad line never stops the run.
    /// Lines are applied in groups, each ONE durable transaction with ONE audit row; replaying the same
    /// lines changes nothing (idempotent by substation and order number, and by payment txn).
    /// Requires the `ingest` permission. Throws only when the input cannot be read or the database fails.
    @_spi(Benchmark) public func ingest(_ input: IntakeInput, options: IntakeOptions, by actor: Staff,
                       onGroup: ((IntakeGroupReport) -> Void)? = nil) throws -> IntakeSummary {
        try require(actor, .ingest)
        let context = IntakeContext(actor: actor.userName, source: IntakeProblem.clip(options.source, limit: 80), rules: options.rules,
                                    deferWrites: options.deferWrites, onIsolatedRetry: options.onIsolatedRetry)
        let queue = IntakeQueue(capacity: max(1, options.groupLines))
        let done = DispatchSemaphore(value: 0)
        let keyring = IntakeKeyring(store: self)
        let reader = Thread {
            var lines = IntakeLineReader(input)
            var failure: (any Error)?
            do {
                while let line = try lines.next() {
                    let now = DispatchTime.now().uptimeNanoseconds
                    let prepared: PreparedLine
                    switch line {
                    case let .text(number, bytes):
                        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                        prepared = keyring.prepare(number: number, readAt: now, bytes: bytes)
                    case let .tooLong(number):
                        prepared = PreparedLine(number: number, readAt: now, substation: "", kind: .unknown, substationId: nil,
                                                payload: .failure(.malformed("line longer than \(IntakeEnvelope.maxLineBytes) bytes")), excerpt: "")
                    }
                    guard queue.push(prepared) else { break }
                }
            } catch {
                failure = error
            }
            queue.finish(error: failure)
            done.signal()
        }
        reader.start()
        // Each order touches eight order indexes at random places: a larger page cache on the writer
        // for the run keeps them in memory instead of re-reading pages from the OS every group.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -\(Self.intakeCacheKiB)") }
        defer { try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -32768") } }
        // On a failure the reader is released but not waited for: it may be blocked reading a pipe.
        defer { queue.cancel() }

        // Groups commit unsynced; this makes them durable beside the writer and reports them once durable.
        let durability = try IntakeDurability(databasePath: path, restartFrames: options.walRestartFrames)
        defer { durability.stop() }
        var summary = IntakeSummary()
        var unreported: [(lines: [PreparedLine], result: GroupResult)] = []
        func report(_ durableAt: [UInt64]) {
            for time in durableAt {
                let (lines, result) = unreported.removeFirst()
                for outcome in result.outcomes { summary.add(outcome) }
                summary.noteFlaggedByPayment(result.flaggedByPayment)
                summary.noteLowStock(result.lowStock)
                summary.groups += 1
                if let onGroup {
                    let reports = zip(lines, result.outcomes).map { IntakeLineReport(number: $0.number, readAt: $0.readAt, outcome: $1) }
                    onGroup(IntakeGroupReport(lines: reports, committedAt: time, summary: summary))
                }
            }
        }
        while true {
            // Nothing to overlap with: report what is committed now rather than after the next group.
            if !unreported.isEmpty && !queue.hasLines { report(try durability.takeSynced(all: true)) }
            let lines = try queue.takeGroup(maxLines: max(1, options.groupLines), maxWaitNanos: UInt64(max(0, options.groupMillis)) * 1_000_000)
            if lines.isEmpty { break }
            try durability.waitBeforeNextGroup()
            unreported.append((lines, try commitGroup(lines, context: context)))
            durability.didCommit()
            report(try durability.takeSynced())
        }
        report(try durability.takeSynced(all: true))
        done.wait()
        return summary
    }

    /// Runs `body` (one group's transaction) with its commit unsynced and no automatic checkpoint, as
    /// `IntakeDurability` expects; every other write on this connection keeps `synchronous = FULL`.
    private static func unsynced<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        try db.execute(sql: "PRAGMA wal_autocheckpoint = 0; PRAGMA synchronous = OFF")
        let result = Result { try body() }
        try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 1000")
        return try result.get()
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
            try pool.writeWithoutTransaction { db in
                try Self.unsynced(db) {
                    var result: GroupResult?
                    try db.inTransaction(.immediate) {
                        let group = try IntakeGroup(store: self, db: db, context: context, now: Date(), deferWrites: context.deferWrites && !isolated)
                        let outcomes = try group.apply(lines, isolated: isolated)
                        let low = try group.lowStockSKUs()
                        try group.audit(firstLine: lines.first!.number, lastLine: lines.last!.number)
                        result = GroupResult(outcomes: outcomes, lowStock: low, flaggedByPayment: group.changes.flaggedByPayment)
                        return .commit
                    }
                    return result!
                }
            }
        }
        for attempt in 1...4 {
            do {
                return try run(isolated: false)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 4 {
                usleep(UInt32(attempt) * 20_000)
            } catch {
                context.onIsolatedRetry?(error)
                break
            }
        }
        return try run(isolated: true)
    }
}
