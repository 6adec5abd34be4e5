import Foundation
import KamengDomain
import KamengStorage

/// What the Reports pane asks of the storage, and where its exports go.
public struct ReportsClient: Sendable {
    /// The period's figures and the balances that will not last `coverDays` more days.
    public var report: @Sendable (_ days: BusinessDays, _ coverDays: Int) async throws(StoreError) -> MoneyReport
    /// Reconciliation over the period as of `now`; paid orders older than `staleAfter` count as undelivered.
    public var reconcile: @Sendable (_ days: BusinessDays, _ staleAfter: TimeInterval, _ now: Date) async throws(StoreError) -> ReconciliationReport
    /// Writes `sheet` to the typed path; returns the path written.
    public var export: @Sendable (_ path: String, _ sheet: ReportSheet) async throws(StoreError) -> String
    /// The clock a relative period (today, 7 days) is counted from.
    public var now: @Sendable () -> Date

    public init(report: @escaping @Sendable (BusinessDays, Int) async throws(StoreError) -> MoneyReport,
                reconcile: @escaping @Sendable (BusinessDays, TimeInterval, Date) async throws(StoreError) -> ReconciliationReport,
                export: @escaping @Sendable (String, ReportSheet) async throws(StoreError) -> String,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.report = report
        self.reconcile = reconcile
        self.export = export
        self.now = now
    }
}

extension ReportsFeature {
    /// Over the engine. The read methods take no actor, so the permission is checked here, before the
    /// engine is asked: someone without `.viewFinance` is refused as the store would refuse a change.
    static func live(_ session: ConsoleSession) -> ReportsClient {
        let engine = session.engine
        @Sendable func mayRead() throws(StoreError) {
            let staff = try session.actor()
            guard staff.role.may(.viewFinance) else { throw StoreError.forbidden(user: staff.userName, action: "read reports") }
        }
        return ReportsClient(
            report: { days, coverDays throws(StoreError) in
                try mayRead()
                return try await engine.moneyReport(days: days, coverDays: coverDays)
            },
            reconcile: { days, staleAfter, now throws(StoreError) in
                try mayRead()
                return try await engine.reconcile(days: days, staleAfter: staleAfter, now: now)
            },
            export: { path, sheet throws(StoreError) in
                let target = try session.writable(path)
                try ReportFile.write(sheet, to: target, shownAs: path)
                return path
            })
    }

    static func unimplemented(_ report: @escaping @Sendable (String) -> Void) -> ReportsClient {
        ReportsClient(
            report: { _, _ throws(StoreError) in throw unimplementedCall("reports.report", report) },
            reconcile: { _, _, _ throws(StoreError) in throw unimplementedCall("reports.reconcile", report) },
            export: { _, _ throws(StoreError) in throw unimplementedCall("reports.export", report) },
            now: { Date(timeIntervalSince1970: 0) })
    }

    /// The figures first (the first frame needs them), then reconciliation, which reads every order of
    /// the period; a reload after another connection's commit on the refresh lane; exports on the work lane.
    static func perform(_ effect: ReportsEffect, _ client: ReportsClient, _ runner: EffectRunner<ReportsAnswer>) {
        let post = runner.post, language = runner.language
        switch effect {
        case .load(let request):
            let job: SerialLane.Job = {
                let now = client.now()
                let days = request.period.days(now: now)
                do throws(StoreError) {
                    post(.reportLoaded(generation: request.generation, try await client.report(days, request.coverDays)))
                    post(.reconciled(generation: request.generation, try await client.reconcile(days, request.staleAfter, now)))
                } catch {
                    post(.loadFailed(generation: request.generation, error.text(language)))
                }
            }
            if request.followsCommit { runner.refresh(job) } else { runner.query(job) }
        case let .export(path, sheet):
            runner.work {
                do throws(StoreError) {
                    post(.exported(path: try await client.export(path, sheet), rows: sheet.rowCount))
                } catch {
                    post(.exportFailed(error.text(language)))
                }
            }
        }
    }
}
