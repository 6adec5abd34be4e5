import Foundation
import Testing
import ZIPFoundation
@testable import KamengImport

/// .xlsx: sheets, shared and inline strings, the 15-digit rule, and the inflation guard.
@Suite struct XLSXTests {
    @Test("Text columns with a header: mapped like CSV, rows numbered as in Excel")
    func textColumns() throws {
        let url = try XLSXSupport.write(sheets: [("卡密表", [
            [.shared("卡号"), .shared("卡密"), .shared("面值")],
            [.shared("6222020000000000001"), .shared("SEC-1"), .number("100")],
            [.inline("0012"), .inline(" SEC-2\u{3000}"), .number("99.5")],
        ])])
        let r = try Support.parse(url)
        #expect(r.summary.container == .xlsx)
        #expect(r.summary.encoding == nil)
        #expect(r.summary.skippedHeader == 1)
        #expect(r.accepted.map(\.number) == ["6222020000000000001", "0012"])
        #expect(r.secrets == ["SEC-1", "SEC-2"])
        #expect(r.accepted.map(\.note) == ["面值: 100", "面值: 99.5"])
        #expect(r.accepted.map(\.line) == [2, 3])
    }

    @Test("An expiry column of Excel date serials becomes the expiry; a row-index column is a note")
    func expirySerial() throws {
        let url = try XLSXSupport.write(sheets: [("S", [
            [.shared("No."), .shared("卡号"), .shared("卡密"), .shared("有效期")],
            [.number("1"), .shared("777"), .shared("SEC"), .number("46022")],  // 2025-12-31
        ])])
        let r = try Support.parse(url)
        let key = try #require(r.accepted.first)
        #expect(key.number == "777")
        #expect(key.note == "No.: 1")
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = key.expiry.map { cal.dateComponents([.year, .month, .day, .hour], from: $0) }
        #expect(parts?.year == 2025 && parts?.month == 12 && parts?.day == 31 && parts?.hour == 23)
    }

    @Test("Card numbers stored as Excel numbers: exact short integers accepted, long ones rejected")
    func numericCardNumbers() throws {
        let url = try XLSXSupport.write(sheets: [("Sheet1", [
            [.shared("card"), .shared("pin")],
            [.number("6.2220200000000005E+18"), .shared("P1")],  // 19 digits: Excel lost some
            [.number("123456789012345"), .shared("P2")],          // 15 digits: exact
            [.number("1.23456789012345E+14"), .shared("P3")],     // same, in exponent form
            [.number("1234567890123456"), .shared("P4")],         // 16 digits
            [.number("12345678901234500000"), .shared("P5")],     // 15 significant, but padded
            [.number("42.0"), .shared("P6")],
            [.number("42.5"), .shared("P7")],
            [.shared("999"), .number("12345")],                    // numeric secret, exact
            [.shared("998"), .number("1.2345678901234567E+19")],   // numeric secret, lossy
        ])])
        let r = try Support.parse(url)
        #expect(r.accepted.map(\.number) == ["123456789012345", "123456789012345", "42", "999"])
        #expect(r.secrets == ["P2", "P3", "P6", "12345"])
        #expect(r.rejected.map(\.line) == [2, 5, 6, 8, 10])
        #expect(r.rejected.map(\.reason) == [.cardNumberStoredAsNumber, .cardNumberStoredAsNumber,
                                             .cardNumberStoredAsNumber, .cardNumberStoredAsNumber, .secretStoredAsNumber])
        #expect(r.rejected.first.map { $0.reason.message } == "card number stored as a number (Excel keeps 15 digits)")
    }

    @Test("First sheet by default; --sheet picks another; an unknown name lists the sheets")
    func sheets() throws {
        let url = try XLSXSupport.write(sheets: [
            ("First", [[.shared("A1"), .shared("FIRST")]]),
            ("Second", [[.shared("B1"), .shared("SECOND")]]),
        ])
        #expect(try Support.parse(url).secrets == ["FIRST"])
        var options = ImportOptions()
        options.sheetName = "Second"
        #expect(try Support.parse(url, options: options).secrets == ["SECOND"])
        options.sheetName = "Nope"
        #expect(throws: ImportError.refused(file: "keys.xlsx", reason: .sheetNotFound("Nope", available: ["First", "Second"]))) {
            try Support.parse(url, options: options)
        }
    }

    @Test("Headerless sheet is positional; unsafe characters still rejected; no U+FFFD")
    func headerless() throws {
        let url = try XLSXSupport.write(sheets: [("S", [
            [.shared("100"), .shared("OK-1")],
            [.shared("101"), .shared("BAD_x001B_[0m")],  // how Excel writes an ESC
            [.empty, .shared("ONLY-SECRET")],
            [.shared("102----OK-3")],
        ])])
        let r = try Support.parse(url)
        #expect(r.secrets == ["OK-1", "ONLY-SECRET", "OK-3"])
        #expect(r.accepted.map(\.number) == ["100", nil, "102"])
        #expect(r.rejected.map(\.reason) == [.escapeInSecret])
    }

    @Test("A zip bomb is refused from its declared sizes")
    func declaredRatio() throws {
        let bomb = Data(count: 8 * 1024 * 1024)  // 8 MiB of zeros deflates ~1000:1
        let url = try XLSXSupport.write(sheets: [("S", [[.shared("A")]])], extra: [("xl/media/big.bin", bomb)])
        #expect {
            try Support.parse(url)
        } throws: { error in
            guard case ImportError.refused(_, .inflatesTooMuch) = error else { return false }
            return true
        }
        var options = ImportOptions()
        options.workbookLimits.maxTotalUncompressed = 1024 * 1024
        options.workbookLimits.maxRatio = 10_000
        #expect(throws: (any Error).self) { try Support.parse(url, options: options) }
    }

    @Test("An entry that inflates past its declared size is caught while inflating")
    func lyingHeaders() throws {
        let sheet = try XLSXSupport.write(sheets: [("S", [[.shared("1"), .shared("KEY")]])])
        var bytes = [UInt8](try Data(contentsOf: sheet))
        // Shrink the declared uncompressed size of xl/worksheets/sheet1.xml in both headers.
        let path = Array("xl/worksheets/sheet1.xml".utf8)
        var patched = 0
        for sig in [([0x50, 0x4B, 0x03, 0x04] as [UInt8], 22, 30), ([0x50, 0x4B, 0x01, 0x02], 24, 46)] {
            var i = 0
            while i + sig.2 + path.count <= bytes.count {
                if bytes[i..<i + 4].elementsEqual(sig.0) && bytes[i + sig.2..<i + sig.2 + path.count].elementsEqual(path) {
                    for k in 0..<4 { bytes[i + sig.1 + k] = k == 0 ? 10 : 0 }  // claim 10 bytes
                    patched += 1
                }
                i += 1
            }
        }
        #expect(patched == 2)
        let url = try Support.write(bytes, name: "lying.xlsx")
        #expect {
            try Support.parse(url)
        } throws: { error in
            guard case ImportError.refused(_, .inflatesTooMuch(let detail)) = error else { return false }
            return detail.contains("sheet1.xml")
        }
    }

    @Test("Raw control characters make the XML invalid: the workbook is refused, nothing dropped silently")
    func invalidXML() throws {
        let url = try XLSXSupport.write(sheets: [("S", [[.shared("1"), .shared("BAD\u{1B}[0m")]])])
        #expect {
            try Support.parse(url)
        } throws: { error in
            guard case ImportError.refused(_, .malformedWorkbook) = error else { return false }
            return true
        }
    }
}
