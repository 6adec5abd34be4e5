/// CSV for people who open it in a spreadsheet: RFC 4180 quoting, and every cell that a spreadsheet
/// would run as a formula (starting with = + - @, tab or CR) neutralised with a leading apostrophe,
/// the OWASP guard against CSV injection. Card keys are outside text: a supplier can make one look
/// like `=HYPERLINK(…)`.
public enum CSVExport {
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// The cell with a leading apostrophe when its first character would start a formula.
    public static func neutralise(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first.map(Character.init), formulaStarts.contains(first) else { return cell }
        return "'" + cell
    }

    /// One field: neutralised, then quoted when it holds a comma, quote or line break.
    public static func field(_ cell: String) -> String {
        let safe = neutralise(cell)
        guard safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A whole document with CRLF line ends; the header passes through the same guard.
    public static func document(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }
}
