import Foundation
import Testing
@testable import KamengImport

/// Line shapes of text files: endings, separators, labelled forms, comments, notes and expiry.
@Suite struct LineShapeTests {
    @Test("LF, CRLF and lone CR all end lines; numbering is the same", arguments: ["\n", "\r\n", "\r"])
    func lineEndings(_ eol: String) throws {
        let r = try Support.parse(text: ["1----AAA", "", "# c", "2----BBB", "3----CCC"].joined(separator: eol) + eol)
        #expect(r.secrets == ["AAA", "BBB", "CCC"])
        #expect(r.accepted.map(\.line) == [1, 4, 5])
        #expect(r.skipped.map(\.line) == [2, 3])
        #expect(r.summary.lines == 5)
    }

    @Test("Mixed endings and no final newline")
    func mixedEndings() throws {
        let r = try Support.parse(text: "A1\r\nA2\rA3\nA4")
        #expect(r.secrets == ["A1", "A2", "A3", "A4"])
        #expect(r.accepted.map(\.line) == [1, 2, 3, 4])
        #expect(r.summary.lines == 4)
    }

    @Test("Each separator splits NUMBER and SECRET", arguments: [
        "----", "------", "\t", ",", "|", "║", " ", "   ", "\u{3000}",
    ])
    func separators(_ sep: String) throws {
        let r = try Support.parse(text: "12345\(sep)SECRET-1\n67890\(sep)SECRET-2\n")
        #expect(r.accepted.map(\.number) == ["12345", "67890"])
        #expect(r.secrets == ["SECRET-1", "SECRET-2"])
    }

    @Test("Strongest separator wins: a secret may hold a weaker one")
    func separatorPriority() throws {
        let r = try Support.parse(text: "1----AB CD,EF\n2\tX-Y|Z\n3|P,Q\nAB-CD-EF\n")
        #expect(r.accepted.map(\.number) == ["1", "2", "3", nil])
        #expect(r.secrets == ["AB CD,EF", "X-Y|Z", "P,Q", "AB-CD-EF"])
    }

    @Test("Extra fields: a date becomes the expiry, the rest the note")
    func extras() throws {
        let r = try Support.parse(text: "1----S1----100元----2025-12-31\n2,S2,2025/01/02 08:30,50\n3 S3 20260315\n4 S4 2025-06-01 12:00:00 vip\n")
        #expect(r.secrets == ["S1", "S2", "S3", "S4"])
        #expect(r.accepted.map(\.note) == ["100元", "50", nil, "vip"])
        let tz = TimeZone(secondsFromGMT: 8 * 3600)!
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = tz
        let parts = r.accepted.map { $0.expiry.map { cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: $0) } }
        #expect(parts[0]?.year == 2025 && parts[0]?.month == 12 && parts[0]?.day == 31 && parts[0]?.hour == 23)
        #expect(parts[1]?.day == 2 && parts[1]?.hour == 8 && parts[1]?.minute == 30)
        #expect(parts[2]?.year == 2026 && parts[2]?.month == 3 && parts[2]?.day == 15)
        #expect(parts[3]?.hour == 12 && parts[3]?.second == 0)
    }

    @Test("Impossible dates are not expiries: they stay in the note")
    func badDates() throws {
        let r = try Support.parse(text: "1----S----2025-02-30\n2----T----20251301\n")
        #expect(r.accepted.allSatisfy { $0.expiry == nil })
        #expect(r.accepted.map(\.note) == ["2025-02-30", "20251301"])
    }

    @Test("Labelled lines: both colons, any order, case-insensitive ASCII labels", arguments: [
        "卡号:111 密码:SEC1", "卡号：111 卡密：SEC1", "密码:SEC1 卡号:111", "卡密：SEC1　卡号：111",
        "账号:111 密码:SEC1", "Card: 111, PIN: SEC1", "PIN:SEC1 card:111", "CARD NO: 111 | Password: SEC1",
        "卡号:111密码:SEC1", "卡号: 111 ---- 密码: SEC1", "账号 111 密码 SEC1",
    ])
    func labelled(_ line: String) throws {
        let r = try Support.parse(text: line + "\n")
        #expect(r.accepted.map(\.number) == ["111"])
        #expect(r.secrets == ["SEC1"])
        #expect(r.accepted.first?.note == nil)
    }

    @Test("Labelled extras: expiry label parsed, other labels kept in the note, colons inside values kept")
    func labelledExtras() throws {
        let r = try Support.parse(text: "卡号:9 卡密:a:b:c 面值:100 有效期:2025-12-31 23:59 备注:首批\n")
        let key = try #require(r.accepted.first)
        #expect(key.secret == "a:b:c")
        #expect(key.note == "面值: 100; 备注: 首批")
        #expect(key.expiry != nil)
    }

    @Test("Labelled line without a secret, or with two, is rejected")
    func labelledProblems() throws {
        let r = try Support.parse(text: "卡号:1 面值:10\n卡号:2 卡密:A 密码:B\n")
        #expect(r.rejected.map(\.reason) == [.emptySecret, .multipleSecrets])
        #expect(r.rejected.map(\.line) == [1, 2])
    }

    @Test("A text file may start with a header row of labels")
    func textHeader() throws {
        let r = try Support.parse(text: "卡密\t卡号\t面值\nSEC1\t111\t10\nSEC2\t222\t20\n")
        #expect(r.summary.skippedHeader == 1)
        #expect(r.secrets == ["SEC1", "SEC2"])
        #expect(r.accepted.map(\.number) == ["111", "222"])
        #expect(r.accepted.map(\.note) == ["面值: 10", "面值: 20"])
    }

    @Test("Blank lines (incl. full-width space only) and # comments are counted as skipped")
    func skips() throws {
        let r = try Support.parse(text: "\n   \n\u{3000}\n#x\n  # indented comment\nKEY\n")
        #expect(r.summary.skippedBlank == 3)
        #expect(r.summary.skippedComment == 2)
        #expect(r.secrets == ["KEY"])
        #expect(r.accepted.first?.line == 6)
    }

    @Test("Empty secret after a separator is rejected; empty number becomes nil")
    func emptyFields() throws {
        let r = try Support.parse(text: "123----\n----SEC\n123,,SEC\n")
        #expect(r.rejected.map(\.line) == [1, 3])
        #expect(r.rejected.allSatisfy { $0.reason == .emptySecret })
        #expect(r.accepted.map(\.number) == [nil])
        #expect(r.secrets == ["SEC"])
    }
}
