import TOMLKit
import TerminalUI

/// Why a theme could not be loaded. Every case names the file (or "built-in NAME"), and the key when one
/// is at fault, so a user editing a theme knows exactly what to fix.
public enum ThemeError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Not valid TOML.
    case syntax(file: String, line: Int, column: Int, message: String)
    /// A key the schema does not have (a typo such as `colors.selcted`).
    case unknownKey(file: String, key: String)
    /// A key holding the wrong kind of value, or an unreadable colour.
    case badValue(file: String, key: String, message: String)
    /// A required key that is absent.
    case missingKey(file: String, key: String)
    /// A theme name that cannot be a file name (path separators, leading dot).
    case invalidName(String)
    /// No file and no built-in theme with this name.
    case notFound(name: String, searched: [String])
    /// The file exists but could not be read.
    case unreadable(file: String, message: String)

    public var description: String {
        switch self {
        case .syntax(let file, let line, let column, let message):
            return "\(file):\(line):\(column): invalid TOML: \(message)"
        case .unknownKey(let file, let key):
            let roles = StyleRole.allCases.map(\.rawValue).joined(separator: ", ")
            return "\(file): unknown key \"\(key)\" (a theme has name and colors.ROLE with ROLE one of: \(roles))"
        case .badValue(let file, let key, let message):
            return "\(file): \(key): \(message)"
        case .missingKey(let file, let key):
            return "\(file): missing \"\(key)\""
        case .invalidName(let name):
            return "invalid theme name \"\(name)\": use letters, digits, '-', '_' and '.' (not first)"
        case .notFound(let name, let searched):
            return "theme \"\(name)\" not found; looked in: \(searched.joined(separator: ", ")), and the built-in themes "
                + "(\(BuiltinThemes.names.joined(separator: ", ")))"
        case .unreadable(let file, let message):
            return "\(file): cannot read: \(message)"
        }
    }
}

/// Parsing of theme files (schema in Themes/default-dark.toml's header):
///
/// ```toml
/// name = "default-dark"
/// [colors]
/// normal   = { fg = "#d0d0d0", bg = "#1c1c1c" }
/// selected = { fg = "#5fafff", bg = "default" }
/// ```
public enum ThemeFile {
    /// Parses `text`; `file` is used in error messages only. With `expectedName`, the `name` key must
    /// equal it (the loader passes the file name, so a copied theme that kept its old name is caught).
    public static func parse(_ text: String, file: String, expectedName: String? = nil) throws(ThemeError) -> Theme {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .syntax(file: file, line: error.source.begin.line, column: error.source.begin.column,
                          message: error.description)
        } catch {
            throw .syntax(file: file, line: 0, column: 0, message: "\(error)")
        }
        for key in root.keys where key != "name" && key != "colors" {
            throw .unknownKey(file: file, key: key)
        }
        guard let nameValue = root["name"] else { throw .missingKey(file: file, key: "name") }
        guard let name = nameValue.string, !name.isEmpty else {
            throw .badValue(file: file, key: "name", message: "expected a non-empty string")
        }
        if let expectedName, name != expectedName {
            throw .badValue(file: file, key: "name",
                            message: "\"\(name)\" does not match the file name \"\(expectedName)\"")
        }
        guard let colorsValue = root["colors"] else { throw .missingKey(file: file, key: "colors") }
        guard let colorsTable = colorsValue.table else {
            throw .badValue(file: file, key: "colors", message: "expected a table of roles")
        }
        var colors: [StyleRole: ColorPair] = [:]
        for key in colorsTable.keys {
            guard let role = StyleRole(rawValue: key) else { throw .unknownKey(file: file, key: "colors.\(key)") }
            guard let pairTable = colorsTable[key]?.table else {
                throw .badValue(file: file, key: "colors.\(key)", message: ##"expected { fg = "#rrggbb", bg = "#rrggbb" }"##)
            }
            colors[role] = try pair(pairTable, key: "colors.\(key)", file: file)
        }
        // Every role is required: a theme silently missing `selected` would make selection invisible.
        if let missing = StyleRole.allCases.first(where: { colors[$0] == nil }) {
            throw .missingKey(file: file, key: "colors.\(missing.rawValue)")
        }
        return Theme(name: name, colors: colors)
    }

    private static func pair(_ table: TOMLTable, key: String, file: String) throws(ThemeError) -> ColorPair {
        for sub in table.keys where sub != "fg" && sub != "bg" {
            throw .unknownKey(file: file, key: "\(key).\(sub)")
        }
        return ColorPair(foreground: try color(table["fg"], key: "\(key).fg", file: file),
                         background: try color(table["bg"], key: "\(key).bg", file: file))
    }

    /// nil for an absent value or "default" (the terminal's colour).
    private static func color(_ value: TOMLValueConvertible?, key: String, file: String) throws(ThemeError) -> RGBColor? {
        guard let value else { return nil }
        guard let text = value.string else {
            throw .badValue(file: file, key: key, message: ##"expected a string "#rrggbb" or "default""##)
        }
        if text == "default" { return nil }
        guard let color = RGBColor(hex: text) else {
            throw .badValue(file: file, key: key, message: "\"\(text)\" is not a colour (expected \"#rrggbb\" or \"default\")")
        }
        return color
    }
}
