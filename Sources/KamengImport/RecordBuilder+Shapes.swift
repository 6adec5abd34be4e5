/// The three record shapes: a text line, a CSV record, a spreadsheet row.
extension RecordBuilder {
    /// A text line (decoded UTF-8, no terminator): blank, comment, header, labelled, or positional.
    func textLine(_ p: UnsafeBufferPointer<UInt8>, line: Int) throws -> ImportRecord {
        try textFields(p, FieldCheck.trim(p, 0..<p.count), line: line, allowHeader: true)
    }

    /// A CSV record: RFC 4180 fields; a one-field record is read like a text line (it may be
    /// `123----abc` or labelled); cells that are `label:value` are read as a labelled line.
    func csvRecord(_ p: UnsafeBufferPointer<UInt8>, line: Int) throws -> ImportRecord {
        let r = FieldCheck.trim(p, 0..<p.count)
        if r.isEmpty { return .skipped(line: line, kind: .blank) }
        if p[r.lowerBound] == 0x23 { return .skipped(line: line, kind: .comment) }
        csv.parse(p)
        let ranges = csv.ranges
        // A quoted lone field was quoted to keep its commas: it is one value, not a text line.
        let quoted = p[r.lowerBound] == 0x22
        return try csv.bytes.withUnsafeBufferPointer { b in
            try cells(b, ranges, numeric: nil, line: line, textShapes: !quoted)
        }
    }

