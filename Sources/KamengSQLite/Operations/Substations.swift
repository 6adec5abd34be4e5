@preconcurrency import Crypto
import Foundation
import GRDB
import GRDBSQLite
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// Opens a substation and returns it with its new API secret, which is shown once and stored sealed.
    @_spi(Benchmark) public func addSubstation(_ substation: Substation, parentCode: String?, by actor: Staff, now: Date = Date()) throws -> (Substation, apiSecret: String) {
        try require(actor, .manageSubstations)
        let problems = substation.validationProblems
        guard problems.isEmpty else { throw StoreError.invalidRecord(.substation(code: substation.code), problems: problems) }
        return try dbWrite { db in
            try insertNew(db, substation, parentCode: parentCode, secret: Self.newAPISecret(), actor: actor, detail: "", now: now)
        }
    }

    /// Opens every substation of a batch (a file's lines, in order) in one transaction: all of them, or
    /// none when any one fails (a duplicate, a parent that does not exist). A parent may be one opened
    /// earlier in the same batch. Each is audited as `substation.add`, naming the batch position.
    /// Returns them with their new API secrets, in the batch's order.
    func addSubstations(_ drafts: [SubstationDraft], by actor: Staff, now: Date = Date()) throws -> [(Substation, apiSecret: String)] {
        try require(actor, .manageSubstations)
        guard !drafts.isEmpty else { throw StoreError.invalidField(field: "substations", rule: "nothing to open") }
        for draft in drafts {
            let problems = draft.substation(createdAt: now).validationProblems
            guard problems.isEmpty else { throw StoreError.invalidRecord(.substation(code: draft.code), problems: problems) }
        }
        return try dbWrite { db in
            try drafts.enumerated().map { index, draft in
                try insertNew(db, draft.substation(createdAt: now), parentCode: draft.parentCode, secret: Self.newAPISecret(), actor: actor,
                         detail: " (batch \(index + 1)/\(drafts.count))", now: now)
            }
        }
    }

    /// Inside a write: finds the parent, refuses a duplicate code or domain, inserts with the sealed
    /// secret, and audits.
    private func insertNew(_ db: Database, _ substation: Substation, parentCode: String?, secret: String, actor: Staff, detail: String,
                      now: Date) throws -> (Substation, apiSecret: String) {
        var saved = substation
        if let parentCode {
            guard let parentId = try Int64.fetchOne(db, sql: "SELECT id FROM substations WHERE code = ?", arguments: [parentCode]) else {
                throw StoreError.notFound(.substation(code: parentCode))
            }
            saved.parentId = parentId
        }
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM substations WHERE code = ?", arguments: [saved.code]) == true {
            throw StoreError.duplicate(.substation(code: saved.code))
        }
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM substations WHERE domain = ?", arguments: [saved.domain]) == true {
            throw StoreError.duplicate(.substationDomain(saved.domain))
        }
        try insertSubstation(db, saved, secret: secret)
        saved.id = db.lastInsertedRowID
        // Every substation opened since the ledger (v21) must pay before it is delivered to; only those
        // from before keep delivering without funds (the demo seeder sets its own).
        try db.execute(sql: "UPDATE substations SET funds_required = 1 WHERE id = ?", arguments: [saved.id])
        try appendAudit(db, actor: actor.userName, action: "substation.add", target: "substation:\(saved.code)",
                        detail: "\(saved.domain) commission \(saved.commissionBasisPoints)bp parent \(parentCode ?? "-")" + detail, at: now)
        return (saved, secret)
    }

    /// Inserts the row (funds not required: `insertNew` turns them on) and opens its two ledger accounts.
    func insertSubstation(_ db: Database, _ s: Substation, secret: String) throws {
        let sealed = try vault.seal(Data(secret.utf8), context: Data("kameng.substation.v1|\(s.code)".utf8))
        try db.execute(sql: """
            INSERT INTO substations (code, name, domain, parent_id, commission_bp, status, expires_at, api_secret_sealed, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [s.code, s.name, s.domain, s.parentId, s.commissionBasisPoints, s.status.rawValue,
                             s.expiresAt.map(StoreTime.string), sealed, StoreTime.string(s.createdAt)])
        let id = db.lastInsertedRowID
        try Self.openLedgerAccounts(db, substationId: id)
        // Callers read the new substation's id as the last inserted row, as before the accounts existed.
        sqlite3_set_last_insert_rowid(db.sqliteConnection, id)
    }

    func substations() throws -> [Substation] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM substations ORDER BY code").map(Self.substation(from:)) }
    }

    static func newAPISecret() -> String {
        Hex.string(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    static func substation(from row: Row) throws(StoreError) -> Substation {
        Substation(id: row["id"], code: row["code"], name: row["name"], domain: row["domain"], parentId: row["parent_id"],
                   commissionBasisPoints: row["commission_bp"], status: try row.decode("status", table: "substations"),
                   expiresAt: row["expires_at"], createdAt: row["created_at"])
    }
}
