@preconcurrency import Crypto
import Foundation
import KamengDomain
#if canImport(Glibc)
import Glibc
#endif
import KamengStorage
import KamengVault

/// Up to a few thousand keys sealed for the store, laid out flat in one byte buffer: per key its
/// digest (32 bytes), sealed blob, number hint and expiry text, one after the other. Sealing, handing
/// over and inserting a key then allocates nothing per key, and the writer binds the bytes in place.
/// Filled by one thread, then handed to another, which only reads it: hence `@unchecked Sendable`.
final class SealedKeys: @unchecked Sendable {
    struct Slot {
        /// The row id the key was sealed for (its seal binds it): the insert checks it gets this one.
        var keyId: Int64
        var sourceLine: Int
        var offset: Int
        var sealedCount: Int32
        /// -1: no number (NULL hint).
        var hintCount: Int16
        /// -1: no expiry (NULL).
        var expiresCount: Int16
    }

    static let digestCount = 32
    private(set) var slots: [Slot] = []
    private(set) var base: UnsafeMutableRawPointer
    private var used = 0
    private var capacity: Int

    init(keys: Int) {
        capacity = max(keys, 1) * 128
        base = .allocate(byteCount: capacity, alignment: 8)
        slots.reserveCapacity(keys)
    }

    deinit { base.deallocate() }

    var count: Int { slots.count }

    /// Room for `bytes` more at the end; the buffer only grows while it is being filled, before any
    /// pointer into it is handed out.
    fileprivate func reserve(_ bytes: Int) -> UnsafeMutableRawPointer {
        if used + bytes > capacity {
            capacity = max(capacity * 2, used + bytes)
            let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
            grown.copyMemory(from: base, byteCount: used)
            base.deallocate()
            base = grown
        }
        return base + used
    }

    fileprivate func commit(_ slot: Slot, bytes: Int) {
        slots.append(slot)
        used += bytes
    }

    func digest(_ k: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + slots[k].offset, count: Self.digestCount)
    }

    /// The first 8 digest bytes as a big-endian number: sorting on it sorts by digest prefix.
    func digestPrefix(_ k: Int) -> UInt64 {
        UInt64(bigEndian: (base + slots[k].offset).loadUnaligned(as: UInt64.self))
    }

    func sealed(_ k: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + slots[k].offset + Self.digestCount, count: Int(slots[k].sealedCount))
    }

    func hint(_ k: Int) -> UnsafeRawBufferPointer? {
        let s = slots[k]
        guard s.hintCount >= 0 else { return nil }
        return UnsafeRawBufferPointer(start: base + s.offset + Self.digestCount + Int(s.sealedCount), count: Int(s.hintCount))
    }

    func expires(_ k: Int) -> UnsafeRawBufferPointer? {
        let s = slots[k]
        guard s.expiresCount >= 0 else { return nil }
        return UnsafeRawBufferPointer(start: base + s.offset + Self.digestCount + Int(s.sealedCount) + Int(max(s.hintCount, 0)),
                                      count: Int(s.expiresCount))
    }
}

/// Digests and seals keys exactly as `Vault.digest(ofSecret:)` and `Vault.seal` do, into a
/// `SealedKeys` buffer. The HMAC key schedule is computed once and copied per key, the AES-GCM context
/// is set up once (`GCMSealer`), and nonces come from a pool refilled from the system CSPRNG 4 KiB at a
/// time (`arc4random_buf`: one refill per 341 keys, where `AES.GCM.Nonce()` makes two `getrandom` calls
/// per key); they are as random and as unique. One sealer per thread.
///
/// Each key is sealed for the row it will be: ids are chosen by the import, not by SQLite (every key
/// of a batch gets the next id in file order, `ImportSink.insert`), so the sealer counts them from the
/// batch's first id and the insert checks each key lands in the row it was sealed for.
struct KeySealer {
    private let gcm: GCMSealer
    private let keyedMAC: HMAC<SHA256>
    /// `SealedCardKey.contextV2`, kept whole and rewritten per key (id and digest).
    private var context: [UInt8]
    private let prefixCount: Int
    private var plaintext: [UInt8] = []
    private let nonces = NoncePool()
    /// The id the next key sealed will have.
    private(set) var nextId: Int64

