import Foundation
import Testing
import TerminalUI
@testable import KamengConfig

/// The built-in themes are copies of Themes/*.toml compiled into the binary. This suite fails when they
/// drift; `KAMENG_RECORD_GOLDEN=1 swift test` regenerates Sources/KamengConfig/BuiltinThemes.swift.
@Suite("Built-in themes", .serialized)
struct BuiltinThemesTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
    static let themesDir = repo.appendingPathComponent("Themes")
    static let shipped = ["default-dark", "light", "high-contrast", "monochrome"]

    static func fileText(_ name: String) throws -> String {
        try String(contentsOf: themesDir.appendingPathComponent(name + ".toml"), encoding: .utf8)
    }

    @Test func builtinsEqualThemeFiles() throws {
        if ProcessInfo.processInfo.environment["KAMENG_RECORD_GOLDEN"] == "1" {
            try Self.record()
            Issue.record("Regenerated BuiltinThemes.swift from Themes/; rebuild and rerun without KAMENG_RECORD_GOLDEN")
            return
        }
        #expect(BuiltinThemes.names == Self.shipped)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDir.path)
            .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(files == Self.shipped.sorted(), "Themes/ has files that are not built in (or the reverse)")
        for name in Self.shipped {
            #expect(BuiltinThemes.text(named: name) == (try Self.fileText(name)),
                    "built-in \(name) differs from Themes/\(name).toml; regenerate with KAMENG_RECORD_GOLDEN=1")
        }
    }

    @Test(arguments: shipped)
    func shippedThemesParseAndDefineEveryRole(name: String) throws {
        let theme = try ThemeFile.parse(try Self.fileText(name), file: name + ".toml", expectedName: name)
        #expect(theme.name == name)
        #expect(theme.missingRoles.isEmpty)
    }

    @Test func monochromeHasNoColours() throws {
        let theme = try ThemeFile.parse(try Self.fileText("monochrome"), file: "monochrome.toml")
        #expect(theme.colors.values.allSatisfy { $0 == ColorPair() })
        let dark = try ThemeFile.parse(try Self.fileText("default-dark"), file: "default-dark.toml")
        #expect(dark.pair(for: .normal) == ColorPair(foreground: RGBColor(hex: "#d0d0d0"), background: RGBColor(hex: "#1c1c1c")))
    }

    static func record() throws {
        var out = """
            // GENERATED from Themes/*.toml by Tests/KamengConfigTests/BuiltinThemesTests.swift
            // (KAMENG_RECORD_GOLDEN=1 swift test). Do not edit by hand: edit the .toml files and regenerate.

            /// The shipped themes compiled in as text, so a binary run from anywhere still has them.
            public enum BuiltinThemes {
                /// Names in the order they are offered; the first is the default.
                public static let names: [String] = [\(shipped.map { "\"\($0)\"" }.joined(separator: ", "))]

                /// The TOML text of the built-in theme `name`.
                public static func text(named name: String) -> String? {
                    switch name {

            """
        for name in shipped {
            out += "        case \"\(name)\": return \(identifier(name))\n"
        }
        out += "        default: return nil\n        }\n    }\n"
        for name in shipped {
            let text = try fileText(name)
            precondition(!text.contains("\"\"\"#"), "theme text would end the raw string")
            // A multi-line literal drops the newline before its closing delimiter: add one to keep the file's.
            out += "\n    static let \(identifier(name)) = #\"\"\"\n\(text)\n\"\"\"#\n"
        }
        out += "}\n"
        let url = repo.appendingPathComponent("Sources/KamengConfig/BuiltinThemes.swift")
        try out.write(to: url, atomically: true, encoding: .utf8)
    }

    static func identifier(_ name: String) -> String {
        let parts = name.split(separator: "-")
        return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
    }
}
