import Foundation
import Testing
import KamengDomain

private func envelope(_ json: String) throws(IntakeProblem) -> IntakeEnvelope { try IntakeEnvelope.parse(Array(json.utf8)) }

private func problem(_ body: () throws(IntakeProblem) -> Void) -> IntakeProblem? {
    do { try body(); return nil } catch { return error }
}

private let orderText = #"{"type":"order","orderNo":"SO-1","product":"QQ-100","quantity":2,"amount":19800,"buyer":"张三","ip":"10.0.0.1","device":"d-1","at":"2026-11-23T08:15:30Z"}"#

private let malformedEnvelopes: [(String, String)] = [
    ("not json", "not valid JSON"),
    ("[1,2]", "not a JSON object"),
    (#"{"payload":"{}","sig":"00"}"#, "missing field \"substation\""),
    (#"{"substation":"a","sig":"00"}"#, "missing field \"payload\""),
    (#"{"substation":"a","payload":{},"sig":"00"}"#, "field \"payload\": expected a string"),
    (#"{"substation":"a","payload":"{}","signature":"00"}"#, "unknown field \"signature\""),
    (#"{"substation":"a","substation":"b","payload":"{}"}"#, "appears twice"),
    (#"{"substation":"a","payload":"{}"} x"#, "unexpected text after"),
    ("{\"substation\":\"a\u{01}\",\"payload\":\"{}\"}", "control character"),
]

private let malformedPayloads: [(String, String)] = [
    (orderText.replacingOccurrences(of: #","amount":19800"#, with: ""), "missing field \"amount\""),
    (orderText.replacingOccurrences(of: "19800", with: "-5"), "amount: must not be negative"),
    (orderText.replacingOccurrences(of: "19800", with: "198.00"), "integer number of fen"),
    (orderText.replacingOccurrences(of: "19800", with: "\"19800\""), "integer number of fen"),
    (orderText.replacingOccurrences(of: "2026-11-23T08:15:30Z", with: "2026-11-23 08:15"), "not an RFC 3339 time"),
    (orderText.replacingOccurrences(of: "2026-11-23T08:15:30Z", with: "2026-11-23T08:15:30"), "not an RFC 3339 time"),
    (orderText.replacingOccurrences(of: "2026-11-23T08:15:30Z", with: "2026-02-30T08:15:30Z"), "not an RFC 3339 time"),
    (orderText.replacingOccurrences(of: "\"quantity\":2", with: "\"quantity\":0"), "quantity: 1–1000"),
    (orderText.replacingOccurrences(of: "SO-1", with: "SO 1"), "orderNo"),
    (orderText.replacingOccurrences(of: "\"buyer\":\"张三\"", with: "\"buyer\":\"\""), "buyer: 1–128 bytes"),
    (orderText.replacingOccurrences(of: "\"order\"", with: "\"refund\""), "expected order, payment or heartbeat"),
    (orderText.replacingOccurrences(of: "}", with: ",\"extra\":1}"), "unknown field \"extra\""),
    (#"{"type":"payment","orderNo":"A","amount":1,"method":"paypal","txn":"t","at":"2026-11-23T08:00:00Z"}"#, "method \"paypal\""),
    (#"{"type":"heartbeat","at":"2026-11-23T08:00:00Z","metrics":{"callbacks":1,"callbackFailures":2,"deliveryP95Ms":0,"ordersLastHour":0}}"#, "more than"),
    (#"{"type":"heartbeat","at":"2026-11-23T08:00:00Z","metrics":{"callbacks":1}}"#, "missing field \"metrics.callbackFailures\""),
    ("{\"type\":\"order\"", "not valid JSON"),
    ("42", "not a JSON object"),
]

@Suite("Intake: envelopes and payloads (pure)")
struct IntakeParsingTests {
    @Test("an envelope gives back the payload text exactly, escapes included")
    func envelopeRoundTrip() throws {
        let e = try envelope(#"{"substation":"sh-a","payload":"{\"type\":\"x\",\"u\":\"\u4e2d\ud83d\ude00\"}","sig":"AB"}"#)
        #expect(e.substation == "sh-a")
        #expect(e.payload == #"{"type":"x","u":"中😀"}"#)
        #expect(e.signature == "AB")
    }

    @Test("unsigned lines parse with no signature; a null sig is unsigned too")
    func unsigned() throws {
        #expect(try envelope(#"{"substation":"a","payload":"{}"}"#).signature == nil)
        #expect(try envelope(#"{"substation":"a","payload":"{}","sig":null}"#).signature == nil)
    }

    @Test("malformed envelopes say what is wrong", arguments: malformedEnvelopes)
    func malformedEnvelope(line: String, expected: String) {
        let p = problem { () throws(IntakeProblem) in _ = try envelope(line) }
        #expect(p?.reason == .malformed)
        #expect(p?.detail.contains(expected) == true, "\(p?.detail ?? "accepted")")
    }

    @Test("signature bytes: exactly 64 hex digits, either case; anything else is nil")
    func signatureBytes() {
        let hex = String(repeating: "aB", count: 32)
        #expect(IntakeEnvelope(substation: "a", payload: "", signature: hex).signatureBytes == [UInt8](repeating: 0xAB, count: 32))
        for bad in [nil, "", String(repeating: "a", count: 63), String(repeating: "a", count: 65), String(repeating: "g", count: 64),
                    String(repeating: "a", count: 62) + "中"] {
            #expect(IntakeEnvelope(substation: "a", payload: "", signature: bad).signatureBytes == nil, "\(bad ?? "nil")")
        }
    }

    @Test("constant-time comparison: equal only for equal bytes of equal length")
    func constantTime() {
        #expect(IntakeEnvelope.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!IntakeEnvelope.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!IntakeEnvelope.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(!IntakeEnvelope.constantTimeEqual([], [0]))
    }

    @Test("an order payload reads every field; amount in fen, time in UTC")
    func order() throws {
        guard case let .order(o) = try IntakePayload.parse(orderText) else { Issue.record("not an order"); return }
        #expect(o.orderNo == "SO-1" && o.product == "QQ-100" && o.quantity == 2 && o.amount == Money(fen: 19_800))
        #expect(o.buyer == "张三" && o.ip == "10.0.0.1" && o.device == "d-1")
        #expect(o.at == Date(timeIntervalSince1970: 1_795_421_730))
    }

    @Test("payment and heartbeat payloads")
    func paymentAndHeartbeat() throws {
        let pay = try IntakePayload.parse(#"{"type":"payment","orderNo":"SO-1","amount":19800,"method":"wechat","txn":"wx.4200-1","at":"2026-11-23T16:15:31.250+08:00"}"#)
        #expect(pay == .payment(IntakePayment(orderNo: "SO-1", amount: Money(fen: 19_800), method: .wechat, txn: "wx.4200-1",
                                              at: Date(timeIntervalSince1970: 1_795_421_731.25))))
        let beat = try IntakePayload.parse(#"{"type":"heartbeat","at":"2026-11-23T08:00:00Z","metrics":{"callbacks":120,"callbackFailures":3,"deliveryP95Ms":850,"ordersLastHour":42}}"#)
        guard case let .heartbeat(h) = beat else { Issue.record("not a heartbeat"); return }
        #expect(h.callbacks == 120 && h.callbackFailures == 3 && h.deliveryP95Ms == 850 && h.ordersLastHour == 42)
        #expect(beat.kind == .heartbeat)
    }

    @Test("malformed payloads name the field and the rule", arguments: malformedPayloads)
    func malformedPayload(text: String, expected: String) {
        let p = problem { () throws(IntakeProblem) in _ = try IntakePayload.parse(text) }
        #expect(p?.reason == .malformed)
        #expect(p?.detail.contains(expected) == true, "\(p?.detail ?? "accepted")")
    }

    @Test("RFC 3339: offsets, fractions, leap days; no offset or impossible dates refused")
    func rfc3339() {
        #expect(RFC3339.date("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
        #expect(RFC3339.date("1970-01-01T08:00:00+08:00") == Date(timeIntervalSince1970: 0))
        #expect(RFC3339.date("2024-02-29T12:00:00.5z") == Date(timeIntervalSince1970: 1_709_208_000.5))
        for bad in ["2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T08:00:00",
                    "2026-11-23T08:00:00.Z", "2026-11-23T08:00:00+0800", "20261123T080000Z", "2026-11-23T08:00:00Zjunk"] {
            #expect(RFC3339.date(bad) == nil, "\(bad)")
        }
    }

    @Test("payload text round-trips through the parser, odd characters included")
    func roundTrip() throws {
        let at = Date(timeIntervalSince1970: 1_795_421_730.25)
        let payloads: [IntakePayload] = [
            .order(IntakeOrder(orderNo: "A_1", product: "QQ-100", quantity: 3, amount: Money(fen: 29_700), buyer: "引号\"与\\反斜杠",
                               ip: "2001:db8::1", device: "iPhone 15/路由", at: at)),
            .payment(IntakePayment(orderNo: "A_1", amount: Money(fen: 0), method: .unionpay, txn: "u.1-2_3", at: at)),
            .heartbeat(IntakeHeartbeat(at: at, callbacks: 0, callbackFailures: 0, deliveryP95Ms: 0, ordersLastHour: 0)),
        ]
        for payload in payloads { #expect(try IntakePayload.parse(payload.text) == payload) }
        #expect(RFC3339.string(at) == "2026-11-23T08:15:30.250Z")
        #expect(RFC3339.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        let line = IntakePayload.envelopeLine(substation: "sh-a", payloadText: payloads[0].text, signatureHex: "00")
        #expect(try envelope(line).payload == payloads[0].text)
    }

    @Test("a string is its bytes when they are UTF-8, and refused when not", arguments: [
        [0xFF], [0xC3], [0xE4, 0xB8], [0xE4, 0xB8, 0x41], [0xF0, 0x9F, 0x98], [0xF0, 0x9F, 0x98, 0x41], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x41, 0x80],
    ] as [[UInt8]])
    func invalidUTF8(_ bad: [UInt8]) throws {
        for escaped in [false, true] {
            // Both paths: a plain string, and one with an escape (decoded into a buffer first).
            let bytes = Array(#"{"a":""#.utf8) + (escaped ? [0x5C, 0x6E] : []) + bad + Array(#""}"#.utf8)
            let refused = problem { () throws(IntakeProblem) in _ = try IntakeJSON.parse(bytes) }
            #expect(refused?.detail.contains("invalid UTF-8") == true, "\(bad), escaped: \(escaped): \(String(describing: refused))")
        }
        for good in ["张三", "🎮 点卡", "\u{FFFD}", "plain ascii", ""] {
            #expect(try IntakeJSON.parse(Array("{\"a\":\"\(good)\"}".utf8)) == .object([("a", .string(good))]))
        }
    }

    @Test("clip makes outside text visible and short")
    func clip() {
        #expect(IntakeProblem.clip("a\u{1B}[31mb") == "a^[[31mb")
        #expect(IntakeProblem.clip(String(repeating: "x", count: 100)).count == 41)
    }

    @Test("the summary counts every outcome where the CLI reports it")
    func summary() {
        var s = IntakeSummary()
        for o: IntakeOutcome in [.orderAccepted(held: false), .orderAccepted(held: true), .orderDuplicate,
                                 .paymentAccepted(.delivered), .paymentAccepted(.awaitingStock), .paymentAccepted(.held),
                                 .paymentDuplicate, .heartbeatAccepted, .heartbeatDuplicate,
                                 .rejected(IntakeProblem(.badSignature, "x")), .rejected(IntakeProblem(.badSignature, "y"))] {
            s.add(o)
        }
        #expect(s.lines == 11 && s.orders.accepted == 2 && s.orders.duplicate == 1 && s.flagged == 1)
        #expect(s.payments.accepted == 3 && s.payments.duplicate == 1 && s.delivered == 1 && s.awaitingStock == 1 && s.heldPayments == 1)
        #expect(s.heartbeats.accepted == 1 && s.heartbeats.duplicate == 1)
        #expect(s.rejected == 2 && s.rejectedByReason == ["bad_signature": 2])
        #expect(s.humanLines.contains("rejected: 2 (bad_signature 2)"))
    }
}
