import Foundation

/// Reads an .xlsx: finds the sheet through xl/workbook.xml and its rels, loads the shared
/// strings, then streams the sheet's rows through the same `RecordBuilder` as CSV (same header
/// rules), with Excel's numeric cells flagged so the 15-digit rule can apply.
enum WorkbookImporter {
    static func parse(file: URL, options: ImportOptions, hooks: ImportHooks, fileBytes: Int64,
                      deliver: @escaping (ImportRecord) throws -> Void) throws -> ImportSummary {
        let name = file.lastPathComponent
        var zip = try WorkbookArchive(url: file, limits: options.workbookLimits)
        func malformed(_ detail: String) -> ImportError { .refused(file: name, reason: .malformedWorkbook(detail)) }

        guard let workbookXML = try zip.read("xl/workbook.xml") else { throw malformed("no xl/workbook.xml") }
        let sheets = WorkbookXML.sheets(workbookXML)
        guard !sheets.isEmpty else { throw malformed("xl/workbook.xml lists no sheet") }
        let rels = try zip.read("xl/_rels/workbook.xml.rels").map(WorkbookXML.relationships) ?? []

        let chosen: (name: String, rid: String)
        if let wanted = options.sheetName {
            guard let s = sheets.first(where: { $0.name == wanted })
                    ?? sheets.first(where: { $0.name.lowercased() == wanted.lowercased() }) else {
                throw ImportError.refused(file: name, reason: .sheetNotFound(wanted, available: sheets.map(\.name)))
            }
            chosen = s
        } else {
            chosen = sheets[0]
        }
        guard let target = rels.first(where: { $0.id == chosen.rid })?.target else {
            throw malformed("sheet \"\(chosen.name)\" has no relationship \(chosen.rid)")
        }
        let sheetPath = WorkbookXML.partPath(target)
        let sharedPath = rels.first(where: { $0.type.hasSuffix("/sharedStrings") }).map { WorkbookXML.partPath($0.target) }
            ?? "xl/sharedStrings.xml"
        var shared: [String] = []
        if let data = try zip.read(sharedPath) {
            guard let table = SharedStringsParser.parse(data) else { throw malformed("\(sharedPath) is not well-formed XML") }
            shared = table
        }
        guard let sheetXML = try zip.read(sheetPath) else { throw malformed("missing part \(sheetPath)") }

        let builder = RecordBuilder(file: name, timeZone: options.expiryTimeZone, columns: options.columns)
        var summary = ImportSummary(container: .xlsx, encoding: nil)
        summary.bytesRead = fileBytes
        let sheet = SheetParser(data: sheetXML, shared: shared, file: name, hooks: hooks, fileBytes: fileBytes) {
            rowBytes, ranges, numeric, row, delivered in
            let record = try rowBytes.withUnsafeBufferPointer { try builder.cells($0, ranges, numeric: numeric, line: row) }
            summary.count(record)
            try deliver(record)
        }
        try sheet.run()
        try builder.end()
        summary.lines = sheet.lastRow
        summary.header = builder.headerCells
        summary.columns = builder.shapeColumns
        return summary
    }
}
