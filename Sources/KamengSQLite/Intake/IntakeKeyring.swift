@preconcurrency import Crypto
import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// A line once the reader thread has done the work that needs no write lock: envelope read, signature
/// checked against the substation's secret, payload read. The writer then checks the substation's status
/// and does the rest inside the group's transaction.
struct PreparedLine: Sendable {
    var number: Int
    /// When the line was read (monotonic nanoseconds), for the latency the benchmark reports.
    var readAt: UInt64
    /// The substation code as given, made safe and short for the rejection record.
    var substation: String
    var kind: IntakeKind
    /// The substation whose secret verified the signature; nil when the line was refused before that.
    var substationId: Int64?
    var payload: Result<IntakePayload, IntakeProblem>
    /// For a line refused here, a short, safe excerpt of its payload for the rejection record (never
    /// the signature); for a readable payload the writer names it instead (`IntakeKeyring.excerpt`).
    var excerpt: String
    /// Whom the line's group audit row names: the feed line's own actor (`api:CODE`); nil for a file's
    /// lines, which the run's actor answers for.
    var auditActor: String? = nil
}

/// The substations' API secrets, opened from the vault once each and kept as ready HMAC states, so that a
/// line's check is one copy of the state, one hash of the payload and a constant-time comparison.
/// Owned by the reader thread alone.
final class IntakeKeyring: @unchecked Sendable {
    private struct Entry {
        var id: Int64
        var mac: HMAC<SHA256>
        /// The secret before the last rotation, which verifies until `previousUntil` (its grace).
        var previous: HMAC<SHA256>?
        var previousUntil: Date?
        var loadedAt: UInt64

        func matches(_ payload: String, _ given: [UInt8], at now: Date) -> Bool {
            if IntakeKeyring.matches(mac, payload, given) { return true }
            guard let previous, let previousUntil, now < previousUntil else { return false }
            return IntakeKeyring.matches(previous, payload, given)
        }
    }

    private let store: SQLiteStore
    private var entries: [String: Entry] = [:]

    init(store: SQLiteStore) { self.store = store }

    /// How long a substation's secrets are used before they are read again.
    static let refreshNanos: UInt64 = 10_000_000_000

    /// Reads, verifies and parses one line.
    func prepare(number: Int, readAt: UInt64, bytes: [UInt8]) -> PreparedLine {
        var line = PreparedLine(number: number, readAt: readAt, substation: "", kind: .unknown, substationId: nil,
                                payload: .failure(.malformed("")), excerpt: "")
        let envelope: IntakeEnvelope
        do { envelope = try IntakeEnvelope.parse(bytes) } catch {
            line.payload = .failure(error)
            return line
        }
        line.substation = IntakeProblem.clip(envelope.substation, limit: 32)
        do {
            line.substationId = try verify(envelope)
            let payload = try IntakePayload.parse(envelope.payload)
            line.kind = payload.kind
            line.payload = .success(payload)
        } catch {
            // The excerpt is made only for refused lines: it costs more than the check itself.
            line.kind = IntakePayload.kindHint(envelope.payload)
            line.excerpt = IntakeProblem.clip(envelope.payload, limit: 60)
            line.payload = .failure(error)
        }
        return line
    }

    /// The substation id when the signature is the HMAC of the payload under its secret.
    private func verify(_ envelope: IntakeEnvelope) throws(IntakeProblem) -> Int64 {
        guard var entry = try entry(envelope.substation, reload: false) else {
            throw IntakeProblem(.unknownSubstation, "no substation \"\(IntakeProblem.clip(envelope.substation, limit: 32))\"")
        }
        guard envelope.signature != nil else { throw IntakeProblem(.badSignature, "unsigned line (no sig)") }
        guard let given = envelope.signatureBytes else { throw IntakeProblem(.badSignature, "sig is not 64 hexadecimal digits") }
        let now = Date()
        if entry.matches(envelope.payload, given, at: now) { return entry.id }
        // The secret may have been changed since it was cached: look once more, at most once a second.
        if DispatchTime.now().uptimeNanoseconds - entry.loadedAt > 1_000_000_000, let fresh = try self.entry(envelope.substation, reload: true) {
            entry = fresh
            if entry.matches(envelope.payload, given, at: now) { return entry.id }
        }
        throw IntakeProblem(.badSignature, "sig does not match the payload under the substation's secret")
    }

    fileprivate static func matches(_ prototype: HMAC<SHA256>, _ payload: String, _ given: [UInt8]) -> Bool {
        var mac = prototype
        var text = payload
        text.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        return IntakeEnvelope.constantTimeEqual(Array(mac.finalize()), given)
    }

    private func entry(_ code: String, reload: Bool) throws(IntakeProblem) -> Entry? {
        // Read again every few seconds even when it matches: a rotated secret's grace must end in a
        // run that lasts as long as the API server.
        if !reload, let cached = entries[code], DispatchTime.now().uptimeNanoseconds - cached.loadedAt < Self.refreshNanos { return cached }
        do {
            guard let row = try store.pool.read({ db in
                try Row.fetchOne(db, sql: """
                    SELECT id, api_secret_sealed, api_secret_previous_sealed, api_secret_previous_until FROM substations WHERE code = ?
                    """, arguments: [code])
            }) else { return nil }
            let secret = try store.vault.open(row["api_secret_sealed"], context: SQLiteStore.secretContext(code))
            var entry = Entry(id: row["id"], mac: HMAC<SHA256>(key: SymmetricKey(data: secret)), loadedAt: DispatchTime.now().uptimeNanoseconds)
            if let sealed = row["api_secret_previous_sealed"] as Data?, let until = row["api_secret_previous_until"] as Date? {
                entry.previous = HMAC<SHA256>(key: SymmetricKey(data: try store.vault.open(sealed, context: SQLiteStore.previousSecretContext(code))))
                entry.previousUntil = until
            }
            entries[code] = entry
            return entry
        } catch {
            throw IntakeProblem(.storeError, "cannot read the substation's secret: \(error)")
        }
    }

    /// Names the event without its free-text fields: enough to find the line again.
    static func excerpt(_ payload: IntakePayload) -> String {
        switch payload {
        case let .order(o): "order \(o.orderNo) \(IntakeProblem.clip(o.product, limit: 24)) ×\(o.quantity) \(o.amount.fen) fen"
        case let .payment(p): "payment \(p.orderNo) \(p.amount.fen) fen txn \(p.txn)"
        case let .heartbeat(h): "heartbeat \(RFC3339.string(h.at))"
        }
    }
}

extension SQLiteStore {
    /// The reader's work alone over a file — read, envelope, signature, payload — with no database
    /// writes: the benchmark's measure of what the reader thread can feed the writer.
    @_spi(Benchmark) public func prepareIntakeForBenchmark(path: String) throws -> Int {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { throw StoreError.file(path: path, problem: errno == ENOENT ? .missing : .cannotRead(reason: String(cString: strerror(errno)))) }
        defer { Glibc.close(fd) }
        var reader = IntakeLineReader(.fileDescriptor(fd))
        let keyring = IntakeKeyring(store: self)
        var count = 0
        while let line = try reader.next() {
            guard case let .text(number, bytes) = line else { continue }
            let prepared = keyring.prepare(number: number, readAt: 0, bytes: bytes)
            if case .success = prepared.payload { count += 1 }
        }
        return count
    }
}
