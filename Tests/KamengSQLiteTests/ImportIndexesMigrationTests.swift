import Foundation
import GRDB
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// Migration "v2 import indexes": batch id ranges replace `card_keys_by_batch`.
@Suite("Schema v2: batch id ranges")
struct ImportIndexesMigrationTests {
    @Test("a v1 database migrates: ranges filled from its keys, the batch index dropped, counts and voiding unchanged")
    func fromV1() throws {
        let dir = NSTemporaryDirectory() + "kameng-v2-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let queue = try DatabaseQueue(path: dir + "/v1.sqlite")
        try Schema.migrator.migrate(queue, upTo: "v1 core tables")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO products (id, sku, name, category, face_value_fen, cost_fen, price_retail_fen, price_vip_fen, price_agent_fen, created_at)
                VALUES (1, 'P', 'p', 'game_card', 1, 1, 1, 1, 1, 'now');
                INSERT INTO import_batches (id, product_id, file_name, content_digest, imported_by, imported_at) VALUES
                    (1, 1, 'a', 'a', 'u', 'now'), (2, 1, 'b', 'b', 'u', 'now'), (3, 1, 'empty', 'c', 'u', 'now');
                """)
            for (id, batch) in [(1, 1), (2, 1), (4, 1), (5, 2), (6, 2)] {
                try db.execute(sql: "INSERT INTO card_keys (id, product_id, batch_id, source_line, digest, sealed) VALUES (?, 1, ?, ?, ?, x'00')",
                               arguments: [id, batch, id, Data([UInt8(id)])])
            }
        }
        try Schema.migrator.migrate(queue)
        try queue.read { db in
            let ranges = try Row.fetchAll(db, sql: "SELECT id, first_key_id, last_key_id FROM import_batches ORDER BY id")
                .map { [$0[0] as Int64?, $0[1] as Int64?, $0[2] as Int64?] }
            #expect(ranges == [[1, 1, 4], [2, 5, 6], [3, nil, nil]])
            #expect(try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM sqlite_schema WHERE name = 'card_keys_by_batch'") == false)
        }
    }

    @Test("imports record their id range; batch lists and voiding use it")
    func importsRecordRanges() throws {
        let t = try TestStore()
        try t.addProduct()
        let a = try t.importKeys(["R-1", "R-2", "R-1", "R-3"])
        let b = try t.importKeys(["R-2", "R-4"])
        let none = try t.importKeys(["R-4"])
        let ranges = try t.store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT first_key_id, last_key_id FROM import_batches ORDER BY id").map { [$0[0] as Int64?, $0[1] as Int64?] }
        }
        // Ids follow the file: a duplicate leaves a gap (3 inside the first range, 5 before the second).
        #expect(ranges == [[1, 4], [6, 6], [nil, nil]])
        let listed = try t.store.batches()
        #expect(listed.first { $0.batch.id == a.batch }?.available == 3)
        #expect(listed.first { $0.batch.id == b.batch }?.available == 1)
        #expect(listed.first { $0.batch.id == none.batch }?.available == 0)
        let (code, now) = try t.stepUp(t.admin)
        #expect(try t.store.voidBatch(id: b.batch!, by: t.admin, stepUp: code, now: now) == 1)
        #expect(try t.store.batches().first { $0.batch.id == a.batch }?.available == 3)
    }
}
