import Foundation
import ZIPFoundation

/// A small .xlsx writer for exports (statements, reports): sheets of text and number cells, built in
/// memory and returned as bytes, so the caller writes the file its own way (exclusively, atomically).
/// Text cells are inline strings, which a spreadsheet never evaluates, and are also formula-guarded
/// as `CSVExport` does (the same leading apostrophe; this module sits below KamengDomain, hence the
/// copy of its rule), so a copy re-saved as CSV stays harmless. Characters XML 1.0 cannot hold are dropped.
public enum WorkbookExport {
    /// One cell: text, or a number written as its decimal text (e.g. a yuan amount "-12.34").
    public enum Cell: Hashable, Sendable {
        case text(String)
        case number(String)
    }

    /// One worksheet: its tab name (cut to Excel's 31 characters, `[]:*?/\` replaced) and its rows.
    public struct Sheet: Sendable {
        public var name: String
        public var rows: [[Cell]]
        public init(name: String, rows: [[Cell]]) { self.name = name; self.rows = rows }
    }

    /// The workbook's bytes.
    public static func data(_ sheets: [Sheet]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
        let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let overrides = sheets.indices.map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        try add("[Content_Types].xml", header + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            \(overrides)</Types>
            """)
        try add("_rels/.rels", header + """
            <Relationships xmlns="\(relationships)"><Relationship Id="rId1" Type="\(officeRelationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """)
        var names = Set<String>()
        let sheetList = sheets.enumerated().map { i, sheet in
            var name = tabName(sheet.name)
            if name.isEmpty || !names.insert(name).inserted { name = "Sheet\(i + 1)"; names.insert(name) }
            return "<sheet name=\"\(escape(name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }.joined()
        try add("xl/workbook.xml", header + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(officeRelationships)\"><sheets>\(sheetList)</sheets></workbook>")
        let rels = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(officeRelationships)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        try add("xl/_rels/workbook.xml.rels", header + "<Relationships xmlns=\"\(relationships)\">\(rels)</Relationships>")
        for (i, sheet) in sheets.enumerated() {
            try add("xl/worksheets/sheet\(i + 1).xml", header + "<worksheet xmlns=\"\(main)\"><sheetData>\(sheetData(sheet.rows))</sheetData></worksheet>")
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    static func sheetData(_ rows: [[Cell]]) -> String {
        var xml = ""
        for (r, row) in rows.enumerated() {
            xml += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = column(c) + String(r + 1)
                switch cell {
                case let .text(text):
                    xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(neutralise(text)))</t></is></c>"
                case let .number(text):
                    xml += "<c r=\"\(ref)\"><v>\(escape(text))</v></c>"
                }
            }
            xml += "</row>"
        }
        return xml
    }

    /// CSVExport's guard: a leading apostrophe before = + - @ tab or CR.
    static func neutralise(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    /// "A", …, "Z", "AA", … for a zero-based column.
    static func column(_ index: Int) -> String {
        var n = index + 1, out = ""
        while n > 0 {
            let rest = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + rest))) + out
            n = (n - 1) / 26
        }
        return out
    }

    static func tabName(_ name: String) -> String {
        String(String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }).prefix(31))
    }

    /// XML text: the five special characters escaped, and the characters XML 1.0 forbids dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                let v = scalar.value
                let allowed = v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000
                if allowed { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
