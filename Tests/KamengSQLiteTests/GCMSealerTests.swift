@preconcurrency import Crypto
import Foundation
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// The import's reusable AES-GCM context gives exactly what `AES.GCM.seal` gives, and opens with `AES.GCM.open`.
@Suite("GCMSealer")
struct GCMSealerTests {
    @Test("same key, nonce and associated data: byte-identical to AES.GCM.SealedBox.combined, for many lengths", arguments: [0, 1, 15, 16, 17, 29, 64, 300])
    func matchesSwiftCrypto(length: Int) throws {
        let key = SymmetricKey(size: .bits256)
        let sealer = try GCMSealer(key: key)
        let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let ad = Array("kameng.card-key.v1:".utf8) + (0..<32).map { UInt8($0) }
        for _ in 0..<3 {
            let nonce = (0..<12).map { _ in UInt8.random(in: 0...255) }
            var out = [UInt8](repeating: 0, count: GCMSealer.sealedCount(plaintext: length))
            try message.withUnsafeBytes { m in
                try nonce.withUnsafeBytes { n in
                    try ad.withUnsafeBytes { a in try out.withUnsafeMutableBytes { try sealer.seal(m, nonce: n, authenticating: a, into: $0.baseAddress!) } }
                }
            }
            let reference = try AES.GCM.seal(message, using: key, nonce: AES.GCM.Nonce(data: nonce), authenticating: ad).combined!
            #expect(Data(out) == reference)
            let opened = try AES.GCM.open(AES.GCM.SealedBox(combined: out), using: key, authenticating: ad)
            #expect(Array(opened) == message)
            // Another associated data does not open it: the context is really authenticated.
            #expect(throws: (any Error).self) { try AES.GCM.open(AES.GCM.SealedBox(combined: out), using: key, authenticating: Data("x".utf8)) }
        }
    }

    @Test("a key of the wrong size is refused")
    func wrongKeySize() {
        #expect(throws: (any Error).self) { _ = try GCMSealer(key: SymmetricKey(size: .bits128)) }
        #expect(throws: (any Error).self) { _ = try PublicGCMSealer(key: SymmetricKey(size: .bits128)) }
    }

    @Test("the public-API fallback gives the same bytes as the sealer in use", arguments: [0, 1, 16, 17, 300])
    func fallbackIdentical(length: Int) throws {
        let key = SymmetricKey(size: .bits256)
        let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
        let ad = Array("kameng.card-key.v1:".utf8)
        let nonce = (0..<12).map { _ in UInt8.random(in: 0...255) }
        func sealed(_ seal: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeMutableRawPointer) throws -> Void) throws -> [UInt8] {
            var out = [UInt8](repeating: 0, count: GCMSealer.sealedCount(plaintext: length))
            try message.withUnsafeBytes { m in
                try nonce.withUnsafeBytes { n in try ad.withUnsafeBytes { a in try out.withUnsafeMutableBytes { try seal(m, n, a, $0.baseAddress!) } } }
            }
            return out
        }
        let inUse = try GCMSealer(key: key), fallback = try PublicGCMSealer(key: key)
        let a = try sealed { try inUse.seal($0, nonce: $1, authenticating: $2, into: $3) }
        let b = try sealed { try fallback.seal($0, nonce: $1, authenticating: $2, into: $3) }
        #expect(a == b)
        #expect(Data(b) == (try AES.GCM.seal(message, using: key, nonce: AES.GCM.Nonce(data: nonce), authenticating: ad).combined!))
    }
}
