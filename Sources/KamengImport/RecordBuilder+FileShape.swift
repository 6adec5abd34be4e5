/// The file-level decisions: how positional lines map their fields (decided once, at the first
/// content line), and the refusal when that cannot be decided with confidence.
extension RecordBuilder {
    /// Which field of an unlabelled line is what, for the whole file.
    enum LineLayout: Equatable {
        /// Field 1 the number, field 2 the secret, then an expiry and notes (the common supplier shape).
        case numberThenSecret
        /// acg-faka's `卡密本体║预告信息║加价║成本`: the key first, every other field into the note.
        case secretFirst
        /// ArchiSteamFarm's `.keys`: `name<TAB>key`; the key is the last field, the game's name the note,
        /// anything between them ignored (as ASF's background games redeemer reads the file).
        case secretLast
        /// The operator's `--columns`, by position.
        case explicit([ColumnRole])
    }

    /// What a field's text looks like, for telling a key column from a prose one.
    enum FieldKind: Equatable {
        case empty
        /// Contains Chinese (or other CJK) text: a region, a product name, a preview, a label.
        case prose
        /// ASCII without spaces, four or more characters: what keys and card numbers look like.
        case keyLike
        /// Anything else: short tokens, amounts.
        case other
    }

    static func kind(_ text: Substring) -> FieldKind {
        if text.isEmpty { return .empty }
        if text.unicodeScalars.contains(where: isCJK) { return .prose }
        if text.count >= 4 && text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) { return .keyLike }
        return .other
    }

    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FFFF: return true
        default: return false
        }
    }

    /// A header cell Kameng does not know, but which reads as a column name rather than data: no
    /// digits, short (`时长/次数`, `单位`, `product_code`).
    static func looksLikeColumnName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 24 && !text.unicodeScalars.contains { ("0"..."9").contains($0) }
    }

    /// Decides the layout from the file's first content line; when the default layout would put
    /// Chinese text in the number or secret while another field looks like a key, the file is to be
    /// refused (at its next content line, so the message can show two).
    func decideLayout(_ p: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, _ fields: [Range<Int>], _ sep: FieldSplitter.Separator,
                      lineNumber: Int) {
        if case .positions(let roles) = columns { layout = .explicit(roles); return }
        if file.lowercased().hasSuffix(".keys") { layout = .secretLast; return }
        let kinds = Self.kinds(p, fields)
        if sep == .boxBar { return decideBoxBar(p, fields) }
        layout = .numberThenSecret
        // Three or more fields that each look like a key (dates aside): any of them could be the secret.
        let keys = kinds.indices.filter { kinds[$0] == .keyLike && expiry(p, fields[$0], excelNumber: false) == nil }
        if keys.count >= 3 {
            var roles = kinds.map { _ in ColumnRole.note }
            roles[keys[0]] = .number
            roles[keys[1]] = .secret
            question = ShapeQuestion(why: .severalKeyLikeFields(keys.map { $0 + 1 }), samples: [Self.maskedLine(p, line, fields)],
                                     suggestion: ColumnMapping.positions(roles).argument, firstLine: lineNumber)
            return
        }
        guard fields.count >= 2, kinds[0] == .prose || kinds[1] == .prose else { return }
        if fields.count % 2 == 0, pairs(p, fields, line: lineNumber) != nil { return }  // 账号 123 密码 abc
        let keyLike = kinds.indices.filter { kinds[$0] == .keyLike }
        guard !keyLike.isEmpty else { return }
        var roles = kinds.map { _ in ColumnRole.note }
        if keyLike.count >= 2 { roles[keyLike[0]] = .number; roles[keyLike[1]] = .secret } else { roles[keyLike[0]] = .secret }
        let why = kinds[1] == .prose
            ? ShapeQuestion.Why.secretLooksLikeProse(field: 2) : ShapeQuestion.Why.numberLooksLikeProse(field: 1)
        question = ShapeQuestion(why: why, samples: [Self.maskedLine(p, line, fields)],
                                 suggestion: ColumnMapping.positions(roles).argument, firstLine: lineNumber)
    }

    /// At the file's first `║` line: `526018159083║CF54ERF5DHQD3DQC` is a number and a secret;
    /// anything else (`KEY║预告信息║加价║成本`, `KEY║║0║0`) is acg-faka's, the key first.
    func decideBoxBar(_ p: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>]) {
        guard !boxBarDecided, case .numberThenSecret = layout, fields.count >= 2 else { return }
        boxBarDecided = true
        let kinds = Self.kinds(p, fields)
        if !(fields.count == 2 && kinds[0] == .keyLike && kinds[1] == .keyLike) { layout = .secretFirst }
    }

    static func kinds(_ p: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>]) -> [FieldKind] {
        fields.map { kind(Substring(FieldCheck.text(p, FieldCheck.trim(p, $0)))) }
    }

    /// Throws the pending question once a second content line is there to show (or at the end).
    func askIfPending(_ p: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, fields: [Range<Int>]?) throws {
        guard var q = question else { return }
        if let fields { q.samples.append(Self.maskedLine(p, line, fields)) }
        throw ImportError.refused(file: file, reason: .ambiguousShape(q))
    }

    /// At the end of the file: a question still pending is asked with the one sample there is.
    public func end() throws {
        guard let q = question else { return }
        throw ImportError.refused(file: file, reason: .ambiguousShape(q))
    }

    /// The line as it is, but with every key-like field masked in the middle, so a refusal can show
    /// the file's shape without putting secrets on the screen or in a log.
    static func maskedLine(_ p: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, _ fields: [Range<Int>]) -> String {
        var out = ""
        var at = line.lowerBound
        for f in fields where f.lowerBound >= at {
            out += FieldCheck.text(p, at..<f.lowerBound)
            let t = FieldCheck.trim(p, f)
            out += FieldCheck.text(p, f.lowerBound..<t.lowerBound)
            let text = FieldCheck.text(p, t)
            out += kind(Substring(text)) == .keyLike ? SecretMask.mask(text) : text
            out += FieldCheck.text(p, t.upperBound..<f.upperBound)
            at = f.upperBound
        }
        if at < line.upperBound { out += FieldCheck.text(p, at..<line.upperBound) }
        return out
    }

    /// Remembers, once, how the first content line was read: its separator and what each field became.
    func noteShape(_ p: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>], separator: String?) {
        guard shapeColumns == nil else { return }
        shapeSeparator = self.separator.map { String(decoding: $0, as: UTF8.self) } ?? separator
        if let h = header {
            shapeColumns = h.roles.enumerated().map { k, role in
                switch role {
                case .number: k == h.number ? .number : .note
                case .secret: .secret
                case .expiry: k == h.expiry ? .expiry : .note
                case .note: .note
                case .ignore: .ignore
                }
            }
            return
        }
        let n = fields.count
        switch layout {
        case .explicit(let roles): shapeColumns = (0..<max(n, roles.count)).map { $0 < roles.count ? roles[$0] : .note }
        case .secretFirst: shapeColumns = [.secret] + Array(repeating: .note, count: max(0, n - 1))
        case .secretLast: shapeColumns = n < 2 ? [.secret] : [.note] + Array(repeating: .ignore, count: n - 2) + [.secret]
        case .numberThenSecret:
            guard n >= 2 else { shapeColumns = [.secret]; return }
            shapeColumns = [.number, .secret] + fields.dropFirst(2).map { expiry(p, $0, excelNumber: false) != nil ? .expiry : .note }
        }
    }

    /// Roles by position (`--columns`): fields beyond the list go to the note.
    func byRoles(_ p: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>], _ roles: [ColumnRole], numeric: [Bool]? = nil) -> Candidate {
        var c = Candidate()
        for (k, r) in fields.enumerated() {
            let isNum = numeric?[k] ?? false
            switch k < roles.count ? roles[k] : .note {
            case .number: c.number = r; c.numberIsExcelNumber = isNum
            case .secret: c.secret = r; c.secretCount = 1; c.secretIsExcelNumber = isNum
            case .expiry:
                if let d = expiry(p, r, excelNumber: isNum) { c.expiry = d } else { c.notes.append((nil, r, isNum)) }
            case .note: c.notes.append((nil, r, isNum))
            case .ignore: break
            }
        }
        return c
    }

    /// acg-faka: the first field is the key (or `账号:x--密码:y`), every other field a note.
    func secretFirst(_ p: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>]) -> Candidate {
        var c = Candidate()
        let head = FieldCheck.trim(p, fields[0])
        if hasColon(p, head), let (prefix, items) = LabelledLine.scan(p, head) {
            if !prefix.isEmpty { c.notes.append((nil, prefix, false)) }
            for item in items { assign(p, item.role, item.label, item.value, to: &c) }
        } else {
            c.secret = fields[0]; c.secretCount = 1
        }
        for r in fields.dropFirst() { c.notes.append((nil, r, false)) }
        return c
    }

    /// ArchiSteamFarm: the last non-empty field is the key, the first the game's name (the note); fields
    /// between them are ignored, as ASF ignores them.
    func secretLast(_ p: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>]) -> Candidate {
        var c = Candidate()
        let last = fields.lastIndex { !FieldCheck.trim(p, $0).isEmpty } ?? fields.count - 1
        c.secret = fields[last]; c.secretCount = 1
        if last > 0 { c.notes.append((nil, fields[0], false)) }
        return c
    }
}

