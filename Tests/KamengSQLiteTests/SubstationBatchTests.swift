import Foundation
import KamengDomain
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import Testing

/// Opening substations in a batch (all or none, audited each, secrets to a 0600 file beside the input)
/// and rejecting a held order with a blacklist, on a real SQLite file.
@Suite("substation batches, reject with blacklist")
struct SubstationBatchTests {
    static func draft(_ code: String, parent: String? = nil, domain: String? = nil) -> SubstationDraft {
        SubstationDraft(code: code, name: "分站 \(code)", domain: domain ?? "\(code).example.cn", parentCode: parent, commissionBasisPoints: 550)
    }

    @Test func aBatchOpensInOrderWithParentsFromEarlierLinesAndIsAuditedEach() throws {
        let t = try TestStore()
        try t.addSubstation(code: "main")
        let opened = try t.store.addSubstations([Self.draft("a", parent: "main"), Self.draft("b", parent: "a"), Self.draft("c")], by: t.admin)
        #expect(opened.map(\.0.code) == ["a", "b", "c"])
        #expect(Set(opened.map(\.apiSecret)).count == 3 && opened.allSatisfy { $0.apiSecret.count == 64 })
        let all = try t.store.substations()
        let id = { (code: String) in all.first { $0.code == code }?.id }
        #expect(all.first { $0.code == "b" }?.parentId == id("a") && all.first { $0.code == "a" }?.parentId == id("main"))
        #expect(try t.store.apiCredentials(code: "b")?.secret == opened[1].apiSecret, "sealed and opened again")
        let audit = try t.store.auditTail(limit: 10, by: t.admin).filter { $0.action == "substation.add" }
        #expect(audit.map(\.target).sorted() == ["substation:a", "substation:b", "substation:c", "substation:main"])
        #expect(audit.contains { $0.detail.hasSuffix("(batch 2/3)") })
        #expect(!audit.contains { event in opened.contains { event.detail.contains($0.apiSecret) } }, "no secret in the log")
    }

    @Test func oneBadSubstationOpensNone() throws {
        let t = try TestStore()
        try t.addSubstation(code: "taken")
        let before = try t.store.auditTail(limit: 100, by: t.admin).count
        for batch in [[Self.draft("x"), Self.draft("y", domain: "taken.example.cn")], [Self.draft("x"), Self.draft("y", parent: "ghost")],
                      [Self.draft("x"), Self.draft("x", domain: "x2.example.cn")]] {
            #expect(throws: StoreError.self) { try t.store.addSubstations(batch, by: t.admin) }
        }
        #expect(try t.store.substations().map(\.code) == ["taken"])
        #expect(try t.store.auditTail(limit: 100, by: t.admin).count == before)
    }

