import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// The Reports pane's transitions.
enum ReportsReducer {
    /// A reload of the period's figures; a new generation, so an older answer is dropped.
    static func reload(_ state: inout ReportsState, followingCommit: Bool = false) -> [ConsoleEffect] {
        state.generation += 1
        state.loading = true
        let request = ReportsRequest(generation: state.generation, period: state.period, coverDays: state.coverDays,
                                     staleAfter: state.staleAfter, followsCommit: followingCommit)
        return [.reports(.load(request))]
    }

    static func command(_ command: Command, _ state: inout ReportsState, _ context: PaneContext) -> [ConsoleEffect] {
        guard context.role?.may(.viewFinance) == true else { return [] }
        state.notice = nil
        switch command {
        case .reportToday: return choose(.today, &state)
        case .reportWeek: return choose(.week, &state)
        case .reportMonth: return choose(.month, &state)
        case .reportCustom:
            var initial = ""
            if case .custom(let days) = state.period { initial = "\(days.from) \(days.to)" }
            state.prompt = .customPeriod(TextFieldState(initial))
            return []
        case .nextReportSection:
            let all = ReportSection.allCases
            state.section = all[(state.section.rawValue + 1) % all.count]
            return []
        case .exportReport:
            guard state.report != nil, !state.exporting else { return [] }
            state.prompt = .exportPath(TextFieldState(defaultExportName(state)))
            return []
        case .activate:
            guard let anomaly = state.selectedAnomaly else { return [] }
            return [.showOrder(orderNo: anomaly.orderNo)]
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            let section = state.section
            var selected = state.selection(section), offset = state.scrollOffset[section] ?? 0
            ListMovement.apply(command, selected: &selected, scrollOffset: &offset, count: state.count(section),
                               visibleRows: max(1, ReportsLayout(context.layout.body, section: section).tableRows(section)))
            state.selected[section] = selected
            state.scrollOffset[section] = offset
            return []
        default:
            return []
        }
    }

    static func typed(_ key: Key, _ state: inout ReportsState, _ words: Strings) -> [ConsoleEffect] {
        guard let prompt = state.prompt else { return [] }
        switch key {
        case .escape:
            state.prompt = nil
            return []
        case .enter:
            let text = prompt.field.value.trimmingCharacters(in: .whitespaces)
            switch prompt {
            case .customPeriod:
                guard let days = ReportPeriod.parse(text) else {
                    state.notice = words.badPeriod(text)
                    return []
                }
                state.prompt = nil
                return choose(.custom(days), &state)
            case .exportPath:
                guard let report = state.report else { state.prompt = nil; return [] }
                guard !text.isEmpty else { state.notice = words.exportNeedsPath; return [] }
                state.prompt = nil
                state.exporting = true
                state.notice = words.exporting(text)
                return [.reports(.export(path: text, sheet: ReportSheet.of(report, state.reconciliation, words)))]
            }
        default:
            guard let next = prompt.field.applying(key) else { return [] }
            switch prompt {
            case .customPeriod: state.prompt = .customPeriod(next)
            case .exportPath: state.prompt = .exportPath(next)
            }
            return []
        }
    }

    static func answer(_ answer: ReportsAnswer, _ state: inout ReportsState, _ words: Strings) -> [ConsoleEffect] {
        switch answer {
        case let .reportLoaded(generation, report):
            guard generation == state.generation else { return [] }
            state.report = report
            state.error = nil
            state.reconciling = true
            clampSelections(&state)
        case let .reconciled(generation, reconciliation):
            guard generation == state.generation else { return [] }
            state.reconciliation = reconciliation
            state.reconciling = false
            state.loading = false
            clampSelections(&state)
        case let .loadFailed(generation, message):
            guard generation == state.generation else { return [] }
            state.error = message
            state.loading = false
            state.reconciling = false
        case let .exported(path, rows):
            state.exporting = false
            state.notice = words.exported(path, rows: rows)
        case .exportFailed(let message):
            state.exporting = false
            state.notice = words.exportFailed(message)
        }
        return []
    }

    private static func choose(_ period: ReportPeriod, _ state: inout ReportsState) -> [ConsoleEffect] {
        state.period = period
        state.selected = [:]
        state.scrollOffset = [:]
        return reload(&state)
    }

    private static func clampSelections(_ state: inout ReportsState) {
        for section in ReportSection.allCases where (state.selected[section] ?? 0) >= state.count(section) {
            state.selected[section] = max(0, state.count(section) - 1)
        }
    }

    /// "report-2026-11-09-2026-12-08.csv": the period in the name, so two exports do not overwrite each other.
    static func defaultExportName(_ state: ReportsState) -> String {
        guard let days = state.report?.days else { return "report.csv" }
        return "report-\(days.from)-\(days.to).csv"
    }
}
