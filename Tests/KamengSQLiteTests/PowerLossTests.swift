import CPowerLossVFS
import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// Power loss and failing storage, through the test VFS "powerloss" (Tests/CPowerLossVFS): SQLite's
/// unix VFS underneath, every write and sync recorded, registered by name and selected by URI, never
/// the default. Serialized: the VFS's cut counter and injected failures are one state for the process.
@Suite("Power loss and storage failures", .serialized)
struct PowerLossTests {
    static let vfs = "powerloss"

    /// Every `synchronous` level the store's writes run at: FULL for every connection that writes,
    /// intake groups included (Docs/Decisions.md). A level added to the code is added here.
    static let synchronousLevels = ["FULL"]

    /// A store to copy for each cut: stock for intake, a product with paid orders waiting for stock
    /// (delivered once the cut's import has filled it), the intake lines signed once.
    final class Template {
        let f: IntakeFixture
        let file: String
        let awaiting: [Int64]
        /// Two intake runs: each line's order number and whether it is the order (true) or its payment.
        let runs: [[(line: String, orderNo: String, isOrder: Bool)]]

        init() throws {
            f = try IntakeFixture(keys: 120)
            try f.t.addProduct(sku: "PL-2", threshold: 0)
            var waiting: [String] = []
            for i in 0..<8 {
                waiting.append(f.line(f.order("W\(i)", ip: "10.8.0.\(i)", sku: "PL-2", at: Double(i) * 60)))
                waiting.append(f.line(f.payment("W\(i)", at: Double(i) * 60 + 1)))
            }
            try f.ingest(waiting)
            awaiting = try f.store.pool.read { db in
                try Int64.fetchAll(db, sql: "SELECT id FROM orders WHERE status = 'awaiting_stock' ORDER BY id")
            }
            var runs: [[(String, String, Bool)]] = []
            for (prefix, count, base) in [("P", 15, 1_000.0), ("Q", 10, 5_000.0)] {
                var run: [(String, String, Bool)] = []
                for i in 0..<count {
                    let no = "\(prefix)\(i)", at = base + Double(i) * 60
                    run.append((f.line(f.order(no, ip: "10.7.\(prefix == "P" ? 1 : 2).\(i)", at: at)), no, true))
                    run.append((f.line(f.payment(no, at: at + 1)), no, false))
                }
                runs.append(run)
            }
            self.runs = runs
            try f.store.checkpoint()
            file = f.t.databasePath
        }

        /// A copy of the database (its WAL is empty after the checkpoint) in a directory of its own.
        func copy(to directory: String) throws -> String {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = directory + "/kameng.sqlite"
            try FileManager.default.copyItem(atPath: file, toPath: path)
            return path
        }
    }

    /// What the workload was told was done, before the power went.
    struct Reported {
        var orders: Set<String> = []
        var deliveredByIntake: Set<String> = []
        var batches: [(id: Int64, accepted: Int)] = []
        var deliveries: [(orderId: Int64, keys: [Int64])] = []
        var checkpoints = 0
    }

    /// Intake groups (with WAL restarts), an import, a grouped delivery, a TRUNCATE checkpoint, more
    /// groups. Stops at the first error, as a program would when its machine loses power.
    static func workload(_ store: SQLiteStore, _ template: Template, admin: Staff, into reported: inout Reported) throws {
        for (index, run) in template.runs.enumerated() {
            var options = IntakeOptions(rules: .defaults, source: "power-\(index).jsonl")
            options.groupLines = 6
            var tuning = IntakeTuning()
            tuning.walRestartFrames = 40
            let lines = run
            var seen = Set<String>(), delivered = Set<String>()
            _ = try store.ingest(.bytes(Array(lines.map(\.line).joined(separator: "\n").utf8)), options: options, tuning: tuning,
                                 by: admin) { group in
                for line in group.lines {
                    let entry = lines[line.number - 1]
                    switch line.outcome {
                    case .orderAccepted: seen.insert(entry.orderNo)
                    case .paymentAccepted(.delivered): delivered.insert(entry.orderNo)
                    default: break
                    }
                }
            }
            reported.orders.formUnion(seen)
            reported.deliveredByIntake.formUnion(delivered)
            if index == 0 {
                let keys = (0..<30).map { CardKeyPlaintext(number: nil, secret: "POWER-LOSS-KEY-\($0)-SECRET", sourceLine: $0 + 1) }
                let outcome = try store.importKeys(keys, productSKU: "PL-2", source: ImportSource(fileName: "pl.txt", contentDigest: "pl"), by: admin)
                reported.batches.append((outcome.batch!, outcome.accepted))
                let outcomes = try store.deliver(orderIds: template.awaiting)
                for (id, outcome) in zip(template.awaiting, outcomes) {
                    if case let .delivered(keys) = outcome { reported.deliveries.append((id, keys.sorted())) }
                }
                try store.checkpoint()
                reported.checkpoints += 1
            }
        }
    }

