import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// The import service end to end: a real file, the real parser, a real SQLite store in a temp dir.
@Suite("File import through the store")
struct FileImportTests {
    /// The samples, shared with the parser's tests (../KamengImportTests/Fixtures, copies of shared/samples).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("KamengImportTests/Fixtures")

    /// One row of shared/samples/README.md.
    struct Expected: Sendable, CustomStringConvertible {
        var file: String, accepted: Int, duplicateInFile: Int, skipped: Int, rejected: Int
        var description: String { file }
    }

    static let samples: [Expected] = [
        Expected(file: "qq-coins-100.txt", accepted: 40, duplicateInFile: 0, skipped: 0, rejected: 0),
        Expected(file: "steam-wallet.csv", accepted: 30, duplicateInFile: 0, skipped: 0, rejected: 0),
        Expected(file: "mobile-topup-gbk.txt", accepted: 25, duplicateInFile: 0, skipped: 0, rejected: 0),
        Expected(file: "office-keys-messy.txt", accepted: 20, duplicateInFile: 1, skipped: 2, rejected: 1),
    ]

    func setup() throws -> TestStore {
        let t = try TestStore()
        try t.addProduct()
        return t
    }

    func run(_ t: TestStore, _ file: URL, dryRun: Bool = false, force: Bool = false) throws -> ImportOutcome {
        try t.store.importFile(FileImportRequest(file: file, productSKU: "QQ-100", dryRun: dryRun, force: force), by: t.admin)
    }

