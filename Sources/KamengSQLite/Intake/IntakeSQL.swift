import Foundation
import GRDB
import GRDBSQLite

/// A value bound to an intake statement.
enum SQLArg {
    case int(Int64)
    case text(String)
    case null
}

/// One of GRDB's cached prepared statements, bound through the C API and stepped by the engine's one
/// stepping helper (Operations/RawStatement.swift) inside GRDB's transaction, for the same reason as
/// `DeliveryStatements`: at tens of thousands of lines a second, GRDB's argument binding and row
/// decoding cost as much as SQLite's work.
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
        defer { sqlite3_clear_bindings(statement.sqliteStatement) }
        bind(args)
        return try statement.stepToEnd(db)
    }

    /// The first row, read by `read` while the statement is positioned on it; nil when there is none.
    func first<T>(_ db: Database, _ args: [SQLArg], _ read: (Row) -> T) throws -> T? {
        defer { sqlite3_clear_bindings(statement.sqliteStatement) }
        bind(args)
        return try statement.firstRow(db) { read(Row($0)) }
    }

    /// Every row, each read by `read` while the statement is positioned on it.
    func all<T>(_ db: Database, _ args: [SQLArg], _ read: (Row) -> T) throws -> [T] {
        defer { sqlite3_clear_bindings(statement.sqliteStatement) }
        bind(args)
        var rows: [T] = []
        try statement.stepRows(db) { rows.append(read(Row($0))) }
        return rows
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

}