/// A file whose shape Kameng could not be sure of: why, what its first lines look like (keys
/// masked), and the `--columns` line that would import it as Kameng guesses it should be.
public struct ShapeQuestion: Sendable, Equatable {
    public enum Why: Sendable, Equatable {
        /// The header row has cells Kameng does not know (they might hold the secret).
        case headerHasUnknownCells([String])
        /// Field N (the number by position) holds Chinese text while another field looks like a key.
        case numberLooksLikeProse(field: Int)
        /// Field N (the secret by position) holds Chinese text while another field looks like a key.
        case secretLooksLikeProse(field: Int)
        /// These fields (1-based) each look like a key: any could be the secret.
        case severalKeyLikeFields([Int])
    }

    public var why: Why
    /// The first one or two content lines, key-like fields masked.
    public var samples: [String]
    /// The `--columns` argument that would import the file as Kameng reads it.
    public var suggestion: String
    /// The line the question is about.
    public var firstLine: Int

    public init(why: Why, samples: [String], suggestion: String, firstLine: Int) {
        self.why = why
        self.samples = samples
        self.suggestion = suggestion
        self.firstLine = firstLine
    }

    /// The reason in Chinese, for the console and a zh CLI.
    public var chineseReason: String {
        switch why {
        case .headerHasUnknownCells(let cells): "表头有不认识的列（\(cells.joined(separator: "、"))）"
        case .numberLooksLikeProse(let field): "第 \(field) 列按位置应是卡号，却是中文，而另一列像卡密"
        case .secretLooksLikeProse(let field): "第 \(field) 列按位置应是卡密，却是中文，而另一列像卡密"
        case .severalKeyLikeFields(let fields): "第 \(fields.map(String.init).joined(separator: "、")) 列都像卡密"
        }
    }