    func count(_ t: TestStore, _ sql: String) throws -> Int {
        try t.store.pool.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    /// Writes `text` (or raw bytes) to a file in the store's temp dir.
    func write(_ t: TestStore, _ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = URL(fileURLWithPath: t.root).appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    @Test("a reimported key is a duplicate of the store whatever shape it arrives in: the digest is of the secret alone")
    func duplicateAcrossShapes() throws {
        let t = try setup()
        let keys = (1...6).map { "XSHAPE-\($0)-Q7T2-\($0 * 31)" }
        let first = try write(t, "first.txt", Array(keys.enumerated().map { "\(9_000 + $0.offset)----\($0.element)" }.joined(separator: "\n").utf8))
        #expect(try run(t, first).accepted == 6)
        let shapes: [(String, String)] = [
            ("acg.txt", keys.map { "\($0)║地区:美区·时长:12个月║0║25" }.joined(separator: "\n")),
            ("labelled.txt", keys.map { "卡號：77 密碼：\($0) 额度:0" }.joined(separator: "\n")),
            ("dujiao.csv", "id,product_id,secret,status,created_at\n" + keys.enumerated().map { "\($0.offset),3,\($0.element),1,2025-01-01" }.joined(separator: "\n")),
            ("games.keys", keys.map { "Some Game\t\($0)" }.joined(separator: "\n")),
        ]
        for (name, text) in shapes {
            let again = try run(t, try write(t, name, Array(text.utf8)), dryRun: true)
            #expect(again.duplicateInStore == 6 && again.accepted == 0, "\(name): \(again)")
        }
    }

    @Test("each sample into an empty store gives the README's counts", arguments: samples)
    func sampleCounts(_ e: Expected) throws {
        let t = try setup()
        let o = try run(t, Self.fixtures.appendingPathComponent(e.file))
        #expect(o.accepted == e.accepted)
        #expect(o.duplicateInFile == e.duplicateInFile)
        #expect(o.duplicateInStore == 0)
        #expect(o.skipped == e.skipped)
        #expect(o.rejected.count == e.rejected)
        #expect(o.batch != nil && !o.dryRun)
        #expect(try count(t, "SELECT count(*) FROM card_keys") == e.accepted)
        let batch = try #require(try t.store.batches().first)
        #expect(batch.batch.accepted == e.accepted && batch.available == e.accepted)
        #expect(batch.batch.duplicateInFile == e.duplicateInFile && batch.batch.skipped == e.skipped && batch.batch.rejected == e.rejected)
        #expect(try t.store.integrityCheck() == "ok")
    }

    @Test("the messy sample reports the repeat with both lines and the BEL line by number and reason")
    func messyDetails() throws {
        let t = try setup()
        let o = try run(t, Self.fixtures.appendingPathComponent("office-keys-messy.txt"))
        let dup = try #require(o.duplicates.first)
        #expect(o.duplicates.count == 1 && !dup.inStore && dup.firstLine != nil && dup.firstLine! < dup.line)
        #expect(o.rejected.map(\.reason) == ["control character in secret"])
    }

    @Test("a second import is refused without force; with force it gives 0 accepted, all duplicateInStore", arguments: samples)
    func reimport(_ e: Expected) throws {
        let t = try setup()
        let file = Self.fixtures.appendingPathComponent(e.file)
        let first = try run(t, file)
        do {
            _ = try run(t, file)
            Issue.record("re-import without force did not throw")
        } catch let error as StoreError {
            #expect(error == .alreadyImported(file: e.file, batches: [first.batch!]))
        }
        #expect(try count(t, "SELECT count(*) FROM import_batches") == 1)
        let again = try run(t, file, force: true)
        #expect(again.accepted == 0)
        // Every key line of the file is now in the store, the in-file repeat included.
        #expect(again.duplicateInStore == e.accepted + e.duplicateInFile)
        #expect(again.duplicateInFile == 0)
        let allInStore = again.duplicates.allSatisfy { $0.inStore }
        #expect(allInStore && again.duplicates.count == again.duplicateInStore)
        #expect(again.skipped == e.skipped && again.rejected.count == e.rejected)
        #expect(try count(t, "SELECT count(*) FROM card_keys") == e.accepted)
    }

    @Test("a dry run writes nothing and gives the counts of the real run", arguments: samples)
    func dryRun(_ e: Expected) throws {
        let t = try setup()
        let file = Self.fixtures.appendingPathComponent(e.file)
        let keysBefore = try count(t, "SELECT count(*) FROM card_keys")
        let auditBefore = try count(t, "SELECT count(*) FROM audit_log")
        let dry = try run(t, file, dryRun: true)
        #expect(dry.dryRun && dry.batch == nil)
        #expect(try count(t, "SELECT count(*) FROM card_keys") == keysBefore)
        #expect(try count(t, "SELECT count(*) FROM import_batches") == 0)
        #expect(try count(t, "SELECT count(*) FROM audit_log") == auditBefore)
        let real = try run(t, file)
        var comparable = real
        comparable.batch = nil
        comparable.dryRun = true
        #expect(dry == comparable)
        // After the real run, a dry run (no force needed: it writes nothing) sees everything in the store.
        let dryAgain = try run(t, file, dryRun: true)
        #expect(dryAgain.accepted == 0 && dryAgain.duplicateInStore == e.accepted + e.duplicateInFile)
        #expect(try count(t, "SELECT count(*) FROM import_batches") == 1)
    }

    @Test("a refused file (PNG bytes) throws importRefused and writes nothing")
    func refusedPicture() throws {
        let t = try setup()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array("IHDR".utf8) + [UInt8](repeating: 7, count: 64)
        let file = try write(t, "keys.txt", png)
        let auditBefore = try count(t, "SELECT count(*) FROM audit_log")
        #expect {
            try run(t, file)
        } throws: { error in
            guard case let .importRefused(file, refusal)? = error as? StoreError else { return false }
            return file == "keys.txt" && refusal.message.contains("PNG image") && refusal.chineseMessage.contains("PNG 图片")
        }
        #expect(try count(t, "SELECT count(*) FROM card_keys") == 0)
        #expect(try count(t, "SELECT count(*) FROM import_batches") == 0)
        #expect(try count(t, "SELECT count(*) FROM audit_log") == auditBefore)
    }

    /// A reference cell the escaping callbacks share (the import runs synchronously on this thread).
    final class Flag { var value = false; var records = 0; var polls = 0 }

    @Test("cancelling after some records writes nothing")
    func cancellation() throws {
        let t = try setup()
        // ~1.3 MB: several 256 KiB parser chunks, thousands of keys before the cancel lands.
        let text = (0..<40_000).map { "\(100_000_000_000 + $0)----CANCEL\($0)SECRET" }.joined(separator: "\n")
        let file = try write(t, "big.txt", Array(text.utf8))
        let flag = Flag()
        #expect(throws: StoreError.importCancelled(file: "big.txt")) {
            try t.store.importFile(FileImportRequest(file: file, productSKU: "QQ-100"), by: t.admin,
                                   progress: { flag.records = $0.records; if $0.records > 5_000 { flag.value = true } },
                                   isCancelled: { flag.polls += 1; return flag.value })
        }
        #expect(flag.records > 5_000 && flag.records < 40_000, "cancelled mid-file, after \(flag.records) records")
        #expect(try count(t, "SELECT count(*) FROM card_keys") == 0)
        #expect(try count(t, "SELECT count(*) FROM import_batches") == 0)
        #expect(try count(t, "SELECT count(*) FROM audit_log WHERE action = 'batch.import'") == 0)
        // Nothing was recorded, so the same file imports normally afterwards (no re-import warning).
        #expect(try run(t, file).accepted == 40_000)
        // The import turns foreign keys off for its own transaction only, cancelled or not.
        #expect(try t.store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1)
    }

