import Foundation
import GRDB
import GRDBSQLite

/// A value bound to an intake statement.
enum SQLArg {
    case int(Int64)
    case text(String)
    case null
}

/// One of GRDB's cached prepared statements, bound and stepped straight through the C API inside
/// GRDB's transaction — the same technique as `DeliveryStatements`, for the same reason: at tens of
/// thousands of lines a second, GRDB's argument binding and row decoding cost as much as SQLite's work.
struct FastStatement {
    let statement: Statement
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
    }

    private func bind(_ args: [SQLArg]) {
        let s = statement.sqliteStatement
        for (i, arg) in args.enumerated() {
            let index = Int32(i + 1)
            switch arg {
            case let .int(v): sqlite3_bind_int64(s, index, v)
            case var .text(t):
                // The UTF-8 bytes and their length: no C-string bridge, no strlen. An empty buffer may
                // have no address, which SQLite would bind as NULL, hence the literal.
                t.withUTF8 { bytes in
                    if let base = bytes.baseAddress {
                        _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { sqlite3_bind_text(s, index, $0, Int32(bytes.count), Self.transient) }
                    } else {
                        sqlite3_bind_text(s, index, "", 0, Self.transient)
                    }
                }
            case .null: sqlite3_bind_null(s, index)
            }
        }
    }

    /// Runs a statement that returns no rows; returns the number of rows it changed.
    @discardableResult
    func execute(_ db: Database, _ args: [SQLArg]) throws -> Int {
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s); sqlite3_clear_bindings(s) }
        bind(args)
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else { throw Self.error(db, code) }
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    /// The first row, read by `read` while the statement is positioned on it; nil when there is none.
    func first<T>(_ db: Database, _ args: [SQLArg], _ read: (Row) -> T) throws -> T? {
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s); sqlite3_clear_bindings(s) }
        bind(args)
        switch sqlite3_step(s) {
        case SQLITE_ROW: return read(Row(s))
        case SQLITE_DONE: return nil
        case let code: throw Self.error(db, code)
        }
    }

    /// Every row, each read by `read` while the statement is positioned on it.
    func all<T>(_ db: Database, _ args: [SQLArg], _ read: (Row) -> T) throws -> [T] {
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s); sqlite3_clear_bindings(s) }
        bind(args)
        var rows: [T] = []
        while true {
            switch sqlite3_step(s) {
            case SQLITE_ROW: rows.append(read(Row(s)))
            case SQLITE_DONE: return rows
            case let code: throw Self.error(db, code)
            }
        }
    }

    /// The columns of the current row, by position.
    struct Row {
        let s: OpaquePointer
        init(_ s: OpaquePointer) { self.s = s }
        func int(_ i: Int32) -> Int64 { sqlite3_column_int64(s, i) }
        func isNull(_ i: Int32) -> Bool { sqlite3_column_type(s, i) == SQLITE_NULL }
        func text(_ i: Int32) -> String? {
            guard let p = sqlite3_column_text(s, i) else { return nil }
            return String(cString: p)
        }
    }

    static func error(_ db: Database, _ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
}
