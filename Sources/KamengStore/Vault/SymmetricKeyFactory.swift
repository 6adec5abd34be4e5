@preconcurrency import Crypto

/// Fresh random keys from the system CSPRNG (swift-crypto's SymmetricKey).
enum SymmetricKeyFactory {
    static func random() -> SymmetricKey { SymmetricKey(size: .bits256) }
}
