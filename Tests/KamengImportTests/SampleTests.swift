import Foundation
import Testing
@testable import KamengImport

/// The four samples of shared/samples, copied to Fixtures/, give the counts of their README.
/// `accepted` there is after the store's in-file dedup, so here accepted = README accepted +
/// duplicateInFile, and the repeat must be visible as two accepted records with both lines.
@Suite struct SampleTests {
    @Test("qq-coins-100.txt: 40 NUMBER----SECRET keys")
    func qqCoins() throws {
        let r = try Support.parse(Support.fixtures.appendingPathComponent("qq-coins-100.txt"))
        #expect(r.accepted.count == 40)
        #expect(r.summary.skipped == 0)
        #expect(r.rejected.isEmpty)
        #expect(r.summary.encoding == .utf8)
        let first = try #require(r.accepted.first)
        #expect(first.line == 1)
        #expect(first.number == "526018159083")
        #expect(first.secret == "CF54ERF5DHQD3DQC")
        #expect(r.accepted.allSatisfy { $0.number != nil && $0.note == nil })
        #expect(Set(r.secrets).count == 40)
    }

    @Test("steam-wallet.csv: BOM, header 卡号,卡密,面值 → 30 keys, 0 skipped")
    func steamWallet() throws {
        let r = try Support.parse(Support.fixtures.appendingPathComponent("steam-wallet.csv"))
        #expect(r.accepted.count == 30)
        #expect(r.rejected.isEmpty)
        // The README counts no skipped line: the header is reported as a header, not as skipped.
        #expect(r.summary.skipped == 0)
        #expect(r.summary.skippedHeader == 1)
        #expect(r.summary.header == ["卡号", "卡密", "面值"])
        #expect(r.summary.container == .csv)
        let first = try #require(r.accepted.first)
        #expect(first.line == 2)
        #expect(first.number == "2761125651")
        #expect(first.secret == "6CCJFWFD2JBEHNJ9ULQE")
        #expect(first.note == "面值: 100")
        // Leading zeros of card numbers survive (text, never numbers).
        #expect(r.accepted.contains { $0.number == "0057172795" })
    }

    @Test("mobile-topup-gbk.txt: GBK, CRLF, labelled → 25 keys")
    func mobileTopupGBK() throws {
        let r = try Support.parse(Support.fixtures.appendingPathComponent("mobile-topup-gbk.txt"))
        #expect(r.accepted.count == 25)
        #expect(r.summary.skipped == 0)
        #expect(r.rejected.isEmpty)
        #expect(r.summary.encoding == .gb18030)
        #expect(r.summary.lines == 25)
        let first = try #require(r.accepted.first)
        #expect(first.number == "28038741435643316")
        #expect(first.secret == "U4LDUKB6XJ6AUMZ5C4")
        #expect(r.accepted.last?.line == 25)
    }

    @Test("office-keys-messy.txt: 21 accepted incl. one repeat, blank + comment skipped, BEL rejected")
    func officeKeysMessy() throws {
        let r = try Support.parse(Support.fixtures.appendingPathComponent("office-keys-messy.txt"))
        #expect(r.accepted.count == 21)  // README: 20 accepted + 1 duplicateInFile (the store's job)
        #expect(Set(r.secrets).count == 20)
        let repeated = Dictionary(grouping: r.accepted, by: \.secret).filter { $0.value.count > 1 }
        #expect(repeated.count == 1)
        #expect(repeated["ZXASHRZY9CYGYWHCRS"]?.map(\.line) == [1, 21])
        #expect(r.summary.skipped == 2)
        #expect(r.skipped.map(\.kind) == [.blank, .comment])
        #expect(r.skipped.map(\.line) == [22, 23])
        #expect(r.rejected.map(\.line) == [24])
        #expect(r.rejected.map(\.reason) == [.controlInSecret])
        #expect(r.accepted.allSatisfy { $0.number == nil })
    }

    @Test("Fixtures are the same bytes as ../shared/samples when that folder is present")
    func fixturesMatchShared() throws {
        let repoRoot = Support.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/samples")
        guard FileManager.default.fileExists(atPath: shared.path) else { return }
        for name in ["qq-coins-100.txt", "steam-wallet.csv", "mobile-topup-gbk.txt", "office-keys-messy.txt"] {
            let a = try Data(contentsOf: Support.fixtures.appendingPathComponent(name))
            let b = try Data(contentsOf: shared.appendingPathComponent(name))
            #expect(a == b, "\(name) differs from shared/samples")
        }
    }
}
