import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// Where the queue's table and its context panel go.
struct RiskLayout {
    var table: Rect
    var panel: Rect

    init(body: Rect) {
        let panelHeight = min(9, max(3, body.height / 3))
        let (table, panel) = body.splitBottom(panelHeight)
        self.table = table
        self.panel = panel
    }

    var tableRows: Int { table.height >= 3 ? table.height - 2 : max(0, table.height - 1) }
}

/// Draws the risk queue: held orders, then the selected one's rules and related orders.
enum RiskView {
    static func render(_ state: PaneView<RiskState>, into screen: inout Screen, area: Rect) {
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        let layout = RiskLayout(body: area)
        screen.fill(area)
        renderTable(state, words, into: &screen, area: layout.table)
        renderPanel(state, words, into: &screen, area: layout.panel)
        if let dialog = state.dialog { renderDialog(dialog, state, words, into: &screen, area: area) }
    }

    private static func renderTable(_ state: PaneView<RiskState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        let zh = state.language == .zh
        let columns = [
            Table.Column(zh ? "选" : "Sel", minWidth: 3, weight: 0),
            Table.Column(zh ? "分" : "Score", minWidth: 5, weight: 0, alignment: .right),
            Table.Column(zh ? "等待" : "Waiting", minWidth: 7, weight: 0, alignment: .right),
            Table.Column(zh ? "订单号" : "Order no", minWidth: 15, weight: 0, keepsEnd: true),
            Table.Column(zh ? "触发规则" : "Rules fired", minWidth: 16, weight: 4),
            Table.Column(zh ? "商品" : "Product", minWidth: 10, weight: 2),
            Table.Column(zh ? "金额" : "Amount", minWidth: 9, weight: 0, alignment: .right),
            Table.Column(zh ? "买家" : "Buyer", minWidth: 8, weight: 1),
            Table.Column("IP", minWidth: 15, weight: 0),
        ]
        let now = state.loadedAt ?? Date(timeIntervalSince1970: 0)
        let risk = state.state
        let held = risk.rows ?? []
        // Only the rows on screen are formatted (the queue holds up to 500), as in the order list.
        let window = Table.window(area: area, selected: risk.selected, scrollOffset: risk.scrollOffset, rowCount: held.count)
        let rows = held[window].map { summary in
            let o = summary.order
            let mark = o.id.map(state.marked.contains) == true ? (state.glyphs.frame == .ascii ? "[x]" : "[✓]") : "[ ]"
            let rules = o.riskFindings.map { $0.rule.title(chinese: zh) }.joined(separator: zh ? "、" : ", ")
            return Table.Row([mark, String(o.riskScore), words.age(Int64(max(0, now.timeIntervalSince(o.createdAt)))),
                              TerminalSafe.visible(o.orderNo), TerminalSafe.visible(rules), TerminalSafe.visible(summary.productName),
                              o.amount.description, TerminalSafe.visible(o.buyer), TerminalSafe.visible(o.ip)],
                             role: o.riskScore >= 80 ? .danger : .warn)
        }
        let empty = risk.error.map(words.failed) ?? (risk.rows == nil ? words.loading : words.queueEmpty)
        var table = Table(columns: columns, rows: rows, selected: rows.isEmpty ? nil : risk.selected - window.lowerBound, scrollOffset: 0,
                          emptyMessage: TerminalSafe.visible(empty), glyphs: state.glyphs)
        table.highlight = ConsoleLayout.tableHighlight
        table.render(into: &screen, area: area)
    }

    private static func renderPanel(_ state: PaneView<RiskState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        guard !area.isEmpty, let summary = state.selectedOrder else { return }
        let zh = state.language == .zh, inner = area.inset(dx: 1, dy: 0)
        var lines: [(String, StyleRole)] = [(String(repeating: String(state.glyphs.frame.horizontal), count: inner.width), .border)]
        for finding in summary.order.riskFindings {
            lines.append(("• " + finding.explanation(chinese: zh) + "  (+\(finding.weight))", .warn))
        }
        if let related = state.related, related.orderId == summary.order.id {
            lines.append((words.related(ip: related.sameIP.count, buyer: related.sameBuyer.count, device: related.sameDevice.count), .header))
            let others = (related.sameDevice + related.sameIP + related.sameBuyer).filter { $0.order.id != summary.order.id }
            var seen: Set<Int64> = []
            for other in others where seen.insert(other.order.id ?? -1).inserted {
                let o = other.order
                lines.append(("  \(TerminalSafe.visible(o.orderNo))  \(words.status(o.status))  \(TerminalSafe.visible(o.buyer))  "
                              + "\(TerminalSafe.visible(o.ip))  \(TerminalSafe.visible(o.device))  \(o.amount)", .muted))
            }
        }
        for (i, line) in lines.enumerated() where inner.y + i < inner.maxY {
            screen.write(TextFit.truncate(line.0, toWidth: inner.width, ellipsis: state.glyphs.ellipsis), at: Point(x: inner.x, y: inner.y + i),
                         maxWidth: inner.width, style: Style(line.1, bold: line.1 == .header), replacement: state.glyphs.replacement)
        }
    }

