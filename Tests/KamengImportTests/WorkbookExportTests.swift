import Foundation
import Testing
import ZIPFoundation
@testable import KamengImport

/// The export workbook: readable back by Kameng's own .xlsx reader, text formula-guarded, numbers
/// left as numbers, XML-unsafe characters dropped, columns past Z named as Excel names them.
@Suite struct WorkbookExportTests {
    @Test("a written workbook reads back through the importer; text guarded, numbers as written")
    func roundTrip() throws {
        let data = try WorkbookExport.data([WorkbookExport.Sheet(name: "keys/2026:11", rows: [
            [.text("卡号"), .text("卡密"), .text("面值")],
            [.text("6222020000000000001"), .text("=HYPERLINK(\"x\")"), .number("-12.34")],
            [.text("0012"), .text("A&B<C>\u{1}"), .number("99.5")],
        ])])
        let url = try Support.tempDir().appendingPathComponent("export.xlsx")
        try data.write(to: url)
        let r = try Support.parse(url)
        #expect(r.summary.container == .xlsx && r.summary.skippedHeader == 1)
        #expect(r.accepted.map(\.number) == ["6222020000000000001", "0012"])
        #expect(r.secrets == ["'=HYPERLINK(\"x\")", "A&B<C>"])
        #expect(r.accepted.map(\.note) == ["面值: -12.34", "面值: 99.5"])
        let archive = try Archive(url: url, accessMode: .read)
        var workbook = Data()
        _ = try archive.extract(archive["xl/workbook.xml"]!) { workbook.append($0) }
        #expect(String(decoding: workbook, as: UTF8.self).contains("<sheet name=\"keys_2026_11\""))
    }

    @Test("columns are named A…Z, AA…")
    func columns() {
        #expect([0, 25, 26, 51, 52, 701, 702].map(WorkbookExport.column) == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"])
    }
}
