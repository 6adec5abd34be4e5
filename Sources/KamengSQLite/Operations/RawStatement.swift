import GRDB
import GRDBSQLite

// The one way the engine runs a statement through SQLite's C API, for the few hot statements where
// GRDB's argument building and row decoding measured as much as SQLite's own work: the delivery's
// (`DeliveryStatements`), the import's (`KeyInsertStatements`) and the intake's (`FastStatement`,
// which only adds its own binding); Docs/Performance.md has the figures.
// The statement stays GRDB's (prepared or cached by it, run inside its transaction); the caller binds
// with `sqlite3_bind_*`, these step it, turn a failure into the `DatabaseError` GRDB would have thrown,
// and always reset it. Every other statement goes through GRDB's API.

extension Statement {
    /// Runs a statement that returns no rows; returns how many rows it changed.
    func stepToEnd(_ db: Database) throws -> Int {
        let s = sqliteStatement
        defer { sqlite3_reset(s) }
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else { throw db.sqliteError(code) }
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    /// Steps once: `read` gets the statement positioned on the first row, if there is one (the rest,
    /// if any, are not stepped to).
    func firstRow<T>(_ db: Database, _ read: (OpaquePointer) throws -> T) throws -> T? {
        let s = sqliteStatement
        defer { sqlite3_reset(s) }
        switch sqlite3_step(s) {
        case SQLITE_ROW: return try read(s)
        case SQLITE_DONE: return nil
        case let code: throw db.sqliteError(code)
        }
    }

    /// Runs a statement, handing `row` the statement positioned on each row it returns, in order.
    func stepRows(_ db: Database, _ row: (OpaquePointer) throws -> Void) throws {
        let s = sqliteStatement
        defer { sqlite3_reset(s) }
        while true {
            switch sqlite3_step(s) {
            case SQLITE_ROW: try row(s)
            case SQLITE_DONE: return
            case let code: throw db.sqliteError(code)
            }
        }
    }
}

extension Database {
    /// SQLite's error for a failed step on this connection, as GRDB throws it.
    func sqliteError(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqliteConnection)))
    }
}
