import Foundation
import Testing
@testable import KamengImport

/// The one normalisation rule: trim padding at both ends; reject, never strip, inside.
@Suite struct NormalisationTests {
    @Test("Padding is trimmed: ASCII whitespace, U+3000, NBSP, zero-width, BOM")
    func trimming() throws {
        let r = try Support.parse(text: "\u{3000}\u{00A0} 1 \u{200B}----\u{FEFF}\tSEC\u{200C}\u{200D}\u{3000}\n")
        #expect(r.accepted.map(\.number) == ["1"])
        #expect(r.secrets == ["SEC"])
        #expect(r.accepted.first?.secretBytes == Array("SEC".utf8))
    }

    @Test("Unsafe characters inside a secret reject the line with a specific reason", arguments: [
        ("AB\u{07}CD", RejectReason.controlInSecret), ("AB\u{7F}CD", .controlInSecret), ("AB\u{85}CD", .controlInSecret),
        ("AB\u{01}CD", .controlInSecret), ("AB\u{1B}[31mCD", .escapeInSecret), ("AB\u{9B}2JCD", .escapeInSecret),
        ("AB\u{202E}CD", .bidiInSecret), ("AB\u{2067}CD", .bidiInSecret), ("AB\u{200F}CD", .bidiInSecret),
        ("AB\u{200B}CD", .zeroWidthInSecret), ("AB\u{FEFF}CD", .zeroWidthInSecret), ("AB\u{2060}CD", .zeroWidthInSecret),
        ("AB\u{2028}CD", .controlInSecret),
    ])
    func unsafeInSecret(_ secret: String, _ reason: RejectReason) throws {
        let r = try Support.parse(text: "OK1\n100----\(secret)\nOK2\n")
        #expect(r.rejected.map(\.line) == [2])
        #expect(r.rejected.map(\.reason) == [reason])
        #expect(r.secrets == ["OK1", "OK2"])
    }

    @Test("A trailing control is not whitespace: rejected, not trimmed")
    func trailingBell() throws {
        let r = try Support.parse(text: "SEC\u{07}\n")
        #expect(r.rejected.map(\.reason) == [.controlInSecret])
    }

    @Test("Unsafe characters in the card number or note reject the line")
    func unsafeInNumberAndNote() throws {
        let r = try Support.parse(text: "1\u{1B}[2J----SEC1\n2\u{202E}----SEC2\n3----SEC3----n\u{1B}ote\n4----SEC4----ok note\n")
        #expect(r.rejected.map(\.reason) == [.unsafeCharacterInNumber, .unsafeCharacterInNumber, .unsafeCharacterInNote])
        #expect(r.secrets == ["SEC4"])
    }

    @Test("256 characters accepted, 257 rejected (ASCII and CJK)")
    func length() throws {
        let a256 = String(repeating: "A", count: 256), a257 = a256 + "B"
        let c256 = String(repeating: "密", count: 256), c257 = c256 + "码"
        let r = try Support.parse(text: [a256, a257, c256, c257].joined(separator: "\n"))
        #expect(r.secrets == [a256, c256])
        #expect(r.rejected.map(\.line) == [2, 4])
        #expect(r.rejected.allSatisfy { $0.reason == .secretTooLong })
    }

    @Test("A line over the record limit is rejected as too long; the next line is read")
    func lineTooLong() throws {
        var options = ImportOptions()
        options.maxRecordBytes = 1000
        let long = String(repeating: "X", count: 5000)
        let url = try Support.write("A\n\(long)\nB\n")
        let r = try Support.parse(url, options: options)
        #expect(r.secrets == ["A", "B"])
        #expect(r.rejected.map(\.line) == [2])
        #expect(r.rejected.first?.reason == .lineTooLong)
    }

    @Test("Secrets are kept as given when NFC; a decomposed secret is rejected, not rewritten")
    func nfc() throws {
        let composed = "CAF\u{00C9}1"        // É precomposed
        let decomposed = "CAFE\u{0301}2"     // E + combining acute
        let r = try Support.parse(text: "\(composed)\n\(decomposed)\n")
        #expect(r.secrets == [composed])
        #expect(r.accepted.first?.secretBytes == Array(composed.utf8))
        #expect(r.rejected.map(\.reason) == [.secretNotNFC])
    }

    @Test("Reject reasons have stable codes, English and Chinese messages")
    func reasons() {
        #expect(RejectReason.controlInSecret.code == "control_in_secret")
        #expect(RejectReason.controlInSecret.message == "control character in secret")
        #expect(RejectReason.undecodableBytes.message == "undecodable bytes")
        #expect(RejectReason.cardNumberStoredAsNumber.message == "card number stored as a number (Excel keeps 15 digits)")
        #expect(Set(RejectReason.allCases.map(\.code)).count == RejectReason.allCases.count)
        #expect(RejectReason.allCases.allSatisfy { !$0.messageZH.isEmpty && $0.messageZH != $0.message })
    }
}

/// Header detection must not eat a secret that happens to be a label word.
@Suite struct HeaderGuardTests {
    @Test("A lone ASCII label word is a secret; a lone Chinese label is a header")
    func loneLabel() throws {
        let r = try Support.parse(text: "KEY\nCODE\n")
        #expect(r.secrets == ["KEY", "CODE"])
        let h = try Support.parse(text: "卡密\nAAA\nBBB\n")
        #expect(h.summary.skippedHeader == 1)
        #expect(h.secrets == ["AAA", "BBB"])
    }

    @Test("A stray NUL in valid text is a bad line, not a binary file: that line is rejected with its number, the rest imported")
    func strayNULIsABadLine() throws {
        // 428 lines of about 13 kB, as a supplier sent it, with one NUL on line 200.
        var lines = (1...428).map { String(format: "CARD%026d----PW%04d", $0, $0) }
        lines[199] = "CARD-NUL----AB\u{00}CD"
        let url = try Support.write(lines.joined(separator: "\n") + "\n", name: "nul.txt")
        let r = try Support.parse(url)
        #expect(r.rejected.map(\.line) == [200])
        #expect(r.rejected.map(\.reason) == [.controlInSecret])
        #expect(r.secrets.count == 427)
    }
}
