import Foundation
import Testing
import TerminalUI
@testable import KamengConfig

@Suite("Theme loading")
struct ThemeLoaderTests {
    /// A fresh directory tree standing in for $XDG_CONFIG_HOME and a Themes directory.
    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, to dir: URL, name: String) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: dir.appendingPathComponent(name + ".toml"), atomically: true, encoding: .utf8)
    }

    /// A complete theme text with `name` and the normal foreground set to `fg`.
    static func theme(_ name: String, fg: String = "#112233", extra: String = "") -> String {
        var text = "name = \"\(name)\"\n\(extra)\n[colors]\n"
        for role in StyleRole.allCases { text += "\(role.rawValue) = { fg = \"\(role == .normal ? fg : "default")\" }\n" }
        return text
    }

    @Test func searchOrderUserThenThemesDirThenBuiltin() throws {
        let root = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let xdg = root.appendingPathComponent("xdg"), shipped = root.appendingPathComponent("Themes")
        let loader = ThemeLoader(environment: ["XDG_CONFIG_HOME": xdg.path, "HOME": "/nonexistent"],
                                 themesDirectory: shipped.path)
        #expect(try loader.load("light").source == .builtin("light"))
        try Self.write(Self.theme("light", fg: "#000001"), to: shipped, name: "light")
        let fromDir = try loader.load("light")
        #expect(fromDir.source == .file(shipped.appendingPathComponent("light.toml").path))
        #expect(fromDir.theme.pair(for: .normal).foreground == RGBColor(hex: "#000001"))
        try Self.write(Self.theme("light", fg: "#000002"), to: xdg.appendingPathComponent("kameng/themes"), name: "light")
        let fromUser = try loader.load("light")
        #expect(fromUser.theme.pair(for: .normal).foreground == RGBColor(hex: "#000002"))
        #expect(fromUser.source.description.hasSuffix("xdg/kameng/themes/light.toml"))
    }

    @Test func homeFallbackAndRelativeXDGIgnored() {
        #expect(ThemeLoader.userThemesDirectory(environment: ["HOME": "/home/a"]) == "/home/a/.config/kameng/themes")
        #expect(ThemeLoader.userThemesDirectory(environment: ["HOME": "/home/a", "XDG_CONFIG_HOME": "rel"]) == "/home/a/.config/kameng/themes")
        #expect(ThemeLoader.userThemesDirectory(environment: ["XDG_CONFIG_HOME": "/x"]) == "/x/kameng/themes")
        #expect(ThemeLoader.userThemesDirectory(environment: [:]) == nil)
    }

    @Test func everyBuiltinLoadsWithNoFilesAnywhere() throws {
        let loader = ThemeLoader(environment: [:], themesDirectory: nil)
        for name in BuiltinThemes.names {
            let loaded = try loader.load(name)
            #expect(loaded.source == .builtin(name) && loaded.theme.missingRoles.isEmpty)
        }
    }

    @Test func errorsNameTheFileAndTheKey() throws {
        let root = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let loader = ThemeLoader(environment: [:], themesDirectory: root.path)
        let file = root.appendingPathComponent("mine.toml").path

        func expectError(_ text: String, _ expected: ThemeError, sourceLocation: SourceLocation = #_sourceLocation) throws {
            try Self.write(text, to: root, name: "mine")
            #expect(throws: expected, sourceLocation: sourceLocation) { try loader.load("mine") }
        }
        try expectError(Self.theme("mine").replacingOccurrences(of: "selected =", with: "selcted ="),
                        .unknownKey(file: file, key: "colors.selcted"))
        try expectError(Self.theme("mine", fg: "#12345"),
                        .badValue(file: file, key: "colors.normal.fg", message: ##""#12345" is not a colour (expected "#rrggbb" or "default")"##))
        try expectError(Self.theme("mine").replacingOccurrences(of: "hint = { fg = \"default\" }\n", with: ""),
                        .missingKey(file: file, key: "colors.hint"))
        try expectError(Self.theme("mine", extra: "colour = 1"), .unknownKey(file: file, key: "colour"))
        try expectError(Self.theme("other"), .badValue(file: file, key: "name", message: #""other" does not match the file name "mine""#))
        try expectError(Self.theme("mine").replacingOccurrences(of: "ok = { fg = \"default\" }", with: "ok = { fg = \"default\", bold = true }"),
                        .unknownKey(file: file, key: "colors.ok.bold"))
        try expectError(Self.theme("mine").replacingOccurrences(of: "ok = { fg = \"default\" }", with: "ok = \"#ffffff\""),
                        .badValue(file: file, key: "colors.ok", message: ##"expected { fg = "#rrggbb", bg = "#rrggbb" }"##))

        try Self.write("name = \"mine\"\n[colors\nnormal = 1\n", to: root, name: "mine")
        do {
            _ = try loader.load("mine")
            Issue.record("a syntax error was accepted")
        } catch {
            guard case .syntax(let f, let line, _, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(f == file && line == 2)
            #expect(error.description.hasPrefix(file + ":2:"))
        }
    }

    @Test func namesAreCheckedAndMissingThemesListWhereTheyWereSought() {
        let loader = ThemeLoader(environment: ["HOME": "/h"], themesDirectory: "/t")
        #expect(throws: ThemeError.invalidName("../etc/passwd")) { try loader.load("../etc/passwd") }
        #expect(throws: ThemeError.invalidName(".hidden")) { try loader.load(".hidden") }
        #expect(ThemeLoader.isValidName("solarized-dark_2.1"))
        #expect(throws: ThemeError.notFound(name: "nope", searched: ["/h/.config/kameng/themes/nope.toml", "/t/nope.toml"])) {
            try loader.load("nope")
        }
        #expect(ThemeError.notFound(name: "nope", searched: ["/t/nope.toml"]).description.contains("default-dark"))
    }
}
