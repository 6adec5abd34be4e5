import Foundation
import KamengDomain
import KamengImport
import KamengStorage

/// The preview's account of how a file was read, in both languages: the shape line and a line per
/// sampled record (its secret already masked by the parser).
extension Strings {
    func role(_ name: String) -> String {
        switch name {
        case "number": text("卡号", "number")
        case "secret": text("卡密", "secret")
        case "expiry": text("有效期", "expiry")
        case "note": text("备注", "note")
        case "ignore": text("忽略", "ignored")
        default: name
        }
    }

    /// `读取为 文本 · gb18030 · 分隔符 ---- · 列 卡号,卡密` / `read as text · gb18030 · separator ---- · columns number,secret`.
    func shapeLine(_ shape: ImportShape) -> String {
        let container: String
        switch shape.container {
        case "text": container = text("文本", "text")
        case "csv": container = "CSV"
        case "xlsx": container = "Excel"
        default: container = shape.container
        }
        var parts = [text("读取为 ", "read as ") + container]
        if let encoding = shape.encoding { parts.append(encoding) }
        if let separator = shape.separator {
            parts.append(separator == "labels" ? text("标签（卡号:… 密码:…）", "labels (卡号:… 密码:…)") : text("分隔符 ", "separator ") + separator)
        }
        if let header = shape.header { parts.append(text("表头 ", "header ") + header.joined(separator: "|")) }
        if !shape.columns.isEmpty {
            parts.append(text("列 ", "columns ") + shape.columns.map(role).joined(separator: ","))
        }
        return parts.joined(separator: " · ")
    }

    /// `第 2 行：卡号 2761125651 · 卡密 6CCJ…9ULQE · 备注 面值: 100`; `expiry` is already formatted.
    func sampleLine(_ sample: ImportSample, expiry: String?) -> String {
        var parts: [String] = []
        if let number = sample.number { parts.append(role("number") + " " + number) }
        parts.append(role("secret") + " " + sample.secret)
        if let expiry { parts.append(role("expiry") + " " + expiry) }
        if let note = sample.note { parts.append(role("note") + " " + note) }
        return text("第 \(sample.line) 行：", "line \(sample.line): ") + parts.joined(separator: " · ")
    }

    func columnsTitle(_ path: String) -> String { text("哪一列是卡密？\(path)", "Which field is the secret? \(path)") }

    func columnsReason(_ question: ShapeQuestion) -> String { text(question.chineseReason, question.reason) }

    var columnsRoles: String {
        text("每列填一个，逗号分隔：number 卡号 · secret 卡密 · expiry 有效期 · note 备注 · ignore 忽略",
             "One role per field, comma-separated: number · secret · expiry · note · ignore")
    }

    var columnsKeys: String { text("回车按这些列预览（不写入），Esc 取消", "Enter previews with these columns (nothing is written), Esc cancels") }
}
