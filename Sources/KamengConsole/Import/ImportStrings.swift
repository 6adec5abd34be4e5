import Foundation
import KamengDomain
import KamengStorage

/// The import pane's words in both languages.
extension Strings {
    var fileLabel: String { text("文件", "File") }
    var productLabel: String { text("商品", "Product") }
    var pathPlaceholder: String { text("供货商卡密文件路径（e 编辑，Tab 补全）", "supplier key file path (e to edit, Tab completes)") }
    var noProducts: String { text("还没有商品：先用 `kameng product add` 添加", "no products yet: add one with `kameng product add`") }
    var chooseProduct: String { text("p / P 切换商品", "p / P to change") }
    var recentBatches: String { text("最近批次", "Recent batches") }
    var noBatches: String { text("还没有导入批次", "No batches imported yet") }
    var importIdle: String {
        text("输入文件路径后回车预览：先看解析结果（接受、拒绝、重复），确认后才写入。",
             "Type a file path and press Enter to preview how it parses (accepted, rejected, duplicates); nothing is written until you confirm.")
    }
    var confirmHint: String { text("回车确认导入，e 修改路径，p 换商品", "Enter to import, e to change the path, p to change product") }
    var nothingToImport: String { text("没有可导入的卡密", "Nothing to import") }
    var cancelHint: String { text("c 取消（不写入任何内容）", "c cancels (nothing is written)") }
    var cancelling: String { text("正在取消", "Cancelling") }
    var cancelButton: String { text("取消", "Cancel") }
    var importButton: String { text("导入", "Import") }
    var voidButton: String { text("作废", "Void") }
    var voidedWord: String { text("已作废", "voided") }
    var activeWord: String { text("有效", "active") }
    var stepUpPrompt: String { text("输入身份验证器上的 6 位动态码，回车确认，Esc 取消", "Type the 6-digit code from your authenticator; Enter to confirm, Esc to cancel") }

    func previewing(_ path: String) -> String { text("正在解析 \(path)", "Parsing \(path)") + ellipsis }
    func candidates(_ names: [String]) -> String { text("候选：", "Matches: ") + names.joined(separator: "  ") }

    func counts(accepted: Int, inFile: Int, inStore: Int, skipped: Int, rejected: Int) -> String {
        text("接受 \(grouped(accepted)) · 文件内重复 \(grouped(inFile)) · 库中已有 \(grouped(inStore)) · 跳过 \(grouped(skipped)) · 拒绝 \(grouped(rejected))",
             "accepted \(grouped(accepted)) · duplicate in file \(grouped(inFile)) · already in store \(grouped(inStore)) · skipped \(grouped(skipped)) · rejected \(grouped(rejected))")
    }

    func previewTitle(_ path: String, _ sku: String) -> String { text("预览（未写入）\(path) → \(sku)", "Preview (nothing written) \(path) → \(sku)") }
    func finishedTitle(_ batch: Int64?, _ sku: String) -> String {
        text("已导入批次 #\(batch.map(String.init) ?? "-") → \(sku)", "Imported batch #\(batch.map(String.init) ?? "-") → \(sku)")
    }
    func rejectedLine(_ line: Int, _ reason: String) -> String { text("第 \(line) 行：", "line \(line): ") + reason }
    func moreRejected(_ count: Int) -> String { text("另有 \(count) 行被拒绝（kameng import --dry-run --json 查看全部）", "\(count) more rejected lines (kameng import --dry-run --json lists them all)") }
    func cancelledImport(_ path: String) -> String { text("已取消导入 \(path)：未写入任何内容", "Import of \(path) cancelled: nothing was written") }
    func importFailed(_ message: String) -> String { text("导入失败：", "Import failed: ") + message }

    func progress(_ figures: ImportFigures) -> String {
        // The bar prints the percentage itself.
        var parts = [text("\(grouped(figures.records)) 行", "\(grouped(figures.records)) lines")]
        if figures.recordsPerSecond > 0 { parts.append(text("\(grouped(Int(figures.recordsPerSecond))) 行/秒", "\(grouped(Int(figures.recordsPerSecond)))/s")) }
        if let left = figures.secondsLeft { parts.append(text("剩余 \(Int(left.rounded(.up))) 秒", "\(Int(left.rounded(.up))) s left")) }
        return parts.joined(separator: " · ")
    }

    func confirmImportTitle(_ result: ImportResult) -> String {
        text("导入 \(grouped(result.outcome.accepted)) 个卡密到 \(result.sku)？", "Import \(grouped(result.outcome.accepted)) keys into \(result.sku)?")
    }
    func confirmImportMessage(_ result: ImportResult) -> String {
        text("文件 \(result.path)。整个批次一次写入，失败则全部不写。", "From \(result.path). The batch is written all at once, or not at all.")
    }
    func confirmReimportTitle(_ batches: [Int64]) -> String {
        let list = batches.map { "#\($0)" }.joined(separator: ", ")
        return text("这个文件已导入过（批次 \(list)）。再次导入？", "This file was imported before (batch \(list)). Import it again?")
    }
    func confirmReimportMessage(_ path: String) -> String {
        text("\(path) 的内容与之前的批次完全相同；重复的卡密会被跳过。", "\(path) has exactly the content of the earlier batch; keys already in the store are skipped.")
    }
    func confirmVoidTitle(_ batch: BatchSummary) -> String {
        text("作废批次 #\(batch.id)（\(batch.sku)，\(batch.fileName)）？", "Void batch #\(batch.id) (\(batch.sku), \(batch.fileName))?")
    }
    func confirmVoidMessage(_ batch: BatchSummary) -> String {
        text("\(grouped(batch.available)) 个未售卡密将被撤下；已售出的不受影响。此操作记入审计日志。",
             "\(grouped(batch.available)) unsold keys are withdrawn; sold keys stay with their orders. This is audited.")
    }
    func notice(_ notice: ImportNotice) -> String {
        switch notice {
        case let .voided(batch, keys): text("批次 #\(batch) 已作废，撤下 \(grouped(keys)) 个卡密", "Batch #\(batch) voided: \(grouped(keys)) keys withdrawn")
        case let .voidFailed(batch, message): text("作废批次 #\(batch) 失败：", "Voiding batch #\(batch) failed: ") + message
        }
    }
    func importStatus(_ count: Int) -> String { text("\(count) 个最近批次", "\(count) recent batches") }

    /// 1234567 → "1,234,567".
    func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }
}
