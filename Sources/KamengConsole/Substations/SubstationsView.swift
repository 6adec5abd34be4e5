import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// Draws the substation pane: the ranked table, or the selected substation's detail.
enum SubstationsView {
    static func role(_ level: HealthLevel) -> StyleRole {
        switch level {
        case .ok: .ok
        case .suspended: .muted
        case .warn: .warn
        case .down: .danger
        }
    }

    static func render(_ state: PaneView<SubstationsState>, into screen: inout Screen, area: Rect) {
        let pane = state.state
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        screen.fill(area)
        if pane.showingDetail, let row = pane.selectedRow {
            renderDetail(row, state, words, into: &screen, area: area)
        } else {
            renderTable(state, words, into: &screen, area: area)
        }
        if case let .setStatus(code, name, to, focus)? = pane.dialog {
            ConfirmDialog(title: TerminalSafe.visible(words.confirmStatusTitle(code: code, name: name, to: to)),
                          message: words.confirmStatusMessage(to: to), confirmLabel: to == .suspended ? words.suspendButton : words.resumeButton,
                          cancelLabel: words.cancelButton, glyphs: state.glyphs)
                .render(into: &screen, area: area, state: focus)
        } else if let dialog = pane.dialog {
            SubstationsOpenView.render(dialog, state, into: &screen, area: area)
        }
    }

    private static func renderTable(_ state: PaneView<SubstationsState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        let zh = state.language == .zh
        let light = state.glyphs.frame == .ascii ? "*" : "●"
        let columns = [
            Table.Column(zh ? "状态" : "Status", minWidth: zh ? 8 : 11, weight: 0),
            Table.Column(zh ? "分站" : "Code", minWidth: 10, weight: 1, keepsEnd: true),
            Table.Column(zh ? "原因" : "Reason", minWidth: 16, weight: 4),
            Table.Column(zh ? "心跳" : "Beat", minWidth: 6, weight: 0, alignment: .right),
            Table.Column(zh ? "单/时" : "Ord/h", minWidth: 6, weight: 0, alignment: .right),
            Table.Column(zh ? "回调失败" : "CB fail", minWidth: 8, weight: 0, alignment: .right),
            Table.Column("p95", minWidth: 6, weight: 0, alignment: .right),
            Table.Column(zh ? "API 5分" : "API 5m", minWidth: 9, weight: 0, alignment: .right),
            Table.Column(zh ? "待通知" : "Outbox", minWidth: 6, weight: 0, alignment: .right),
            Table.Column(zh ? "佣金" : "Comm.", minWidth: 7, weight: 0, alignment: .right),
            Table.Column(zh ? "名称" : "Name", minWidth: 8, weight: 2),
            Table.Column(zh ? "到期" : "Expires", minWidth: 10, weight: 0),
        ]
        let traffic = state.traffic
        let rows = (state.rows ?? []).map { row in
            let r = row.report, s = row.substation
            let api = traffic.map { $0[s.code] ?? APITrafficTally() }
            return Table.Row([
                light + " " + r.level.title(chinese: zh), TerminalSafe.visible(s.code), TerminalSafe.visible(words.reason(r)),
                words.age(r.heartbeatAge), r.ordersLastHour.map(String.init) ?? "—", words.percent(basisPoints: r.callbackFailureBasisPoints),
                words.milliseconds(r.deliveryP95Ms), words.apiTraffic(api), words.backlog(api),
                Commission.fixedText(s.commissionBasisPoints),
                TerminalSafe.visible(s.name), s.expiresAt.map { ConsoleClock.date($0, in: state.timeZone) } ?? "—",
            ], role: role(r.level))
        }
        let pane = state.state
        let empty = pane.error.map(words.failed) ?? (pane.rows == nil ? words.loading : words.noSubstations)
        var table = Table(columns: columns, rows: rows, selected: rows.isEmpty ? nil : pane.selected,
                          scrollOffset: pane.scrollOffset, emptyMessage: TerminalSafe.visible(empty), glyphs: state.glyphs)
        table.highlight = ConsoleLayout.tableHighlight
        table.render(into: &screen, area: area)
    }

    private static func renderDetail(_ row: SubstationHealthRow, _ state: PaneView<SubstationsState>, _ words: Strings,
                                     into screen: inout Screen, area: Rect) {
        let zh = state.language == .zh
        let s = row.substation, r = row.report
        var lines: [(String, StyleRole)] = [
            (TerminalSafe.visible("\(s.code)  \(s.name)  \(s.domain)"), .title),
            ((state.glyphs.frame == .ascii ? "* " : "● ") + r.level.title(chinese: zh), role(r.level)),
        ]
        if r.findings.isEmpty { lines.append((words.healthy, .ok)) }
        for finding in r.findings.sorted(by: { $0.level > $1.level }) {
            lines.append(("- " + finding.explanation(chinese: zh), role(finding.level)))
        }
        if let traffic = state.traffic {
            let api = traffic[s.code] ?? APITrafficTally()
            lines.append((words.apiDetail(api, oldest: api.oldestBacklogAt.map { ConsoleClock.short($0, in: state.timeZone, today: state.today) }), api.failing > 0 ? .warn : .normal))
        }
        lines.append(("", .normal))
        lines.append((words.detailHint, .muted))
        let inner = area.inset(dx: 1, dy: 0)
        var y = inner.y
        for line in lines where y < inner.maxY {
            screen.write(TextFit.truncate(line.0, toWidth: inner.width, ellipsis: state.glyphs.ellipsis), at: Point(x: inner.x, y: y),
                         maxWidth: inner.width, style: Style(line.1, bold: line.1 == .title), replacement: state.glyphs.replacement)
            y += 1
        }
        y += 1
        guard y < inner.maxY else { return }
        screen.write(words.historyTitle, at: Point(x: inner.x, y: y), maxWidth: inner.width, style: Style(.header, bold: true))
        y += 1
        guard !row.history.isEmpty else {
            if y < inner.maxY { screen.write(words.noHistory, at: Point(x: inner.x, y: y), maxWidth: inner.width, style: Style(.muted)) }
            return
        }
        let series: [(String, [Double])] = [
            (words.ordersPerHour, row.history.map { Double($0.ordersLastHour) }),
            (words.callbackFailures, row.history.map { $0.callbacks > 0 ? Double($0.callbackFailures) / Double($0.callbacks) : 0 }),
            (words.deliveryP95, row.history.map { Double($0.deliveryP95Ms) }),
        ]
        let labelWidth = 14
        for (label, values) in series where y < inner.maxY {
            screen.write(TextFit.pad(label, toWidth: labelWidth, ellipsis: state.glyphs.ellipsis), at: Point(x: inner.x, y: y),
                         maxWidth: min(labelWidth, inner.width), style: Style(.muted))
            // Right after the label, as wide as the history (one cell per heartbeat), newest on the right.
            let room = Rect(x: inner.x + labelWidth + 1, y: y, width: max(0, min(values.count, inner.width - labelWidth - 1)), height: 1)
            Sparkline(values: values, glyphs: state.glyphs).render(into: &screen, area: room)
            y += 1
        }
    }

    static func status(_ state: PaneView<SubstationsState>) -> String {
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        if let notice = state.notice { return TerminalSafe.visible(words.notice(notice)) }
        if let error = state.error { return TerminalSafe.visible(words.failed(error)) }
        guard let rows = state.rows else { return words.loading }
        return words.substationsStatus(rows)
    }
}
