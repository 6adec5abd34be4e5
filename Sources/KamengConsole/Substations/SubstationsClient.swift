import Foundation
import KamengDomain
import KamengStorage

/// What the substation pane asks of the storage and the disk: health, status changes, opening one or a batch.
public struct SubstationsClient: Sendable {
    public var health: @Sendable (_ now: Date) async throws(StoreError) -> [SubstationHealthRow]
    public var setStatus: @Sendable (_ code: String, SubstationStatus) async throws(StoreError) -> Void
    /// Opens one; returns its API secret (shown once).
    public var open: @Sendable (SubstationDraft) async throws(StoreError) -> String
    public var readSheet: @Sendable (_ path: String) async throws(StoreError) -> SubstationSheet
    public var openBatch: @Sendable ([SubstationDraft], _ path: String) async throws(StoreError) -> SubstationBatchResult
    public var complete: @Sendable (_ typed: String) -> (completion: String, candidates: [String])
    /// Per substation code: API requests and rejects since `since`, and the outbox backlog now.
    public var apiTraffic: @Sendable (_ since: Date) async throws(StoreError) -> [String: APITrafficTally]
}

extension SubstationsFeature {
    static func live(_ session: ConsoleSession) -> SubstationsClient {
        let engine = session.engine
        return SubstationsClient(
            health: { now throws(StoreError) in try await engine.substationHealth(now: now, rules: session.healthRules) },
            setStatus: { code, status throws(StoreError) in try await engine.setSubstationStatus(code: code, to: status, by: session.actor()) },
            open: { draft throws(StoreError) in try await engine.openSubstation(draft, by: session.actor()).apiSecret },
            // Through ssh the sheet is a name in the inbox, and its secrets file is written beside it there.
            readSheet: { path throws(StoreError) in try await engine.readSubstationSheet(path: session.openable(path)) },
            openBatch: { drafts, path throws(StoreError) in
                try await engine.openSubstations(drafts, from: session.openable(path), by: session.actor())
            },
            complete: { typed in session.completePath(typed) },
            apiTraffic: { since throws(StoreError) in try await engine.apiTraffic(since: since) })
    }

    static func unimplemented(_ report: @escaping @Sendable (String) -> Void) -> SubstationsClient {
        SubstationsClient(
            health: { _ throws(StoreError) in throw unimplementedCall("substations.health", report) },
            setStatus: { _, _ throws(StoreError) in throw unimplementedCall("substations.setStatus", report) },
            open: { _ throws(StoreError) in throw unimplementedCall("substations.open", report) },
            readSheet: { _ throws(StoreError) in throw unimplementedCall("substations.readSheet", report) },
            openBatch: { _, _ throws(StoreError) in throw unimplementedCall("substations.openBatch", report) },
            complete: { typed in report("substations.complete"); return (typed, []) },
            apiTraffic: { _ throws(StoreError) in throw unimplementedCall("substations.apiTraffic", report) })
    }

    /// The list reloads on the refresh lane, completion on the query lane, changes (and reading a batch
    /// file) on the work lane.
    static func perform(_ effect: SubstationsEffect, _ client: SubstationsClient, _ runner: EffectRunner<SubstationsAnswer>) {
        let post = runner.post, language = runner.language
        switch effect {
        case .load:
            runner.refresh {
                let now = Date()
                do throws(StoreError) { post(.loaded(try await client.health(now))) } catch { post(.failed(error.text(language))) }
                // The API figures are extra: a store that cannot give them leaves the columns at "—" and
                // the health list as it is.
                do throws(StoreError) {
                    post(.trafficLoaded(try await client.apiTraffic(now.addingTimeInterval(-SubstationsState.trafficWindow))))
                } catch {
                    post(.trafficLoaded(nil))
                }
            }
        case let .setStatus(code, status):
            runner.work {
                do throws(StoreError) {
                    try await client.setStatus(code, status)
                    post(.statusChanged(code: code, to: status))
                } catch {
                    post(.statusFailed(code: code, message: error.text(language)))
                }
            }
        case .open(let draft):
            runner.work {
                do throws(StoreError) { post(.opened(draft, secret: try await client.open(draft))) } catch { post(.openFailed(error.text(language))) }
            }
        case .complete(let typed):
            runner.query {
                let (completion, candidates) = client.complete(typed)
                post(.completed(original: typed, completion: completion, candidates: candidates))
            }
        case .readSheet(let path):
            runner.work {
                do throws(StoreError) { post(.sheetRead(path: path, try await client.readSheet((path as NSString).expandingTildeInPath))) } catch {
                    post(.sheetFailed(path: path, message: error.text(language)))
                }
            }
        case let .openBatch(path, drafts):
            runner.work {
                do throws(StoreError) { post(.batchOpened(try await client.openBatch(drafts, (path as NSString).expandingTildeInPath))) } catch {
                    post(.batchFailed(error.text(language)))
                }
            }
        }
    }
}