    @Test func onlyStaffWhoMayOpenSubstationsOpenABatch() throws {
        let t = try TestStore()
        for role in [Role.oncall, .support] {
            let person = try t.addStaff("p-\(role.rawValue)", role: role)
            #expect(throws: StoreError.forbidden(user: "\(person.userName) (\(role.rawValue))", action: Permission.manageSubstations.rawValue)) {
                try t.store.addSubstations([Self.draft("z")], by: person)
            }
        }
        let operatorStaff = try t.addStaff("op", role: .operator)
        #expect(try t.store.addSubstations([Self.draft("z")], by: operatorStaff).count == 1)
    }

    @Test func secretsGoToANewPrivateFileBesideTheInputAndNeverOverAnother() throws {
        let t = try TestStore()
        let input = t.root + "/subs.csv"
        try "a,甲,a.example.cn,,5\nb,乙,b.example.cn,a,4.5\n".write(toFile: input, atomically: true, encoding: .utf8)
        let sheet = try t.store.readSubstationSheet(path: input)
        #expect(sheet.isReady)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let result = try t.store.addSubstations(sheet.rows.map(\.draft), from: input, by: t.admin, now: now)
        #expect(result.secretsPath == SQLiteStore.secretsPath(beside: input, at: now))
        #expect(result.secretsPath.hasPrefix(t.root + "/subs.secrets-") && result.secretsPath.hasSuffix(".tsv") && result.secretsProblem == nil)
        let mode = try FileManager.default.attributesOfItem(atPath: result.secretsPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let lines = try String(contentsOfFile: result.secretsPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { !$0.hasPrefix("#") } == ["code\tdomain\tapi_secret",
                                                        "a\ta.example.cn\t\(try t.store.apiCredentials(code: "a")!.secret)",
                                                        "b\tb.example.cn\t\(try t.store.apiCredentials(code: "b")!.secret)"])

        // The same second again: the file exists, so nothing is opened (and the file is left alone).
        #expect(throws: StoreError.self) { try t.store.addSubstations([Self.draft("c")], from: input, by: t.admin, now: now) }
        #expect(try t.store.substations().map(\.code) == ["a", "b"])
        #expect(try String(contentsOfFile: result.secretsPath, encoding: .utf8).contains("b\tb.example.cn"))
        // A batch the store refuses leaves no secrets file behind.
        let later = now.addingTimeInterval(60)
        #expect(throws: StoreError.self) { try t.store.addSubstations([Self.draft("a")], from: input, by: t.admin, now: later) }
        #expect(!FileManager.default.fileExists(atPath: SQLiteStore.secretsPath(beside: input, at: later)))
    }

    @Test func readingABatchFileChecksItAgainstTheStore() throws {
        let t = try TestStore()
        try t.addSubstation(code: "sh-test")
        let input = t.root + "/subs.tsv"
        try "code\tname\tdomain\tparent\tcommission\nsh-test\t重复\tnew.example.cn\t\t5\n".write(toFile: input, atomically: true, encoding: .utf8)
        #expect(try t.store.readSubstationSheet(path: input).problems.map { $0.explanation(chinese: false) }
            == ["line 2, code: a substation with this code exists"])
        #expect(throws: StoreError.self) { try t.store.readSubstationSheet(path: t.root + "/missing.csv") }
        #expect(throws: StoreError.self) { try t.store.readSubstationSheet(path: t.root) }
        let big = t.root + "/big.csv"
        _ = FileManager.default.createFile(atPath: big, contents: Data(count: SubstationSheet.maxBytes + 1))
        #expect(try t.store.readSubstationSheet(path: big).problems.map(\.kind) == [.tooLarge(maxBytes: SubstationSheet.maxBytes)])
    }

    @Test func rejectingWithABlacklistIsOneDecisionAuditedEach() throws {
        let t = try TestStore()
        let product = try t.addProduct()
        let station = try t.addSubstation()
        var held = t.order("HELD-BL", product: product, station: station)
        held.device = ""
        let id = try t.store.createOrder(held)
        try t.rawExecute("UPDATE orders SET status = 'flagged', risk_score = 90 WHERE id = \(id)")
        let support = try t.addStaff("kefu", role: .support)

        let added = try t.store.rejectHeld(orderId: id, note: "farm", blacklisting: [.ip, .buyer, .device], by: support, stepUp: nil)
        #expect(added == [.ip, .buyer], "an order without a device blacklists no empty device")
        #expect(try t.store.order(id: id).status == .cancelled)
        let entries = try t.store.blacklist()
        #expect(entries.map(\.value).sorted() == ["10.0.0.1", "buyer-HELD-BL"])
        #expect(entries.allSatisfy { $0.reason == "rejected order HELD-BL: farm" && $0.addedBy == "kefu" })
        let audit = try t.store.auditTail(limit: 10, by: t.admin)
        #expect(audit.filter { $0.action == "blacklist.add" }.map(\.target).sorted() == ["blacklist:buyer", "blacklist:ip"])
        #expect(audit.contains { $0.action == "order.reject" && $0.target == "order:HELD-BL" })
        // Refused (not held any more): nothing more is blacklisted.
        #expect(throws: StoreError.self) { try t.store.rejectHeld(orderId: id, blacklisting: [.device], by: support, stepUp: nil) }
        #expect(try t.store.blacklist().count == 2)
    }
}