    @Test("voiding a batch withdraws only its unsold keys, audited")
    func voidBatch() throws {
        let t = try setup()
        let product = try t.store.product(sku: "QQ-100")
        let station = try t.addSubstation()
        let o = try run(t, Self.fixtures.appendingPathComponent("qq-coins-100.txt"))
        let batch = try #require(o.batch)
        let other = try t.importKeys(["OTHER-BATCH-1", "OTHER-BATCH-2"])   // another batch of the same product
        let orderId = try t.store.createOrder(t.order("V1", product: product, station: station, quantity: 3))
        guard case let .delivered(sold) = try t.store.payAndDeliver(orderId: orderId, amount: Money(fen: 29_700), method: .alipay, txn: "TV1") else {
            Issue.record("order not delivered"); return
        }
        let soldInBatch = try count(t, "SELECT count(*) FROM card_keys WHERE batch_id = \(batch) AND status = 'sold'")
        #expect(sold.count == 3)
        // Each batch's available count is its own: the sale came out of one batch, not the other of the same product.
        let listed = Dictionary(uniqueKeysWithValues: try t.store.batches().map { ($0.batch.id, $0.available) })
        #expect(listed[batch] == 40 - soldInBatch && listed[other.batch!] == 2 - (3 - soldInBatch), "\(listed)")
        let (code, now) = try t.stepUp(t.admin)
        let voided = try t.store.voidBatch(id: batch, by: t.admin, stepUp: code, now: now)
        #expect(voided == 40 - soldInBatch)
        #expect(try count(t, "SELECT count(*) FROM card_keys WHERE batch_id = \(batch) AND status = 'void'") == voided)
        #expect(try count(t, "SELECT count(*) FROM card_keys WHERE batch_id = \(batch) AND status = 'sold'") == soldInBatch)
        #expect(try count(t, "SELECT count(*) FROM card_keys WHERE batch_id = \(other.batch!) AND status = 'void'") == 0)
        #expect(try t.store.deliveredKeyIds(orderId: orderId) == sold, "sold keys stay with their order")
        let row = try #require(try t.store.batches().first { $0.batch.id == batch })
        #expect(row.batch.status == .voided && row.available == 0)
        let audit = try t.store.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT actor, detail FROM audit_log WHERE action = 'batch.void' AND target = ?", arguments: ["batch:\(batch)"])
        }
        #expect(audit?["actor"] == "alice")
        #expect((audit?["detail"] as String?)?.hasPrefix("\(voided) ") == true)
        #expect(try t.store.verifyAudit() == .intact(rows: try count(t, "SELECT count(*) FROM audit_log")))
        let (again0, later) = try t.stepUp(t.admin)
        #expect(throws: StoreError.self) { try t.store.voidBatch(id: batch, by: t.admin, stepUp: again0, now: later) }
        // A voided batch's file may be imported again without force: its keys are still in the store, so none is accepted.
        let again = try run(t, Self.fixtures.appendingPathComponent("qq-coins-100.txt"))
        #expect(again.accepted == 0 && again.duplicateInStore == 40)
    }

    @Test("sweeps of digests in digest order give the counts and line pairs of file order, and ids in file order",
          arguments: [13, 64 * 7, ImportSink.defaultSweepSize])
    func chunkBoundaries(sweepSize: Int) throws {
        let t = try setup()
        _ = try t.importKeys(["IN-STORE-3", "IN-STORE-9"])
        // 2,000 lines: every 7th repeats the line 50 before it (often in another sweep), two are already in the store;
        // whole groups of 64 claims and a short last one.
        var secrets = (0..<2_000).map { "CHUNK-\($0)" }
        for k in stride(from: 50, to: 2_000, by: 7) { secrets[k] = secrets[k - 50] }
        secrets[100] = "IN-STORE-3"
        secrets[400] = "IN-STORE-9"
        var firstLine: [String: Int] = [:], expected: [DuplicateLine] = []
        for (k, s) in secrets.enumerated() {
            if s.hasPrefix("IN-STORE") { expected.append(DuplicateLine(line: k + 1, firstLine: nil, inStore: true)) }
            else if let first = firstLine[s] { expected.append(DuplicateLine(line: k + 1, firstLine: first, inStore: false)) }
            else { firstLine[s] = k + 1 }
        }
        let o = try t.store.importBatch(productSKU: "QQ-100", source: ImportSource(fileName: "chunks.txt", contentDigest: "c"), by: t.admin) { sink in
            sink.sweepSize = sweepSize
            for (k, s) in secrets.enumerated() { try sink.add(CardKeyPlaintext(number: nil, secret: s, sourceLine: k + 1)) }
        }
        #expect(o.duplicates == expected)
        #expect(o.accepted == firstLine.count && o.duplicateInStore == 2 && o.duplicateInFile == expected.count - 2)
        let lines = try t.store.pool.read { db in
            try Int.fetchAll(db, sql: "SELECT source_line FROM card_keys WHERE batch_id = ? ORDER BY id", arguments: [o.batch!])
        }
        #expect(lines == lines.sorted() && lines.count == o.accepted, "delivery takes keys by id: ids must follow the file")
    }

    @Test("no U+FFFD reaches the store: samples and a GBK file with undecodable bytes")
    func noReplacementCharacter() throws {
        let t = try setup()
        for e in Self.samples { _ = try run(t, Self.fixtures.appendingPathComponent(e.file)) }
        // GBK: 卡号 (BF A8 BA C5) and 密码 (C3 DC C2 EB) labels, a GBK note, and one line with bytes no GB18030 decodes.
        let kahao: [UInt8] = [0xBF, 0xA8, 0xBA, 0xC5], mima: [UInt8] = [0xC3, 0xDC, 0xC2, 0xEB], mianzhi: [UInt8] = [0xC3, 0xE6, 0xD6, 0xB5]
        var bytes: [UInt8] = []
        for i in 0..<5 {
            bytes += kahao + Array(":9000\(i) ".utf8) + mima + Array(":GBK-OK-\(i) ".utf8) + mianzhi + Array(":50\r\n".utf8)
        }
        bytes += kahao + Array(":90009 ".utf8) + mima + Array(":BAD".utf8) + [0xFF, 0x80, 0xFE] + Array("X\r\n".utf8)
        let o = try run(t, try write(t, "gbk-bad.txt", bytes))
        #expect(o.accepted == 5)
        #expect(o.rejected == [LineProblem(line: 6, reason: "undecodable bytes")])
        // UTF-8 that an earlier conversion already damaged: the U+FFFD line is rejected, not stored.
        let damaged = try run(t, try write(t, "damaged.txt", Array("90010----UTF8-OK\n90011----BAD\u{FFFD}X\n".utf8)))
        #expect(damaged.accepted == 1 && damaged.rejected.map(\.line) == [2])
        let ids = try t.store.pool.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM card_keys") }
        #expect(ids.count == 40 + 30 + 25 + 20 + 5 + 1)
        var secrets: Set<String> = []
        for id in ids {
            let key = try t.store.openSecret(keyId: id)
            #expect(!key.secret.unicodeScalars.contains("\u{FFFD}") && !(key.number ?? "").unicodeScalars.contains("\u{FFFD}"))
            secrets.insert(key.secret)
        }
        #expect(secrets.count == ids.count)
        #expect(secrets.contains("GBK-OK-3") && secrets.contains("CF54ERF5DHQD3DQC"))
        let hints = try t.store.pool.read { db in try String.fetchAll(db, sql: "SELECT number_hint FROM card_keys WHERE number_hint IS NOT NULL") }
        #expect(hints.allSatisfy { !$0.unicodeScalars.contains("\u{FFFD}") })
    }
}
