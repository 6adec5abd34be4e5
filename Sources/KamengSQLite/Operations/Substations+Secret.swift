import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// A substation's API secret, opened from the vault for a person allowed to see it (admin, operator).
    /// Audited as `substation.secret.view`; the secret itself is never written to the log.
    func substationSecret(code: String, by actor: Staff, now: Date = Date()) throws -> String {
        try require(actor, .viewSubstationSecret)
        return try dbWrite { db in
            guard let sealed = try Data.fetchOne(db, sql: "SELECT api_secret_sealed FROM substations WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(.substation(code: code))
            }
            let secret = try vault.open(sealed, context: Data("kameng.substation.v1|\(code)".utf8))
            try appendAudit(db, actor: actor.userName, action: "substation.secret.view", target: "substation:\(code)",
                            detail: "API secret shown", at: now)
            guard let text = String(data: secret, encoding: .utf8) else { throw StoreError.tampered("substation \(code)'s secret is not text") }
            return text
        }
    }
}