    init(vault: Vault, productId: Int64, batchId: Int64, firstId: Int64) throws {
        gcm = try GCMSealer(key: vault.sealingKey)
        keyedMAC = HMAC<SHA256>(key: vault.digestKey)
        context = Array(SealedCardKey.contextV2(keyId: firstId, productId: productId, batchId: batchId, digest: Data()))
        prefixCount = SealedCardKey.prefixV2.count
        context.append(contentsOf: repeatElement(0, count: SealedKeys.digestCount))
        plaintext.reserveCapacity(512)
        nextId = firstId
    }

    mutating func seal(number: String?, secret: String, expiresAt: Date?, sourceLine: Int, into keys: SealedKeys) throws {
        // SealedCardKey.plaintext: number NUL secret.
        plaintext.removeAll(keepingCapacity: true)
        if let number { plaintext.append(contentsOf: number.utf8) }
        plaintext.append(0)
        let secretStart = plaintext.count
        plaintext.append(contentsOf: secret.utf8)
        var mac = keyedMAC
        plaintext.withUnsafeBytes { raw in mac.update(data: UnsafeRawBufferPointer(rebasing: raw[secretStart...])) }
        let code = mac.finalize()
        let keyId = nextId
        nextId += 1
        context.withUnsafeMutableBytes { c in
            c.storeBytes(of: keyId.bigEndian, toByteOffset: prefixCount, as: Int64.self)
            code.withUnsafeBytes { c.baseAddress!.advanced(by: prefixCount + 24).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
        let hint = number.map(SQLiteStore.numberHint)
        let expires = expiresAt.map(StoreTime.string)
        let sealedCount = GCMSealer.sealedCount(plaintext: plaintext.count)
        let hintCount = hint?.utf8.count ?? 0
        let expiresCount = expires?.utf8.count ?? 0
        let total = SealedKeys.digestCount + sealedCount + hintCount + expiresCount
        var p = keys.reserve(total)
        code.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: SealedKeys.digestCount) }
        p += SealedKeys.digestCount
        let nonce = nonces.next()
        try plaintext.withUnsafeBytes { message in
            try context.withUnsafeBytes { ad in try gcm.seal(message, nonce: nonce, authenticating: ad, into: p) }
        }
        p += sealedCount
        if let hint { p = Self.copy(hint, to: p) }
        if let expires { p = Self.copy(expires, to: p) }
        keys.commit(SealedKeys.Slot(keyId: keyId, sourceLine: sourceLine, offset: p - keys.base - total, sealedCount: Int32(sealedCount),
                                    hintCount: hint == nil ? -1 : Int16(hintCount), expiresCount: expires == nil ? -1 : Int16(expiresCount)),
                    bytes: total)
    }

    private static func copy(_ text: String, to p: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        var q = p
        for byte in text.utf8 { q.storeBytes(of: byte, as: UInt8.self); q += 1 }
        return q
    }
}

/// Random 96-bit GCM nonces drawn from a buffer that the system CSPRNG refills.
final class NoncePool {
    private static let size = 12 * 341
    private let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: NoncePool.size, alignment: 8)
    private var cursor = NoncePool.size

    deinit { bytes.deallocate() }

    /// The next 12 unused bytes; valid until the following call.
    func next() -> UnsafeRawBufferPointer {
        if cursor + 12 > bytes.count {
            // arc4random_buf: the kernel's CSPRNG (getrandom) on glibc 2.36+ and on macOS; it cannot fail.
            arc4random_buf(bytes.baseAddress!, bytes.count)
            cursor = 0
        }
        defer { cursor += 12 }
        return UnsafeRawBufferPointer(rebasing: bytes[cursor..<cursor + 12])
    }
}
