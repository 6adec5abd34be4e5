extension SubstationField {
    /// The field's name as staff read it.
    public func title(chinese: Bool) -> String {
        switch (self, chinese) {
        case (.code, true): "代码"
        case (.code, false): "code"
        case (.name, true): "名称"
        case (.name, false): "name"
        case (.domain, true): "域名"
        case (.domain, false): "domain"
        case (.parent, true): "上级"
        case (.parent, false): "parent"
        case (.commission, true): "佣金"
        case (.commission, false): "commission"
        }
    }

    /// What a valid value looks like.
    public func rule(chinese: Bool) -> String {
        switch (self, chinese) {
        case (.code, true), (.parent, true): "1–32 个字符，只能用 A–Z a–z 0–9 . _ -"
        case (.code, false), (.parent, false): "1–32 characters of A–Z a–z 0–9 . _ -"
        case (.name, true): "1–64 个字符，不能为空"
        case (.name, false): "1–64 characters, not blank"
        case (.domain, true): "应为主机名，如 shop.example.com"
        case (.domain, false): "a host name such as shop.example.com"
        case (.commission, true): "0–100 的百分数，最多两位小数，如 5.5%"
        case (.commission, false): "a percentage from 0 to 100 with at most two decimals, e.g. 5.5%"
        }
    }
}

extension SubstationProblem {
    /// "commission: a percentage from 0 to 100…" / "佣金：0–100 的百分数…": the field first, then what is wrong.
    /// `inFile`: a missing parent may also be a line above, which the words then say.
    public func explanation(chinese: Bool, inFile: Bool = false) -> String {
        let what: String
        switch (issue, chinese) {
        case (.invalid, _): what = field.rule(chinese: chinese)
        case (.controlCharacters, true): what = "含有控制字符或不可见字符"
        case (.controlCharacters, false): what = "contains control or invisible characters"
        case (.exists, true): what = field == .domain ? "已有分站使用这个域名" : "已有分站使用这个代码"
        case (.exists, false): what = field == .domain ? "a substation with this domain exists" : "a substation with this code exists"
        case (.duplicateOf(let line), true): what = "与第 \(line) 行重复"
        case (.duplicateOf(let line), false): what = "the same as on line \(line)"
        case (.unknownParent, true): what = inFile ? "没有这个分站，文件中它之前的行里也没有" : "没有这个分站"
        case (.unknownParent, false): what = inFile ? "no such substation, here or on an earlier line" : "no such substation"
        case (.ownParent, true): what = "不能是它自己"
        case (.ownParent, false): what = "cannot be the substation itself"
        }
        return field.title(chinese: chinese) + (chinese ? "：" : ": ") + what
    }
}

extension SubstationSheet.Problem {
    /// "line 3, commission: …" / "第 3 行 佣金：…"; a problem with the whole file has no line.
    public func explanation(chinese: Bool) -> String {
        let at = line > 0 ? (chinese ? "第 \(line) 行 " : "line \(line), ") : ""
        switch (kind, chinese) {
        case (.field(let problem), _): return at + problem.explanation(chinese: chinese, inFile: true)
        case (.notText, true): return "文件不是 UTF-8 或 GB18030 文本"
        case (.notText, false): return "the file is not UTF-8 or GB18030 text"
        case (.tooLarge(let most), true): return "文件超过 \(most / 1_024) KiB"
        case (.tooLarge(let most), false): return "the file is over \(most / 1_024) KiB"
        case (.tooManyRows(let most), true): return at + "超过 \(most) 行，一次最多开通 \(most) 个分站"
        case (.tooManyRows(let most), false): return at + "more than \(most) lines; at most \(most) substations at a time"
        case (.noRows, true): return "文件中没有分站"
        case (.noRows, false): return "the file lists no substation"
        case (.fieldCount(let found), true): return at + "应有 5 列（代码,名称,域名,上级,佣金），实有 \(found) 列"
        case (.fieldCount(let found), false): return at + "expected 5 fields (code,name,domain,parent,commission), found \(found)"
        case (.unclosedQuote, true): return at + "引号没有闭合"
        case (.unclosedQuote, false): return at + "a quote is never closed"
        case (.header, true): return at + "表头应为 code,name,domain,parent,commission"
        case (.header, false): return at + "the header should be code,name,domain,parent,commission"
        }
    }
}
