@preconcurrency import Crypto
import Foundation
import KamengStorage

/// The keys that protect secrets at rest. A random data key lives in the database only wrapped
/// (AES-GCM) by the key file's KEK; every working key is derived from it with HKDF, one per purpose,
/// so a digest key can never decrypt and an audit key can never forge a digest.
public struct Vault: Sendable {
    package let sealingKey: SymmetricKey
    package let digestKey: SymmetricKey
    package let auditKey: SymmetricKey

    package init(dataKey: SymmetricKey) {
        func derive(_ purpose: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: dataKey, salt: Data("kameng.vault.v1".utf8),
                                   info: Data(purpose.utf8), outputByteCount: 32)
        }
        sealingKey = derive("seal secrets")
        digestKey = derive("dedup digest")
        auditKey = derive("audit chain")
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

    /// Associated data binding a card key ciphertext to its row, identified by its unique digest.
    package static func context(digest: Data) -> Data { Data("kameng.card_key.v1|".utf8) + digest }
}
