import Foundation

/// Turns the fields of one record into an `ImportRecord`: which field is the number, the secret,
/// the expiry and the note (by header, by label, or by position), then the normalisation rule
/// and the accept/reject decision. One instance per file: it remembers the header row.
final class RecordBuilder {
    /// Column roles from a detected header row.
    struct HeaderMap {
        var labels: [String]
        var roles: [LabelRole]
        var number: Int?
        var secret: Int
        var expiry: Int?
    }

    /// Which ranges of the record's buffer play which part, before the checks.
    struct Candidate {
        var number: Range<Int>?
        var numberIsExcelNumber = false
        var secret: Range<Int>?
        var secretIsExcelNumber = false
        var secretCount = 0
        var expiry: Date?
        var notes: [(label: String?, value: Range<Int>, excelNumber: Bool)] = []
    }

    let file: String
    let timeZone: TimeZone
    /// The operator's `--columns` and `--separator`, when given.
    let columns: ColumnMapping?
    let separator: [UInt8]?
    /// How unlabelled lines map their fields; decided at the first content line.
    var layout: LineLayout = .numberThenSecret
    /// Whether the file's first `║` line has been looked at (see `decideBoxBar`).
    var boxBarDecided = false
    /// How the first content line was read, for the preview (`ImportShape`); nil until then.
    var shapeSeparator: String?
    var shapeColumns: [ColumnRole]?
    /// A doubt about the file's shape, asked (thrown) at the next content line or at the end.
    var question: ShapeQuestion?
    private(set) var header: HeaderMap?
    /// Header detection looks at the first record that is neither blank nor a comment, only.
    var sawContent = false
    /// Reused storage (the hot path allocates nothing per line for these).
    var fields: [Range<Int>] = []
    var csv = CSVFields()
    var joined: [UInt8] = []

    init(file: String, timeZone: TimeZone, columns: ColumnMapping? = nil, separator: [UInt8]? = nil) {
        self.file = file
        self.timeZone = timeZone
        self.columns = columns
        self.separator = separator
        if case .positions(let roles) = columns { layout = .explicit(roles) }
    }

    /// The header's cell texts, when one was detected.
    var headerCells: [String]? { header?.labels }

