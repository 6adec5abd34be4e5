@preconcurrency import Crypto

/// Fresh random keys from the system CSPRNG (swift-crypto's SymmetricKey).
package enum SymmetricKeyFactory {
    package static func random() -> SymmetricKey { SymmetricKey(size: .bits256) }
}
