import Foundation
import GRDB
import Testing
@_spi(Benchmark) @testable import KamengSQLite

/// Migrations "v8 order number index" (the orders table rebuilt) and "v9 key sale time on its order"
/// (`card_keys.sold_at` dropped), then "v10 order time indexes", run on a v7 database that has orders, sold keys and a refused payment.
@Suite("Schema v8–v10: leaner intake writes")
struct IntakeWritesMigrationTests {
    static let orderColumns = """
        id, order_no, substation_id, buyer, ip, device, product_id, quantity, amount_fen, payment_method, payment_txn, paid_fen,
        status, risk_score, risk_reasons, created_at, paid_at, delivered_at, updated_at
        """

    /// A new empty directory for one test's files; the caller removes it.
    static func scratch(_ prefix: String) throws -> String {
        let dir = NSTemporaryDirectory() + prefix + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func v7Database(_ dir: String) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: dir + "/v7.sqlite")
        try Schema.migrator.migrate(queue, upTo: "v7 order filter indexes")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO products (id, sku, name, category, face_value_fen, cost_fen, price_retail_fen, price_vip_fen, price_agent_fen, created_at)
                VALUES (1, 'P', 'p', 'game_card', 1, 1, 1, 1, 1, '2026-11-01 00:00:00.000');
                INSERT INTO substations (id, code, name, domain, commission_bp, api_secret_sealed, created_at) VALUES
                    (1, 'sh-a', 'A', 'a.example', 0, x'00', '2026-11-01 00:00:00.000'),
                    (2, 'sh-b', 'B', 'b.example', 0, x'00', '2026-11-01 00:00:00.000');
                INSERT INTO import_batches (id, product_id, file_name, content_digest, imported_by, imported_at)
                VALUES (1, 1, 'k.txt', 'd', 'u', '2026-11-01 00:00:00.000');
                INSERT INTO orders (\(orderColumns)) VALUES
                    (1, 'N-1', 1, 'b1', '10.0.0.1', 'd1', 1, 1, 100, 'alipay', 'tx-1', 100, 'delivered', 0, '[]',
                     '2026-11-23 08:15:30.250', '2026-11-23 08:15:31.000', '2026-11-23 08:15:31.000', '2026-11-23 08:15:31.000'),
                    (2, 'N-1', 2, 'b2', '10.0.0.2', 'd2', 1, 2, 200, NULL, NULL, NULL, 'pending', 40, '["new_buyer"]',
                     '2026-11-23 08:15:30.249', NULL, NULL, '2026-11-23 08:15:30.249');
                INSERT INTO card_keys (id, product_id, batch_id, source_line, digest, sealed, status, order_id, sold_at) VALUES
                    (1, 1, 1, 1, x'01', x'00', 'sold', 1, '2026-11-23 08:15:31.000'),
                    (2, 1, 1, 2, x'02', x'00', 'available', NULL, NULL);
                INSERT INTO payment_failures (order_id, buyer, at, txn, paid_fen, reason)
                VALUES (2, 'b2', '2026-11-23 08:16:00.000', 'tx-9', 1, 'amount_mismatch');
                """)
        }
        return queue
    }

    @Test("orders, keys and what points at them come through; uniqueness, the status machine and created_ms hold")
    func fromV7() throws {
        let dir = try Self.scratch("kameng-v8-")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let queue = try Self.v7Database(dir)
        let before = try queue.read { db in try Row.fetchAll(db, sql: "SELECT \(Self.orderColumns) FROM orders ORDER BY id") }
        try Schema.migrator.migrate(queue)

        try queue.read { db in
            #expect(try Row.fetchAll(db, sql: "SELECT \(Self.orderColumns) FROM orders ORDER BY id") == before)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let keyColumns = try Row.fetchAll(db, sql: "PRAGMA table_info(card_keys)").map { $0["name"] as String }
            #expect(!keyColumns.contains("sold_at") && keyColumns.contains("order_id"))
            #expect(try Row.fetchAll(db, sql: "SELECT id, status, order_id FROM card_keys ORDER BY id").map { [$0[0], $0[1], $0[2]] as [DatabaseValue] }
                    == [[1.databaseValue, "sold".databaseValue, 1.databaseValue], [2.databaseValue, "available".databaseValue, .null]])
            // Milliseconds since 1970, exact: 2026-11-23 08:15:30.250 UTC and one millisecond earlier.
            #expect(try Int64.fetchAll(db, sql: "SELECT created_ms FROM orders ORDER BY id") == [1_795_421_730_250, 1_795_421_730_249])
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'orders' ORDER BY name")
            #expect(indexes.contains("orders_by_order_no") && !indexes.contains { $0.hasPrefix("sqlite_autoindex_orders") })
            // v10: every index that ends in the creation time ends in `created_ms`, none in the text.
            let timed = try Row.fetchAll(db, sql: """
                SELECT i.name AS name, group_concat(c.name, ',') AS columns FROM sqlite_schema i, pragma_index_xinfo(i.name) c
                WHERE i.type = 'index' AND i.tbl_name = 'orders' AND c.key = 1 GROUP BY i.name
                """).reduce(into: [String: String]()) { $0[$1["name"]] = $1["columns"] }
            #expect(timed["orders_by_created"] == "created_ms" && timed["orders_by_status"] == "status,created_ms")
            #expect(timed["orders_by_buyer"] == "buyer,created_ms" && timed["orders_by_ip_buyer"] == "ip,created_ms,buyer")
            #expect(timed["orders_by_device_buyer"] == "device,created_ms,buyer")
            #expect(!timed.values.contains { $0.contains("created_at") }, "\(timed)")
        }
        try queue.write { db in
            // The same number from another substation is another order; from the same one it is refused.
            try db.execute(sql: """
                INSERT INTO orders (order_no, substation_id, buyer, ip, device, product_id, quantity, amount_fen, created_at, updated_at)
                VALUES ('N-2', 1, 'b', 'i', 'd', 1, 1, 1, 'x', 'x'), ('N-2', 2, 'b', 'i', 'd', 1, 1, 1, 'x', 'x')
                """)
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO orders (order_no, substation_id, buyer, ip, device, product_id, quantity, amount_fen, created_at, updated_at)
                    VALUES ('N-1', 1, 'b', 'i', 'd', 1, 1, 1, 'x', 'x')
                    """)
            }
            // The status machine came back with the table.
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE orders SET status = 'pending' WHERE id = 1") }
            // And the rule that a sold key never moves stayed with the keys.
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE card_keys SET order_id = 2 WHERE id = 1") }
        }
    }

    @Test("a v7 file names the migrations its first open will run; a current, a new or an unreadable file names none")
    func pendingUpgrades() throws {
        let dir = try Self.scratch("kameng-pending-")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let queue = try Self.v7Database(dir)
        try queue.close()
        #expect(SQLiteEngine.pendingUpgrades(at: dir + "/v7.sqlite") == ["v8 order number index", "v9 key sale time on its order", "v10 order time indexes",
                                                                                  "v11 stock counts", "v12 order number tails",
                                                                                  "v13 batch counts and held queue", "v14 service owner",
                                                                                  "v15 staff ssh keys", "v16 power row seals",
                                                                                  "v17 card key seal v2", "v18 keyed content digest", "v19 demo marker", "v20 substation API", "v21 ledger"])
        let current = try DatabaseQueue(path: dir + "/v7.sqlite")
        try Schema.migrator.migrate(current)
        try current.close()
        #expect(SQLiteEngine.pendingUpgrades(at: dir + "/v7.sqlite").isEmpty)
        #expect(SQLiteEngine.pendingUpgrades(at: dir + "/missing.sqlite").isEmpty)
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: dir + "/junk.sqlite"))
        #expect(SQLiteEngine.pendingUpgrades(at: dir + "/junk.sqlite").isEmpty)
    }
}
