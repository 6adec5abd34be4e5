import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// The store's side of issue 16: a refusal is audited, rotation syncs the new key file's directory
/// before it commits, and an unverified intake payload is never parsed.
@Suite("Trust boundary: the store")
struct TrustBoundaryStoreTests {
    @Test("support exporting keys is refused by the store, and the refusal is audited as denied (not in a read-only session)")
    func refusalIsAudited() throws {
        let t = try TestStore()
        _ = try t.addProduct()
        let batch = try #require(try t.importKeys(["DENIED-KEY-1"]).batch)
        let support = try t.addStaff("sue", role: .support)
        let before = try #require(try t.store.auditTail(limit: 1).first?.id)
        let error = #expect(throws: StoreError.self) {
            _ = try t.store.exportKeys(.batch(id: batch), reason: "curious", by: support, stepUp: nil)
        }
        #expect(error == .forbidden(user: "sue (support)", action: Permission.exportKeys.rawValue))
        let rows = try t.store.auditTail(limit: 2)
        #expect(rows.count == 2 && rows[1].id == before, "exactly one row was added")
        #expect(rows.first?.actor == "sue" && rows.first?.action == "denied")
        #expect(rows.first?.target == "permission:\(Permission.exportKeys.rawValue)" && rows.first?.detail == "role support")
        #expect(try t.store.verifyAudit() == .intact(rows: Int(rows[0].id)), "the denial is part of the chain")
        // A read-only session cannot write, so its refusal is only the error.
        let ro = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath, readOnly: true)
        #expect(throws: StoreError.self) { _ = try ro.auditTail(limit: 5, by: support) }
        #expect(try t.store.auditTail(limit: 1).first?.id == rows[0].id)
    }

    @Test("rotation fsyncs the new key file's directory before the commit; no recovery kit exists yet")
    func rotationSyncsBeforeCommit() throws {
        let t = try TestStore()
        let oldFingerprint = try KeyFile.load(path: t.keyFilePath, databasePath: t.databasePath).fingerprint
        let keyDirectory = (t.keyFilePath as NSString).deletingLastPathComponent
        let observer = try DatabaseQueue(path: t.databasePath)
        var calls: [(directory: String, committed: Bool, newFileThere: Bool)] = []
        let result = try t.store.rotateKeyFile(at: t.keyFilePath, by: t.admin, syncDirectory: { directory in
            let fingerprint = try? observer.read { db in try String.fetchOne(db, sql: "SELECT kek_fingerprint FROM vault WHERE id = 1") }
            calls.append((directory, fingerprint != oldFingerprint, FileManager.default.fileExists(atPath: KeyRotation.pendingPath(t.keyFilePath))))
            return KeyRotation.syncDirectory(directory)
        })
        let first = try #require(calls.first)
        #expect(first.directory == keyDirectory)
        #expect(!first.committed, "synced while the database still named the old key")
        #expect(first.newFileThere, "after the new key file was written")
        #expect(!result.recoveryKitExists)
    }

    @Test("rotation stops, and changes nothing, when the directory cannot be synced")
    func rotationStopsWithoutSync() throws {
        let t = try TestStore()
        let oldFingerprint = try KeyFile.load(path: t.keyFilePath, databasePath: t.databasePath).fingerprint
        #expect(throws: StoreError.self) { _ = try t.store.rotateKeyFile(at: t.keyFilePath, by: t.admin, syncDirectory: { _ in false }) }
        #expect(try KeyFile.load(path: t.keyFilePath, databasePath: t.databasePath).fingerprint == oldFingerprint)
        #expect(!FileManager.default.fileExists(atPath: KeyRotation.pendingPath(t.keyFilePath)))
        _ = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath)
    }

    @Test("a line whose signature fails is rejected as bad_signature without its payload being parsed")
    func signatureBeforePayload() throws {
        let f = try IntakeFixture()
        let keyring = IntakeKeyring(store: f.store)
        // A payload that parsing would refuse (a field given twice), under a wrong signature.
        let payload = #"{"type":"order","orderNo":"X","orderNo":"Y"}"#
        let line = IntakePayload.envelopeLine(substation: "sh-a", payloadText: payload, signatureHex: String(repeating: "0", count: 64))
        let counter = IntakeJSON.ParseCounter()
        let prepared = IntakeJSON.$parseCounter.withValue(counter) {
            keyring.prepare(number: 1, readAt: 0, bytes: Array(line.utf8))
        }
        guard case let .failure(problem) = prepared.payload else { Issue.record("accepted"); return }
        #expect(problem.reason == .badSignature)
        #expect(counter.count == 1, "only the envelope was parsed, not the payload: \(counter.count) parses")
        #expect(prepared.kind == .order, "the kind is still read off the text for the rejection record")

        // Signed correctly, the same payload is parsed (and refused for its own fault).
        let signed = IntakePayload.envelopeLine(substation: "sh-a", payloadText: payload,
                                                signatureHex: IntakeSigner.signature(payload: payload, secret: f.secrets["sh-a"]!))
        let counted = IntakeJSON.ParseCounter()
        let parsed = IntakeJSON.$parseCounter.withValue(counted) { keyring.prepare(number: 2, readAt: 0, bytes: Array(signed.utf8)) }
        guard case let .failure(own) = parsed.payload else { Issue.record("accepted"); return }
        #expect(own.reason == .malformed && own.detail.contains("appears twice") && counted.count == 2)
    }

    @Test("a line with more fields than the cap is rejected as too_many_fields")
    func tooManyFields() throws {
        let f = try IntakeFixture()
        let fields = (0..<200).map { "\"f\($0)\":1" }.joined(separator: ",")
        let payload = #"{"type":"order","# + fields + "}"
        let line = IntakePayload.envelopeLine(substation: "sh-a", payloadText: payload,
                                              signatureHex: IntakeSigner.signature(payload: payload, secret: f.secrets["sh-a"]!))
        let summary = try f.ingest([line])
        #expect(summary.rejectedByReason == ["too_many_fields": 1])
        #expect((try f.rejections().first?["detail"] as String?)?.contains("more than 64 fields") == true)
    }
}
