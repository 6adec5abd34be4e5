import Foundation

/// A file of substations to open in one go: one per line, `code,name,domain,parent,commission`
/// (comma-separated, or tab-separated when the first line has a tab), an optional header row, blank
/// lines and `#` comments skipped. Parsing is pure: the caller reads the bytes; nothing here trusts them.
///
/// Every line is checked as the console's form checks one substation, and against the rest of the file:
/// a code or domain twice, or a parent that is neither an existing substation nor one on an earlier
/// line, is a problem naming the line and the field. A sheet is opened only when it has no problem.
public struct SubstationSheet: Hashable, Sendable {
    /// One good line: its number (from 1, as an editor counts) and what it opens.
    public struct Row: Hashable, Sendable {
        public var line: Int
        public var draft: SubstationDraft

        public init(line: Int, draft: SubstationDraft) {
            self.line = line
            self.draft = draft
        }
    }

    /// Something wrong with the file as a whole or with one line (`line` 0: the file).
    public struct Problem: Hashable, Sendable {
        /// A field of a line, or the file's shape (encoding, size, columns, header).
        public enum Kind: Hashable, Sendable {
            case field(SubstationProblem)
            /// Not UTF-8 nor GB18030 text.
            case notText
            case tooLarge(maxBytes: Int)
            case tooManyRows(maxRows: Int)
            case noRows
            case fieldCount(found: Int)
            case unclosedQuote
            /// A first row that looks like a header (starts with `code`) but does not name the five columns in order.
            case header
        }

        public var line: Int
        public var kind: Kind

        public init(line: Int, _ kind: Kind) {
            self.line = line
            self.kind = kind
        }
    }

    public var rows: [Row] = []
    public var problems: [Problem] = []
    /// "UTF-8", or "GB18030" for a file saved by a Chinese Excel.
    public var encoding = "UTF-8"

    /// Nothing wrong and something to open.
    public var isReady: Bool { problems.isEmpty && !rows.isEmpty }

    public static let maxBytes = 1 << 20
    public static let maxRows = 1_000
    /// The header names accepted per column (English as documented, or the Chinese staff would write).
    static let headerNames: [Set<String>] = [
        ["code", "代码", "编码", "分站代码"], ["name", "名称", "分站名称"], ["domain", "域名"],
        ["parent", "上级", "上级分站", "parent_code"], ["commission", "佣金", "分成", "commission%", "佣金%"],
    ]

    public init() {}

    /// Decodes and parses a file's bytes: UTF-8 (a BOM is dropped), else GB18030.
    public static func parse(_ data: Data, known: KnownSubstations) -> SubstationSheet {
        var sheet = SubstationSheet()
        guard data.count <= maxBytes else { sheet.problems = [Problem(line: 0, .tooLarge(maxBytes: maxBytes))]; return sheet }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) {
            sheet.parse(text, known: known)
        } else if let text = String(data: bytes, encoding: String.Encoding(rawValue: 0x8000_0632)) {
            sheet.encoding = "GB18030"
            sheet.parse(text, known: known)
        } else {
            sheet.problems = [Problem(line: 0, .notText)]
        }
        return sheet
    }

    /// Parses text already decoded.
    public static func parse(text: String, known: KnownSubstations) -> SubstationSheet {
        var sheet = SubstationSheet()
        sheet.parse(text, known: known)
        return sheet
    }

    private mutating func parse(_ text: String, known: KnownSubstations) {
        // Split on \n only (and drop a \r before it): a lone \r inside a field is a control character, refused.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var separator: Character?
        var seen = known
        var codeLines: [String: Int] = [:], domainLines: [String: Int] = [:]
        var sawHeaderCandidate = false
        var dataLines = 0
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let tab: Character = "\t"
            let sep = separator ?? (raw.contains(tab) ? tab : ",")
            separator = sep
            guard let fields = Self.split(raw, separator: sep) else { problems.append(Problem(line: number, .unclosedQuote)); continue }
            if !sawHeaderCandidate {
                sawHeaderCandidate = true
                let first = fields.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
                if Self.headerNames[0].contains(first) {
                    let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                    let matches = names.count == 5 && zip(names, Self.headerNames).allSatisfy { $1.contains($0) }
                    if !matches { problems.append(Problem(line: number, .header)) }
                    continue
                }
            }
            dataLines += 1
            if dataLines > Self.maxRows {
                problems.append(Problem(line: number, .tooManyRows(maxRows: Self.maxRows)))
                break
            }
            guard fields.count == 5 else { problems.append(Problem(line: number, .fieldCount(found: fields.count))); continue }
            switch SubstationDraft.parse(code: fields[0], name: fields[1], domain: fields[2], parent: fields[3], commission: fields[4],
                                         known: seen) {
            case .success(let draft):
                seen.insert(draft)
                codeLines[draft.code] = number
                domainLines[draft.domain] = number
                rows.append(Row(line: number, draft: draft))
            case .failure(let found):
                problems += found.list.map { problem in
                    // "exists" against a line of this file rather than the store: say which line.
                    var problem = problem
                    let value = fields[problem.field == .code ? 0 : 2].trimmingCharacters(in: .whitespaces)
                    if problem.issue == .exists, problem.field == .code, let line = codeLines[value] {
                        problem.issue = .duplicateOf(line: line)
                    } else if problem.issue == .exists, problem.field == .domain, let line = domainLines[value.lowercased()] {
                        problem.issue = .duplicateOf(line: line)
                    }
                    return Problem(line: number, .field(problem))
                }
                // A bad line still claims its code, so a later line naming it as parent is not reported twice.
                let code = fields[0].trimmingCharacters(in: .whitespaces)
                if Substation.isValidCode(code), !seen.codes.contains(code) {
                    seen.codes.insert(code)
                    codeLines[code] = number
                }
            }
        }
        if rows.isEmpty, problems.isEmpty { problems.append(Problem(line: 0, .noRows)) }
    }

    /// Splits one line into fields. Comma-separated fields may be quoted (`"a, b"`, `""` for a quote);
    /// tab-separated ones are taken as they are. Nil when a quote is never closed.
    static func split(_ line: Substring, separator: Character) -> [String]? {
        guard separator == ",", line.contains("\"") else { return line.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
        var fields: [String] = [], current = "", quoted = false, atFieldStart = true
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    // A doubled quote is a quote; a single one ends the quoted part.
                    var lookahead = iterator
                    if lookahead.next() == "\"" { current.append("\""); iterator = lookahead } else { quoted = false }
                } else {
                    current.append(c)
                }
            } else if c == separator {
                fields.append(current)
                current = ""
                atFieldStart = true
                continue
            } else if c == "\"", atFieldStart || current.allSatisfy({ $0 == " " }) {
                current = ""
                quoted = true
            } else {
                current.append(c)
            }
            atFieldStart = false
        }
        guard !quoted else { return nil }
        fields.append(current)
        return fields
    }
}
