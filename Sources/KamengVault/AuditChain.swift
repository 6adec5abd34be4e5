import Foundation
import KamengDomain

/// The audit log's chain: each row carries an HMAC (the vault's audit key) over its own fields and the
/// previous row's MAC, so a changed, deleted, inserted or reordered row breaks every link after it.
/// Not SQL: every engine stores the rows its own way and computes the links here.
package enum AuditChain {
    /// The `prev_mac` of the first row.
    package static let genesisMAC = String(repeating: "0", count: 64)

    /// The row's MAC, lowercase hex. Fields are length-prefixed (`LEN:bytes`), so no two different rows
    /// can encode to the same message.
    package static func mac(vault: Vault, id: Int64, at: String, actor: String, action: String, target: String, detail: String,
                            prev: String) -> String {
        var message: [UInt8] = []
        message.reserveCapacity(256)
        for field in [prev, String(id), at, actor, action, target, detail] {
            message.append(contentsOf: String(field.utf8.count).utf8)
            message.append(0x3A) // ":"
            message.append(contentsOf: field.utf8)
        }
        return Hex.string(vault.auditMAC(message))
    }
}
