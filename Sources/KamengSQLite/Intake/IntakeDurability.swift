import Foundation
import GRDB
import GRDBSQLite
import KamengStorage

/// Keeps an ingest run's WAL bounded without checkpointing inside the writer's commits.
///
/// Durability itself is SQLite's: every group commits at the writer's `synchronous = FULL`, so in WAL
/// mode COMMIT syncs the WAL through the VFS (its xSync) before it publishes the commit to other
/// connections, and a group is reported once its COMMIT has returned. What the run changes is the
/// checkpoint: the writer's automatic one (a WAL sync, a copy and a database sync inside a commit every
/// 1000 frames) is off for the run; a checkpointer thread with its own connection (`synchronous = FULL`,
/// so each pass syncs the WAL before copying and the database after) runs a PASSIVE checkpoint after
/// every fourth group, on the other core. When the WAL has grown past `restartFrames`, the writer waits
/// once for a pass that covers every commit, so the next group starts the WAL again from its beginning.
///
/// The WAL's size after each commit comes from the writer's `sqlite3_wal_hook`, installed for the run
/// (it replaces the automatic checkpoint's hook, which `PRAGMA wal_autocheckpoint` puts back).
final class IntakeDurability: @unchecked Sendable {
    /// The writer waits for a full checkpoint once the WAL holds this many frames (about 256 MiB): each
    /// wait delays one group, and at 200,000 orders this makes four of them, too few to reach the p99.
    static let restartFrames: Int32 = 65_536
    /// The checkpointer runs after every this many groups: pages that several groups change (the tails
    /// of the time-ordered indexes) are then copied into the database file once, not each time.
    static let checkpointEvery = 4

    /// What a run did, for the tests (counters, not timings).
    struct Stats: Sendable, Equatable {
        /// Times the writer waited for a checkpoint to catch up before its next group.
        var restartWaits = 0
        /// Commits after which the WAL held fewer frames than after the one before (it started again).
        var restarts = 0
        /// The most frames the WAL held after any commit of the run, and the most one commit added.
        var maxFrames: Int32 = 0
        var maxCommitFrames: Int32 = 0
        /// Checkpoint passes run.
        var passes = 0
    }

    private let store: SQLiteStore
    private let condition = NSCondition()
    private var committed = 0
    private var failure: StoreError?
    private var stopping = false
    /// The groups the last finished checkpoint pass covered (those committed when it started), and the
    /// groups the writer is waiting to see covered.
    private var covered = 0
    private var coverWanted = 0
    /// Frames in the WAL after the writer's last commit (the wal hook), and as of the last checkpoint pass.
    private var walFrames: Int32 = 0
    private var passLog: Int32 = 0
    private var passDone: Int32 = 0
    private let restartFrames: Int32
    private var restartAt: Int32
    private var stats = Stats()
    private var checkpointDB: OpaquePointer?
    private let running = DispatchGroup()

    init(store: SQLiteStore, restartFrames: Int32 = IntakeDurability.restartFrames) throws {
        self.store = store
        self.restartFrames = restartFrames
        restartAt = restartFrames
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let opened = sqlite3_open_v2(store.connection.sqlitePath(store.path), &db, flags, nil)
        guard opened == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw StoreError.storage(code: opened, message: "cannot open a checkpoint connection: \(message)")
        }
        sqlite3_exec(db, "PRAGMA synchronous = FULL", nil, nil, nil)
        if let pages = store.connection.cachePages { sqlite3_exec(db, "PRAGMA cache_size = \(pages)", nil, nil, nil) }
        checkpointDB = db
        running.enter()
        Thread { [running] in self.checkpointLoop(); running.leave() }.start()
    }

    /// Installs the hook that tells this object the WAL's size after each of the writer's commits.
    /// Call on the writer connection after `PRAGMA wal_autocheckpoint = 0`; setting that pragma again
    /// removes it, and must be done before this object goes away.
    func installWalHook(_ db: Database) {
        sqlite3_wal_hook(db.sqliteConnection, { context, _, _, frames in
            Unmanaged<IntakeDurability>.fromOpaque(context!).takeUnretainedValue().walHasFrames(frames)
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func walHasFrames(_ frames: Int32) {
        condition.lock()
        if frames < walFrames {
            stats.restarts += 1
            restartAt = restartFrames
            stats.maxCommitFrames = max(stats.maxCommitFrames, frames)
        } else {
            stats.maxCommitFrames = max(stats.maxCommitFrames, frames - walFrames)
        }
        walFrames = frames
        stats.maxFrames = max(stats.maxFrames, frames)
        condition.unlock()
    }

    /// The writer committed a group (durably: its COMMIT returned).
    func didCommit() {
        condition.lock()
        committed += 1
        condition.broadcast()
        condition.unlock()
    }

    /// When the WAL has grown past `restartFrames`, blocks until a checkpoint has caught up with
    /// everything committed (so the next group restarts the WAL). Throws when a checkpoint found the
    /// storage failed.
    func waitBeforeNextGroup() throws {
        condition.lock()
        defer { condition.unlock() }
        if walFrames >= restartAt && failure == nil {
            // A pass that started after the last commit copies every frame; the writer is idle till then.
            stats.restartWaits += 1
            coverWanted = committed
            condition.broadcast()
            while covered < committed && failure == nil && !stopping { condition.wait() }
            if passDone >= passLog {
                // Caught up: the next group starts the WAL again (the hook sees it and resets the limit).
                restartAt = restartFrames
            } else {
                // A reader's snapshot holds frames back; waiting again each group would not help.
                restartAt = walFrames + restartFrames
            }
        }
        if let failure { throw failure }
    }

    /// The run's counters so far.
    func currentStats() -> Stats {
        condition.lock()
        defer { condition.unlock() }
        return stats
    }

    /// Stops the checkpointer and closes its connection.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        running.wait()
        sqlite3_close(checkpointDB)
    }

    private func checkpointLoop() {
        var seen = 0
        while true {
            condition.lock()
            while committed - seen < Self.checkpointEvery && covered >= coverWanted && !stopping && failure == nil { condition.wait() }
            if stopping || failure != nil {
                condition.unlock()
                return
            }
            seen = committed
            let starting = committed
            condition.unlock()
            var log: Int32 = 0
            var done: Int32 = 0
            // PASSIVE: never waits for readers or the writer; copies what it can, syncs, and moves on.
            let result = sqlite3_wal_checkpoint_v2(checkpointDB, nil, SQLITE_CHECKPOINT_PASSIVE, &log, &done)
            let storageFailed = StorageHealth.isStorageFailure(result)
            let detail = storageFailed ? "checkpoint: \(String(cString: sqlite3_errstr(sqlite3_extended_errcode(checkpointDB))))" : ""
            condition.lock()
            stats.passes += 1
            if result == SQLITE_OK {
                passLog = log
                passDone = done
            } else if storageFailed {
                failure = store.storage.fail(path: store.path, detail: detail)
            }
            covered = starting
            condition.broadcast()
            condition.unlock()
        }
    }
}
