import KamengDomain
import KamengStorage

/// The words of opening substations, in both languages.
extension Strings {
    func formTitle(modelCode: String?, modelName: String?) -> String {
        guard let modelCode else { return text("开通新分站（直属主站）", "Open a substation (under the main site)") }
        let model = modelCode + (modelName.map { " " + $0 } ?? "")
        return text("开通新分站（模板：\(model)）", "Open a substation (template: \(model))")
    }

    func placeholder(_ field: SubstationField) -> String {
        switch field {
        case .code: text("如 sh-xiaoqi", "e.g. sh-xiaoqi")
        case .name: text("分站显示名称", "shown to buyers")
        case .domain: text("如 shop.example.com", "e.g. shop.example.com")
        case .parent: text("留空：直属主站", "empty: under the main site")
        case .commission: text("如 5.5%", "e.g. 5.5%")
        }
    }

    var formHint: String { text("Tab 下一项 · Enter 检查后确认 · Esc 取消", "Tab next field · Enter check, then confirm · Esc cancel") }
    var opening: String { text("正在开通", "Opening") + ellipsis }
    func openFailed(_ message: String) -> String { text("未能开通：", "Not opened: ") + message }

    func confirmOpenTitle(_ draft: SubstationDraft) -> String {
        text("开通分站：\(draft.code)（\(draft.name)）？", "Open substation \(draft.code) (\(draft.name))?")
    }

    func confirmOpenMessage(_ draft: SubstationDraft) -> String {
        let parent = draft.parentCode ?? text("主站", "the main site")
        return text("域名 \(draft.domain)，上级 \(parent)，佣金 \(Commission.text(draft.commissionBasisPoints))。开通后只显示一次 API 密钥。此操作记入审计日志。",
                    "Domain \(draft.domain), parent \(parent), commission \(Commission.text(draft.commissionBasisPoints)). "
                        + "Its API secret is shown once. This is audited.")
    }

    var openButton: String { text("开通", "Open") }

    func openedTitle(_ draft: SubstationDraft) -> String {
        text("已开通分站：\(draft.code)（\(draft.name)）", "Substation \(draft.code) (\(draft.name)) is open")
    }

    var secretOnce: String { text("API 密钥（只显示这一次，关闭后不会再显示）：", "API secret (shown this once; it is not shown again when you close this):") }

    func secretAdvice(_ code: String) -> String {
        text("请立即交给分站：它用此密钥签名订单、支付通知和心跳。需要时可用 kameng substation secret \(code) 再次查看（记入审计）。",
             "Give it to the substation now: it signs its orders, payments and heartbeats with it. "
                 + "`kameng substation secret \(code)` shows it again if needed (audited).")
    }

    var savedButton: String { text("我已保存", "I have saved it") }
    var sheetTitle: String { text("从文件批量开通分站", "Open substations from a file") }
    var sheetFormat: String {
        text("每行：代码,名称,域名,上级,佣金（可有表头；逗号或 Tab 分隔；UTF-8 或 GBK）",
             "One per line: code,name,domain,parent,commission (header allowed; commas or tabs; UTF-8 or GBK)")
    }
    var fileLabelShort: String { text("文件", "File") }
    var reading: String { text("正在读取并检查", "Reading and checking") + ellipsis }

    func sheetPreviewTitle(_ path: String) -> String { text("批量开通预览：", "Batch preview: ") + path }

    func sheetSummary(_ sheet: SubstationSheet) -> String {
        let bad = Set(sheet.problems.map(\.line)).count
        return text("可开通 \(sheet.rows.count) 个分站，\(bad) 行有错误（\(sheet.encoding)）",
                    "\(sheet.rows.count) to open, \(bad) line(s) with errors (\(sheet.encoding))")
    }

    func sheetRow(_ row: SubstationSheet.Row) -> String {
        let d = row.draft, parent = d.parentCode ?? text("主站", "main site")
        return text("第 \(row.line) 行  \(d.code)  \(d.name)  \(d.domain)  上级 \(parent)  佣金 \(Commission.text(d.commissionBasisPoints))",
                    "line \(row.line)  \(d.code)  \(d.name)  \(d.domain)  parent \(parent)  \(Commission.text(d.commissionBasisPoints))")
    }

    var sheetReadyAdvice: String {
        text("一次全部开通（全部成功或一个都不开通）；API 密钥写入文件旁的新文件（权限 0600）。此操作记入审计日志。",
             "All open together or none do; the API secrets go to a new file beside this one (mode 0600). This is audited.")
    }
    var sheetFixFirst: String { text("请先修改文件：有错误时一个都不开通。", "Fix the file first: nothing is opened while any line is wrong.") }
    func openCount(_ count: Int) -> String { text("开通 \(count) 个", "Open \(count)") }
    var backButton: String { text("返回", "Back") }
    var okButton: String { text("知道了", "OK") }

    func batchDoneTitle(_ result: SubstationBatchResult) -> String {
        text("已开通 \(result.opened.count) 个分站", "Opened \(result.opened.count) substation(s)")
    }

    func secretsWritten(_ path: String) -> String {
        text("API 密钥已写入 \(path)（权限 0600，只有你能读）。", "Their API secrets are in \(path) (mode 0600, readable by you only).")
    }

    var secretsFileAdvice: String {
        text("把每一行交给对应的分站，然后删除该文件。kameng substation secret 代码 可再次查看（记入审计）。",
             "Give each substation its line, then delete the file. `kameng substation secret CODE` shows one again (audited).")
    }

    func openedNotice(_ codes: [String]) -> String {
        codes.count == 1 ? text("分站 \(codes[0]) 已开通", "Substation \(codes[0]) opened")
            : text("已开通 \(codes.count) 个分站", "Opened \(codes.count) substations")
    }
}
