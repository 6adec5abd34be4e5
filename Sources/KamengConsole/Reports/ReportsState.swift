import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// The days a report covers: the last 1, 7 or 30 business days (UTC+8) up to now, or days typed in.
public enum ReportPeriod: Hashable, Sendable {
    case today, week, month
    case custom(BusinessDays)

    /// The days as of `now`; a custom period is what was typed.
    public func days(now: Date) -> BusinessDays {
        switch self {
        case .today: BusinessDays.last(1, now: now)
        case .week: BusinessDays.last(7, now: now)
        case .month: BusinessDays.last(30, now: now)
        case .custom(let days): days
        }
    }

    /// "2026-11-01 2026-11-30" (either order, one day alone, full-width space too); nil when unreadable
    /// or longer than a year (the report would be a wall of bars nobody reads).
    public static func parse(_ text: String) -> BusinessDays? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "　" || $0 == "," }).map(String.init)
        guard (1...2).contains(parts.count), let first = BusinessDay(parts[0]) else { return nil }
        guard let second = parts.count == 2 ? BusinessDay(parts[1]) : first else { return nil }
        let days = BusinessDays(from: min(first, second), to: max(first, second))
        return days.days.count <= 366 ? days : nil
    }
}

/// The tables of the pane; one has the selection (`s` moves it), and on a small screen only it is shown.
public enum ReportSection: Int, CaseIterable, Hashable, Sendable {
    case products, substations, lowBalances, anomalies
}

/// A field the pane is asking for.
public enum ReportsPrompt: Equatable, Sendable {
    /// "YYYY-MM-DD YYYY-MM-DD"
    case customPeriod(TextFieldState)
    /// Where to write the export; `.xlsx` writes a workbook, anything else CSV.
    case exportPath(TextFieldState)

    var field: TextFieldState {
        switch self {
        case .customPeriod(let field), .exportPath(let field): field
        }
    }
}

/// The Reports pane (报表): money over a period as the ledger booked it, and what reconciliation found.
public struct ReportsState: Equatable, Sendable {
    public var period: ReportPeriod = .week
    public var report: MoneyReport?
    public var reconciliation: ReconciliationReport?
    /// A reload is running (the figures, then reconciliation).
    public var loading = false
    /// The figures are in; reconciliation is still running.
    public var reconciling = false
    /// Another connection committed while a reload ran, or while the pane was behind others.
    public var stale = false
    /// Bumped by every reload: answers to an older one are dropped (a period switched twice quickly).
    public var generation = 0
    public var error: String?
    public var section: ReportSection = .products
    /// Selection and scroll per section.
    public var selected: [ReportSection: Int] = [:]
    public var scrollOffset: [ReportSection: Int] = [:]
    public var prompt: ReportsPrompt?
    /// A line for the status bar: an export written, a period refused.
    public var notice: String?
    /// An export is being written.
    public var exporting = false
    /// Days of a substation's charges its funds should last; fewer are listed as running low.
    public var coverDays = ReportsState.defaultCoverDays
    /// Minutes after payment an undelivered order counts as an anomaly.
    public var staleAfter: TimeInterval = ReportsState.defaultStaleAfter

    public static let defaultCoverDays = 7
    public static let defaultStaleAfter: TimeInterval = 15 * 60

    public init() {}

    public var capturesKeys: Bool { prompt != nil }

    /// Rows in `section` as loaded.
    public func count(_ section: ReportSection) -> Int {
        switch section {
        case .products: report?.perProduct.count ?? 0
        case .substations: report?.perSubstation.count ?? 0
        case .lowBalances: report?.lowBalances.count ?? 0
        case .anomalies: reconciliation?.anomalies.count ?? 0
        }
    }

    public func selection(_ section: ReportSection) -> Int { min(selected[section] ?? 0, max(0, count(section) - 1)) }

    /// The anomaly under the selection, when the anomalies have it.
    public var selectedAnomaly: ReconciliationAnomaly? {
        guard section == .anomalies, let anomalies = reconciliation?.anomalies, !anomalies.isEmpty else { return nil }
        return anomalies[selection(.anomalies)]
    }
}

/// One reload's question.
public struct ReportsRequest: Hashable, Sendable {
    public var generation: Int
    public var period: ReportPeriod
    public var coverDays: Int
    public var staleAfter: TimeInterval
    /// A reload because another connection committed: on the refresh lane, beside the keys' queries.
    public var followsCommit: Bool
}

/// Answers of the Reports pane's effects.
public enum ReportsAnswer: Sendable, Equatable {
    case reportLoaded(generation: Int, MoneyReport)
    case reconciled(generation: Int, ReconciliationReport)
    case loadFailed(generation: Int, String)
    case exported(path: String, rows: Int)
    case exportFailed(String)
}

/// Work the Reports pane asks for.
public enum ReportsEffect: Sendable, Equatable {
    case load(ReportsRequest)
    /// Writes `sheet` to `path` (CSV, or a workbook for `.xlsx`).
    case export(path: String, sheet: ReportSheet)
}
