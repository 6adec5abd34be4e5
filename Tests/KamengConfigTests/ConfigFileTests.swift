import Foundation
import KamengConfig
import Testing

@Suite("config.toml")
struct ConfigFileTests {
    @Test("theme, lang and key choices are read")
    func full() throws {
        let config = try ConfigFile.parse("""
            theme = "light"
            lang = "zh"
            [keys]
            quit = ["q", "ctrl-q"]
            moveDown = ["n"]
            """, file: "config.toml")
        #expect(config == ConfigFile(theme: "light", lang: "zh", keys: ["quit": ["q", "ctrl-q"], "moveDown": ["n"]]))
    }

    @Test("errors name the file and the setting", arguments: [
        ("colour = \"x\"", "unknown setting \"colour\""),
        ("theme = 3", "theme: expected a non-empty string"),
        ("[keys]\nquit = \"q\"", "keys.quit: expected a list"),
        ("[keys]\nquit = [1]", "keys.quit: every key must be a string"),
        ("theme = ", "invalid TOML"),
    ])
    func errors(text: String, expected: String) {
        let error = #expect(throws: ConfigError.self) { _ = try ConfigFile.parse(text, file: "/home/u/.config/kameng/config.toml") }
        #expect(error?.description.hasPrefix("/home/u/.config/kameng/config.toml: ") == true)
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
    }

    @Test("a missing file means default settings; the path follows XDG_CONFIG_HOME, then HOME")
    func missingAndPath() throws {
        #expect(try ConfigFile.load(path: "/nonexistent/kameng/config.toml") == ConfigFile())
        #expect(ConfigFile.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/kameng/config.toml")
        #expect(ConfigFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/kameng/config.toml")
    }
}
