import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// What a database file at a path is to `kameng demo`.
public enum DemoFileCheck: Sendable, Equatable {
    /// No file: the demo may build one there.
    case absent
    /// A database `kameng demo` built (it carries the demo marker): the demo may open or replace it.
    case demo
    /// Anything else: a database `kameng init` made, another program's file, one that cannot be read.
    /// The demo never replaces or changes it.
    case notADemo
}

extension SQLiteEngine {
    /// Creates a database for the demo and marks it as one (`demo_marker`) before anything is seeded,
    /// so a half-built demo is still recognised as a demo and `--fresh` can replace it.
    public static func createDemo(at path: String, keyFilePath: String, adminUser: String) throws(StoreError) -> SQLiteEngine {
        try translating {
            let store = try SQLiteStore.create(at: path, keyFilePath: keyFilePath, adminUser: adminUser)
            let now = Date()
            try store.dbWrite { db in
                try db.execute(sql: "INSERT INTO demo_marker (id, created_at) VALUES (1, ?)", arguments: [StoreTime.string(now)])
                try store.appendAudit(db, actor: adminUser, action: "demo.create", target: "store",
                                      detail: "demo database (marked; the published demo authenticator is allowed here)", at: now)
            }
            return SQLiteEngine(store: store)
        }
    }

    /// Whether the file at `path` is a demo database, read without the key file and without changing
    /// it (no migration runs): the demo decides this before it opens, replaces or enrols anything.
    /// A database from before the marker existed counts as a demo when its audit log says the demo
    /// seeded it.
    public static func demoFileCheck(at path: String) -> DemoFileCheck {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .absent }
        guard !isDirectory.boolValue else { return .notADemo }
        var config = Configuration()
        config.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: config) else { return .notADemo }
        let marked = try? queue.read { db -> Bool in
            if try db.tableExists("demo_marker") {
                return try Bool.fetchOne(db, sql: "SELECT 1 FROM demo_marker WHERE id = 1") ?? false
            }
            guard try db.tableExists("audit_log") else { return false }
            return try Bool.fetchOne(db, sql: "SELECT 1 FROM audit_log WHERE action = 'demo.seed' LIMIT 1") ?? false
        }
        return marked == true ? .demo : .notADemo
    }
}
