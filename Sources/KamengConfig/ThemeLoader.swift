import Foundation
import TerminalUI

/// Finds a theme by name, first match wins:
/// 1. the user's `$XDG_CONFIG_HOME/kameng/themes/NAME.toml` (`~/.config` when XDG_CONFIG_HOME is unset,
///    empty or relative, as the XDG spec says);
/// 2. `themesDirectory/NAME.toml` (the app passes the repository's or the installed Themes directory);
/// 3. the built-in copy compiled into the binary, so `kameng` run from anywhere still has the four
///    shipped themes.
///
/// A file that exists but is broken is an error, not a reason to fall through to the next place: a user
/// who edited their theme wants to hear about the typo, not silently get the stock one.
public struct ThemeLoader: Sendable {
    /// Where a theme was found.
    public enum Source: Equatable, Sendable, CustomStringConvertible {
        case file(String)
        case builtin(String)

        public var description: String {
            switch self {
            case .file(let path): return path
            case .builtin(let name): return "built-in \(name)"
            }
        }
    }

    public var userThemesDirectory: String?
    public var themesDirectory: String?

    /// - Parameters:
    ///   - environment: the process environment (passed in so tests need not touch the real one).
    ///   - themesDirectory: the shipped Themes directory, if the app knows where it is.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, themesDirectory: String? = nil) {
        self.userThemesDirectory = Self.userThemesDirectory(environment: environment)
        self.themesDirectory = themesDirectory
    }

    /// `$XDG_CONFIG_HOME/kameng/themes`, or `$HOME/.config/kameng/themes`; nil without either.
    public static func userThemesDirectory(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("kameng/themes")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return (home as NSString).appendingPathComponent(".config/kameng/themes")
    }

    /// The files that would be tried for `name`, in order.
    public func candidateFiles(for name: String) -> [String] {
        [userThemesDirectory, themesDirectory].compactMap { $0 }.map {
            ($0 as NSString).appendingPathComponent(name + ".toml")
        }
    }

    /// Letters, digits, '-', '_', '.' and not starting with '.': a name never escapes the themes folder.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    /// Where `name` would be loaded from, without parsing it; nil when nowhere.
    public func locate(_ name: String) -> Source? {
        guard Self.isValidName(name) else { return nil }
        if let path = candidateFiles(for: name).first(where: { FileManager.default.fileExists(atPath: $0) }) {
            return .file(path)
        }
        return BuiltinThemes.text(named: name) == nil ? nil : .builtin(name)
    }

    /// The theme called `name`, and where it came from.
    public func load(_ name: String) throws(ThemeError) -> (theme: Theme, source: Source) {
        guard Self.isValidName(name) else { throw .invalidName(name) }
        switch locate(name) {
        case .file(let path):
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .unreadable(file: path, message: error.localizedDescription)
            }
            return (try ThemeFile.parse(text, file: path, expectedName: name), .file(path))
        case .builtin(let builtin):
            let text = BuiltinThemes.text(named: builtin)!
            return (try ThemeFile.parse(text, file: "built-in \(builtin)", expectedName: name), .builtin(builtin))
        case nil:
            throw .notFound(name: name, searched: candidateFiles(for: name))
        }
    }
}
