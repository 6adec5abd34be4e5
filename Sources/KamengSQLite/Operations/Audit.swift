@preconcurrency import Crypto
import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

extension SQLiteStore {
    /// Appends one audit row chained to the previous one. Called inside the transaction of the change it
    /// records, so a change and its audit row commit together or not at all. `detail` must hold no secret.
    func appendAudit(_ db: Database, actor: String, action: String, target: String, detail: String = "", at: Date) throws {
        try appendAudit(db, actor: actor, action: action, target: target, detail: detail, time: StoreTime.string(at))
    }

    /// The same, with the time already formatted (a group commit formats it once for all its orders).
    func appendAudit(_ db: Database, actor: String, action: String, target: String, detail: String = "", time: String) throws {
        let last = try Row.fetchOne(db, cachedSQL: "SELECT id, mac FROM audit_log ORDER BY id DESC LIMIT 1")
        let id: Int64 = (last?[0] ?? 0) + 1
        let prev: String = last?[1] ?? AuditChain.genesisMAC
        let mac = auditMAC(id: id, at: time, actor: actor, action: action, target: target, detail: detail, prev: prev)
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (id, at, actor, action, target, detail, prev_mac, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, time, actor, action, target, detail, prev, mac])
        noteAppended(db, id: id, mac: mac)
    }

    /// An `audit_log` row (id, at, actor, action, target, detail) as the interface shows it.
    static func auditEvent(from row: Row) -> AuditEvent {
        AuditEvent(id: row["id"], at: row["at"], actor: row["actor"], action: row["action"], target: row["target"], detail: row["detail"])
    }

    func auditMAC(id: Int64, at: String, actor: String, action: String, target: String, detail: String, prev: String) -> String {
        AuditChain.mac(vault: vault, id: id, at: at, actor: actor, action: action, target: target, detail: detail, prev: prev)
    }

    /// Walks the chain for a person allowed to read the log (`viewAudit`).
    func verifyAudit(by actor: Staff) throws -> AuditVerification {
        try requireReader(actor, .viewAudit)
        return try verifyAudit()
    }

    /// The newest events for a person allowed to read the log (`viewAudit`).
    func auditTail(limit: Int = 50, by actor: Staff) throws -> [AuditEvent] {
        try requireReader(actor, .viewAudit)
        return try auditTail(limit: limit)
    }

    /// Walks the whole chain in id order and reports the first row whose link or MAC is wrong:
    /// a flipped bit, a deleted, reordered or inserted row all break it. Then the anchor beside the key
    /// file: a chain that ends before it, or differs at its row (a cut tail, an older copy), is broken
    /// too. Then the rows that grant power: one changed outside Kameng is reported by name.
    func verifyAudit() throws -> AuditVerification {
        let chain = try verifyChain()
        guard case .intact = chain else { return chain }
        let altered = try pool.read { db in try alteredPowerRows(db) }
        return altered.isEmpty ? chain : .altered(rows: altered)
    }

    private func verifyChain() throws -> AuditVerification {
        try pool.read { db in
            var expectedPrev = AuditChain.genesisMAC
            var expectedId: Int64 = 1
            var count = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT id, at, actor, action, target, detail, prev_mac, mac FROM audit_log ORDER BY id")
            while let row = try rows.next() {
                let id: Int64 = row["id"]
                let prev: String = row["prev_mac"]
                let mac: String = row["mac"]
                if id != expectedId { return .broken(atId: id, reason: "expected row \(expectedId) next, found \(id) (a row is missing or was inserted)") }
                if prev != expectedPrev { return .broken(atId: id, reason: "its link does not match the previous row's MAC") }
                let computed = auditMAC(id: id, at: row["at"], actor: row["actor"], action: row["action"],
                                        target: row["target"], detail: row["detail"], prev: prev)
                if computed != mac { return .broken(atId: id, reason: "its content does not match its MAC (the row was altered)") }
                expectedPrev = mac
                expectedId += 1
                count += 1
            }
            if let problem = try anchorProblem(lastId: expectedId - 1, macAt: { id in
                try String.fetchOne(db, sql: "SELECT mac FROM audit_log WHERE id = ?", arguments: [id])
            }) { return problem }
            return .intact(rows: count)
        }
    }

    /// The newest audit events, newest first.
    func auditTail(limit: Int = 50) throws -> [AuditEvent] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map(Self.auditEvent(from:))
        }
    }
}

extension Row {
    static func fetchOne(_ db: Database, cachedSQL sql: String, arguments: StatementArguments = []) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension SQLiteStore {
    /// The audit chain key, for the benchmark's raw-SQLite baseline only (it recomputes the same MACs).
    @_spi(Benchmark) public func auditKeyForBenchmark() throws -> SymmetricKey { vault.auditKey }
}
