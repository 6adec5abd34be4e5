import Foundation
import Testing
@testable import KamengImport

/// Encodings: detection, BOMs, GB18030 via iconv, chunk boundaries, and "undecodable bytes"
/// instead of U+FFFD.
@Suite struct EncodingTests {
    static let chinese = "卡号:10001 密码:甲乙丙丁ABC\r\n卡号：10002 卡密：KEY-二\r\n"

    @Test("GBK file is detected as GB18030 and decoded")
    func gbk() throws {
        let bytes = Support.encode(Self.chinese, to: "GBK")
        #expect(!UTF8Validation.isValid(bytes.withUnsafeBufferPointer { $0 }))  // really not UTF-8
        let r = try Support.parse(Support.write(bytes, name: "gbk.txt"))
        #expect(r.summary.encoding == .gb18030)
        #expect(r.secrets == ["甲乙丙丁ABC", "KEY-二"])
        #expect(r.accepted.map(\.number) == ["10001", "10002"])
    }

    @Test("GB18030 four-byte character (𠀀 U+20000) in a note survives")
    func gb18030FourByte() throws {
        let text = "1001----SECRET1----备注𠀀\n1002----SECRET2----𠀀𠀁\n"
        let bytes = Support.encode(text, to: "GB18030")
        #expect(bytes.count < Array(text.utf8).count + 8)  // 4-byte GB sequences, not UTF-8
        let r = try Support.parse(Support.write(bytes, name: "gb.txt"))
        #expect(r.summary.encoding == .gb18030)
        #expect(r.accepted.map(\.note) == ["备注𠀀", "𠀀𠀁"])
    }

    @Test("A GB18030 character split across a chunk boundary is decoded whole", arguments: [5, 6, 7, 8, 9])
    func chunkBoundary(chunkSize: Int) throws {
        let text = "1----𠀀卡密甲\n2----乙𠀁丙\n"
        let bytes = Support.encode(text, to: "GB18030")
        var options = ImportOptions()
        options.chunkSize = chunkSize  // the reader rounds up to 4096: use the splitter directly below
        let r = try Support.parse(Support.write(bytes, name: "gb.txt"))
        #expect(r.secrets == ["𠀀卡密甲", "乙𠀁丙"])
        // Drive the pipeline with tiny chunks so every boundary position is exercised.
        var got: [ImportRecord] = []
        let gb = try #require(GB18030Converter())
        let builder = RecordBuilder(file: "t", timeZone: options.expiryTimeZone)
        let pipe = TextPipeline(csv: false, encoding: .gb18030, builder: builder, gb: gb, big5: nil,
                                summary: ImportSummary(container: .text, encoding: .gb18030)) { got.append($0) }
        var splitter = LineSplitter(csv: false, maxRecordBytes: 1024)
        var i = 0
        while i < bytes.count {
            let piece = Array(bytes[i..<min(bytes.count, i + chunkSize)])
            try piece.withUnsafeBufferPointer { try splitter.feed($0, to: pipe) }
            i += chunkSize
        }
        try splitter.finish(to: pipe)
        let secrets = got.compactMap { if case .accepted(let k) = $0 { return k.secret } else { return nil } }
        #expect(secrets == ["𠀀卡密甲", "乙𠀁丙"])
    }

    @Test("UTF-16 with BOM, little and big endian, with a surrogate pair", arguments: [false, true])
    func utf16(bigEndian: Bool) throws {
        let text = "卡号,卡密\r\n100,ABC😀\r\n200,DEF\r\n"
        let r = try Support.parse(Support.write(Support.utf16(text, bigEndian: bigEndian), name: "u16.csv"))
        #expect(r.summary.encoding == (bigEndian ? .utf16BE : .utf16LE))
        #expect(r.secrets == ["ABC😀", "DEF"])
        #expect(r.accepted.map(\.line) == [2, 3])
    }