    private static func renderDialog(_ dialog: RiskDialog, _ state: PaneView<RiskState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        switch dialog {
        case let .confirm(decision, _, nos, focus):
            ConfirmDialog(title: TerminalSafe.visible(words.decisionTitle(decision, nos)), message: words.decisionMessage(decision),
                          confirmLabel: words.decisionButton(decision), cancelLabel: words.cancelButton, glyphs: state.glyphs)
                .render(into: &screen, area: area, state: focus)
        case let .text(decision, _, field):
            prompt(decision == .escalate ? words.escalatePrompt : words.notePrompt, field, state, into: &screen, area: area)
        case .reject(let box):
            var lines: [PanelDialog.Line] = [.text(words.decisionMessage(.reject), .normal), .blank]
            lines += BlacklistKind.allCases.map { kind in
                .option(TerminalSafe.visible(words.blacklistOption(kind, values: box.values[kind] ?? [])), ticked: box.blacklist.contains(kind),
                        current: box.option == kind)
            }
            lines.append(.text(words.optionsHint, .muted))
            PanelDialog(title: TerminalSafe.visible(words.decisionTitle(.reject, box.orderNos)), lines: lines,
                        buttons: [(words.cancelButton, box.focus.focus == .cancel), (words.decisionButton(.reject), box.focus.focus == .confirm)],
                        maxWidth: 64)
                .render(into: &screen, area: area, glyphs: state.glyphs)
        case let .code(_, _, field):
            prompt(words.stepUpPrompt, PromptBox.masked(field), state, into: &screen, area: area)
        }
    }

    private static func prompt(_ title: String, _ field: TextFieldState, _ state: PaneView<RiskState>, into screen: inout Screen, area: Rect) {
        PromptBox(lines: [title], field: field).render(into: &screen, area: area, glyphs: state.glyphs)
    }

    static func status(_ state: PaneView<RiskState>) -> String {
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        if let notice = state.notice { return TerminalSafe.visible(words.notice(notice)) }
        if let error = state.error { return TerminalSafe.visible(words.failed(error)) }
        guard let rows = state.rows else { return words.loading }
        return words.queueStatus(rows.count, total: state.total ?? rows.count, marked: state.marked.count)
    }
}

extension Strings {
    var queueEmpty: String { text("风控队列为空：没有被拦截的订单", "The queue is empty: no held orders") }
    var notePrompt: String { text("备注（记入订单时间线），回车保存，Esc 取消", "Note for the order's timeline; Enter saves, Esc cancels") }
    var escalatePrompt: String { text("升级给管理员：说明原因，回车确认", "Escalate to an admin: say why, Enter to confirm") }

    func queueStatus(_ count: Int, total: Int, marked: Int) -> String {
        (total > count ? text("\(total) 个订单待审核，列出分数最高的 \(count) 个", "\(total) held orders, the \(count) highest-scored listed")
                       : text("\(count) 个订单待审核", "\(count) held orders")) + (marked > 0 ? text("，已选 \(marked) 个", ", \(marked) marked") : "")
    }
    func related(ip: Int, buyer: Int, device: Int) -> String {
        text("相关订单：同 IP \(ip) 笔，同买家 \(buyer) 笔，同设备 \(device) 笔", "Related: \(ip) from this IP, \(buyer) from this buyer, \(device) on this device")
    }
    func decisionTitle(_ decision: RiskDecision, _ orderNos: [String]) -> String {
        let list = orderNos.prefix(3).joined(separator: ", ") + (orderNos.count > 3 ? text(" 等 \(orderNos.count) 个订单", " and \(orderNos.count - 3) more") : "")
        switch decision {
        case .approve: return text("通过并发货：\(list)？", "Approve and deliver \(list)?")
        case .reject: return text("拒绝（已付款的退款，未付款的取消）：\(list)？", "Reject (refund if paid, cancel if not) \(list)?")
        case .escalate, .note: return list
        }
    }
    func decisionMessage(_ decision: RiskDecision) -> String {
        decision == .approve ? text("订单将立即发放卡密。此操作记入审计日志。", "Keys are delivered at once. This is audited.")
            : text("退款超过设定金额时需要动态码。此操作记入审计日志。", "A refund above the configured amount needs your authenticator code. This is audited.")
    }
    func decisionButton(_ decision: RiskDecision) -> String {
        decision == .approve ? text("通过", "Approve") : text("拒绝", "Reject")
    }
    func blacklistOption(_ kind: BlacklistKind, values: [String]) -> String {
        let what = switch kind {
        case .ip: text(" IP", "IP")
        case .buyer: text("买家", "buyer")
        case .device: text("设备", "device")
        }
        switch values.count {
        case 0: return text("同时拉黑\(what)（订单上没有）", "Also blacklist the \(what) (none on the order)")
        case 1: return text("同时拉黑\(what)：\(values[0])", "Also blacklist the \(what): \(values[0])")
        default: return text("同时拉黑这些订单的\(what)（\(values.count) 个）", "Also blacklist their \(what)s (\(values.count))")
        }
    }
    var optionsHint: String { text("↑↓ 选择，空格 勾选，Tab 切换按钮", "Up/Down choose, Space ticks, Tab switches button") }

    func blacklistedWords(_ kinds: Set<BlacklistKind>) -> String {
        let names = BlacklistKind.allCases.filter(kinds.contains).map { kind in
            switch kind {
            case .ip: "IP"
            case .buyer: text("买家", "buyer")
            case .device: text("设备", "device")
            }
        }
        return names.isEmpty ? "" : text("，并拉黑：", "; blacklisted ") + names.joined(separator: text("、", ", "))
    }

    func notice(_ notice: RiskNotice) -> String {
        switch notice {
        case let .done(decision, count, blacklisted):
            switch decision {
            case .approve: text("已通过 \(count) 个订单", "Approved \(count) order(s)")
            case .reject: text("已拒绝 \(count) 个订单", "Rejected \(count) order(s)") + blacklistedWords(blacklisted)
            case .escalate: text("已升级", "Escalated")
            case .note: text("备注已保存", "Note saved")
            }
        case .failed(let message): text("操作失败：", "Failed: ") + message
        }
    }
}
