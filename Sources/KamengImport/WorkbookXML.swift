import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Small XML parts of an .xlsx: the sheet list and the workbook relationships.
///
/// Element and attribute names are compared by local name (after any `prefix:`), because some
/// generators write `<x:sheet>` or bind the relationships namespace to a prefix other than `r`.
enum WorkbookXML {
    /// `<sheet name=… r:id=…>` in document order: the first is the first worksheet.
    static func sheets(_ data: Data) -> [(name: String, rid: String)] {
        ElementCollector.collect(data, element: "sheet").compactMap { attrs in
            guard let name = attrs["name"], let rid = attrs["id"] else { return nil }
            return (name, rid)
        }
    }

    /// `<Relationship Id Type Target>` entries.
    static func relationships(_ data: Data) -> [(id: String, type: String, target: String)] {
        ElementCollector.collect(data, element: "Relationship").compactMap { attrs in
            guard let id = attrs["Id"], let target = attrs["Target"] else { return nil }
            return (id, attrs["Type"] ?? "", target)
        }
    }

    /// A relationship target as a zip path: absolute ("/xl/…") or relative to xl/ ("worksheets/…").
    static func partPath(_ target: String) -> String {
        var parts = (target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target).split(separator: "/").map(String.init)
        var out: [String] = []
        for p in parts where p != "." { if p == ".." { _ = out.popLast() } else { out.append(p) } }
        parts = out
        return parts.joined(separator: "/")
    }

    /// Excel writes characters that XML 1.0 cannot hold (controls such as ESC) as `_xHHHH_`,
    /// and a literal `_x` as `_x005F_x`. Decoding them is what makes an ESC in a cell visible to
    /// the secret checks, instead of passing as the harmless-looking text "_x001B_".
    static func unescapeOOXML(_ s: String) -> String {
        guard s.contains("_x") else { return s }
        var out = String.UnicodeScalarView()
        let u = Array(s.unicodeScalars)
        var i = 0
        while i < u.count {
            if u[i] == "_", i + 6 < u.count, u[i + 1] == "x", u[i + 6] == "_",
               let v = UInt32(String(String.UnicodeScalarView(u[(i + 2)..<(i + 6)])), radix: 16),
               let scalar = Unicode.Scalar(v) {
                out.append(scalar); i += 7
            } else {
                out.append(u[i]); i += 1
            }
        }
        return String(out)
    }

    static func localName(_ qualified: String) -> Substring {
        if let colon = qualified.lastIndex(of: ":") { return qualified[qualified.index(after: colon)...] }
        return Substring(qualified)
    }
}

/// Collects the attributes (keyed by local name) of every element with a given local name.
private final class ElementCollector: NSObject, XMLParserDelegate {
    let element: String
    var found: [[String: String]] = []

    init(element: String) { self.element = element }

    static func collect(_ data: Data, element: String) -> [[String: String]] {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        let delegate = ElementCollector(element: element)
        parser.delegate = delegate
        _ = parser.parse()
        return delegate.found
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard WorkbookXML.localName(elementName) == element else { return }
        var attrs: [String: String] = [:]
        for (k, v) in attributeDict { attrs[String(WorkbookXML.localName(k))] = v }
        found.append(attrs)
    }
}

/// xl/sharedStrings.xml → the table that `t="s"` cells index into.
/// Rich-text runs (`<r><t>`) are concatenated; phonetic guides (`<rPh>`) are not part of the text.
final class SharedStringsParser: NSObject, XMLParserDelegate {
    private var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phonetic = 0

    /// nil when the XML is not well-formed (libxml2 would otherwise drop what it cannot read).
    static func parse(_ data: Data) -> [String]? {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        let delegate = SharedStringsParser()
        parser.delegate = delegate
        return parser.parse() ? delegate.strings : nil
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        switch WorkbookXML.localName(elementName) {
        case "si": current = ""
        case "t": inText = phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        switch WorkbookXML.localName(elementName) {
        case "si": strings.append(WorkbookXML.unescapeOOXML(current))
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }
}
