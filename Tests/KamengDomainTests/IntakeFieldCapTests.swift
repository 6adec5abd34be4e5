import KamengDomain
import Testing

/// The intake's JSON reader bounds the work a hostile line can cause: a cap on fields per object,
/// and a duplicate check that does not compare each field with every earlier one.
@Suite("Intake JSON: field cap and duplicate check")
struct IntakeFieldCapTests {
    static func object(_ count: Int, duplicateAt: Int? = nil) -> String {
        "{" + (0..<count).map { "\"f\(duplicateAt == $0 ? 0 : $0)\":1" }.joined(separator: ",") + "}"
    }

    @Test("10,000 fields are refused as too_many_fields, at the first field past the cap")
    func tenThousandFields() {
        #expect(throws: IntakeProblem(.tooManyFields, "more than \(IntakeJSON.maxFieldsPerObject) fields in one object")) {
            _ = try IntakeJSON.parse(Self.object(10_000))
        }
    }

    @Test("the cap itself is accepted, one more is refused; duplicates under it are still found")
    func atTheCap() throws {
        guard case let .object(fields) = try IntakeJSON.parse(Self.object(IntakeJSON.maxFieldsPerObject)) else {
            Issue.record("not an object"); return
        }
        #expect(fields.count == 64)
        #expect(throws: IntakeProblem.self) { _ = try IntakeJSON.parse(Self.object(IntakeJSON.maxFieldsPerObject + 1)) }
        // The set-based duplicate check still finds a repeat wherever it is under the cap.
        for position in [1, 30, 63] {
            #expect(throws: IntakeProblem.malformed("field \"f0\" appears twice")) {
                _ = try IntakeJSON.parse(Self.object(64, duplicateAt: position))
            }
        }
    }

    @Test("the kind hint reads the type off the text without parsing")
    func kindHintDoesNotParse() {
        let counter = IntakeJSON.ParseCounter()
        let kind = IntakeJSON.$parseCounter.withValue(counter) { IntakePayload.kindHint(#"{"orderNo":"1", "type" : "payment","x":"#) }
        #expect(kind == .payment && counter.count == 0)
        #expect(IntakePayload.kindHint(#"{"type":"refund"}"#) == .unknown)
        #expect(IntakePayload.kindHint(#"{"kind":"order"}"#) == .unknown)
    }
}