    /// Opened after the cut with SQLite's default VFS: sound, and holding everything reported done.
    static func verify(path: String, keyFile: String, _ reported: Reported) throws -> [String] {
        let store = try SQLiteStore.open(at: path, keyFilePath: keyFile)
        defer { try? store.closeDatabase() }
        var problems: [String] = []
        let integrity = try store.integrityCheck()
        if integrity != "ok" { problems.append("integrity_check: \(integrity)") }
        // The chain against the anchor beside the key file too: the anchor may lag a cut, never lead it.
        switch try store.verifyAudit() {
        case .intact: break
        case let .broken(id, reason): problems.append("audit chain broken at \(id): \(reason)")
        case let .altered(rows): problems.append("rows altered: \(rows)")
        }
        try store.pool.read { db in
            for no in reported.orders.sorted() where try Int.fetchOne(db, sql: "SELECT count(*) FROM orders WHERE order_no = ?", arguments: [no]) != 1 {
                problems.append("reported order \(no) is missing")
            }
            for no in reported.deliveredByIntake.sorted()
            where try String.fetchOne(db, sql: "SELECT status FROM orders WHERE order_no = ?", arguments: [no]) != "delivered" {
                problems.append("order \(no), reported delivered by intake, is not delivered")
            }
            for batch in reported.batches {
                let row = try Row.fetchOne(db, sql: "SELECT accepted, (SELECT count(*) FROM card_keys WHERE batch_id = ?) AS keys FROM import_batches WHERE id = ?",
                                           arguments: [batch.id, batch.id])
                if row == nil || row!["accepted"] as Int != batch.accepted || row!["keys"] as Int != batch.accepted {
                    problems.append("reported batch \(batch.id) (\(batch.accepted) keys) is missing or short")
                }
            }
            for delivery in reported.deliveries {
                let keys = try Int64.fetchAll(db, sql: "SELECT id FROM card_keys WHERE order_id = ? ORDER BY id", arguments: [delivery.orderId])
                let status = try String.fetchOne(db, sql: "SELECT status FROM orders WHERE id = ?", arguments: [delivery.orderId])
                if keys != delivery.keys || status != "delivered" {
                    problems.append("order #\(delivery.orderId), reported delivered with keys \(delivery.keys), has \(keys) and status \(status ?? "none")")
                }
            }
            // No key bound to two orders, and no order bound to keys it did not take: every delivered order
            // of a non-reusable product holds exactly its quantity, and every sold key one order.
            let wrong = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM orders o JOIN products p ON p.id = o.product_id
                WHERE p.reusable = 0 AND (SELECT count(*) FROM card_keys k WHERE k.order_id = o.id) <> (CASE o.status WHEN 'delivered' THEN o.quantity ELSE 0 END)
                """) ?? -1
            if wrong != 0 { problems.append("\(wrong) orders hold a wrong number of keys") }
            let doubled = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM orders GROUP BY substation_id, order_no HAVING count(*) > 1)") ?? -1
            if doubled != 0 { problems.append("\(doubled) orders recorded twice") }
        }
        return problems
    }

    /// Whether the anchor is behind the chain's end (after a run without a cut it must be at it).
    static func anchorLagsChain(path: String, keyFile: String) throws -> Bool {
        let store = try SQLiteStore.open(at: path, keyFilePath: keyFile, readOnly: true)
        defer { try? store.closeDatabase() }
        let last = try store.pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM audit_log") ?? 0 }
        return try AuditAnchorFile.read(path: store.anchorPath!, vault: store.vault)?.id != last
    }

    /// SplitMix64: the cut points come from a printed seed, so a failing run can be repeated.
    struct SeededRandom {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int64) -> Int64 { n <= 0 ? 0 : Int64(next() % UInt64(n)) }
    }

    /// One run on a fresh copy: opened through the VFS, cut after `cutAfter` operations (nil: never),
    /// every connection closed, the cut applied, reopened with the default VFS and checked.
    /// Returns the problems found, the operations the run did and the writes the cut dropped.
    static func cutOnce(_ template: Template, directory: String, cache: Int?, cutAfter: Int64?) throws -> (problems: [String], ops: Int64, dropped: Int64) {
        let path = try template.copy(to: directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The key file and its audit anchor copied too: each cut's copy has an anchor of its own to agree with.
        let keyFile = directory + "/keys/master.key"
        try FileManager.default.createDirectory(atPath: directory + "/keys", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let keys = (template.f.t.keyFilePath as NSString).deletingLastPathComponent
        for name in try FileManager.default.contentsOfDirectory(atPath: keys) where !name.hasSuffix(".lock") {
            try FileManager.default.copyItem(atPath: keys + "/" + name, toPath: directory + "/keys/" + name)
        }
        powerloss_reset()
        var reported = Reported()
        do {
            let store = try SQLiteStore.open(at: path, keyFilePath: keyFile,
                                             connection: ConnectionOptions(vfs: vfs, cachePages: cache))
            let probe = try store.makeDataVersionProbe()
            _ = try probe.version()
            let admin = try store.staff(userName: "alice")
            let level = ["OFF", "NORMAL", "FULL", "EXTRA"][try store.synchronousLevel()]
            if !synchronousLevels.contains(level) { return (["the store writes at synchronous = \(level), which this test does not run"], 0, 0) }
            powerloss_arm(cutAfter ?? -1)
            do {
                try workload(store, template, admin: admin, into: &reported)
            } catch {
                // Only the cut may stop the workload, and the store must say its storage failed.
                if powerloss_dead() == 0 { return (["the workload failed before the cut: \(error)"], powerloss_ops(), 0) }
                if !((error as? StoreError)?.isStorageFailure ?? false) { return (["after the cut the store threw \(error), not storageFailed"], powerloss_ops(), 0) }
                if (try? store.addToBlacklist(.device, value: "after-cut", reason: "x", by: admin)) != nil {
                    return (["the store accepted a write after its storage failed"], powerloss_ops(), 0)
                }
            }
            try store.closeDatabase()
        }
        let ops = powerloss_ops()
        let dropped = powerloss_cut()
        if dropped < 0 { return (["the cut could not restore a file"], ops, dropped) }
        var problems = try verify(path: path, keyFile: keyFile, reported)
        if cutAfter == nil, try anchorLagsChain(path: path, keyFile: keyFile) { problems.append("the anchor did not follow the run's commits") }
        return (problems, ops, dropped)
    }

    @Test("power cut at 200+ random points of intake groups, imports, deliveries and checkpoints: nothing reported done is lost")
    func randomCuts() throws {
        #expect(powerloss_register() == 0)
        let seed = ProcessInfo.processInfo.environment["KAMENG_POWERLOSS_SEED"].flatMap(UInt64.init) ?? 20_261_207
        print("power-loss test: seed \(seed) (set KAMENG_POWERLOSS_SEED to repeat another run)")
        var rng = SeededRandom(state: seed)
        let template = try Template()
        let root = NSTemporaryDirectory() + "kameng-powerloss-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        var cuts = 0, cutsDroppingWrites = 0, failures: [String] = []
        // A 20-page cache makes transactions spill pages into the WAL before COMMIT; the default does not.
        for cache in [20, nil] as [Int?] {
            // The whole run without a cut: the store's own answer, and the number of operations to cut among.
            let full = try Self.cutOnce(template, directory: root + "/full-\(cache ?? 0)", cache: cache, cutAfter: nil)
            let name = cache.map { String($0) } ?? "default"
            #expect(full.problems.isEmpty, "no cut, cache \(name): \(full.problems)")
            #expect(full.ops > 50, "the workload did \(full.ops) I/O operations")
            for i in 0..<110 {
                let point = rng.below(full.ops + 5)
                let result = try Self.cutOnce(template, directory: root + "/cut-\(cache ?? 0)-\(i)", cache: cache, cutAfter: point)
                cuts += 1
                if result.dropped > 0 { cutsDroppingWrites += 1 }
                if !result.problems.isEmpty {
                    failures.append("seed \(seed), cache \(name), cut after operation \(point) of \(full.ops): "
                                    + result.problems.prefix(5).joined(separator: "; "))
                }
            }
        }
        print("power-loss test: \(cuts) cuts, \(cutsDroppingWrites) of them dropped unsynced writes, \(failures.count) lost something")
        #expect(cuts >= 200)
        // Most cuts land while something is written and not yet synced; were none to, the test would prove nothing.
        #expect(cutsDroppingWrites >= cuts / 4, "only \(cutsDroppingWrites) of \(cuts) cuts dropped any write")
        let lost = failures.prefix(10).joined(separator: "\n")
        #expect(failures.isEmpty, "\(failures.count) cuts lost what was reported done:\n\(lost)")
    }

    @Test("each intake group is reported only after SQLite synced the WAL through the VFS")
    func reportedAfterSync() throws {
        let template = try Template()
        let directory = NSTemporaryDirectory() + "kameng-synced-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (store, _) = try Self.failingStore(template, directory)
        let admin = try store.staff(userName: "alice")
        var options = IntakeOptions(rules: .defaults, source: "synced.jsonl")
        options.groupLines = 4
        var syncsAtReport: [Int64] = []
        let lines = template.runs[0].map(\.line)
        let summary = try store.ingest(.bytes(Array(lines.joined(separator: "\n").utf8)), options: options, by: admin) { _ in
            syncsAtReport.append(powerloss_syncs())
        }
        try store.closeDatabase()
        #expect(summary.groups >= 8 && syncsAtReport.count == summary.groups)
        // At least one more sync before each report than before the one before it: the group's COMMIT.
        #expect(syncsAtReport.first.map { $0 >= 1 } == true)
        #expect(zip(syncsAtReport, syncsAtReport.dropFirst()).allSatisfy { $0 < $1 }, "syncs seen at each report: \(syncsAtReport)")
    }

    /// A store on a fresh copy opened through the VFS, with nothing armed.
    static func failingStore(_ template: Template, _ directory: String) throws -> (SQLiteStore, String) {
        #expect(powerloss_register() == 0)
        powerloss_reset()
        let path = try template.copy(to: directory)
        return (try SQLiteStore.open(at: path, keyFilePath: template.f.t.keyFilePath, connection: ConnectionOptions(vfs: vfs)), path)
    }

    @Test("a failed fsync of the WAL (EIO) fails the group, which is not reported, and every later write is refused until reopened")
    func fsyncFails() throws {
        let template = try Template()
        let directory = NSTemporaryDirectory() + "kameng-fsync-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (store, path) = try Self.failingStore(template, directory)
        let admin = try store.staff(userName: "alice")
        let before = try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM orders") ?? -1 }
        // The first sync of the run is its first group's COMMIT (the checkpointer waits for four groups).
        powerloss_fail_next(POWERLOSS_SYNC, ResultCode.SQLITE_IOERR_FSYNC.rawValue, "-wal")
        var reports = 0
        var options = IntakeOptions(rules: .defaults, source: "eio.jsonl")
        options.groupLines = 6
        let lines = template.runs[0].map(\.line)
        let error = #expect(throws: StoreError.self) {
            try store.ingest(.bytes(Array(lines.joined(separator: "\n").utf8)), options: options, by: admin) { _ in reports += 1 }
        }
        #expect(error?.isStorageFailure == true, "\(String(describing: error))")
        #expect(reports == 0)
        #expect(error?.description.contains("opened again") == true)
        // The disk works again, but the store does not trust it: a sync that failed may have lost pages.
        #expect(throws: StoreError.self) { try store.addToBlacklist(.device, value: "later", reason: "x", by: admin) }
        let refused = #expect(throws: StoreError.self) { try store.deliver(orderIds: template.awaiting) }
        #expect(refused?.isStorageFailure == true)
        try store.closeDatabase()
        let reopened = try SQLiteStore.open(at: path, keyFilePath: template.f.t.keyFilePath)
        defer { try? reopened.closeDatabase() }
        #expect(try reopened.integrityCheck() == "ok")
        // The group's frames reached the WAL before its sync failed, so recovery may find it whole; it
        // is never there in part. Nobody was told it was done, and the same lines again change nothing twice.
        let after = try reopened.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM orders") ?? -1 }
        #expect(after == before || after == before + 3, "\(before) orders before, \(after) after")
        let rerun = try reopened.ingest(.bytes(Array(lines.joined(separator: "\n").utf8)), options: options, by: try reopened.staff(userName: "alice"))
        #expect(rerun.delivered + rerun.orders.duplicate > 0)
        #expect(try reopened.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM orders") ?? -1 } == before + 15)
        #expect(try reopened.verifyAudit() == .intact(rows: try reopened.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") ?? 0 }))
    }

    @Test("a full disk (ENOSPC) during an import or a failed sync in a checkpoint refuses every later write")
    func fullDiskAndCheckpoint() throws {
        let template = try Template()
        for (name, kind, code, suffix) in [("import, ENOSPC on a WAL write", POWERLOSS_WRITE, ResultCode.SQLITE_FULL.rawValue, "-wal"),
                                           ("checkpoint, EIO on the database's sync", POWERLOSS_SYNC, ResultCode.SQLITE_IOERR_FSYNC.rawValue, ".sqlite")] {
            let directory = NSTemporaryDirectory() + "kameng-enospc-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let (store, path) = try Self.failingStore(template, directory)
            let admin = try store.staff(userName: "alice")
            let keys = (0..<30).map { CardKeyPlaintext(number: nil, secret: "ENOSPC-KEY-\($0)-SECRET", sourceLine: $0 + 1) }
            if kind == POWERLOSS_WRITE { powerloss_fail_next(Int32(kind), code, suffix) }
            let imported = Result { try store.importKeys(keys, productSKU: "PL-2", source: ImportSource(fileName: "k.txt", contentDigest: "k"), by: admin) }
            if kind == POWERLOSS_SYNC {
                #expect((try? imported.get()) != nil, "\(name): the import itself works")
                powerloss_fail_next(Int32(kind), code, suffix)
                let error = #expect(throws: StoreError.self, "\(name)") { try store.checkpoint() }
                #expect(error?.isStorageFailure == true, "\(name): \(String(describing: error))")
            } else {
                var storageFailed = false
                if case let .failure(error) = imported { storageFailed = (error as? StoreError)?.isStorageFailure ?? false }
                #expect(storageFailed, "\(name): \(imported)")
            }
            let later = #expect(throws: StoreError.self, "\(name)") { try store.addToBlacklist(.device, value: "later", reason: "x", by: admin) }
            #expect(later?.isStorageFailure == true, "\(name)")
            try store.closeDatabase()
            let reopened = try SQLiteStore.open(at: path, keyFilePath: template.f.t.keyFilePath)
            #expect(try reopened.integrityCheck() == "ok", "\(name)")
            let batches = try reopened.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM import_batches WHERE file_name = 'k.txt'") ?? -1 }
            #expect(batches == (kind == POWERLOSS_SYNC ? 1 : 0), "\(name)")
            try reopened.closeDatabase()
        }
    }
}
