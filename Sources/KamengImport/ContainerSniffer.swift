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
        if isBinary(head, gb: gb) { throw .binary }
        return kind
    }

    /// NUL bytes, or a high share of control bytes in data that is neither UTF-8 nor GB18030.
    /// (Text with a stray BEL is still text: that line is rejected later, the file is not refused.)
    static func isBinary(_ head: UnsafeBufferPointer<UInt8>, gb: GB18030Converter?) -> Bool {
        guard !head.isEmpty else { return false }
        var controls = 0
        for b in head {
            if b == 0 { return true }
            if b < 0x09 || (b > 0x0D && b < 0x20) || b == 0x7F { controls += 1 }
        }
        let ratio = Double(controls) / Double(head.count)
        if ratio > 0.30 { return true }
        guard ratio > 0.05 else { return false }
        if isValidUTF8Sample(head) { return false }
        return !(gb?.isValid(head) ?? false)
    }

    private static func isValidUTF8Sample(_ head: UnsafeBufferPointer<UInt8>) -> Bool {
        switch UTF8Validation.check(head) {
        case .valid, .truncated: return true
        case .invalid: return false
        }
    }
}