    /// The Chinese counterpart of `message`.
    public var chineseMessage: String {
        var reading = suggestedField("secret").map { "卡密是第 \($0) 列" } ?? "卡密不明"
        if let n = suggestedField("number") { reading += "、卡号是第 \(n) 列" }
        return "\(chineseReason)，无法确定哪一列是卡密：\n\(shownSamples)\n  如果\(reading)，请用 --columns \(suggestion) 导入"
    }

    /// The samples as the messages show them: indented, made safe to print.
    private var shownSamples: String { samples.map { "    " + SecretMask.printable($0) }.joined(separator: "\n") }

    /// The 1-based field the suggestion gives `role`, if any.
    private func suggestedField(_ role: String) -> Int? {
        suggestion.split(separator: ",").firstIndex { $0 == role }.map { $0 + 1 }
    }

    /// The reason in English, one line.
    public var reason: String {
        let reason: String
        switch why {
        case .headerHasUnknownCells(let cells):
            reason = "the header row has column\(cells.count == 1 ? "" : "s") Kameng does not know (\(cells.joined(separator: ", ")))"
        case .numberLooksLikeProse(let field):
            reason = "field \(field) would be the card number but holds Chinese text, while another field looks like a key"
        case .secretLooksLikeProse(let field):
            reason = "field \(field) would be the secret but holds Chinese text, while another field looks like a key"
        case .severalKeyLikeFields(let fields):
            reason = "fields \(fields.map(String.init).joined(separator: ", ")) each look like a key"
        }
        return reason
    }

    /// English text: the reason, the samples, and the command-line answer.
    public var message: String {
        var reading = suggestedField("secret").map { "the secret is field \($0)" } ?? "the secret is unclear"
        if let n = suggestedField("number") { reading += " and the card number field \(n)" }
        return "\(reason), so Kameng cannot be sure which field is the secret:\n\(shownSamples)\n"
            + "  If \(reading), import it with: --columns \(suggestion)"
    }
}
