import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// Migration "v6 digest table": `card_key_digests` holds each key's digest once and refuses a second.
@Suite("Schema v6: the digest table")
struct DigestTableTests {
    /// Every key has its digest row, every digest row names its key with the key's own digest, none is shared.
    static func expectOneDigestPerKey(_ db: Database) throws {
        #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys") == Int.fetchOne(db, sql: "SELECT count(*) FROM card_key_digests"))
        #expect(try Int.fetchOne(db, sql: """
            SELECT count(*) FROM card_keys AS k JOIN card_key_digests AS d ON d.key_id = k.id AND d.digest = k.digest
            """) == Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys"))
        #expect(try Int.fetchOne(db, sql: "SELECT count(DISTINCT digest) FROM card_keys") == Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys"))
    }

    @Test("a v5 database migrates: every key's digest moves to the table, the unique index goes, a repeat is refused")
    func fromV5() throws {
        let dir = NSTemporaryDirectory() + "kameng-v6-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let queue = try DatabaseQueue(path: dir + "/v5.sqlite")
        try Schema.migrator.migrate(queue, upTo: "v5 stock alerts")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO products (id, sku, name, category, face_value_fen, cost_fen, price_retail_fen, price_vip_fen, price_agent_fen, created_at)
                VALUES (1, 'P', 'p', 'game_card', 1, 1, 1, 1, 1, 'now');
                INSERT INTO import_batches (id, product_id, file_name, content_digest, imported_by, imported_at) VALUES (1, 1, 'a', 'a', 'u', 'now');
                """)
            for id in 1...5 {
                try db.execute(sql: "INSERT INTO card_keys (id, product_id, batch_id, source_line, digest, sealed) VALUES (?, 1, 1, ?, ?, x'00')",
                               arguments: [id, id, Data([UInt8(6 - id), 7])])
            }
        }
        try Schema.migrator.migrate(queue)
        try queue.write { db in
            try Self.expectOneDigestPerKey(db)
            #expect(try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM sqlite_schema WHERE name = 'card_keys_by_digest'") == false)
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO card_key_digests (digest, key_id) VALUES (?, 1)", arguments: [Data([3, 7])])
            }
        }
    }

    @Test("imports across several sweeps leave one digest row per kept key, none for a duplicate")
    func importsKeepTheTable() throws {
        let t = try TestStore()
        try t.addProduct()
        _ = try t.importKeys(["D-1", "D-2", "D-1", "D-3"])
        let o = try t.store.importBatch(productSKU: "QQ-100", source: ImportSource(fileName: "sweeps.txt", contentDigest: "s"), by: t.admin) { sink in
            sink.sweepSize = 3
            for (k, s) in ["D-2", "D-4", "D-5", "D-4", "D-6", "D-7", "D-5", "D-1", "D-8"].enumerated() {
                try sink.add(CardKeyPlaintext(number: nil, secret: s, sourceLine: k + 1))
            }
        }
        #expect(o.accepted == 5 && o.duplicateInStore == 2 && o.duplicateInFile == 2)
        #expect(o.duplicates == [DuplicateLine(line: 1, firstLine: nil, inStore: true), DuplicateLine(line: 4, firstLine: 2, inStore: false),
                                 DuplicateLine(line: 7, firstLine: 3, inStore: false), DuplicateLine(line: 8, firstLine: nil, inStore: true)])
        try t.store.pool.read { db in
            try Self.expectOneDigestPerKey(db)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys") == 8)
        }
    }

    @Test("the demo seeder claims a digest for each of its keys")
    func demoSeeder() throws {
        let t = try TestStore()
        _ = try t.store.seedDemo(size: .tiny, seed: 7, anchor: Date(), by: t.admin)
        try t.store.pool.read { db in
            try Self.expectOneDigestPerKey(db)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM card_key_digests") ?? 0 > 1_000)
        }
    }
}
