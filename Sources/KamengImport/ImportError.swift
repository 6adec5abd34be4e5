/// A whole-file failure: nothing from the file may be written.
///
/// `description` always names the file and says why, so the CLI can print it as is.
public enum ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not something the importer accepts (picture, other zip, binary, bad xlsx…).
    case refused(file: String, reason: Refusal)
    /// The file could not be opened or read.
    case unreadable(file: String, detail: String)
    /// `ImportHooks.isCancelled` returned true; records already delivered must be discarded.
    case cancelled(file: String)

    /// English text naming the file and the reason.
    public var description: String {
        switch self {
        case .refused(let file, let reason): return "refused \(file): \(reason.message)"
        case .unreadable(let file, let detail): return "cannot read \(file): \(detail)"
        case .cancelled(let file): return "import of \(file) cancelled"
        }
    }
}

/// Why a whole file was refused.
public enum Refusal: Error, Sendable, Equatable {
    /// An image or PDF, named by its kind ("PNG image").
    case picture(String)
    /// A zip archive without `xl/workbook.xml`.
    case zipNotWorkbook
    /// Another archive format (gzip, 7z, rar) or a legacy binary Office file, named by kind.
    case otherFormat(String)
    /// Frequent NUL bytes, NULs in bytes that are no text encoding, or mostly control bytes in data that
    /// is neither UTF-8 nor GB18030; where the first such byte is (1-based line, 0-based byte offset).
    case binary(line: Int, byteOffset: Int)
    /// The extension promises .xlsx but the bytes are not a zip.
    case notAZip
    /// The workbook would inflate past the limits (zip bomb guard); detail gives the numbers.
    case inflatesTooMuch(String)
    /// The workbook is damaged or lacks a part it needs; detail names it.
    case malformedWorkbook(String)
    /// `--sheet NAME` names no sheet; the available names are listed.
    case sheetNotFound(String, available: [String])
    /// The header row maps no column to the secret.
    case headerWithoutSecret([String])
    /// The header row maps two or more columns to the secret.
    case headerWithSeveralSecrets([String])
    /// UTF-16 was requested or detected but cannot apply (e.g. override on an xlsx).
    case unsupportedEncoding(String)
    /// The bytes read both as GB18030 (simplified) and as Big5 (traditional), and neither is clearly right.
    case encodingUnclear
    /// Kameng cannot be sure which field is the secret: the question, samples and a `--columns` answer.
    case ambiguousShape(ShapeQuestion)
    /// `--columns ROLE=NAME` names a column the header row does not have; the header's cells follow.
    case columnNotInHeader(String, [String])

    /// English message (the file name is added by `ImportError`).
    public var message: String {
        switch self {
        case .picture(let kind): return "it is a \(kind), not a card key file"
        case .zipNotWorkbook: return "it is a zip archive but not an Excel workbook (no xl/workbook.xml)"
        case .otherFormat(let kind): return "it is a \(kind); export it as .txt, .csv or .xlsx"
        case .binary(let line, let offset):
            return "it looks like a binary file, not text (NUL or control bytes; the first at line \(line), byte offset \(offset))"
        case .notAZip: return "it is named .xlsx but is not a zip archive"
        case .inflatesTooMuch(let detail): return "the workbook inflates beyond the safe limit (\(detail))"
        case .malformedWorkbook(let detail): return "the workbook is damaged: \(detail)"
        case .sheetNotFound(let name, let names):
            return "no sheet named \"\(name)\" (sheets: \(names.joined(separator: ", ")))"
        case .headerWithoutSecret(let cells):
            return "the header row (\(cells.joined(separator: ", "))) has no secret column (卡密/密码/secret/pin…)"
        case .headerWithSeveralSecrets(let cells):
            return "the header row (\(cells.joined(separator: ", "))) has more than one secret column"
        case .unsupportedEncoding(let detail): return "unsupported encoding: \(detail)"
        case .encodingUnclear:
            return "it reads both as GBK/GB18030 (simplified Chinese) and as Big5 (traditional), and neither is clearly right: say which with --encoding gbk or --encoding big5"
        case .ambiguousShape(let question): return question.message
        case .columnNotInHeader(let name, let cells):
            return "--columns names \"\(name)\", but the header row has \(cells.map { "\"\($0)\"" }.joined(separator: ", "))"
        }
    }
}

extension Refusal {
    /// The kinds `ContainerSniffer` names, in Chinese; an unknown one is shown as it is.
    static func chineseKind(_ kind: String) -> String {
        let names = ["PNG image": "PNG 图片", "JPEG image": "JPEG 图片", "GIF image": "GIF 图片", "WebP image": "WebP 图片",
                     "PDF document": "PDF 文档", "legacy Office file (.xls/.doc)": "旧版 Office 文件（.xls/.doc）",
                     "gzip archive": "gzip 压缩包", "7z archive": "7z 压缩包", "RAR archive": "RAR 压缩包"]
        return names[kind] ?? kind
    }

    /// The Chinese counterpart of `message` (the file name is added by the caller).
    public var chineseMessage: String {
        switch self {
        case .picture(let kind): "这是\(Self.chineseKind(kind))，不是卡密文件"
        case .zipNotWorkbook: "这是 zip 压缩包，但不是 Excel 工作簿（没有 xl/workbook.xml）"
        case .otherFormat(let kind): "这是\(Self.chineseKind(kind))；请导出为 .txt、.csv 或 .xlsx"
        case .binary(let line, let offset): "看起来是二进制文件而不是文本（NUL 或控制字节；第一个在第 \(line) 行，字节偏移 \(offset)）"
        case .notAZip: "文件名是 .xlsx，但不是 zip 压缩包"
        case .inflatesTooMuch(let detail): "工作簿解压后超出安全上限（\(detail)）"
        case .malformedWorkbook(let detail): "工作簿已损坏：\(detail)"
        case .sheetNotFound(let name, let names): "没有名为“\(name)”的工作表（现有：\(names.joined(separator: "、"))）"
        case .headerWithoutSecret(let cells): "表头（\(cells.joined(separator: "、"))）没有卡密列（卡密/密码/secret/pin…）"
        case .headerWithSeveralSecrets(let cells): "表头（\(cells.joined(separator: "、"))）有不止一个卡密列"
        case .unsupportedEncoding(let detail): "不支持的编码：\(detail)"
        case .encodingUnclear: "它既可按 GBK/GB18030（简体）也可按 Big5（繁体）读取，无法确定；请用 --encoding gbk 或 --encoding big5 指明"
        case .ambiguousShape(let question): question.chineseMessage
        case .columnNotInHeader(let name, let cells):
            "--columns 指定了“\(name)”，但表头只有 \(cells.map { "“\($0)”" }.joined(separator: "、"))"
        }
    }
}
