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
            switch separator {
            case "labels": parts.append(text("标签（卡号:… 密码:…）", "labels (卡号:… 密码:…)"))
            case "spaces": parts.append(text("分隔符 空格", "separator spaces"))
            case "tab": parts.append(text("分隔符 制表符", "separator tab"))
            default: parts.append(text("分隔符 ", "separator ") + separator)
            }
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

    func optionsTitle(_ path: String) -> String { text("导入选项：\(path)", "Import options: \(path)") }
    func encodingTitle(_ path: String) -> String { text("文件是什么编码？\(path)", "Which encoding is the file in? \(path)") }
    var encodingReason: String {
        text("它既可按 GBK/GB18030（简体）也可按 Big5（繁体）读取，无法确定：填 --encoding gbk 或 --encoding big5",
             "It reads both as GBK/GB18030 (simplified) and as Big5 (traditional): type --encoding gbk or --encoding big5")
    }

    var optionsSyntax: String {
        text("同命令行：--columns 每列一个（number 卡号 · secret 卡密 · expiry 有效期 · note 备注 · ignore 忽略）--separator 分隔符 --encoding 编码",
             "As on the command line: --columns one role per field (number · secret · expiry · note · ignore) --separator TEXT --encoding NAME")
    }

    var optionsKeys: String { text("回车按这些选项预览（不写入），Esc 取消", "Enter previews with these options (nothing is written), Esc cancels") }
}
