import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// Draws an opened order: who, what, the timeline, and its keys — masked to a fixed width, or for 30 s
/// after an audited reveal, in the clear (through `TerminalSafe.visible`, like all data).
enum OrderDetailView {
    static func render(_ detail: OrderDetail, _ state: PaneView<OrdersState>, into screen: inout Screen, area: Rect) {
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        let o = detail.summary.order, zh = state.language == .zh
        let v = TerminalSafe.visible
        var lines: [(String, StyleRole)] = [
            ("\(words.orderWord) \(v(o.orderNo))   \(v(detail.summary.productName)) × \(o.quantity)   \(o.amount)   \(words.status(o.status))", .title),
            ("\(words.substationWord) \(v(detail.summary.substationCode))   \(words.buyerWord) \(v(o.buyer))   IP \(v(o.ip))   \(words.deviceWord) \(v(o.device))", .normal),
        ]
        if o.riskScore > 0 || !o.riskFindings.isEmpty {
            let reasons = o.riskFindings.map { $0.explanation(chinese: zh) }.joined(separator: "；")
            lines.append(("\(words.riskWord) \(o.riskScore)" + (reasons.isEmpty ? "" : "：" + reasons), .warn))
        }
        lines.append(("", .normal))
        lines.append((words.timelineWord, .header))
        let time = { (date: Date) in ConsoleClock.short(date, in: state.timeZone, today: state.today) }
        lines.append(("  \(time(o.createdAt))  \(words.createdWord)", .normal))
        if let paid = o.paidAt { lines.append(("  \(time(paid))  \(words.paidWord)" + (o.paymentMethod.map { " (\($0.rawValue))" } ?? ""), .normal)) }
        for event in detail.history {
            lines.append(("  \(time(event.at))  \(v(event.action)) · \(v(event.actor))" + (event.detail.isEmpty ? "" : " · " + v(event.detail)), .muted))
        }
        if let delivered = o.deliveredAt, !detail.history.contains(where: { $0.action == "order.deliver" }) {
            lines.append(("  \(time(delivered))  \(words.deliveredWord)", .normal))
        }
        lines.append(("", .normal))
        lines.append((words.keysWord, .header))
        if detail.keys.isEmpty { lines.append(("  " + words.noKeysWord, .muted)) }
        if let shown = detail.revealed {
            for key in shown {
                lines.append(("  #\(key.id)  \(words.numberWord) \(v(key.number ?? "—"))  \(words.secretWord) \(v(key.secret))", .accent))
            }
            lines.append((words.revealHides(Int(revealSeconds)), .warn))
        } else {
            for key in detail.keys {
                let number = key.numberHint.map { CardKey.secretMask.prefix(8) + v($0) } ?? "—"
                lines.append(("  #\(key.id)  \(words.numberWord) \(number)  \(words.secretWord) \(CardKey.secretMask)  \(key.status)", .normal))
            }
        }
        lines.append(("", .normal))
        lines.append((words.detailKeysHint(canReveal: state.allows(.reveal) && !detail.keys.isEmpty), .muted))
        if let notice = state.notice { lines.append((v(notice), .danger)) }

        screen.fill(area)
        let inner = area.inset(dx: 1, dy: 0)
        for (i, line) in lines.enumerated() where inner.y + i < inner.maxY && !line.0.isEmpty {
            screen.write(TextFit.truncate(line.0, toWidth: inner.width, ellipsis: state.glyphs.ellipsis), at: Point(x: inner.x, y: inner.y + i),
                         maxWidth: inner.width, style: Style(line.1, bold: line.1 == .title || line.1 == .header),
                         replacement: state.glyphs.replacement)
        }
        if let step = state.revealStep { renderPrompt(step, state, words, into: &screen, area: area) }
        switch state.dialog {
        case let .confirm(action, focus)?:
            ConfirmDialog(title: v(words.orderActionTitle(action, o.orderNo, o.amount)), message: words.orderActionMessage(action),
                          confirmLabel: words.orderActionButton(action), cancelLabel: words.cancelButton, glyphs: state.glyphs)
                .render(into: &screen, area: area, state: focus)
        case let .code(_, field)?:
            renderPrompt(.code(reason: "", field), state, words, into: &screen, area: area)
        case nil:
            break
        }
    }

    /// The reason or code prompt, boxed in the lower part of the body.
    private static func renderPrompt(_ step: RevealStep, _ state: PaneView<OrdersState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        let box: PromptBox
        switch step {
        case .reason(let text): box = PromptBox(lines: [words.revealReasonPrompt], field: text, placeholder: words.revealReasonPlaceholder, atBottom: true)
        case .code(_, let code): box = PromptBox(lines: [words.stepUpPrompt], field: PromptBox.masked(code), placeholder: "______", atBottom: true)
        }
        box.render(into: &screen, area: area, glyphs: state.glyphs)
    }
}

extension Strings {
    var orderWord: String { text("订单", "Order") }
    var substationWord: String { text("分站", "Substation") }
    var buyerWord: String { text("买家", "Buyer") }
    var deviceWord: String { text("设备", "Device") }
    var riskWord: String { text("风险", "Risk") }
    var timelineWord: String { text("时间线", "Timeline") }
    var createdWord: String { text("下单", "created") }
    var paidWord: String { text("支付", "paid") }
    var deliveredWord: String { text("发货", "delivered") }
    var keysWord: String { text("卡密", "Keys") }
    var noKeysWord: String { text("尚未发货", "none delivered") }
    var numberWord: String { text("卡号", "number") }
    var secretWord: String { text("卡密", "secret") }
    var revealReasonPrompt: String { text("查看卡密的原因（记入审计日志），回车继续，Esc 取消", "Why you reveal these keys (goes to the audit log); Enter to go on, Esc to cancel") }
    var revealReasonPlaceholder: String { text("例如：买家投诉未收到，工单 #1234", "e.g. buyer says nothing arrived, ticket #1234") }
    var filterPrompt: String { text("筛选", "Filter") }
    var filterHelp: String { text("单号/买家/IP/设备，status: sub: sku:", "order no./buyer/IP/device, status: sub: sku:") }

    func revealHides(_ seconds: Int) -> String { text("以上卡密将在 \(seconds) 秒后自动隐藏（Esc 立即隐藏）", "These keys hide again in \(seconds) s (Esc hides them now)") }
    func orderActionTitle(_ action: OrderAction, _ orderNo: String, _ amount: Money) -> String {
        action == .deliver ? text("立即为订单 \(orderNo) 发货（补单）？", "Deliver order \(orderNo) now?")
            : text("退款订单 \(orderNo)（\(amount)）？", "Refund order \(orderNo) (\(amount))?")
    }
    func orderActionMessage(_ action: OrderAction) -> String {
        action == .deliver ? text("从可用库存中取卡密发给该订单；库存不足时保持缺货待补。记入审计日志。", "Takes available keys for it; short stock leaves it awaiting stock. Audited.")
            : text("已发出的卡密仍归该订单。超过设定金额需要动态码。记入审计日志。", "Delivered keys stay with the order. Above the configured amount a code is needed. Audited.")
    }
    func orderActionButton(_ action: OrderAction) -> String { action == .deliver ? text("发货", "Deliver") : text("退款", "Refund") }

    func detailKeysHint(canReveal: Bool) -> String {
        canReveal ? text("v 查看卡密（需原因和动态码，记入审计）· Esc 返回", "v reveals the keys (reason and code, audited) · Esc back")
            : text("Esc 返回", "Esc back")
    }
}