    @Test("UTF-16 with an unpaired surrogate rejects that line only")
    func utf16Unpaired() throws {
        var bytes = Support.utf16("AAA\n", bigEndian: false)
        bytes += [0x00, 0xD8, 0x42, 0x00, 0x0A, 0x00]  // lone high surrogate, "B", LF
        bytes += Array(Support.utf16("CCC\n", bigEndian: false).dropFirst(2))
        let r = try Support.parse(Support.write(bytes, name: "u16.txt"))
        #expect(r.secrets == ["AAA", "CCC"])
        #expect(r.rejected.map(\.line) == [2])
        #expect(r.rejected.map(\.reason) == [.undecodableBytes])
    }

    @Test("UTF-8 BOM is removed, not kept in the first secret")
    func utf8BOM() throws {
        let r = try Support.parse(Support.write([0xEF, 0xBB, 0xBF] + Array("ÄBC-1\nDEF\n".utf8), name: "bom.txt"))
        #expect(r.secrets == ["ÄBC-1", "DEF"])
        #expect(r.summary.encoding == .utf8)
    }

    @Test("Invalid bytes in one GBK line reject that line by number; the others are read")
    func gbkInvalidLine() throws {
        var bytes = Support.encode("卡号:1 密码:甲一\n", to: "GBK")
        bytes += Array("卡号:2 密码:X".utf8) + [0x80, 0xFF] + [0x0A]
        bytes += Support.encode("卡号:3 密码:乙三\n", to: "GBK")
        let r = try Support.parse(Support.write(bytes, name: "gbk.txt"))
        #expect(r.summary.encoding == .gb18030)
        #expect(r.secrets == ["甲一", "乙三"])
        #expect(r.rejected.map(\.line) == [2])
        #expect(r.rejected.first?.reason == .undecodableBytes)
    }

    @Test("Invalid UTF-8 in a UTF-8 file rejects the line, never substitutes U+FFFD")
    func utf8Invalid() throws {
        let bytes = Array("1----ÄÖÜ\n2----AB".utf8) + [0xC3, 0x28] + Array("\n3----中文\n".utf8)
        let r = try Support.parse(Support.write(bytes, name: "u8.txt"))
        #expect(r.summary.encoding == .utf8)
        #expect(r.secrets == ["ÄÖÜ", "中文"])
        #expect(r.rejected.map(\.line) == [2])
    }

    @Test("A literal U+FFFD in the file is rejected: it was damaged before reaching us")
    func literalReplacement() throws {
        let r = try Support.parse(text: "1----AB\u{FFFD}C\n2----OK----note\u{FFFD}\n3----FINE\n")
        #expect(r.secrets == ["FINE"])
        #expect(r.rejected.map(\.reason) == [.replacementCharacter, .replacementCharacter])
    }

    @Test("--encoding override wins over detection")
    func override() throws {
        let bytes = Support.encode("甲乙\n", to: "GBK")
        var options = ImportOptions()
        options.encoding = TextEncoding(argument: "GBK")
        #expect(options.encoding == .gb18030)
        let r = try Support.parse(Support.write(bytes, name: "k.txt"), options: options)
        #expect(r.secrets == ["甲乙"])
        options.encoding = .utf8
        let forced = try Support.parse(Support.write(bytes, name: "k.txt"), options: options)
        #expect(forced.rejected.map(\.reason) == [.undecodableBytes])
    }

    @Test("An ASCII prefix longer than a chunk does not fix the encoding before the first GBK byte")
    func lateNonASCII() throws {
        var text = ""
        for i in 0..<20_000 { text += "\(100000 + i)----KEY\(i)\n" }
        let bytes = Array(text.utf8) + Support.encode("999----甲乙丙\n", to: "GBK")
        let r = try Support.parse(Support.write(bytes, name: "late.txt"))
        #expect(bytes.count > 256 * 1024)
        #expect(r.accepted.count == 20_001)
        #expect(r.accepted.last?.secret == "甲乙丙")
        #expect(r.summary.encoding == .gb18030)
    }
}
