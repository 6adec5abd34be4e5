import Foundation
import KamengDomain
import KamengStorage

// MARK: SubstationOperations
extension SQLiteEngine {
    public func substations() async throws(StoreError) -> [Substation] {
        try await run { store in try store.substations() }
    }

    public func substationSignals(since: Date) async throws(StoreError) -> [SubstationSignals] {
        try await run { store in
            try store.substationsWithSignals(since: since).map { SubstationSignals(substation: $0.substation, signals: $0.signals) }
        }
    }

    public func openSubstation(_ draft: SubstationDraft, by actor: Staff) async throws(StoreError) -> OpenedSubstation {
        try await run { store in
            let (substation, secret) = try store.addSubstation(draft.substation(createdAt: Date()), parentCode: draft.parentCode, by: actor)
            return OpenedSubstation(substation: substation, apiSecret: secret)
        }
    }

    /// A leading `~` in `path` is the user's home (the console's prompt takes paths as typed).
    public func readSubstationSheet(path: String) async throws(StoreError) -> SubstationSheet {
        try await run { store in try store.readSubstationSheet(path: (path as NSString).expandingTildeInPath) }
    }

    public func openSubstations(_ drafts: [SubstationDraft], from path: String, by actor: Staff) async throws(StoreError) -> SubstationBatchResult {
        try await run { store in try store.addSubstations(drafts, from: (path as NSString).expandingTildeInPath, by: actor) }
    }

    public func setSubstationStatus(code: String, to status: SubstationStatus, by actor: Staff) async throws(StoreError) {
        try await run { store in try store.setSubstationStatus(code: code, to: status, by: actor) }
    }

    public func substationSecret(code: String, by actor: Staff, stepUp stepUpCode: String?) async throws(StoreError) -> String {
        try await run { store in try store.substationSecret(code: code, by: actor, stepUp: stepUpCode) }
    }
}
