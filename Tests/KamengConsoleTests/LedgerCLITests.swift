import Foundation
import KamengDomain
import KamengTestSupport
import Testing

/// `kameng ledger …` and `kameng reconcile` through the real binary on a tiny demo: the JSON shapes,
/// the exports (0600, never overwritten, formula-guarded), and bad input named with its field.
@Suite("kameng ledger and reconcile", .enabled(if: TmuxSession.isAvailable), .serialized)
struct LedgerCLITests {
    @Test("balance --json: one object per substation with exactly the documented keys; an unknown code exits 1")
    func balance() throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        let text = try platform.run(["ledger", "balance", "--json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(!array.isEmpty && array.contains { $0["code"] as? String == "main-east" })
        for object in array {
            #expect(Set(object.keys) == ["code", "balanceFen", "creditLimitFen", "availableFen", "fundsRequired"])
            #expect((object["availableFen"] as? Int) == (object["balanceFen"] as? Int ?? 0) + (object["creditLimitFen"] as? Int ?? 0))
        }
        let one = try platform.run(["ledger", "balance", "main-east"])
        #expect(one.contains("main-east") && one.contains("AVAILABLE"))
        let message = platform.failing(["ledger", "balance", "no-such"])
        #expect(message.contains("status 256") && message.contains("no-such"), "\(message)")
        #expect(try platform.run(["ledger", "verify"]).contains("ledger sound:"))
    }

    @Test("statement: human, JSON, CSV and .xlsx; files 0600 and never overwritten; bad dates and amounts named")
    func statement() throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        let days = ["--from", "2026-11-01", "--to", "2026-11-30"]
        #expect(try platform.run(["ledger", "statement", "main-east"] + days).contains("Statement of main-east"))
        let json = try platform.run(["ledger", "statement", "main-east", "--json"] + days)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["from"] as? String == "2026-11-01" && (object["accounts"] as? [[String: Any]])?.count == 2)
        let csv = platform.dir.appendingPathComponent("statement.csv").path
        try platform.run(["ledger", "statement", "main-east", "--csv", csv] + days)
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(text.hasPrefix("account,entry,time_utc8,kind,order_no,reference,amount,balance_after\r\nprepaid,,2026-11-01 00:00:00,opening,"))
        #expect((try FileManager.default.attributesOfItem(atPath: csv)[.posixPermissions] as? Int) == 0o600)
        #expect(platform.failing(["ledger", "statement", "main-east", "--csv", csv] + days).contains("--csv: cannot create"))
        let xlsx = platform.dir.appendingPathComponent("statement.xlsx").path
        try platform.run(["ledger", "statement", "main-east", "--xlsx", xlsx] + days)
        #expect(try Data(contentsOf: URL(fileURLWithPath: xlsx)).prefix(2) == Data("PK".utf8))

        #expect(platform.failing(["ledger", "statement", "main-east", "--from", "2026-11-31", "--to", "2026-12-01"]).contains("--from: expected a date"))
        #expect(platform.failing(["ledger", "statement", "main-east", "--from", "2026-12-02", "--to", "2026-12-01"]).contains("--to:"))
        #expect(platform.failing(["ledger", "statement", "no-such"] + days).contains("no-such"))
        #expect(platform.failing(["ledger", "topup", "main-east", "12.345", "--ref", "R1", "--code", "000000"]).contains("AMOUNT: expected yuan"))
        #expect(platform.failing(["ledger", "topup", "main-east", "0", "--ref", "R1", "--code", "000000"]).contains("AMOUNT: must be more than 0"))
        #expect(platform.failing(["ledger", "require-funds", "main-east", "maybe", "--code", "000000"]).contains("on|off"))
        #expect(platform.failing(["ledger", "settle", "main-east", "--period", "2026-13"]).contains("--period: expected YYYY-MM"))
    }

    @Test("topup books once per reference (the balance shows it, verify holds); a second time is refused; a month not over is not settled")
    func booking() throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        func balanceFen() throws -> Int {
            let text = try platform.run(["ledger", "balance", "main-east", "--json"])
            let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
            return try #require(array.first?["balanceFen"] as? Int)
        }
        let before = try balanceFen()
        let booked = try platform.run(["ledger", "topup", "main-east", "5000.00", "--ref", "BANK-77", "--code", platform.codes.next()])
        #expect(booked.contains("Topped up main-east by ¥5000.00 (ref BANK-77)"), "\(booked)")
        #expect(try balanceFen() == before + 500_000)
        let again = platform.failing(["ledger", "topup", "main-east", "5000.00", "--ref", "BANK-77", "--code", try platform.codes.next()])
        #expect(again.contains("status 256"), "\(again)")
        #expect(try balanceFen() == before + 500_000)
        #expect(try platform.run(["ledger", "verify"]).contains("ledger sound:"))
        let statement = try platform.run(["ledger", "statement", "main-east", "--from", "2000-01-01", "--to", "2099-12-31", "--json"])
        #expect(statement.contains("\"reference\" : \"BANK-77\""))
        let thisMonth = String(BusinessDay(containing: Date()).description.prefix(7))
        #expect(platform.failing(["ledger", "settle", "main-east", "--period", thisMonth]).contains("status 256"))
        #expect(try platform.run(["audit", "tail", "--limit", "5"]).contains("ledger.topup"))
    }

    @Test("reconcile: the day's orders, JSON with the documented keys; a bad --day is named")
    func reconcile() throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        let text = try platform.run(["reconcile", "--day", "2026-11-05", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["from", "to", "orders", "unexplained", "anomalies"])
        #expect(object["from"] as? String == "2026-11-05" && object["unexplained"] as? Int == 0)
        #expect(platform.failing(["reconcile", "--day", "yesterday"]).contains("--day: expected a date"))
    }
}
