import Foundation
import Testing
import KamengDomain

@Suite("Supporting types")
struct SupportingTypesTests {
    @Test("the secret mask is fixed and reveals nothing")
    func secretMask() {
        #expect(CardKey.secretMask == "••••••••••••")
        #expect(CardKey.secretMask.count == 12)
        #expect(Set(CardKey.secretMask).count == 1)
    }

    @Test("card key and batch statuses")
    func statuses() {
        #expect(CardKeyStatus.allCases.map(\.rawValue) == ["available", "reserved", "sold", "void"])
        #expect(BatchStatus.allCases.map(\.rawValue) == ["active", "voided"])
    }

    @Test("plaintext defaults")
    func plaintextDefaults() {
        let key = CardKeyPlaintext(number: nil, secret: "S3CR3T", sourceLine: 7)
        #expect(key.expiresAt == nil)
        #expect(key.note == nil)
        #expect(key.sourceLine == 7)
    }

    @Test("domain error descriptions", arguments: [
        (DomainError.illegalTransition(order: "A1", from: .pending, to: .delivered),
         "order A1: cannot go from pending to delivered"),
        (.illegalTransition(order: "A2", from: .paid, to: .awaitingStock), "order A2: cannot go from paid to awaiting_stock"),
        (.illegalSubstationTransition(code: "sz", from: .closed, to: .suspended),
         "substation sz: cannot go from closed to suspended"),
        (.invalid(field: "sku", problem: "too long"), "sku: too long"),
    ])
    func errorDescription(error: DomainError, text: String) {
        #expect(error.description == text)
        #expect("\(error)" == text)
    }

    @Test("domain errors compare by their contents")
    func errorEquality() {
        #expect(DomainError.invalid(field: "a", problem: "b") == .invalid(field: "a", problem: "b"))
        #expect(DomainError.invalid(field: "a", problem: "b") != .invalid(field: "a", problem: "c"))
        #expect(DomainError.illegalTransition(order: "x", from: .paid, to: .pending)
            != .illegalTransition(order: "x", from: .pending, to: .paid))
    }

    @Test("audit events round-trip through JSON")
    func auditCodable() throws {
        let event = AuditEvent(id: 3, at: Date(timeIntervalSince1970: 1_700_000_000), actor: "alice",
                               action: "reveal", target: "key:9", detail: "order ORD-1")
        let back = try JSONDecoder().decode(AuditEvent.self, from: JSONEncoder().encode(event))
        #expect(back == event)
        #expect(back.actor == "alice")
    }

    @Test("audit verification results")
    func auditVerification() {
        #expect(AuditVerification.intact(rows: 3) == .intact(rows: 3))
        #expect(AuditVerification.intact(rows: 3) != .intact(rows: 4))
        #expect(AuditVerification.broken(atId: 5, reason: "link") != .intact(rows: 5))
    }
}
