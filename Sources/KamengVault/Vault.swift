@preconcurrency import Crypto
import Foundation
import KamengDomain
import KamengStorage

/// The keys that protect secrets at rest. A random data key lives in the database only wrapped
/// (AES-GCM) by the key file's KEK; every working key is derived from it with HKDF, one per purpose,
/// so a digest key can never decrypt and an audit key can never forge a digest.
public struct Vault: Sendable {
    package let sealingKey: SymmetricKey
    package let digestKey: SymmetricKey
    package let auditKey: SymmetricKey
    /// MACs the anchor file beside the key file, so it cannot be edited to match a truncated chain.
    package let anchorKey: SymmetricKey
    /// MACs the rows that grant power (staff, authenticators, security settings: `PowerRows`).
    package let powerRowKey: SymmetricKey
    /// Keys `import_batches.content_digest`, and nothing else: a stolen database must not let anyone
    /// confirm a guess of a supplier file by hashing it.
    package let contentDigestKey: SymmetricKey

    package init(dataKey: SymmetricKey) {
        func derive(_ purpose: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: dataKey, salt: Data("kameng.vault.v1".utf8),
                                   info: Data(purpose.utf8), outputByteCount: 32)
        }
        sealingKey = derive("seal secrets")
        digestKey = derive("dedup digest")
        auditKey = derive("audit chain")
        anchorKey = derive("audit anchor")
        powerRowKey = derive("power rows")
        contentDigestKey = derive("import content digest")
    }

    package static func wrap(dataKey: SymmetricKey, with keyFile: KeyFile) throws -> Data {
        let sealed = try AES.GCM.seal(dataKey.withUnsafeBytes { Data($0) }, using: keyFile.key,
                                      authenticating: Data("kameng.data-key.v1".utf8))
        return sealed.combined!
    }

    package static func unwrap(_ wrapped: Data, with keyFile: KeyFile) throws(StoreError) -> SymmetricKey {
        do {
            let box = try AES.GCM.SealedBox(combined: wrapped)
            let raw = try AES.GCM.open(box, using: keyFile.key, authenticating: Data("kameng.data-key.v1".utf8))
            return SymmetricKey(data: raw)
        } catch {
            throw .keyFile(path: keyFile.path, problem: "does not open this database's data key (wrong key file?)")
        }
    }

    /// The keyed digest under which a secret is deduplicated: HMAC-SHA256 of its normalised UTF-8 bytes.
    public func digest(ofSecret secret: some DataProtocol) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: secret, using: digestKey))
    }

    /// Seals `plaintext`, binding it to `context` (its row) so a ciphertext moved to another row fails to open.
    public func seal(_ plaintext: Data, context: Data) throws -> Data {
        try AES.GCM.seal(plaintext, using: sealingKey, authenticating: context).combined!
    }

    public func open(_ sealed: Data, context: Data) throws(StoreError) -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: sealingKey, authenticating: context)
        } catch {
            throw .tampered("a sealed value does not open for its row")
        }
    }

    package func auditMAC(_ message: [UInt8]) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: message, using: auditKey))
    }

    package func anchorMAC(_ message: [UInt8]) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: message, using: anchorKey))
    }

    package func powerRowMAC(_ message: [UInt8]) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: message, using: powerRowKey))
    }

    /// What `import_batches.content_digest` stores: HMAC-SHA256 (its own subkey) of the file's SHA-256 as
    /// lowercase hex text. Keyed over the plain digest, not the file, so stored plain digests convert
    /// without the files, and the same file still yields the same value (the re-import warning).
    package func keyedContentDigest(_ plainDigest: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data(plainDigest.lowercased().utf8), using: contentDigestKey))
    }

    /// Names this database's anchor file beside a key file that several databases may share: the data
    /// key differs per database, copies of one database share it (as they must, to be compared).
    package var anchorTag: String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data("kameng.anchor.name.v1".utf8), using: anchorKey).prefix(8))
    }
}

/// A card key's number and secret as sealed together: `number` NUL `secret`.
package enum SealedCardKey {
    package static func plaintext(number: String?, secret: String) -> Data {
        var data = Data((number ?? "").utf8)
        data.append(0)
        data.append(contentsOf: secret.utf8)
        return data
    }

    package static func split(_ data: Data) -> (number: String?, secret: String) {
        guard let nul = data.firstIndex(of: 0) else { return (nil, String(decoding: data, as: UTF8.self)) }
        let number = String(decoding: data[data.startIndex..<nul], as: UTF8.self)
        let secret = String(decoding: data[data.index(after: nul)...], as: UTF8.self)
        return (number.isEmpty ? nil : number, secret)
    }

    /// Version-1 associated data: the key's digest only, so a blob copied over another row together with
    /// its digest opened there. Read until the re-seal has finished (`CardKeySeals`), refused after.
    package static func context(digest: Data) -> Data { Data("kameng.card_key.v1|".utf8) + digest }

    package static let prefixV2 = Array("kameng.card_key.v2|".utf8)

    /// Version-2 associated data: the row's id, product and batch (8 bytes big-endian each) and its
    /// digest, so a blob moved to another row, product or batch no longer opens.
    package static func contextV2(keyId: Int64, productId: Int64, batchId: Int64, digest: Data) -> Data {
        var data = Data(prefixV2)
        for value in [keyId, productId, batchId] { withUnsafeBytes(of: value.bigEndian) { data.append(contentsOf: $0) } }
        data.append(digest)
        return data
    }
}
