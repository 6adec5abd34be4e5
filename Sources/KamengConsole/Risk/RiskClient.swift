import Foundation
import KamengDomain
import KamengStorage

/// What the risk queue asks of the storage: the held orders, related ones, decisions.
public struct RiskClient: Sendable {
    /// The first `RiskFeature.queueLength` held orders in queue order.
    public var held: @Sendable () async throws(StoreError) -> [OrderSummary]
    /// How many orders are held in all, and which (`HeldQueueTally`).
    public var tally: @Sendable () async throws(StoreError) -> HeldQueueTally
    /// The tally when the list the pane holds was read: nil until one is, and after a failure.
    let listed = TallyBox()
    public var related: @Sendable (OrderSummary) async throws(StoreError) -> RelatedOrders
    /// Decides the orders; returns how many it decided (others were decided elsewhere meanwhile).
    public var decide: @Sendable (RiskDecision, _ orderIds: [Int64], _ note: String, _ code: String?, _ blacklist: Set<BlacklistKind>)
        async throws(StoreError) -> Int
}

extension RiskFeature {
    static func live(_ session: ConsoleSession) -> RiskClient {
        let engine = session.engine
        return RiskClient(
            held: { () throws(StoreError) in try await engine.heldOrders(limit: RiskFeature.queueLength) },
            tally: { () throws(StoreError) in try await engine.heldQueueTally() },
            related: { summary throws(StoreError) in try await engine.related(to: summary) },
            decide: { decision, ids, note, code, blacklist throws(StoreError) in
                try await engine.decide(decision, orderIds: ids, note: note, blacklisting: blacklist, by: session.actor(), stepUp: code)
            })
    }

    static func unimplemented(_ report: @escaping @Sendable (String) -> Void) -> RiskClient {
        RiskClient(
            held: { () throws(StoreError) in throw unimplementedCall("risk.held", report) },
            tally: { () throws(StoreError) in throw unimplementedCall("risk.tally", report) },
            related: { _ throws(StoreError) in throw unimplementedCall("risk.related", report) },
            decide: { _, _, _, _, _ throws(StoreError) in throw unimplementedCall("risk.decide", report) })
    }

    /// The queue reloads on the refresh lane, related orders on the query lane, decisions on the work lane.
    static func perform(_ effect: RiskEffect, _ client: RiskClient, _ runner: EffectRunner<RiskAnswer>) {
        let post = runner.post, language = runner.language
        switch effect {
        case .load:
            runner.refresh {
                do throws(StoreError) {
                    // The tally first: when the same orders are held as at the last list read, none of
                    // them is read again (a commit that held or decided nothing leaves the queue as it was).
                    let tally = try await client.tally()
                    if tally == client.listed.value {
                        post(.unchanged(at: Date()))
                        return
                    }
                    let held = try await client.held()
                    client.listed.value = tally
                    post(.counted(tally.count))
                    post(.loaded(held, at: Date()))
                } catch {
                    client.listed.value = nil
                    post(.failed(error.text(language)))
                }
            }
        case .loadRelated(let summary):
            // Related orders are a hint beside the queue: when they cannot be read, the pane shows none.
            runner.query { if let related = try? await client.related(summary) { post(.relatedLoaded(related)) } }
        case let .decide(decision, ids, note, code, blacklist):
            runner.work {
                do throws(StoreError) {
                    let count = try await client.decide(decision, ids, note, code, blacklist)
                    post(.decided(decision, orderIds: ids, count: count, blacklisted: blacklist))
                } catch .stepUpRequired {
                    // Orders decided before the one needing a code stay decided; the rest wait for it.
                    post(.needsCode(orderIds: ids, blacklist: blacklist))
                } catch {
                    post(.decisionFailed(error.text(language)))
                }
            }
        }
    }
}

/// The tally of the last list read, shared by the reloads on the refresh lane (one at a time).
final class TallyBox: @unchecked Sendable {
    private let lock = NSLock()
    private var tally: HeldQueueTally?
    var value: HeldQueueTally? {
        get { lock.withLock { tally } }
        set { lock.withLock { tally = newValue } }
    }
}
