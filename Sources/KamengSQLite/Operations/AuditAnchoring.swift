import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

/// The anchor advance a write transaction owes once it has committed: the newest row it appended, and
/// whether the anchor it found on disk lies on this database's chain (a database rolled back under an
/// anchor must never drag the anchor back with it, nor past the evidence). Only the pool's single
/// writer connection appends, so one slot per store is enough.
final class PendingAnchor: @unchecked Sendable {
    private let lock = NSLock()
    private var registered = false
    private var newest: AuditAnchor?
    private var continuous = true

    /// Notes row `anchor`; true when this is the transaction's first append (the caller registers the commit hook).
    func note(_ anchor: AuditAnchor, firstContinuous: () -> Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        newest = anchor
        guard !registered else { return false }
        registered = true
        continuous = firstContinuous()
        return true
    }

    /// What the committed transaction appended, and clears the slot.
    func take() -> (anchor: AuditAnchor?, continuous: Bool) {
        lock.lock()
        defer { lock.unlock() }
        defer { registered = false; newest = nil; continuous = true }
        return (newest, continuous)
    }
}

/// Writes the anchor beside the writer during an ingest run, so that a group's commit does not also
/// wait for the anchor's fsyncs (about 10 ms a group on the 2-core VM: a third of the run's time).
/// Coalescing: only the newest anchor handed over is written; the run waits for it before it returns.
/// Every anchor handed over is of a committed, durable group, so the anchor still never leads.
final class AnchorWriter: @unchecked Sendable {
    private let condition = NSCondition()
    private var latest: AuditAnchor?
    private var running = false
    private var deferring = 0

    var isDeferring: Bool { condition.withLock { deferring > 0 } }

    func begin() { condition.withLock { deferring += 1 } }

    /// Ends a run's deferral and waits until what it handed over is written.
    func end() {
        condition.lock()
        deferring -= 1
        while latest != nil || running { condition.wait() }
        condition.unlock()
    }

    func submit(_ anchor: AuditAnchor, write: @escaping @Sendable (AuditAnchor) -> Void) {
        condition.lock()
        defer { condition.unlock() }
        if latest.map({ $0.id < anchor.id }) ?? true { latest = anchor }
        guard !running else { return }
        running = true
        // A thread per burst, ending when nothing waits: no thread outlives the run.
        Thread { [self] in
            while true {
                condition.lock()
                guard let next = latest else {
                    running = false
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                latest = nil
                condition.unlock()
                write(next)
            }
        }.start()
    }
}

extension SQLiteStore {
    /// Called by `appendAudit` for each row. The first row of a transaction checks the anchor against the
    /// chain and registers the advance, which runs after COMMIT has returned: at `synchronous = FULL` the
    /// rows are then durable (WAL synced), so the anchor can lag the database after a power cut, never lead it.
    func noteAppended(_ db: Database, id: Int64, mac: String) {
        guard let anchorPath else { return }
        let first = pendingAnchor.note(AuditAnchor(id: id, mac: mac)) {
            let found: AuditAnchor?
            // An unreadable or forged anchor is evidence: never overwrite it.
            do { found = try AuditAnchorFile.read(path: anchorPath, vault: vault) } catch { return false }
            // No anchor yet: nothing to contradict.
            guard let current = found else { return true }
            let stored = try? String.fetchOne(db, sql: "SELECT mac FROM audit_log WHERE id = ?", arguments: [current.id])
            return stored == current.mac
        }
        guard first else { return }
        db.afterNextTransaction(onCommit: { [self] _ in
            let (newest, continuous) = pendingAnchor.take()
            guard continuous, let newest else { return }
            if anchorWriter.isDeferring {
                anchorWriter.submit(newest) { [vault] in AuditAnchorFile.advance(path: anchorPath, vault: vault, to: $0) }
            } else {
                AuditAnchorFile.advance(path: anchorPath, vault: vault, to: newest)
            }
        }, onRollback: { [self] _ in _ = pendingAnchor.take() })
    }

    /// Creates the anchor of a database that has none (made before anchors, or whose anchor was never
    /// written), at the chain's end. An existing anchor is never moved from here.
    func anchorIfMissing() throws {
        guard let anchorPath, !isReadOnly, !FileManager.default.fileExists(atPath: anchorPath) else { return }
        let tail = try pool.read { db in try Row.fetchOne(db, sql: "SELECT id, mac FROM audit_log ORDER BY id DESC LIMIT 1") }
        guard let tail else { return }
        AuditAnchorFile.advance(path: anchorPath, vault: vault, to: AuditAnchor(id: tail["id"], mac: tail["mac"]))
    }

    /// What the anchor says about a chain that verified as far as row `lastId` (`macAt` gives a row's MAC):
    /// nil when they agree or there is no anchor yet.
    func anchorProblem(lastId: Int64, macAt: (Int64) throws -> String?) throws -> AuditVerification? {
        guard let anchorPath else { return nil }
        let anchor: AuditAnchor?
        do {
            anchor = try AuditAnchorFile.read(path: anchorPath, vault: vault)
        } catch let error {
            return .broken(atId: lastId, reason: String(describing: error))
        }
        guard let anchor else { return nil }
        if anchor.id > lastId {
            return .broken(atId: lastId + 1, reason: "the chain ends at row \(lastId) but the anchor \(anchorPath) records row \(anchor.id): "
                           + "rows were deleted from the end, or the database was rolled back to an older copy")
        }
        if try macAt(anchor.id) != anchor.mac {
            return .broken(atId: anchor.id, reason: "row \(anchor.id) does not carry the MAC the anchor \(anchorPath) records: "
                           + "the database was rolled back to an older copy and written again, or replaced")
        }
        return nil
    }
}