    /// A row of cells (CSV or xlsx); `numeric` flags xlsx cells that Excel stored as numbers.
    func cells(_ b: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], numeric: [Bool]?, line: Int,
               textShapes: Bool = true) throws -> ImportRecord {
        let nonEmpty = ranges.indices.filter { !FieldCheck.trim(b, ranges[$0]).isEmpty }
        guard let first = nonEmpty.first else { return .skipped(line: line, kind: .blank) }
        if b[FieldCheck.trim(b, ranges[first]).lowerBound] == 0x23 { return .skipped(line: line, kind: .comment) }
        if ranges.count == 1 && textShapes && header == nil && columns == nil && !(numeric?[0] ?? false) {
            return try textFields(b, FieldCheck.trim(b, ranges[0]), line: line, allowHeader: true)
        }
        let whole = (ranges.first?.lowerBound ?? 0)..<(ranges.last?.upperBound ?? 0)
        try askIfPending(b, whole, fields: ranges)
        if !sawContent {
            let csvSeparator = numeric == nil ? "," : nil  // a spreadsheet has cells, not a separator
            if try detectHeader(b, ranges, line: whole, lineNumber: line) {
                noteShape(b, ranges, separator: csvSeparator)
                return .skipped(line: line, kind: .header)
            }
            decideLayout(b, whole, ranges, .comma, lineNumber: line)
            noteShape(b, ranges, separator: csvSeparator)
        }
        sawContent = true
        if let h = header { return finish(b, mapped(b, ranges, h, numeric: numeric), line: line) }
        if case .explicit(let roles) = layout { return finish(b, byRoles(b, ranges, roles, numeric: numeric), line: line) }
        if case .secretLast = layout, ranges.count >= 2 { return finish(b, secretLast(b, ranges), line: line) }
        if ranges.contains(where: { hasColon(b, $0) }) {
            // Labelled cells ("卡号:1", "密码:x"): read them as one line joined by tabs.
            joined.removeAll(keepingCapacity: true)
            for (k, r) in ranges.enumerated() {
                if k > 0 { joined.append(0x09) }
                joined.append(contentsOf: b[r])
            }
            let j = joined
            if let rec = j.withUnsafeBufferPointer({ labelled($0, 0..<$0.count, line: line) }) { return rec }
        }
        return finish(b, positional(b, ranges, numeric: numeric), line: line)
    }

    func textFields(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, line: Int, allowHeader: Bool) throws -> ImportRecord {
        if r.isEmpty { return .skipped(line: line, kind: .blank) }
        if p[r.lowerBound] == 0x23 { return .skipped(line: line, kind: .comment) }
        fields.removeAll(keepingCapacity: true)
        let sep: FieldSplitter.Separator
        if let separator {
            FieldSplitter.split(p, r, on: separator, into: &fields)
            sep = .given
        } else {
            sep = FieldSplitter.split(p, r, into: &fields)
        }
        if question != nil { try askIfPending(p, r, fields: fields) }
        // Labelled lines, unless the operator gave the columns or the line is acg-faka's (`║`
        // fields, of which only the first may be labelled: the preview text may hold any label).
        if columns == nil && separator == nil && sep != .boxBar && layout != .secretFirst,
           hasColon(p, r), let rec = labelled(p, r, line: line) {
            if !sawContent { shapeSeparator = "labels"; shapeColumns = [] }
            sawContent = true
            return rec
        }
        if !sawContent {
            if allowHeader, try detectHeader(p, fields, line: r, lineNumber: line) {
                noteShape(p, fields, separator: sep.displayName)
                return .skipped(line: line, kind: .header)
            }
            sawContent = true
            decideLayout(p, r, fields, sep, lineNumber: line)
            if fields.count >= 2, fields.count % 2 == 0, case .numberThenSecret = layout, pairs(p, fields, line: line) != nil {
                shapeSeparator = "labels"; shapeColumns = []
            } else {
                noteShape(p, fields, separator: sep.displayName)
            }
        }
        if sep == .boxBar && !boxBarDecided { decideBoxBar(p, fields) }
        if let h = header { return finish(p, mapped(p, fields, h), line: line) }
        switch layout {
        case .explicit(let roles): return finish(p, byRoles(p, fields, roles), line: line)
        case .secretFirst:
            let c = secretFirst(p, fields)
            // `卡号:X║密码:Y`: the first field alone has no secret, so the line is one labelled line.
            if c.secretCount == 0, hasColon(p, r), let rec = labelled(p, r, line: line) { return rec }
            return finish(p, c, line: line)
        case .secretLast where fields.count >= 2: return finish(p, secretLast(p, fields), line: line)
        default: break
        }
        if fields.count >= 2, fields.count % 2 == 0, let rec = pairs(p, fields, line: line) { return rec }
        return finish(p, positional(p, fields, dateTimeMaySplit: sep == .spaces), line: line)
    }

    /// `label:value` items from `LabelledLine`; nil when the line has no known label.
    func labelled(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, line: Int) -> ImportRecord? {
        guard let (prefix, items) = LabelledLine.scan(p, r) else { return nil }
        var c = Candidate()
        if !prefix.isEmpty { c.notes.append((nil, prefix, false)) }
        for item in items { assign(p, item.role, item.label, item.value, to: &c) }
        return finish(p, c, line: line)
    }

    /// Colon-less labels: `账号 123 密码 abc` — every other field a known label, one a secret.
    func pairs(_ p: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>], line: Int) -> ImportRecord? {
        let f0 = FieldCheck.trim(p, fields[0])
        guard !f0.isEmpty, !(p[f0.lowerBound] >= 0x30 && p[f0.lowerBound] <= 0x39) else { return nil }
        var labels: [(LabelRole, String)] = []
        for k in stride(from: 0, to: fields.count, by: 2) {
            let text = FieldCheck.text(p, FieldCheck.trim(p, fields[k]))
            guard let role = Labels.role(of: text) else { return nil }
            labels.append((role, text))
        }
        guard labels.contains(where: { $0.0 == .secret }) else { return nil }
        var c = Candidate()
        for (k, (role, text)) in labels.enumerated() { assign(p, role, text, fields[2 * k + 1], to: &c) }
        return finish(p, c, line: line)
    }

    func assign(_ p: UnsafeBufferPointer<UInt8>, _ role: LabelRole, _ label: String,
                        _ value: Range<Int>, to c: inout Candidate) {
        switch role {
        case .number where c.number == nil: c.number = value
        case .secret: c.secretCount += 1; if c.secret == nil { c.secret = value }
        case .expiry where c.expiry == nil:
            if let d = expiry(p, value, excelNumber: false) { c.expiry = d } else { c.notes.append((label, value, false)) }
        case .ignore: break
        default: c.notes.append((label, value, false))
        }
    }

    /// True when the range holds `:` or `：` (EF BC 9A).
    func hasColon(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        var i = r.lowerBound
        while i < r.upperBound {
            let b = p[i]
            if b == 0x3A { return true }
            if b == 0xEF && i + 2 < r.upperBound && p[i + 1] == 0xBC && p[i + 2] == 0x9A { return true }
            i += 1
        }
        return false
    }
}
