@preconcurrency import Crypto
import Foundation

/// The sealer the import uses: BoringSSL's AEAD context kept alive across keys where swift-crypto's
/// BoringSSL module can be imported (Linux today), else `PublicGCMSealer`, which goes through
/// swift-crypto's public `AES.GCM` only. Both give the same bytes (`GCMSealerTests`).
#if canImport(CCryptoBoringSSL)
import CCryptoBoringSSL
package typealias GCMSealer = ContextGCMSealer
#else
package typealias GCMSealer = PublicGCMSealer
#endif

/// AES-256-GCM sealing with the key schedule set up once, for the import's thousands of keys a second.
///
/// `AES.GCM.seal` builds a fresh BoringSSL context (key expansion, GHASH tables) and several `Data`
/// values for every call, which measured as most of the import's sealing time (Docs/Performance.md).
/// This is the same BoringSSL AEAD that swift-crypto calls, kept alive across keys. Its output is
/// byte for byte `AES.GCM.SealedBox.combined` (nonce, ciphertext, tag), so `Vault.open` reads it, and
/// `GCMSealerTests` checks both directions. One instance per thread: the context is not shared.
///
/// `CCryptoBoringSSL` is a module of swift-crypto's, not one of its products: it is reachable because
/// SwiftPM builds it for `Crypto`. Should an upgrade hide it, `canImport` turns this off and the import
/// falls back to `PublicGCMSealer` (slower, the same output) instead of failing the build.
#if canImport(CCryptoBoringSSL)
package final class ContextGCMSealer {
    package static let nonceCount = 12
    package static let tagCount = 16
    private var context = EVP_AEAD_CTX()

    package init(key: SymmetricKey) throws {
        let ok = key.withUnsafeBytes { raw in
            CCryptoBoringSSL_EVP_AEAD_CTX_init(&context, CCryptoBoringSSL_EVP_aead_aes_256_gcm(),
                                               raw.baseAddress!.assumingMemoryBound(to: UInt8.self), raw.count, Self.tagCount, nil)
        }
        guard ok == 1, key.bitCount == 256 else { throw CryptoKitError.incorrectKeySize }
    }

    /// The cleanup wipes the expanded key.
    deinit { CCryptoBoringSSL_EVP_AEAD_CTX_cleanup(&context) }

    /// How many bytes `seal` writes for a plaintext of `count` bytes.
    package static func sealedCount(plaintext count: Int) -> Int { nonceCount + count + tagCount }

    /// Writes nonce, ciphertext and tag to `out`, which has room for `sealedCount(plaintext:)` bytes.
    package func seal(_ plaintext: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, authenticating context: UnsafeRawBufferPointer,
              into out: UnsafeMutableRawPointer) throws {
        precondition(nonce.count == Self.nonceCount)
        out.copyMemory(from: nonce.baseAddress!, byteCount: Self.nonceCount)
        let body = (out + Self.nonceCount).assumingMemoryBound(to: UInt8.self)
        var written = 0
        let ok = CCryptoBoringSSL_EVP_AEAD_CTX_seal(&self.context, body, &written, plaintext.count + Self.tagCount,
                                                    nonce.baseAddress!.assumingMemoryBound(to: UInt8.self), nonce.count,
                                                    plaintext.baseAddress?.assumingMemoryBound(to: UInt8.self), plaintext.count,
                                                    context.baseAddress?.assumingMemoryBound(to: UInt8.self), context.count)
        guard ok == 1, written == plaintext.count + Self.tagCount else { throw CryptoKitError.underlyingCoreCryptoError(error: Int32(bitPattern: UInt32(truncatingIfNeeded: CCryptoBoringSSL_ERR_get_error()))) }
    }
}
#endif

/// AES-256-GCM through swift-crypto's public API only: a fresh `AES.GCM.seal` per key. The fallback
/// when BoringSSL's module is not importable, and the reference the tests compare the context sealer with.
package final class PublicGCMSealer {
    package static let nonceCount = 12
    package static let tagCount = 16
    private let key: SymmetricKey

    package init(key: SymmetricKey) throws {
        guard key.bitCount == 256 else { throw CryptoKitError.incorrectKeySize }
        self.key = key
    }

    package static func sealedCount(plaintext count: Int) -> Int { nonceCount + count + tagCount }

    /// Writes nonce, ciphertext and tag to `out`, which has room for `sealedCount(plaintext:)` bytes.
    package func seal(_ plaintext: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, authenticating context: UnsafeRawBufferPointer,
              into out: UnsafeMutableRawPointer) throws {
        precondition(nonce.count == Self.nonceCount)
        let box = try AES.GCM.seal(plaintext, using: key, nonce: AES.GCM.Nonce(data: nonce), authenticating: context)
        guard let combined = box.combined, combined.count == Self.sealedCount(plaintext: plaintext.count) else {
            throw CryptoKitError.incorrectParameterSize
        }
        combined.withUnsafeBytes { out.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }
}
