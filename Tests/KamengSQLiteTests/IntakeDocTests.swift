import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// Docs/Intake.md's worked signing example, read from the page itself: if the page changes, this checks it again.
@Suite("Intake: the documented signing example")
struct IntakeDocTests {
    static var page: String {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return try String(contentsOf: root.appendingPathComponent("Docs/Intake.md"), encoding: .utf8)
        }
    }

    static func value(_ name: String, in page: String) throws -> String {
        let line = try #require(page.split(separator: "\n").first { $0.hasPrefix(name) && $0.dropFirst(name.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") })
        return String(line.split(separator: "=", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces))
    }

    @Test("the documented sig is the HMAC-SHA256 of the documented payload under the documented secret")
    func signature() throws {
        let page = try Self.page
        let secret = try Self.value("secret", in: page), payload = try Self.value("payload", in: page), sig = try Self.value("sig", in: page)
        #expect(IntakeSigner.signature(payload: payload, secret: secret) == sig)
        let line = try #require(page.split(separator: "\n").first { $0.hasPrefix(#"{"substation":"sh-xiaoqi""#) })
        let envelope = try IntakeEnvelope.parse(Array(line.utf8))
        #expect(envelope.payload == payload && envelope.signature == sig && envelope.substation == "sh-xiaoqi")
    }

    @Test("a store whose substation holds the documented secret accepts the documented line")
    func accepted() throws {
        let page = try Self.page
        let secret = try Self.value("secret", in: page)
        let t = try TestStore()
        try t.addProduct(sku: "QQ-COIN-100")
        try t.store.pool.write { db in
            try t.store.insertSubstation(db, Substation(code: "sh-xiaoqi", name: "小七分站", domain: "xiaoqi.example.cn",
                                                        commissionBasisPoints: 800, createdAt: Date()), secret: secret)
        }
        let line = try #require(page.split(separator: "\n").first { $0.hasPrefix(#"{"substation":"sh-xiaoqi""#) })
        let summary = try t.store.ingest(.bytes(Array(line.utf8)), options: IntakeOptions(rules: .defaults, source: "doc"), by: t.admin)
        #expect(summary.orders.accepted == 1 && summary.rejected == 0)
    }
}
