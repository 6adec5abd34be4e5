/// Decides what a file is from its first bytes, with the extension only as a hint: the bytes win
/// (a zip named .txt is still a zip), except that `.csv` selects CSV parsing for text.
enum ContainerSniffer {
    enum Kind: Equatable { case text, csv, zip }

    /// - Parameters:
    ///   - head: the first chunk of the file.
    ///   - ext: the lowercased extension, without dot.
    ///   - utf16Override: an explicit UTF-16 encoding, under which NUL bytes are expected.
    static func sniff(_ head: UnsafeBufferPointer<UInt8>, ext: String, utf16Override: Bool,
                      gb: GB18030Converter?) throws(Refusal) -> Kind {
        func starts(_ magic: [UInt8]) -> Bool { head.count >= magic.count && head.prefix(magic.count).elementsEqual(magic) }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) { return .zip }
        let pictures: [([UInt8], String)] = [
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG image"), ([0xFF, 0xD8, 0xFF], "JPEG image"),
            (Array("GIF87a".utf8), "GIF image"), (Array("GIF89a".utf8), "GIF image"), (Array("%PDF-".utf8), "PDF document"),
        ]
        for (magic, kind) in pictures where starts(magic) { throw .picture(kind) }
        if head.count >= 12 && starts(Array("RIFF".utf8)) && head[8..<12].elementsEqual("WEBP".utf8) { throw .picture("WebP image") }
        let others: [([UInt8], String)] = [
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "legacy Office file (.xls/.doc)"),
            ([0x1F, 0x8B], "gzip archive"), ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "7z archive"),
            (Array("Rar!".utf8), "RAR archive"),
        ]
        for (magic, kind) in others where starts(magic) { throw .otherFormat(kind) }
        if ext == "xlsx" || ext == "xlsm" { throw .notAZip }
        let kind: Kind = ext == "csv" ? .csv : .text
        if starts([0xFF, 0xFE]) || starts([0xFE, 0xFF]) || utf16Override { return kind }
        if let at = binaryEvidence(head, gb: gb) { throw .binary(line: at.line, byteOffset: at.offset) }
        return kind
    }

    /// Where a file that is not text shows it: the first NUL (or, without one, the first other control
    /// byte), as a 1-based line and a 0-based byte offset; nil for text. Binary means NULs that are
    /// frequent (over 1% of the bytes), NULs in bytes that are neither UTF-8 nor GB18030, or a high share
    /// of control bytes in such bytes. Text with a stray NUL or BEL is still text: that line is rejected
    /// later (`control_in_secret`), the rest is imported.
    static func binaryEvidence(_ head: UnsafeBufferPointer<UInt8>, gb: GB18030Converter?) -> (line: Int, offset: Int)? {
        guard !head.isEmpty else { return nil }
        var nuls = 0, controls = 0
        var firstNUL: Int?, firstControl: Int?
        for (i, b) in head.enumerated() {
            if b == 0 { nuls += 1; firstNUL = firstNUL ?? i }
            if b < 0x09 || (b > 0x0D && b < 0x20) || b == 0x7F { controls += 1; firstControl = firstControl ?? i }
        }
        guard let first = firstNUL ?? firstControl else { return nil }
        func evidence() -> (line: Int, offset: Int) { (head[..<first].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }, first) }
        lazy var isText = isValidUTF8Sample(head) || (gb?.isValid(head) ?? false) || (GB18030Converter.big5Converter()?.isValid(head) ?? false)
        if nuls * 100 > head.count { return evidence() }
        if nuls > 0 && !isText { return evidence() }
        let ratio = Double(controls) / Double(head.count)
        if ratio > 0.30 { return evidence() }
        guard ratio > 0.05 else { return nil }
        return isText ? nil : evidence()
    }

    private static func isValidUTF8Sample(_ head: UnsafeBufferPointer<UInt8>) -> Bool {
        switch UTF8Validation.check(head) {
        case .valid, .truncated: return true
        case .invalid: return false
        }
    }
}
