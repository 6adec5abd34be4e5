import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// The real `kameng import` binary killed with SIGKILL at random points of a large import: after each
/// kill the database is sound and the batch is all there or not there at all; a rerun then completes.
@Suite("Import crash safety (SIGKILL)", .serialized)
struct ImportCrashTests {
    /// Big enough that a debug-build import lasts a few seconds, so kills land inside the transaction.
    static let lines = 120_000
    static let kills = 20

    /// `kameng` sits next to the test bundle in the build directory (the test target depends on it).
    static var kamengPath: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("kameng").path
    }

    /// The OS user `kameng` will resolve, exactly as it does: getpwuid(geteuid()).
    static var osUser: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    /// A store created the way `kameng init` would, with one product, in `root`.
    struct Place {
        let root: String
        var db: String { root + "/data/kameng.sqlite" }
        var keyFile: String { root + "/config/kameng/master.key" }

        /// True when another connection holds the write lock, i.e. the importer is inside its transaction.
        /// (The WAL does not show it: the transaction's pages stay in the importer's cache until commit.)
        func writerBusy() -> Bool {
            var config = Configuration()
            config.busyMode = .immediateError
            guard let queue = try? DatabaseQueue(path: db, configuration: config) else { return false }
            do {
                try queue.writeWithoutTransaction { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    try db.execute(sql: "ROLLBACK")
                }
                return false
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                return true
            } catch {
                return false
            }
        }

        func create() throws {
            let store = try SQLiteStore.create(at: db, keyFilePath: keyFile, adminUser: ImportCrashTests.osUser)
            let admin = try store.staff(userName: ImportCrashTests.osUser)
            _ = try store.addProduct(Product(sku: "CRASH-1", name: "崩溃测试", category: .gameCard, faceValue: Money(fen: 1_000), cost: Money(fen: 900),
                                             prices: MemberPrices(retail: Money(fen: 990), vip: Money(fen: 980), agent: Money(fen: 950)),
                                             lowStockThreshold: 0), by: admin)
        }

        /// Starts `kameng import` on `file`, its JSON result going to `output`.
        func startImport(_ file: String, output: String) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ImportCrashTests.kamengPath)
            process.arguments = ["import", file, "--product", "CRASH-1", "--json", "--force", "--db", db]
            var env = ProcessInfo.processInfo.environment
            env["XDG_CONFIG_HOME"] = root + "/config"
            env["XDG_DATA_HOME"] = root + "/data"
            env["KAMENG_KEY_FILE"] = keyFile
            process.environment = env
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: output)
            _ = FileManager.default.createFile(atPath: output + ".err", contents: nil)
            process.standardError = FileHandle(forWritingAtPath: output + ".err")
            try process.run()
            return process
        }

    }

    /// `lines` lines of NUMBER----SECRET, every secret distinct.
    static func writeFile(_ path: String, lines: Int) throws {
        var rng = SeededRandom(seed: 99)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines * 40)
        for i in 0..<lines {
            bytes.append(contentsOf: "\(100_000_000_000 + rng.below(900_000_000_000))----CRASH\(i)K\(rng.next() % 1_000_000_007)\n".utf8)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    static func outcome(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test("20 SIGKILLs during `kameng import`: integrity ok, batch all or nothing, rerun counts right")
    func killsDuringImport() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.kamengPath), "kameng not built at \(Self.kamengPath)")
        let root = NSTemporaryDirectory() + "kameng-crash-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let file = root + "/big.txt"
        try Self.writeFile(file, lines: Self.lines)

        // Calibration: one uninterrupted import into a scratch store says how long an import lasts here.
        let calibration = Place(root: root + "/calibration")
        try calibration.create()
        let started = DispatchTime.now().uptimeNanoseconds
        let probe = try calibration.startImport(file, output: root + "/calibration.json")
        probe.waitUntilExit()
        let duration = Self.seconds(since: started)
        #expect(probe.terminationStatus == 0)
        #expect(try Self.outcome(root + "/calibration.json")["accepted"] as? Int == Self.lines)
        try? FileManager.default.removeItem(atPath: calibration.root)

        let place = Place(root: root + "/store")
        try place.create()
        var rng = SeededRandom(seed: 20_261_123)
        var committed = false, lastBatch: Int64 = 0
        var midTransaction = 0, noBatch = 0, finishedFirst = 0
        for attempt in 0..<Self.kills {
            let process = try place.startImport(file, output: root + "/attempt-\(attempt).json")
            if attempt.isMultiple(of: 2) {
                // Every other kill waits for a condition, not a time: the import holding the write lock
                // (its transaction begun), so at least half the kills land mid-transaction however fast
                // or busy the machine is.
                while process.isRunning && !place.writerBusy() { usleep(2_000) }
                usleep(UInt32(rng.below(20_000)))
            } else {
                // The others spread over the whole import as the calibration measured it, startup and commit included.
                let delay = duration * (0.03 + 0.97 * Double(rng.below(1_000)) / 1_000)
                usleep(UInt32(delay * 1_000_000))
            }
            let running = process.isRunning
            let inTransaction = running && place.writerBusy()
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if !running || process.terminationReason == .exit { finishedFirst += 1 }

            // Open the store as the next `kameng` would: recovery of the killed writer's WAL happens here.
            let store = try SQLiteStore.open(at: place.db, keyFilePath: place.keyFile)
            #expect(try store.integrityCheck() == "ok", "attempt \(attempt): integrity_check failed")
            let batches = try store.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT id, accepted, duplicate_in_store FROM import_batches WHERE id > ?", arguments: [lastBatch])
            }
            let keysTotal = try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys") ?? -1 }
            #expect(batches.count <= 1)
            if let batch = batches.first {
                let id: Int64 = batch["id"]
                let keysInBatch = try store.pool.read { db in
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys WHERE batch_id = ?", arguments: [id]) ?? -1
                }
                if committed {
                    #expect(batch["accepted"] == 0 && batch["duplicate_in_store"] == Self.lines && keysInBatch == 0, "attempt \(attempt)")
                } else {
                    #expect(batch["accepted"] == Self.lines && keysInBatch == Self.lines, "attempt \(attempt): partial batch")
                }
                committed = true
                lastBatch = id
            } else {
                noBatch += 1
                if inTransaction { midTransaction += 1 }
            }
            #expect(keysTotal == (committed ? Self.lines : 0), "attempt \(attempt): \(keysTotal) keys in the store")
        }

        // A rerun to completion: everything accepted, or everything already in the store.
        let final = try place.startImport(file, output: root + "/final.json")
        final.waitUntilExit()
        #expect(final.terminationStatus == 0)
        let result = try Self.outcome(root + "/final.json")
        if committed {
            #expect(result["accepted"] as? Int == 0 && result["duplicateInStore"] as? Int == Self.lines)
        } else {
            #expect(result["accepted"] as? Int == Self.lines && result["duplicateInStore"] as? Int == 0)
        }
        let store = try SQLiteStore.open(at: place.db, keyFilePath: place.keyFile)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys") } == Self.lines)
        #expect(try store.verifyAudit() == .intact(rows: try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") ?? -1 }))

        print("crash test: import lasts \(String(format: "%.1f", duration))s; \(Self.kills) kills, \(noBatch) left no batch "
              + "(\(midTransaction) killed while holding the write lock: mid-transaction), \(finishedFirst) after the import had finished")
        // Half the kills waited for the write lock to be held; nearly all of those land inside the transaction.
        #expect(midTransaction >= Self.kills / 4, "too few kills landed inside the import transaction")
    }
}
