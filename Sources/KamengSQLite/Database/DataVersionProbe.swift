import Foundation
import GRDB

/// `PRAGMA data_version` on a connection of its own, for a console that polls for other writers.
///
/// The number is kept per connection: it changes when a connection other than this one committed since
/// this one last looked. A pool's readers are several connections, so polls through `pool.read` land on
/// whichever reader is free; once two reads overlap (the console runs its list queries and its pane
/// refreshes side by side), two polls can compare two connections' counters and see a change where
/// there was none, and every pane reloads. One connection, used only for this, never does.
final class DataVersionProbe: Sendable {
    private let connection: DatabaseQueue

    /// `path` as SQLite is given it (`ConnectionOptions.sqlitePath`).
    init(path: String) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        config.label = "kameng.data-version"
        connection = try DatabaseQueue(path: path, configuration: config)
    }

    /// The connection's `PRAGMA data_version` now.
    func version() throws -> Int {
        try connection.read { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }
}

extension SQLiteStore {
    /// A probe with its own read-only connection to this database (see `DataVersionProbe`).
    func makeDataVersionProbe() throws -> DataVersionProbe { try DataVersionProbe(path: connection.sqlitePath(path)) }
}

/// The probe as a poll uses it: opened on first use and opened again after a failure, so a moment when
/// the file cannot be opened or read (a busy machine, another process opening or upgrading the file)
/// skips one tick instead of ending a console's live updates for the rest of its session.
final class DataVersionPoller: @unchecked Sendable {
    private let open: @Sendable () throws -> DataVersionProbe
    private let lock = NSLock()
    private var probe: DataVersionProbe?

    init(open: @escaping @Sendable () throws -> DataVersionProbe) { self.open = open }

    /// The counter now, or nil when it cannot be read this time (the next call tries a new connection).
    func version() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        do {
            let probe = try self.probe ?? open()
            self.probe = probe
            return try probe.version()
        } catch {
            probe = nil
            return nil
        }
    }
}
