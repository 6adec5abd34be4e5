import Foundation
import Testing
@testable import KamengImport

/// CSV: RFC 4180 quoting, header detection and mapping by label, line numbers of multi-line records.
@Suite struct CSVTests {
    @Test("Header maps columns by label in any order; extra columns go to the note")
    func headerMapping() throws {
        let csv = "序号,卡密,有效期,卡号,面值,备注\r\n1,SEC-A,2025-12-31,1001,100,\"first, batch\"\r\n2,SEC-B,,1002,50,\r\n"
        let r = try Support.parse(text: csv, name: "k.csv")
        #expect(r.summary.header == ["序号", "卡密", "有效期", "卡号", "面值", "备注"])
        #expect(r.secrets == ["SEC-A", "SEC-B"])
        #expect(r.accepted.map(\.number) == ["1001", "1002"])
        #expect(r.accepted.map(\.note) == ["序号: 1; 面值: 100; 备注: first, batch", "序号: 2; 面值: 50"])
        #expect(r.accepted.map { $0.expiry != nil } == [true, false])
    }

    @Test("Quoted fields: commas, doubled quotes, newlines; line number is the record's first line")
    func quoting() throws {
        let csv = "card,pin,note\n\"100,1\",\"P\"\"Q\",\"line one\nline two\"\n200,\"R,S\",x\n  \"300\" ,T,\"a\r\nb\r\nc\"\n400,U,end\n"
        let r = try Support.parse(text: csv, name: "k.csv")
        #expect(r.accepted.map(\.number) == ["100,1", "200", "300", "400"])
        #expect(r.secrets == ["P\"Q", "R,S", "T", "U"])
        #expect(r.accepted.map(\.line) == [2, 4, 5, 8])
        #expect(r.accepted.first?.note == "note: line one line two")
        #expect(r.summary.lines == 8)
    }

    @Test("Header-less CSV is positional; a one-column CSV may hold text line shapes")
    func headerless() throws {
        let r = try Support.parse(text: "111,AAA,2026-01-01,vip\nBBB\n333----CCC\n卡号:444 卡密:DDD\n", name: "k.csv")
        #expect(r.accepted.map(\.number) == ["111", nil, "333", "444"])
        #expect(r.secrets == ["AAA", "BBB", "CCC", "DDD"])
        #expect(r.accepted.first?.note == "vip")
        #expect(r.accepted.first?.expiry != nil)
    }

    @Test("A quoted lone field keeps its commas; with a header, lone fields map by column")
    func quotedLoneField() throws {
        let r = try Support.parse(text: "\"AB,CD\"\nEF,GH\n", name: "k.csv")
        #expect(r.accepted.map(\.number) == [nil, "EF"])
        #expect(r.secrets == ["AB,CD", "GH"])
        let h = try Support.parse(text: "卡密\nAB----CD\n\"X,Y\"\n", name: "h.csv")
        #expect(h.secrets == ["AB----CD", "X,Y"])
    }

    @Test("Labelled cells in a CSV row")
    func labelledCells() throws {
        let r = try Support.parse(text: "卡号:1,卡密:S1\n卡密：S2,卡号：2\n", name: "k.csv")
        #expect(r.accepted.map(\.number) == ["1", "2"])
        #expect(r.secrets == ["S1", "S2"])
    }

    @Test("An unterminated quote costs one line; later lines are still read by number")
    func unterminatedQuote() throws {
        let r = try Support.parse(text: "1,A\n2,\"B\n3,C\n4,D\n", name: "k.csv")
        #expect(r.rejected.map(\.line) == [2])
        #expect(r.rejected.map(\.reason) == [.unterminatedQuote])
        #expect(r.accepted.map(\.line) == [1, 3, 4])
        #expect(r.secrets == ["A", "C", "D"])
    }

    @Test("Blank and comment records are skipped; a row of empty cells is blank")
    func skips() throws {
        let r = try Support.parse(text: "# export\n\n,,\n1,A\n", name: "k.csv")
        #expect(r.summary.skippedComment == 1)
        #expect(r.summary.skippedBlank == 2)
        #expect(r.secrets == ["A"])
    }

    @Test("A header without a secret column, or with two, refuses the file")
    func badHeaders() throws {
        let noSecret = try Support.write("卡号,面值\n1,10\n", name: "a.csv")
        #expect(throws: ImportError.refused(file: "a.csv", reason: .headerWithoutSecret(["卡号", "面值"]))) {
            try Support.parse(noSecret)
        }
        let two = try Support.write("卡号,卡密,密码\n1,A,B\n", name: "b.csv")
        #expect(throws: ImportError.refused(file: "b.csv", reason: .headerWithSeveralSecrets(["卡号", "卡密", "密码"]))) {
            try Support.parse(two)
        }
    }

    @Test("GBK CSV with a header and quoted Chinese")
    func gbkCSV() throws {
        let bytes = Support.encode("卡号,卡密,备注\r\n1,甲,\"你好，世界\"\r\n", to: "GBK")
        let r = try Support.parse(Support.write(bytes, name: "g.csv"))
        #expect(r.summary.encoding == .gb18030)
        #expect(r.secrets == ["甲"])
        #expect(r.accepted.first?.note == "备注: 你好，世界")
    }
}
