import Foundation
import KamengDomain
import KamengStorage
import KamengVault

// MARK: StaffOperations
extension SQLiteEngine {
    public func staff(userName: String) async throws(StoreError) -> Staff {
        try await run { store in try store.staff(userName: userName) }
    }

    public func owner() async throws(StoreError) -> Staff {
        try await run { store in try store.owner() }
    }

    public func allStaff() async throws(StoreError) -> [Staff] {
        try await run { store in try store.allStaff() }
    }

    public func hasAuthenticator(_ actor: Staff) async throws(StoreError) -> Bool {
        try await run { store in try store.hasAuthenticator(actor) }
    }

    public func enrolTOTP(for actor: Staff, stepUp code: String?) async throws(StoreError) -> TOTPEnrolment {
        try await run { store in try store.enrolTOTP(for: actor, stepUp: code) }
    }

    public func enrolDemoTOTP(for actor: Staff) async throws(StoreError) -> TOTPEnrolment {
        try await run { store in try store.enrolDemoTOTP(for: actor) }
    }

    public func resetTOTP(userName: String, by actor: Staff, stepUp code: String?) async throws(StoreError) {
        try await run { store in try store.resetTOTP(userName: userName, by: actor, stepUp: code) }
    }

    public func securitySettings() async throws(StoreError) -> SecuritySettings {
        try await run { store in try store.securitySettings() }
    }

    public func setSecuritySettings(_ settings: SecuritySettings, by actor: Staff, stepUp code: String?) async throws(StoreError) {
        try await run { store in try store.setSecuritySettings(settings, by: actor, stepUp: code) }
    }

    public func verifyAudit(by actor: Staff) async throws(StoreError) -> AuditVerification {
        try await run { store in try store.verifyAudit(by: actor) }
    }

    public func auditTail(limit: Int, by actor: Staff) async throws(StoreError) -> [AuditEvent] {
        try await run { store in try store.auditTail(limit: limit, by: actor) }
    }
}

// MARK: IntakeOperations
extension SQLiteEngine {
    /// Runs on the engine's queue for as long as the input lasts (a pipe may last as long as a demo).
    public func ingest(_ input: IntakeInput, options: IntakeOptions, by actor: Staff,
                       onGroup: (@Sendable (IntakeGroupReport) -> Void)?) async throws(StoreError) -> IntakeSummary {
        try await run { store in try store.ingest(input, options: options, by: actor, onGroup: onGroup) }
    }
}

// MARK: StaffOperations: SSH keys and taking staff out
extension SQLiteEngine {
    public func addStaff(userName: String, role: Role, sshKeys: [SSHPublicKey], by actor: Staff, stepUp code: String?) async throws(StoreError) -> Staff {
        try await run { store in try store.addStaff(userName: userName, role: role, sshKeys: sshKeys, by: actor, stepUp: code) }
    }

    public func addSSHKey(_ key: SSHPublicKey, to userName: String, by actor: Staff, stepUp code: String?) async throws(StoreError) -> StaffSSHKey {
        try await run { store in try store.addSSHKey(key, to: userName, by: actor, stepUp: code) }
    }

    public func removeSSHKey(fingerprint: String, from userName: String, by actor: Staff, stepUp code: String?) async throws(StoreError) {
        try await run { store in try store.removeSSHKey(fingerprint: fingerprint, from: userName, by: actor, stepUp: code) }
    }

    public func sshKeys(of userName: String, by actor: Staff) async throws(StoreError) -> [StaffSSHKey] {
        try await run { store in try store.sshKeys(of: userName, by: actor) }
    }

    public func activeSSHKeys(by actor: Staff) async throws(StoreError) -> [StaffSSHKey] {
        try await run { store in try store.activeSSHKeys(by: actor) }
    }

    public func disableStaff(userName: String, by actor: Staff, stepUp code: String?) async throws(StoreError) {
        try await run { store in try store.disableStaff(userName: userName, by: actor, stepUp: code) }
    }

    public func removeStaff(userName: String, by actor: Staff, stepUp code: String?) async throws(StoreError) {
        try await run { store in try store.removeStaff(userName: userName, by: actor, stepUp: code) }
    }
}
