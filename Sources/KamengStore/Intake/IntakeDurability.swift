import Foundation
import GRDBSQLite
import KamengStoreInterface

/// Makes an ingest run's groups durable beside the writer instead of inside its commit.
///
/// A group commits with `synchronous = OFF` and no automatic checkpoint: SQLite appends its frames to
/// the WAL and returns. A syncer thread then `fdatasync`s the WAL — what `synchronous = FULL` would have
/// done inside COMMIT — and only then is the group reported (its `committedAt` is that moment), while
/// the writer is already applying the next group. A checkpointer thread with its own connection
/// (`synchronous = FULL`, so each checkpoint syncs the WAL before copying and the database after) moves
/// frames into the database file on the other core. Every so often the writer waits for the checkpointer
/// to catch up, so the next group starts the WAL again from its beginning and the file stays bounded.
///
/// What a reader may see: another connection can read a group in the moment between its commit and its
/// sync. A crash of the process in that moment loses nothing (the frames are in the OS's page cache); a
/// power loss can take back a group that was never reported, exactly as with a commit that had not
/// returned (Docs/Decisions.md).
final class IntakeDurability: @unchecked Sendable {
    /// The writer waits for a full checkpoint once the WAL holds this many frames (about 256 MiB): each
    /// wait delays one group, and at 200,000 orders this makes four of them, too few to reach the p99.
    /// The pool's `journal_size_limit` gives the disk back when the WAL next starts again.
    static let restartFrames: Int32 = 65_536
    /// At most this many committed groups wait for their sync: the writer does not run further ahead.
    static let maxUnsynced = 3
    /// The checkpointer runs after every this many synced groups: pages that several groups change
    /// (the tails of the time-ordered indexes) are then copied into the database file once, not each time.
    static let checkpointEvery = 4

    private let condition = NSCondition()
    private var committed = 0
    private var synced = 0
    /// When each group synced since the writer last asked became durable (monotonic nanoseconds).
    private var untaken: [UInt64] = []
    private var failure: String?
    private var stopping = false
    /// The groups the last finished checkpoint pass covered (those committed when it started), and the
    /// groups the writer is waiting to see covered.
    private var covered = 0
    private var coverWanted = 0
    /// Frames in the WAL as of the last checkpoint, and the size at which the writer next waits.
    private var walFrames: Int32 = 0
    private var walFramesCheckpointed: Int32 = 0
    private let restartFrames: Int32
    private var restartAt: Int32
    private let walFD: Int32
    private let walPath: String
    private var checkpointDB: OpaquePointer?
    private var threads: [Thread] = []
    private let running = DispatchGroup()

    init(databasePath: String, restartFrames: Int32 = IntakeDurability.restartFrames) throws {
        self.restartFrames = restartFrames
        restartAt = restartFrames
        walPath = databasePath + "-wal"
        walFD = open(walPath, O_RDONLY | O_CLOEXEC)
        guard walFD >= 0 else { throw StoreError.file(path: walPath, problem: .cannotRead(reason: String(cString: strerror(errno)))) }
        var db: OpaquePointer?
        let opened = sqlite3_open_v2(databasePath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard opened == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            close(walFD)
            throw StoreError.storage(code: opened, message: "cannot open a checkpoint connection: \(message)")
        }
        sqlite3_exec(db, "PRAGMA synchronous = FULL", nil, nil, nil)
        checkpointDB = db
        for body in [syncLoop, checkpointLoop] {
            running.enter()
            let thread = Thread { [running] in body(); running.leave() }
            threads.append(thread)
            thread.start()
        }
    }

    /// The writer committed a group (its frames written, unsynced).
    func didCommit() {
        condition.lock()
        committed += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks while too many groups wait for their sync, and, when the WAL has grown past
    /// `restartFrames`, until a checkpoint has caught up with everything committed (so the next group
    /// restarts the WAL). Throws when a sync failed.
    func waitBeforeNextGroup() throws {
        condition.lock()
        defer { condition.unlock() }
        while committed - synced >= Self.maxUnsynced && failure == nil { condition.wait() }
        if walFrames >= restartAt && failure == nil {
            // A pass that started after the last commit copies every frame; the writer is idle till then.
            coverWanted = committed
            condition.broadcast()
            while covered < committed && failure == nil && !stopping { condition.wait() }
            if walFramesCheckpointed >= walFrames {
                // Caught up: the next group starts the WAL again.
                walFrames = 0
                restartAt = restartFrames
            } else {
                // A reader's snapshot holds frames back; waiting again each group would not help.
                restartAt = walFrames + restartFrames
            }
        }
        if let failure { throw StoreError.storageFailed(path: walPath, detail: failure) }
    }

    /// When each group that became durable since the last call did so, in commit order (monotonic
    /// nanoseconds); with `all`, first waits until every committed group is durable. Throws when a sync failed.
    func takeSynced(all: Bool = false) throws -> [UInt64] {
        condition.lock()
        defer { condition.unlock() }
        while all && synced < committed && failure == nil { condition.wait() }
        if let failure { throw StoreError.storageFailed(path: walPath, detail: failure) }
        defer { untaken.removeAll(keepingCapacity: true) }
        return untaken
    }

    /// Stops both threads (after the syncer has synced what was committed) and closes their handles.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        running.wait()
        sqlite3_close(checkpointDB)
        close(walFD)
    }

    private func syncLoop() {
        while true {
            condition.lock()
            while synced == committed && !stopping { condition.wait() }
            if synced == committed {
                condition.unlock()
                return
            }
            let target = committed
            condition.unlock()
            let result = fdatasync(walFD)
            let error = errno
            let now = DispatchTime.now().uptimeNanoseconds
            condition.lock()
            if result != 0 {
                failure = "the committed groups could not be made durable: fdatasync \(walPath): \(String(cString: strerror(error)))"
            } else {
                untaken += repeatElement(now, count: target - synced)
                synced = target
            }
            condition.broadcast()
            condition.unlock()
            if result != 0 { return }
        }
    }

    private func checkpointLoop() {
        var seen = 0
        while true {
            condition.lock()
            while synced - seen < Self.checkpointEvery && covered >= coverWanted && !stopping { condition.wait() }
            if stopping {
                condition.unlock()
                return
            }
            seen = synced
            let starting = committed
            condition.unlock()
            var log: Int32 = 0
            var done: Int32 = 0
            // PASSIVE: never waits for readers or the writer; copies what it can, syncs, and moves on.
            let result = sqlite3_wal_checkpoint_v2(checkpointDB, nil, SQLITE_CHECKPOINT_PASSIVE, &log, &done)
            condition.lock()
            if result == SQLITE_OK {
                walFrames = log
                walFramesCheckpointed = done
            }
            covered = starting
            condition.broadcast()
            condition.unlock()
        }
    }
}
