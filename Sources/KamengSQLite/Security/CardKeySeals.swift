import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

extension SQLiteStore {
    /// What `openCardKey` needs from a `card_keys` row.
    static let sealedKeyColumns = "id, product_id, batch_id, digest, sealed, seal_version"

    /// Opens one card key's sealed blob against the row it sits in. Version 2 binds id, product, batch and
    /// digest, so a blob copied over another key (with its digest) does not open; version 1 is read only
    /// until the re-seal has finished, after which it can only have been copied in.
    func openCardKey(_ row: Row) throws -> (number: String?, secret: String) {
        let id: Int64 = row["id"]
        let digest: Data = row["digest"]
        let version: Int = row["seal_version"]
        let context: Data
        switch version {
        case 2:
            context = SealedCardKey.contextV2(keyId: id, productId: row["product_id"], batchId: row["batch_id"], digest: digest)
        case 1 where !upgrades.resealFinished:
            context = SealedCardKey.context(digest: digest)
        default:
            throw StoreError.tampered("card key #\(id) was tampered with: it carries a version-\(version) seal after every key was re-sealed")
        }
        do {
            return SealedCardKey.split(try vault.open(row["sealed"], context: context))
        } catch {
            throw StoreError.tampered("card key #\(id) was tampered with: its sealed value does not open for its row (moved from another key, or altered)")
        }
    }
}
