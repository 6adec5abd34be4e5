import Foundation
import ZIPFoundation

/// A minimal .xlsx for exports: one worksheet per sheet, plain numbers as numbers, everything else as
/// inline text, which a spreadsheet never runs as a formula (callers still neutralise formula starts,
/// so the file stays safe when someone saves it again as CSV). Built in memory; the caller writes it.
public enum WorkbookWriter {
    /// A worksheet: its tab name (cut to Excel's 31 characters, without the characters Excel refuses) and rows.
    public struct Sheet: Sendable {
        public var name: String
        public var rows: [[String]]
        public init(name: String, rows: [[String]]) {
            self.name = name
            self.rows = rows
        }
    }

    public static func workbook(sheets: [Sheet]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var overrides = "", sheetList = "", rels = "", names: Set<String> = []
        for (i, sheet) in sheets.enumerated() {
            let n = i + 1
            var name = tabName(sheet.name, fallback: "Sheet\(n)")
            while !names.insert(name.lowercased()).inserted { name = String(name.prefix(27)) + " \(n)" }
            overrides += #"<Override PartName="/xl/worksheets/sheet\#(n).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
            sheetList += #"<sheet name="\#(escape(name))" sheetId="\#(n)" r:id="rId\#(n)"/>"#
            rels += #"<Relationship Id="rId\#(n)" Type="\#(relationships)/worksheet" Target="worksheets/sheet\#(n).xml"/>"#
            try add("xl/worksheets/sheet\(n).xml", header + #"<worksheet xmlns="\#(main)"><sheetData>"# + rowsXML(sheet.rows) + "</sheetData></worksheet>")
        }
        try add("[Content_Types].xml", header + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            \(overrides)</Types>
            """)
        try add("_rels/.rels", header + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """)
        try add("xl/workbook.xml", header + #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)"><sheets>\#(sheetList)</sheets></workbook>"#)
        try add("xl/_rels/workbook.xml.rels", header + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(rels)</Relationships>"#)
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    static func rowsXML(_ rows: [[String]]) -> String {
        var xml = ""
        for (r, row) in rows.enumerated() {
            xml += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() where !cell.isEmpty {
                let ref = column(c) + String(r + 1)
                if isPlainNumber(cell) {
                    xml += "<c r=\"\(ref)\"><v>\(cell)</v></c>"
                } else {
                    xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(cell))</t></is></c>"
                }
            }
            xml += "</row>"
        }
        return xml
    }

    /// "A", "Z", "AA" for 0, 25, 26.
    static func column(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let rest = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + rest))) + name
            n = (n - 1) / 26
        }
        return name
    }

    static func isPlainNumber(_ cell: String) -> Bool {
        var body = Substring(cell)
        if body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), body.count <= 15 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }

    static func tabName(_ name: String, fallback: String) -> String {
        let cleaned = String(name.filter { !"[]:*?/\\".contains($0) && !$0.isNewline }.prefix(31))
        return cleaned.isEmpty ? fallback : cleaned
    }

    /// XML text: the five entities, and characters XML 1.0 cannot carry at all dropped.
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
                if v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v != 0xFFFE && v != 0xFFFF) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