    /// Skipped as header when every non-empty field is a known label; throws when such a header
    /// maps no column, or several, to the secret (a file-level problem: refuse, don't guess). A row of
    /// known labels and unknown column names is a header too, but Kameng asks which is the secret
    /// (`question`) unless `--columns` answered it. With `--columns secret=卡密,…` the first content
    /// row is the header, and must name every column given.
    func detectHeader(_ p: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>], line: Range<Int>? = nil, lineNumber: Int = 1) throws -> Bool {
        sawContent = true
        let cells = fields.map { FieldCheck.text(p, FieldCheck.trim(p, $0)) }
        if case .names(let names) = columns {
            header = try namedHeader(cells, names)
            return true
        }
        var roles: [LabelRole] = []
        var unknown: [Int] = []
        for (k, cell) in cells.enumerated() {
            if cell.isEmpty { roles.append(.note); continue }
            if let role = Labels.role(of: cell) { roles.append(role); continue }
            guard Self.looksLikeColumnName(cell) else { return false }
            unknown.append(k)
            roles.append(.note)
        }
        let labelled = cells.filter { !$0.isEmpty }
        guard labelled.count > unknown.count else { return false }
        // One ASCII word alone ("KEY", "code", "pin") is more likely a secret than a header.
        if labelled.count == 1 && labelled[0].unicodeScalars.allSatisfy(\.isASCII) { return false }
        // A row with names Kameng lacks is a header only when a name it knows is the secret's or the number's,
        // and it is not `账号 user 密码 pass` (known labels each followed by its value: read as pairs).
        if !unknown.isEmpty {
            if !roles.contains(where: { $0 == .secret || $0 == .number }) { return false }
            let alternates = cells.count % 2 == 0 && unknown.allSatisfy { $0 % 2 == 1 }
                && stride(from: 0, to: cells.count, by: 2).allSatisfy { Labels.role(of: cells[$0]) != nil }
            if alternates { return false }
        }
        if case .positions = columns { return true }  // the operator said what each column is: skip the row
        let secrets = roles.indices.filter { roles[$0] == .secret && !cells[$0].isEmpty }
        let shown = labelled
        guard !secrets.isEmpty else { throw ImportError.refused(file: file, reason: .headerWithoutSecret(shown)) }
        guard secrets.count == 1 else { throw ImportError.refused(file: file, reason: .headerWithSeveralSecrets(shown)) }
        if !unknown.isEmpty {
            let suggested = roles.map { role -> ColumnRole in
                switch role { case .number: .number; case .secret: .secret; case .expiry: .expiry; case .note: .note; case .ignore: .ignore }
            }
            question = ShapeQuestion(why: .headerHasUnknownCells(unknown.map { cells[$0] }),
                                     samples: [line.map { FieldCheck.text(p, $0) } ?? cells.joined(separator: ",")],
                                     suggestion: ColumnMapping.positions(suggested).argument, firstLine: lineNumber)
        }
        let number = roles.indices.first { roles[$0] == .number }
        let expiry = roles.indices.first { roles[$0] == .expiry }
        for k in roles.indices where roles[k] == .number && k != number { roles[k] = .note }
        for k in roles.indices where roles[k] == .expiry && k != expiry { roles[k] = .note }
        header = HeaderMap(labels: cells, roles: roles, number: number, secret: secrets[0], expiry: expiry)
        return true
    }

    /// The header row for `--columns ROLE=NAME,…`: each name must be one of its cells (compared as
    /// written, or folded like a label: `Card No.` matches `cardno`).
    func namedHeader(_ cells: [String], _ names: [(role: ColumnRole, name: String)]) throws -> HeaderMap {
        var roles = cells.map { _ in LabelRole.note }
        var number: Int?, secret: Int?, expiry: Int?
        for (role, name) in names {
            guard let k = cells.firstIndex(of: name) ?? cells.firstIndex(where: { Labels.fold($0) == Labels.fold(name) }) else {
                throw ImportError.refused(file: file, reason: .columnNotInHeader(name, cells.filter { !$0.isEmpty }))
            }
            switch role {
            case .number: roles[k] = .number; number = k
            case .secret: roles[k] = .secret; secret = k
            case .expiry: roles[k] = .expiry; expiry = k
            case .note: roles[k] = .note
            case .ignore: roles[k] = .ignore
            }
        }
        return HeaderMap(labels: cells, roles: roles, number: number, secret: secret ?? 0, expiry: expiry)
    }

    /// Maps fields by the header's columns (extra columns beyond the header go to the note).
    func mapped(_ p: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>], _ h: HeaderMap,
                numeric: [Bool]? = nil) -> Candidate {
        var c = Candidate()
        for (k, r) in fields.enumerated() {
            let isNum = numeric?[k] ?? false
            let role = k < h.roles.count ? h.roles[k] : .note
            let label = k < h.labels.count ? h.labels[k] : nil
            switch role {
            case .number where k == h.number: c.number = r; c.numberIsExcelNumber = isNum
            case .secret: c.secret = r; c.secretCount = 1; c.secretIsExcelNumber = isNum
            case .expiry where k == h.expiry:
                if let d = expiry(p, r, excelNumber: isNum) { c.expiry = d } else { c.notes.append((label, r, isNum)) }
            case .ignore: break
            default: c.notes.append((label, r, isNum))
            }
        }
        return c
    }

    /// Field 1 is the number, field 2 the secret (a single field is the secret); the first
    /// further field that is a date is the expiry, the rest go to the note.
    func positional(_ p: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>], numeric: [Bool]? = nil,
                    dateTimeMaySplit: Bool = false) -> Candidate {
        var c = Candidate()
        guard fields.count > 1 else {
            c.secret = fields.first; c.secretCount = 1; c.secretIsExcelNumber = numeric?[0] ?? false
            return c
        }
        c.number = fields[0]; c.numberIsExcelNumber = numeric?[0] ?? false
        c.secret = fields[1]; c.secretCount = 1; c.secretIsExcelNumber = numeric?[1] ?? false
        var k = 2
        while k < fields.count {
            let isNum = numeric?[k] ?? false
            if c.expiry == nil {
                if dateTimeMaySplit, k + 1 < fields.count,
                   let d = expiry(p, fields[k].lowerBound..<fields[k + 1].upperBound, excelNumber: false) {
                    c.expiry = d; k += 2; continue  // "2025-12-31 23:59" split by the space separator
                }
                if !isNum, let d = expiry(p, fields[k], excelNumber: false) { c.expiry = d; k += 1; continue }
            }
            c.notes.append((nil, fields[k], isNum))
            k += 1
        }
        return c
    }

    func expiry(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, excelNumber: Bool) -> Date? {
        let t = FieldCheck.trim(p, r)
        if excelNumber { return Double(FieldCheck.text(p, t)).flatMap { ExpiryParser.fromExcelSerial($0, timeZone: timeZone) } }
        return ExpiryParser.parse(p, t, timeZone: timeZone)
    }

    /// Applies the normalisation rule and the checks; the only place a record is accepted.
    func finish(_ p: UnsafeBufferPointer<UInt8>, _ c: Candidate, line: Int) -> ImportRecord {
        if c.secretCount > 1 { return .rejected(line: line, reason: .multipleSecrets) }
        guard let rawSecret = c.secret else { return .rejected(line: line, reason: .emptySecret) }
        let s = FieldCheck.trim(p, rawSecret)
        let secret: String
        if c.secretIsExcelNumber && !s.isEmpty {
            guard let exact = ExcelNumber.exactInteger(FieldCheck.text(p, s)) else {
                return .rejected(line: line, reason: .secretStoredAsNumber)
            }
            secret = exact
        } else {
            if let reason = FieldCheck.checkSecret(p, s) { return .rejected(line: line, reason: reason) }
            secret = FieldCheck.text(p, s)
        }
        var number: String?
        if let raw = c.number {
            let n = FieldCheck.trim(p, raw)
            if !n.isEmpty {
                if c.numberIsExcelNumber {
                    guard let exact = ExcelNumber.exactInteger(FieldCheck.text(p, n)) else {
                        return .rejected(line: line, reason: .cardNumberStoredAsNumber)
                    }
                    number = exact
                } else {
                    if let reason = FieldCheck.checkPlain(p, n, reason: .unsafeCharacterInNumber, maxScalars: 256) {
                        return .rejected(line: line, reason: reason)
                    }
                    number = FieldCheck.text(p, n)
                }
            }
        }
        var note: String?
        for part in c.notes {
            let v = FieldCheck.trim(p, part.value)
            if v.isEmpty { continue }
            if let reason = FieldCheck.checkPlain(p, v, reason: .unsafeCharacterInNote, allowWhitespaceControls: true) {
                return .rejected(line: line, reason: reason)
            }
            var text = FieldCheck.text(p, v, foldingWhitespace: true)
            if part.excelNumber { text = ExcelNumber.display(text) }
            if let label = part.label, !label.isEmpty { text = label + ": " + text }
            note = note.map { $0 + "; " + text } ?? text
        }
        return .accepted(AcceptedKey(line: line, number: number, secret: secret, expiry: c.expiry, note: note))
    }
}
