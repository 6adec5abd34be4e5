import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// Schema v11 and v13: `card_key_counts`, `product_daily_sales` and `import_batches.available_keys` equal, after every kind of write that the
/// store keeps them for (StockCounts.swift), a GROUP BY over the rows they count; `stockLevels` and
/// `dailySales` read them and answer what the GROUP BYs did.
@Suite("Stock counts")
struct StockCountsTests {
    /// Every difference between the kept counts and the same counts grouped from the rows (zero counts
    /// and absent rows are the same thing). Empty when they agree.
    static func mismatches(_ db: Database) throws -> [String] {
        func lines(_ sql: String) throws -> Set<String> {
            Set(try Row.fetchAll(db, sql: sql).map { row in (0..<row.count).map { "\(row[$0] as DatabaseValue)" }.joined(separator: "|") })
        }
        let keptKeys = try lines("SELECT product_id, status, keys FROM card_key_counts WHERE keys <> 0")
        let groupedKeys = try lines("SELECT product_id, status, count(*) FROM card_keys GROUP BY product_id, status")
        let keptSales = try lines("SELECT product_id, day, units FROM product_daily_sales WHERE units <> 0")
        let groupedSales = try lines("""
            SELECT product_id, substr(created_at, 1, 10) AS day, sum(quantity) FROM orders WHERE status = 'delivered' GROUP BY product_id, day
            """)
        let keptBatches = try lines("SELECT id, available_keys FROM import_batches WHERE available_keys <> 0")
        let groupedBatches = try lines("SELECT batch_id, count(*) FROM card_keys WHERE status = 'available' GROUP BY batch_id")
        return keptKeys.symmetricDifference(groupedKeys).sorted().map { "keys \($0) (\(keptKeys.contains($0) ? "kept" : "grouped") only)" }
            + keptBatches.symmetricDifference(groupedBatches).sorted().map { "batch \($0) (\(keptBatches.contains($0) ? "kept" : "grouped") only)" }
            + keptSales.symmetricDifference(groupedSales).sorted().map { "sales \($0) (\(keptSales.contains($0) ? "kept" : "grouped") only)" }
    }

    static func expectAgree(_ store: SQLiteStore, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let found = try store.pool.read { db in try mismatches(db) }
        #expect(found.isEmpty, "after \(step): \(found)", sourceLocation: sourceLocation)
        try expectReadsAgree(store, step, sourceLocation: sourceLocation)
    }

