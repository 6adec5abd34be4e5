import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// Lines that are not what the substation signed change nothing; replays change nothing.
@Suite("Intake: signatures and replays")
struct IntakeSignatureTests {
    @Test("forged, unsigned, wrong-key, tampered and non-hex lines are rejected as bad_signature; nothing changes")
    func forgeries() throws {
        let f = try IntakeFixture()
        try f.ingest([f.line(f.order("KEEP-1")), f.line(f.payment("KEEP-1"))])
        let before = try f.digest()
        let order = f.order("FORGED-1")
        let text = order.text
        let otherSecret = f.secrets["sh-b"]!
        var tampered = Array(text.utf8)
        tampered[text.utf8.count - 10] ^= 0x01   // one bit of the time, after signing
        let tamperedText = String(decoding: tampered, as: UTF8.self)
        let goodSig = IntakeSigner.signature(payload: text, secret: f.secrets["sh-a"]!)
        let lines = [
            // forged: sh-a's line signed with sh-b's secret
            IntakePayload.envelopeLine(substation: "sh-a", payloadText: text, signatureHex: IntakeSigner.signature(payload: text, secret: otherSecret)),
            // unsigned
            #"{"substation":"sh-a","payload":\#(jsonString(text))}"#,
            // wrong key: a secret that is nobody's
            IntakePayload.envelopeLine(substation: "sh-a", payloadText: text, signatureHex: IntakeSigner.signature(payload: text, secret: String(repeating: "0", count: 64))),
            // tampered payload under the original signature
            IntakePayload.envelopeLine(substation: "sh-a", payloadText: tamperedText, signatureHex: goodSig),
            // not hex, too short, upper-case of a wrong MAC
            IntakePayload.envelopeLine(substation: "sh-a", payloadText: text, signatureHex: String(repeating: "z", count: 64)),
            IntakePayload.envelopeLine(substation: "sh-a", payloadText: text, signatureHex: String(goodSig.prefix(62))),
            IntakePayload.envelopeLine(substation: "sh-a", payloadText: text, signatureHex: String(goodSig.dropLast(2) + "00").uppercased()),
            // the right MAC claimed by another substation
            IntakePayload.envelopeLine(substation: "sh-b", payloadText: text, signatureHex: goodSig),
        ]
        let summary = try f.ingest(lines)
        #expect(summary.rejected == lines.count)
        #expect(summary.rejectedByReason == ["bad_signature": lines.count])
        #expect(try f.digest() == before)
        let records = try f.rejections()
        #expect(records.map { $0["line"] as Int } == Array(1...lines.count))
        #expect(records.allSatisfy { ($0["reason"] as String) == "bad_signature" && ($0["kind"] as String) == "order" })
        // A record never holds the signature, nor any secret.
        for record in records {
            let all = record.description
            #expect(!all.contains(goodSig.prefix(16)) && !f.secrets.values.contains { all.contains($0.prefix(16)) })
        }
        #expect((records[1]["detail"] as String).contains("unsigned"))
        #expect(try f.store.verifyAudit() == .intact(rows: try f.count("SELECT count(*) FROM audit_log")))
    }

    @Test("upper-case hex of the right MAC is accepted")
    func upperCase() throws {
        let f = try IntakeFixture()
        let text = f.order("UP-1").text
        let sig = IntakeSigner.signature(payload: text, secret: f.secrets["sh-a"]!).uppercased()
        let summary = try f.ingest([IntakePayload.envelopeLine(substation: "sh-a", payloadText: text, signatureHex: sig)])
        #expect(summary.orders.accepted == 1)
    }

    @Test("replaying a whole file changes nothing: orders, keys, signals, failures identical; duplicates counted")
    func replayFile() throws {
        let f = try IntakeFixture(keys: 3)
        var lines: [String] = []
        for i in 0..<5 { lines += [f.line(f.order("R\(i)", at: Double(i))), f.line(f.payment("R\(i)", at: Double(i) + 0.5))] }
        lines += [f.line(f.heartbeat(at: 10)), f.line(f.payment("R0", amount: 1, txn: "bad-amount")),
                  f.line(f.order("R9", amount: 300_000, at: 20)), f.line(f.payment("R9", amount: 300_000, at: 21))]
        let first = try f.ingest(lines)
        #expect(first.delivered == 3 && first.awaitingStock == 2 && first.heartbeats.accepted == 1)
        let after = try f.digest()
        let auditRows = try f.count("SELECT count(*) FROM audit_log")
        for groupLines in [500, 1, 3] {
            let again = try f.ingest(lines, groupLines: groupLines)
            #expect(try f.digest() == after)
            #expect(again.orders.accepted == 0 && again.orders.duplicate == 6)
            #expect(again.payments.accepted == 0 && again.payments.duplicate == 6)
            #expect(again.heartbeats.duplicate == 1 && again.delivered == 0)
            #expect(again.rejectedByReason == ["already_paid": 1])
        }
        // Replays add rejection records and audit rows for them, and nothing else.
        #expect(try f.count("SELECT count(*) FROM audit_log") > auditRows)
        #expect(try f.store.verifyAudit() == .intact(rows: try f.count("SELECT count(*) FROM audit_log")))
    }

    @Test("one payment arriving N times, in one group and across runs, delivers once")
    func repeatedPayment() throws {
        let f = try IntakeFixture(keys: 10)
        let pay = f.line(f.payment("P1"))
        let summary = try f.ingest([f.line(f.order("P1"))] + Array(repeating: pay, count: 20))
        #expect(summary.delivered == 1 && summary.payments.duplicate == 19)
        for _ in 0..<3 { #expect(try f.ingest([pay], groupLines: 1).payments.duplicate == 1) }
        #expect(try f.count("SELECT count(*) FROM card_keys WHERE status = 'sold'") == 1)
        #expect(try (f.orderRow("P1")?["status"] as String?) == "delivered")
    }

    @Test("a replayed order with other contents is a conflict; a txn paying another order is a conflict")
    func conflicts() throws {
        let f = try IntakeFixture()
        try f.ingest([f.line(f.order("C1")), f.line(f.order("C2")), f.line(f.payment("C1", txn: "T-1"))])
        let before = try f.digest()
        let summary = try f.ingest([f.line(f.order("C1", quantity: 2)), f.line(f.payment("C2", txn: "T-1"))])
        #expect(summary.rejectedByReason == ["conflict": 2])
        #expect(try f.digest() == before)
    }

    @Test("the same order number from two substations is two orders")
    func perSubstation() throws {
        let f = try IntakeFixture()
        let summary = try f.ingest([f.line(f.order("S1"), from: "sh-a"), f.line(f.order("S1"), from: "sh-b")])
        #expect(summary.orders.accepted == 2)
    }
}

/// A JSON string literal (for hand-built envelope lines).
func jsonString(_ s: String) -> String {
    String(decoding: try! JSONEncoder().encode(s), as: UTF8.self)
}
