import KamengImport

/// What the operator chose about one file in the import pane, written as on the command line
/// (`--columns note,number,secret --separator ## --encoding big5`): the pane accepts exactly what
/// Kameng's refusals and Docs/Import.md suggest.
public struct ImportChoices: Sendable, Equatable {
    public var columns: ColumnMapping?
    public var separator: [UInt8]?
    public var encoding: TextEncoding?

    public init(columns: ColumnMapping? = nil, separator: [UInt8]? = nil, encoding: TextEncoding? = nil) {
        self.columns = columns
        self.separator = separator
        self.encoding = encoding
    }

    /// Nothing chosen: the file's own shape and encoding.
    public var isEmpty: Bool { columns == nil && separator == nil && encoding == nil }

    /// The choices as the command line writes them.
    public var argument: String {
        var parts: [String] = []
        if let columns { parts.append("--columns \(columns.argument)") }
        if let separator {
            let text = String(decoding: separator, as: UTF8.self)
            parts.append("--separator " + (text == " " ? "space" : text == "\t" ? "tab" : text))
        }
        if let encoding { parts.append("--encoding \(encoding.rawValue)") }
        return parts.joined(separator: " ")
    }

    /// The options the import runs with.
    public var options: ImportOptions {
        var options = ImportOptions()
        options.columns = columns
        options.separator = separator
        options.encoding = encoding
        return options
    }

    /// Reads `--columns X`, `--separator X` and `--encoding X` (any order, each at most once).
    public static func parse(_ text: String) throws(ImportChoicesError) -> ImportChoices {
        var choices = ImportChoices()
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)[...]
        var seen: Set<String> = []
        while let flag = words.popFirst() {
            guard ["--columns", "--separator", "--encoding"].contains(flag) else { throw .unknownWord(flag) }
            guard seen.insert(flag).inserted else { throw .repeated(flag) }
            guard let value = words.popFirst() else { throw .missingValue(flag) }
            switch flag {
            case "--columns":
                do throws(ColumnMappingError) { choices.columns = try ColumnMapping.parse(value) } catch { throw .columns(error) }
            case "--separator":
                choices.separator = SeparatorArgument.bytes(value)
            default:
                guard let encoding = TextEncoding(argument: value) else { throw .unknownEncoding(value) }
                choices.encoding = encoding
            }
        }
        return choices
    }
}

/// Why the options typed in the import pane were not understood.
public enum ImportChoicesError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownWord(String)
    case repeated(String)
    case missingValue(String)
    case columns(ColumnMappingError)
    case unknownEncoding(String)

    public var description: String {
        switch self {
        case .unknownWord(let word): "\"\(word)\": write --columns, --separator or --encoding, each followed by its value"
        case .repeated(let flag): "\(flag) is given twice"
        case .missingValue(let flag): "\(flag) needs a value"
        case .columns(let error): "--columns: \(error)"
        case .unknownEncoding(let name):
            "--encoding: \"\(name)\" is not one of \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }
}