    /// `stockLevels` and `dailySales` against the queries they replaced (over `card_keys` and `orders`).
    static func expectReadsAgree(_ store: SQLiteStore, _ step: String, now: Date = Date(), sourceLocation: SourceLocation = #_sourceLocation) throws {
        let levels = try store.stockLevels(now: now)
        // Without counting the expiring keys: the same kept counts, the expiring ones nil.
        let uncounted = try store.stockLevels(now: now, countingExpiry: false)
        #expect(uncounted.allSatisfy { $0.expiringWithin7Days == nil }, "\(step)", sourceLocation: sourceLocation)
        #expect(uncounted.map { [$0.available, $0.sold, $0.void] } == levels.map { [$0.available, $0.sold, $0.void] }, "\(step)",
                sourceLocation: sourceLocation)
        let horizon = StoreTime.string(now.addingTimeInterval(7 * 86_400))
        try store.pool.read { db in
            for level in levels {
                func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys WHERE product_id = \(level.product.id!) AND " + sql, arguments: arguments) ?? -1
                }
                let available = try count("status = 'available'"), sold = try count("status = 'sold'"), void = try count("status = 'void'")
                let expiring = try count("status = 'available' AND expires_at IS NOT NULL AND expires_at <= ?", [horizon])
                #expect(level.available == available, "\(step): \(level.product.sku) available", sourceLocation: sourceLocation)
                #expect(level.sold == sold, "\(step): \(level.product.sku) sold", sourceLocation: sourceLocation)
                #expect(level.void == void, "\(step): \(level.product.sku) void", sourceLocation: sourceLocation)
                #expect(level.expiringWithin7Days == expiring, "\(step): \(level.product.sku) expiring", sourceLocation: sourceLocation)
            }
        }
        let calendar = SQLiteStore.utcCalendar
        let days = 14
        let start = calendar.date(byAdding: .day, value: -(days - 1), to: calendar.startOfDay(for: now))!
        var expected: [String: [Int]] = [:]
        try store.pool.read { db in
            for sku in try String.fetchAll(db, sql: "SELECT sku FROM products") { expected[sku] = Array(repeating: 0, count: days) }
            for row in try Row.fetchAll(db, sql: """
                SELECT p.sku, substr(o.created_at, 1, 10) AS day, sum(o.quantity) AS n FROM orders o JOIN products p ON p.id = o.product_id
                WHERE o.status = 'delivered' AND o.created_at >= ? GROUP BY o.product_id, day
                """, arguments: [StoreTime.string(start)]) {
                let index = calendar.dateComponents([.day], from: start, to: SQLiteStore.dayFormatter.date(from: row["day"])!).day!
                if (0..<days).contains(index) { expected[row["sku"] as String]![index] = row["n"] }
            }
        }
        #expect(try store.dailySales(days: days, now: now) == expected, "\(step): daily sales", sourceLocation: sourceLocation)
    }

    @Test("imports, duplicates, sales, short stock, refunds, voids and reusable products keep the counts equal to the rows")
    func everyWritePath() throws {
        let t = try TestStore()
        let product = try t.addProduct()
        let reusable = try t.addProduct(sku: "WIN-11", reusable: true)
        let station = try t.addSubstation()
        try Self.expectAgree(t.store, "products only")

        let first = try t.importKeys((0..<30).map { "COUNT-\($0)-SECRET" })
        // Ten repeats of the first batch (deleted again after they were appended) and a repeat within the file.
        let second = try t.importKeys((20..<45).map { "COUNT-\($0)-SECRET" } + ["COUNT-44-SECRET"])
        #expect(first.accepted == 30 && second.accepted == 15 && second.duplicateInStore == 10 && second.duplicateInFile == 1)
        _ = try t.importKeys(["SHARED-LICENCE"], sku: "WIN-11")
        // Keys that expire: two within the week, one after it.
        let soon = Date().addingTimeInterval(3 * 86_400), later = Date().addingTimeInterval(30 * 86_400)
        _ = try t.store.importKeys([CardKeyPlaintext(number: nil, secret: "EXP-1", expiresAt: soon, sourceLine: 1),
                                    CardKeyPlaintext(number: nil, secret: "EXP-2", expiresAt: soon, sourceLine: 2),
                                    CardKeyPlaintext(number: nil, secret: "EXP-3", expiresAt: later, sourceLine: 3)],
                                   productSKU: "QQ-100", source: ImportSource(fileName: "exp.txt", contentDigest: "exp"), by: t.admin)
        try Self.expectAgree(t.store, "imports")
        #expect(try t.store.stockLevels().first { $0.product.sku == "QQ-100" }?.expiringWithin7Days == 2)

        var delivered: [Int64] = []
        for (n, quantity) in [1, 3, 2, 1].enumerated() {
            let id = try t.store.createOrder(t.order("C\(n)", product: product, station: station, quantity: quantity))
            guard case .delivered = try t.store.payAndDeliver(orderId: id, amount: Money(fen: 9_900) * quantity, method: .alipay, txn: "TC\(n)") else {
                Issue.record("order C\(n) not delivered"); return
            }
            delivered.append(id)
        }
        for n in 0..<2 {
            let id = try t.store.createOrder(t.order("R\(n)", product: reusable, station: station, quantity: 2))
            _ = try t.store.payAndDeliver(orderId: id, amount: Money(fen: 19_800), method: .wechat, txn: "TR\(n)")
        }
        let short = try t.store.createOrder(t.order("SHORT", product: product, station: station, quantity: 500))
        #expect(try t.store.payAndDeliver(orderId: short, amount: Money(fen: 9_900) * 500, method: .alipay, txn: "TS") == .awaitingStock(available: 41))
        try Self.expectAgree(t.store, "sales")

        let (refundCode, refundAt) = try t.stepUp(t.admin)
        try t.store.refund(orderId: delivered[1], by: t.admin, stepUp: refundCode, now: refundAt)
        try Self.expectAgree(t.store, "a refund of a delivered order")

        let (voidCode, voidAt) = try t.stepUp(t.admin)
        let voided = try t.store.voidBatch(id: first.batch!, by: t.admin, stepUp: voidCode, now: voidAt)
        #expect(voided == 30 - 7)
        try Self.expectAgree(t.store, "a void")
        let listed = Dictionary(uniqueKeysWithValues: try t.store.batches().map { ($0.batch.id, $0.available) })
        #expect(listed[first.batch!] == 0 && listed[second.batch!] == 15)

        // Restock: the order waiting for stock is delivered by hand (补单).
        _ = try t.importKeys((0..<500).map { "RESTOCK-\($0)" })
        guard case .delivered = try t.store.deliverManually(orderId: short, by: t.admin) else { Issue.record("restocked order not delivered"); return }
        try Self.expectAgree(t.store, "a manual delivery after restock")
    }

    @Test("a file import (pipelined, with repeats in the file and in the store) keeps the counts")
    func fileImport() throws {
        let t = try TestStore()
        try t.addProduct()
        _ = try t.importKeys(["LINE-3-SECRET", "LINE-7-SECRET"])
        let file = URL(fileURLWithPath: t.root + "/keys.txt")
        try Data(((1...200).map { "LINE-\($0)-SECRET" } + ["LINE-9-SECRET"]).joined(separator: "\n").utf8).write(to: file)
        let outcome = try t.store.importFile(FileImportRequest(file: file, productSKU: "QQ-100"), by: t.admin)
        #expect(outcome.accepted == 198 && outcome.duplicateInStore == 2 && outcome.duplicateInFile == 1)
        _ = try t.store.importFile(FileImportRequest(file: file, productSKU: "QQ-100", dryRun: true), by: t.admin)
        try Self.expectAgree(t.store, "a file import and a dry run")
    }

    @Test("signed intake, grouped and line by line, keeps the counts (deliveries, short stock, repeats)")
    func intake() throws {
        let f = try IntakeFixture(keys: 12)
        var lines: [String] = []
        for n in 0..<10 {
            lines.append(f.line(f.order("I\(n)", quantity: 1 + n % 2, ip: "10.1.\(n).1", at: Double(n)), from: n % 2 == 0 ? "sh-a" : "sh-b"))
            lines.append(f.line(f.payment("I\(n)", amount: 9_900 * Int64(1 + n % 2), at: Double(n) + 0.5), from: n % 2 == 0 ? "sh-a" : "sh-b"))
        }
        try f.ingest(lines)
        try Self.expectAgree(f.store, "grouped intake")
        try f.t.importKeys((0..<10).map { "MORE-\($0)" })
        try f.ingest(lines, groupLines: 1)   // the same lines again, one per group: repeats, nothing more delivered
        var more: [String] = []
        for n in 10..<14 {
            more.append(f.line(f.order("I\(n)", ip: "10.2.\(n).1", at: Double(n))))
            more.append(f.line(f.payment("I\(n)", at: Double(n) + 0.5)))
        }
        try f.ingest(more, groupLines: 1)
        try Self.expectAgree(f.store, "line-by-line intake")
        let delivered = try f.count("SELECT count(*) FROM orders WHERE status = 'delivered'")
        let awaiting = try f.count("SELECT count(*) FROM orders WHERE status = 'awaiting_stock'")
        #expect(delivered > 10 && awaiting > 0, "delivered \(delivered), awaiting stock \(awaiting)")
    }

    @Test("the demo seeder's keys and delivered orders are counted")
    func demo() throws {
        let t = try TestStore()
        let anchor = Date()
        _ = try t.store.seedDemo(size: .tiny, seed: 7, anchor: anchor, by: t.admin)
        try Self.expectAgree(t.store, "the demo")
        try Self.expectReadsAgree(t.store, "the demo at its anchor", now: anchor)
    }

    @Test("4 delivery processes, an import and a void at once: the counts still equal the rows")
    func concurrentWriters() throws {
        let t = try TestStore()
        let product = try t.addProduct()
        let station = try t.addSubstation()
        let firstBatch = try t.importKeys((0..<300).map { "CC-\($0)-SECRET" })
        let orders = 300
        var rng = SeededRandom(seed: 11)
        let quantities = (0..<orders).map { _ in 1 + rng.below(3) }
        try t.store.createOrders(quantities.enumerated().map { t.order("CC\($0.offset)", product: product, station: station, quantity: $0.element) })
        let workerPath = MultiProcessDeliveryTests.workerPath
        #expect(FileManager.default.isExecutableFile(atPath: workerPath), "kameng-bench not built at \(workerPath)")
        let workers = (0..<4).map { n -> (Process, Pipe) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: workerPath)
            process.arguments = ["delivery-worker", "--db", t.databasePath, "--key-file", t.keyFilePath,
                                 "--orders", String(orders), "--seed", String(n + 21), "--group", n % 2 == 0 ? "1" : "7"]
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            return (process, err)
        }
        for (process, _) in workers { try process.run() }
        // While they deliver: more stock in small batches, and the first batch withdrawn part-way.
        for b in 0..<6 {
            _ = try t.importKeys((0..<40).map { "CC-\(b)-MORE-\($0)" })
            if b == 2 {
                let (code, now) = try t.stepUp(t.admin)
                try t.store.voidBatch(id: firstBatch.batch!, by: t.admin, stepUp: code, now: now)
            }
        }
        for (process, err) in workers {
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "worker failed: \(errors)")
        }
        try Self.expectAgree(t.store, "concurrent writers")
        #expect(try t.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys WHERE status = 'sold'") ?? 0 } > 0)
        #expect(try t.store.integrityCheck() == "ok")
    }

    /// The files whose SQL writes `card_keys` or moves an order into or out of `delivered`, each
    /// reviewed for keeping the counts (StockCounts.swift lists where). A new one fails here until it
    /// keeps them too and is added.
    static let reviewedWriters: Set<String> = [
        "KamengSQLite/Demo/DemoKeys.swift",                      // counted in seedKeys
        "KamengSQLite/Intake/IntakeStatements.swift",            // counted in IntakeGroup.flush and DeliveryStatements
        "KamengSQLite/Operations/Batches.swift",                 // counted in voidBatch
        "KamengSQLite/Operations/DeliveryStatements.swift",      // counted in takeKeys and markDelivered
        "KamengSQLite/Operations/KeyInsertStatements.swift",     // counted in importBatch (accepted keys)
        "KamengSQLite/Operations/OrderActions.swift",            // counted in markRefunded
        "KamengSQLite/Security/VaultUpgrades.swift",             // re-seals in place: status and product unchanged
        "KamengSQLite/Operations/Orders.swift",                  // counted in insertOrder
        "kameng-bench/RawDeliveryLoop.swift",                    // the raw SQLite baseline, on its own scratch file
    ]

    @Test("every file whose SQL writes keys or delivers or refunds orders is one reviewed for keeping the counts")
    func writersAreReviewed() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let writes = try NSRegularExpression(pattern: """
            (UPDATE\\s+card_keys\\s+SET|INSERT\\s+(OR\\s+\\w+\\s+)?INTO\\s+card_keys\\s|DELETE\\s+FROM\\s+card_keys\\s|\
            INSERT\\s+(OR\\s+\\w+\\s+)?INTO\\s+orders\\s|UPDATE\\s+orders\\s+SET\\s+status\\s*=\\s*'(delivered|refunded)')
            """, options: [.caseInsensitive])
        var found: Set<String> = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            if writes.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                found.insert(String(file.path.dropFirst(sources.path.count + 1)))
            }
        }
        #expect(found == Self.reviewedWriters, "new: \(found.subtracting(Self.reviewedWriters).sorted()), gone: \(Self.reviewedWriters.subtracting(found).sorted())")
    }

    // MARK: Migration

    static func v10Database(_ path: String) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v10 order time indexes")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO products (id, sku, name, category, face_value_fen, cost_fen, price_retail_fen, price_vip_fen, price_agent_fen, created_at)
                VALUES (1, 'P', 'p', 'game_card', 1, 1, 1, 1, 1, '2026-11-01 00:00:00.000'),
                       (2, 'Q', 'q', 'game_card', 1, 1, 1, 1, 1, '2026-11-01 00:00:00.000'),
                       (3, 'EMPTY', 'e', 'software', 1, 1, 1, 1, 1, '2026-11-01 00:00:00.000');
                INSERT INTO substations (id, code, name, domain, commission_bp, api_secret_sealed, created_at)
                VALUES (1, 'sh-a', 'A', 'a.example', 0, x'00', '2026-11-01 00:00:00.000');
                INSERT INTO import_batches (id, product_id, file_name, content_digest, imported_by, imported_at, first_key_id, last_key_id) VALUES
                    (1, 1, 'a.txt', 'd1', 'u', '2026-11-01 00:00:00.000', 1, 4),
                    (2, 2, 'b.txt', 'd2', 'u', '2026-11-02 00:00:00.000', 5, 7);
                INSERT INTO orders (id, order_no, substation_id, buyer, ip, device, product_id, quantity, amount_fen, status,
                                    created_at, paid_at, delivered_at, updated_at) VALUES
                    (1, 'N-1', 1, 'b', 'i', 'd', 1, 2, 2, 'delivered', '2026-11-20 23:59:59.999', 'x', 'x', 'x'),
                    (2, 'N-2', 1, 'b', 'i', 'd', 1, 1, 1, 'delivered', '2026-11-21 00:00:00.000', 'x', 'x', 'x'),
                    (3, 'N-3', 1, 'b', 'i', 'd', 2, 1, 1, 'refunded', '2026-11-21 01:00:00.000', 'x', 'x', 'x'),
                    (4, 'N-4', 1, 'b', 'i', 'd', 2, 1, 1, 'delivered', '2026-11-21 02:00:00.000', 'x', 'x', 'x'),
                    (5, 'N-5', 1, 'b', 'i', 'd', 2, 3, 3, 'pending', '2026-11-21 03:00:00.000', NULL, NULL, 'x');
                INSERT INTO card_keys (id, product_id, batch_id, source_line, digest, sealed, expires_at, status, order_id) VALUES
                    (1, 1, 1, 1, x'01', x'00', NULL, 'sold', 1),
                    (2, 1, 1, 2, x'02', x'00', NULL, 'sold', 1),
                    (3, 1, 1, 3, x'03', x'00', NULL, 'sold', 2),
                    (4, 1, 1, 4, x'04', x'00', '2026-11-25 00:00:00.000', 'available', NULL),
                    (5, 2, 2, 1, x'05', x'00', NULL, 'sold', 3),
                    (6, 2, 2, 2, x'06', x'00', '2026-11-22 00:00:00.000', 'void', NULL),
                    (7, 2, 2, 3, x'07', x'00', NULL, 'sold', 4);
                UPDATE import_batches SET status = 'voided' WHERE id = 2;
                """)
        }
        return queue
    }

    @Test("v11 on a v10 database with keys and orders: counts filled from the rows, expiry index replaced")
    func migrationFromV10() throws {
        let dir = try IntakeWritesMigrationTests.scratch("kameng-v11-")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let queue = try Self.v10Database(dir + "/v10.sqlite")
        try queue.close()
        #expect(SQLiteEngine.pendingUpgrades(at: dir + "/v10.sqlite") == ["v11 stock counts", "v12 order number tails", "v13 batch counts and held queue",
                                                                          "v14 service owner", "v15 staff ssh keys", "v16 power row seals",
                                                                          "v17 card key seal v2", "v18 keyed content digest", "v19 demo marker", "v20 substation API", "v21 ledger"])
        let migrated = try DatabaseQueue(path: dir + "/v10.sqlite")
        try Schema.migrator.migrate(migrated)
        try migrated.read { db in
            let found = try Self.mismatches(db)
            #expect(found.isEmpty, "\(found)")
            #expect(try Row.fetchAll(db, sql: "SELECT product_id, status, keys FROM card_key_counts ORDER BY 1, 2").map { "\($0[0] as Int64),\($0[1] as String),\($0[2] as Int)" }
                    == ["1,available,1", "1,sold,3", "2,sold,2", "2,void,1"])
            #expect(try Row.fetchAll(db, sql: "SELECT id, available_keys FROM import_batches ORDER BY id").map { "\($0[0] as Int64),\($0[1] as Int)" }
                    == ["1,1", "2,0"])
            #expect(try Row.fetchAll(db, sql: "SELECT product_id, day, units FROM product_daily_sales ORDER BY 1, 2").map { "\($0[0] as Int64),\($0[1] as String),\($0[2] as Int)" }
                    == ["1,2026-11-20,2", "1,2026-11-21,1", "2,2026-11-21,1"])
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'card_keys'")
            #expect(indexes.contains("card_keys_available_by_expiry") && !indexes.contains("card_keys_by_expiry"))
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
        }
        try migrated.close()
        #expect(SQLiteEngine.pendingUpgrades(at: dir + "/v10.sqlite").isEmpty)
    }
}
