import Foundation
import ZIPFoundation

/// Builds minimal .xlsx files for tests: the XML parts written into a zip with ZIPFoundation.
enum XLSXSupport {
    /// A cell: shared string, inline string, or number (its `<v>` text).
    enum Cell { case shared(String), inline(String), number(String), empty }

    /// Writes a workbook whose sheets are given as rows of cells; returns its URL.
    static func write(sheets: [(name: String, rows: [[Cell]])], name: String = "keys.xlsx",
                      compression: CompressionMethod = .deflate, extra: [(String, Data)] = []) throws -> URL {
        let url = try Support.tempDir().appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        var shared: [String] = []
        func add(_ path: String, _ text: String) throws { try add(path, Data(text.utf8)) }
        func add(_ path: String, _ data: Data) throws {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: compression) { pos, size in data.subdata(in: Int(pos)..<Int(pos) + size) }
        }
        try add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="xml" ContentType="application/xml"/></Types>
            """)
        var sheetList = "", rels = ""
        for (i, sheet) in sheets.enumerated() {
            sheetList += "<sheet name=\"\(escape(sheet.name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
            rels += "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1:C\(sheet.rows.count)\"/><sheetData>"
            for (r, row) in sheet.rows.enumerated() {
                xml += "<row r=\"\(r + 1)\">"
                for (c, cell) in row.enumerated() {
                    let ref = "\(Character(Unicode.Scalar(65 + c)!))\(r + 1)"
                    switch cell {
                    case .shared(let s):
                        shared.append(s)
                        xml += "<c r=\"\(ref)\" t=\"s\"><v>\(shared.count - 1)</v></c>"
                    case .inline(let s): xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(s))</t></is></c>"
                    case .number(let v): xml += "<c r=\"\(ref)\"><v>\(v)</v></c>"
                    case .empty: break
                    }
                }
                xml += "</row>"
            }
            xml += "</sheetData></worksheet>"
            try add("xl/worksheets/sheet\(i + 1).xml", xml)
        }
        rels += "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        try add("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(sheetList)</sheets></workbook>
            """)
        try add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(rels)</Relationships>
            """)
        let si = shared.map { "<si><t xml:space=\"preserve\">\(escape($0))</t></si>" }.joined()
        try add("xl/sharedStrings.xml", """
            <?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\(shared.count)">\(si)</sst>
            """)
        for (path, data) in extra { try add(path, data) }
        return url
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
