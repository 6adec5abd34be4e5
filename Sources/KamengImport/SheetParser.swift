import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Streams a worksheet's rows with XMLParser (SAX: one row in memory at a time) and hands each
/// row to `onRow` as UTF-8 cell bytes + ranges by column, with numeric cells flagged.
///
/// Cell types: `s` shared string, `inlineStr` (`<is><t>`), `str` formula text, `b`/`e`/`d` as
/// their text, and numbers (no `t`, or `t="n"`): flagged, so a card number stored as a number
/// meets the 15-digit rule instead of being trusted.
final class SheetParser: NSObject, XMLParserDelegate {
    typealias RowHandler = (_ bytes: [UInt8], _ ranges: [Range<Int>], _ numeric: [Bool], _ row: Int, _ delivered: Int) throws -> Void

    private let data: Data
    private let shared: [String]
    private let file: String
    private let hooks: ImportHooks
    private let fileBytes: Int64
    private let onRow: RowHandler
    private(set) var lastRow = 0
    private var totalRows = 0
    private var delivered = 0
    private var failure: Error?

    private var cells: [(col: Int, text: String, numeric: Bool)] = []
    private var nextCol = 0
    private var cellCol = 0, cellType = "", value = "", inline = ""
    private var inValue = false, inInlineText = false, inInline = false, phonetic = 0

    init(data: Data, shared: [String], file: String, hooks: ImportHooks, fileBytes: Int64, onRow: @escaping RowHandler) {
        self.data = data
        self.shared = shared
        self.file = file
        self.hooks = hooks
        self.fileBytes = fileBytes
        self.onRow = onRow
    }

    func run() throws {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        let ok = parser.parse()
        if let failure { throw failure }
        if !ok {
            let detail = parser.parserError.map { "\($0)" } ?? "invalid XML"
            throw ImportError.refused(file: file, reason: .malformedWorkbook("worksheet XML: \(detail)"))
        }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes a: [String: String] = [:]) {
        switch WorkbookXML.localName(elementName) {
        case "dimension":
            if let ref = a["ref"], let last = ref.split(separator: ":").last { totalRows = Self.row(of: last) }
        case "row":
            cells.removeAll(keepingCapacity: true); nextCol = 0
            lastRow = a["r"].flatMap { Int($0) } ?? lastRow + 1
        case "c":
            cellCol = a["r"].map { Self.column(of: $0) } ?? nextCol
            cellType = a["t"] ?? "n"; value = ""; inline = ""
        case "v": inValue = true
        case "is": inInline = true
        case "t": inInlineText = inInline && phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue { value += string } else if inInlineText { inline += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch WorkbookXML.localName(elementName) {
        case "v": inValue = false
        case "t": inInlineText = false
        case "is": inInline = false
        case "rPh": phonetic -= 1
        case "c": endCell(parser)
        case "row": endRow(parser)
        default: break
        }
    }

    private func endCell(_ parser: XMLParser) {
        let text: String, numeric: Bool
        switch cellType {
        case "s":
            guard let i = Int(value), shared.indices.contains(i) else {
                return fail(parser, ImportError.refused(file: file, reason: .malformedWorkbook("shared string \(value) missing")))
            }
            (text, numeric) = (shared[i], false)
        case "inlineStr": (text, numeric) = (WorkbookXML.unescapeOOXML(inline), false)
        case "n": (text, numeric) = (value, !value.isEmpty)
        default: (text, numeric) = (WorkbookXML.unescapeOOXML(value), false)
        }
        cells.append((cellCol, text, numeric))
        nextCol = cellCol + 1
    }

    private func endRow(_ parser: XMLParser) {
        guard let width = cells.map(\.col).max().map({ $0 + 1 }) else { return }  // an empty <row/> holds nothing
        var bytes: [UInt8] = [], ranges = [Range<Int>](repeating: 0..<0, count: width)
        var numeric = [Bool](repeating: false, count: width)
        for cell in cells {
            let start = bytes.count
            bytes.append(contentsOf: cell.text.utf8)
            ranges[cell.col] = start..<bytes.count
            numeric[cell.col] = cell.numeric
        }
        do {
            try onRow(bytes, ranges, numeric, lastRow, delivered)
            delivered += 1
            if delivered % 4096 == 0 {
                if hooks.isCancelled?() == true { throw ImportError.cancelled(file: file) }
                let share = totalRows > 0 ? min(1, Double(lastRow) / Double(totalRows)) : 0
                let done = Int64(Double(fileBytes) * (0.5 + share / 2))
                hooks.progress?(ImportProgress(bytesRead: done, totalBytes: fileBytes, records: delivered))
            }
        } catch {
            fail(parser, error)
        }
    }

    private func fail(_ parser: XMLParser, _ error: Error) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    /// "BC12" → 54 (0-based column).
    static func column<S: StringProtocol>(of ref: S) -> Int {
        var col = 0
        for u in ref.utf8 {
            guard u >= 65 && u <= 90 || u >= 97 && u <= 122 else { break }
            col = col * 26 + Int((u | 0x20) - 96)
        }
        return max(0, col - 1)
    }

    /// "BC12" → 12.
    static func row<S: StringProtocol>(of ref: S) -> Int {
        Int(String(ref.drop { !$0.isNumber })) ?? 0
    }
}
