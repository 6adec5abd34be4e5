#if canImport(Glibc)
import Foundation
import Glibc
import Testing
@testable import TerminalUI

/// The width table must equal glibc's `wcwidth` under C.UTF-8, which is what ncursesw measures with.
/// `KAMENG_RECORD_WIDTH_TABLE=1` regenerates `Sources/TerminalUI/DisplayWidthTable.swift` from this
/// machine's glibc (do that after a glibc upgrade makes this test fail, and review the diff).
@Suite("DisplayWidth vs glibc wcwidth", .serialized)
struct DisplayWidthGlibcTests {
    /// Every scalar value except surrogates (which are not scalars).
    static let allScalars: [Unicode.Scalar] = (0...0x10FFFF).compactMap { Unicode.Scalar(UInt32($0)) }

    /// Code points where glibc is known to disagree with itself; none so far. A mismatch listed here is
    /// reported but does not fail. Keep each entry justified.
    static let documentedExceptions: Set<UInt32> = []

    /// Glibc's module map hides `wcwidth` (it needs `_XOPEN_SOURCE`), so look it up in the process.
    typealias WcwidthFunction = @convention(c) (wchar_t) -> Int32
    static let glibcWcwidth: WcwidthFunction? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "wcwidth") else { return nil }
        return unsafeBitCast(symbol, to: WcwidthFunction.self)
    }()

    static func glibcWidth(_ s: Unicode.Scalar) -> Int {
        Int(glibcWcwidth!(wchar_t(bitPattern: s.value)))
    }

    static func withCUTF8<T>(_ body: () throws -> T) rethrows -> T {
        // Left at C.UTF-8 afterwards, not restored: tests run in parallel in one process, and putting
        // back "C" mid-run would break the ncurses tests that draw Chinese text at that moment.
        guard setlocale(LC_ALL, "C.UTF-8") != nil else {
            Issue.record("setlocale(LC_ALL, C.UTF-8) failed: the reference locale is missing")
            return try body()
        }
        return try body()
    }

    @Test func tableMatchesGlibcEverywhere() throws {
        try #require(Self.glibcWcwidth != nil, "wcwidth not found in the process")
        if ProcessInfo.processInfo.environment["KAMENG_RECORD_WIDTH_TABLE"] == "1" {
            try Self.withCUTF8 { try Self.recordTable() }
            Issue.record("Recorded DisplayWidthTable.swift from glibc; rerun without KAMENG_RECORD_WIDTH_TABLE")
            return
        }
        let mismatches: [String] = Self.withCUTF8 {
            // The brief's minimum is U+0020–U+FFFF plus the SMP emoji and CJK extension blocks; checking
            // every scalar costs about a second and covers them all.
            Self.allScalars.compactMap { s in
                let mine = DisplayWidth.wcwidth(s), theirs = Self.glibcWidth(s)
                guard mine != theirs, !Self.documentedExceptions.contains(s.value) else { return nil }
                return String(format: "U+%04X glibc=%d table=%d", s.value, theirs, mine)
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(200).joined(separator: "\n"))")
    }

    /// Sanity checks that do not need glibc, so a broken table that somehow matches nothing still fails.
    @Test func knownWidths() {
        #expect(DisplayWidth.wcwidth("a") == 1)
        #expect(DisplayWidth.wcwidth("中") == 2)
        #expect(DisplayWidth.wcwidth("한") == 2)
        #expect(DisplayWidth.wcwidth("Ａ") == 2)     // fullwidth A
        #expect(DisplayWidth.wcwidth("😀") == 2)
        #expect(DisplayWidth.wcwidth("\u{0301}") == 0)
        #expect(DisplayWidth.wcwidth("\u{200D}") == 0)
        #expect(DisplayWidth.wcwidth("\u{1B}") == -1)
        #expect(DisplayWidth.wcwidth("\u{20000}") == 2)  // CJK extension B
        #expect("腾讯Q币100元直充".displayWidth == 16)
        #expect("e\u{0301}".displayWidth == 1)
        #expect("a\u{1B}[31mb".displayWidth == 7)       // ESC drawn as one replacement cell
    }

    @Test func unitsAttachZeroWidthAndReplaceControls() {
        let units = DisplayWidth.units(of: "\u{0301}e\u{0301}中\u{7}")
        #expect(units == [CellUnit(text: "e\u{0301}", width: 1), CellUnit(text: "中", width: 2),
                          CellUnit(text: "\u{FFFD}", width: 1)])
        // A ZWJ family is one Swift Character but three spacing code points to glibc and ncurses.
        let family = DisplayWidth.units(of: "👨\u{200D}👩\u{200D}👧")
        #expect(family.map(\.width) == [2, 2, 2])
        #expect(DisplayWidth.units(of: "\u{9B}", replacement: "?") == [CellUnit(text: "?", width: 1)])
    }

    static func recordTable() throws {
        func runs(_ wanted: Int) -> [(UInt32, UInt32)] {
            var out: [(UInt32, UInt32)] = []
            for s in allScalars where glibcWidth(s) == wanted {
                if let last = out.last, last.1 + 1 == s.value {
                    out[out.count - 1].1 = s.value
                } else {
                    out.append((s.value, s.value))
                }
            }
            return out
        }
        func array(_ name: String, _ doc: String, _ ranges: [(UInt32, UInt32)]) -> String {
            var lines = ["    /// \(doc) (\(ranges.count) ranges)", "    static let \(name): [UInt32] = ["]
            var i = 0
            while i < ranges.count {
                let chunk = ranges[i..<min(i + 6, ranges.count)]
                lines.append("        " + chunk.map { String(format: "0x%05X, 0x%05X,", $0.0, $0.1) }.joined(separator: " "))
                i += 6
            }
            lines.append("    ]")
            return lines.joined(separator: "\n")
        }
        var buffer = [CChar](repeating: 0, count: 64)
        _ = confstr(Int32(_CS_GNU_LIBC_VERSION), &buffer, buffer.count)
        let version = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let text = """
            // GENERATED by Tests/TerminalUITests/DisplayWidthGlibcTests.swift from \(version) wcwidth
            // under C.UTF-8 (KAMENG_RECORD_WIDTH_TABLE=1). Do not edit by hand.

            /// glibc's width classes as inclusive code point ranges, flattened `[first, last, first, last, ...]`.
            /// Code points in none of them have width 1.
            enum DisplayWidthTable {
            \(array("nonPrintable", "wcwidth == -1: controls, unassigned, noncharacters", runs(-1)))

            \(array("zeroWidth", "wcwidth == 0: combining marks, format characters (ZWJ, ZWSP), NUL", runs(0)))

            \(array("wide", "wcwidth == 2: East Asian Wide/Fullwidth, emoji presentation", runs(2)))
            }

            """
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/TerminalUI/DisplayWidthTable.swift").standardizedFileURL
        try text.write(to: url, atomically: true, encoding: String.Encoding.utf8)
    }
}
#endif
