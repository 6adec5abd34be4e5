import Foundation
import Testing
@testable import KamengImport

/// Big5 (traditional Chinese) told apart from GB18030, decoded, and asked about when unclear.
@Suite struct Big5Tests {
    static let traditional = """
        卡號:8800123 密碼:TW-KEY-0099 備註:台灣區
        卡號:8800124 密碼:TW-KEY-0100 備註:香港區
        卡號:8800125 密碼:TW-KEY-0101 備註:澳門區
        """

    @Test("A Big5 file (valid GB18030 too) is read as Big5: traditional labels understood, notes intact")
    func big5Detected() throws {
        let bytes = Support.encode(Self.traditional + "\n", to: "BIG5")
        // The premise of the issue: the same bytes are valid GB18030, so validity alone cannot decide.
        let gb = try #require(GB18030Converter())
        #expect(bytes.withUnsafeBufferPointer { gb.isValid($0) })
        let r = try Support.parse(Support.write(bytes, name: "zfaka.txt"))
        #expect(r.summary.encoding == .big5)
        #expect(r.accepted.map(\.number) == ["8800123", "8800124", "8800125"])
        #expect(r.secrets == ["TW-KEY-0099", "TW-KEY-0100", "TW-KEY-0101"])
        #expect(r.accepted.map(\.note) == ["備註: 台灣區", "備註: 香港區", "備註: 澳門區"])
    }

    @Test("A GBK file stays GB18030, and --encoding big5 / gbk override detection")
    func gbkStaysAndOverrides() throws {
        let gbk = Support.encode("卡号:1001 密码:CN-KEY-0001 备注:华东区\n卡号:1002 密码:CN-KEY-0002 备注:华南区\n", to: "GBK")
        let r = try Support.parse(Support.write(gbk, name: "gbk.txt"))
        #expect(r.summary.encoding == .gb18030)
        #expect(r.accepted.map(\.note) == ["备注: 华东区", "备注: 华南区"])
        var options = ImportOptions()
        options.encoding = TextEncoding(argument: "big5")
        #expect(options.encoding == .big5)
        let forced = try Support.parse(Support.write(Support.encode(Self.traditional, to: "BIG5"), name: "b.txt"), options: options)
        #expect(forced.secrets == ["TW-KEY-0099", "TW-KEY-0100", "TW-KEY-0101"])
        #expect(TextEncoding(argument: "CP950") == .big5)
    }

    @Test("Bytes that read both ways with mixed evidence are refused with a request for --encoding")
    func unclearIsRefused() throws {
        // Characters with high trail bytes in both encodings, plus a few Big5-style low trails: neither is clear.
        var bytes: [UInt8] = []
        for k in 0..<40 { bytes += [0xB0 + UInt8(k % 20), 0xA1 + UInt8(k % 50)] }
        bytes += [0xA5, 0x64, 0xB1, 0x4B, 0xBD, 0x58, 0x0A]
        let chunk = bytes
        #expect(chunk.withUnsafeBufferPointer { Big5Evidence.decide($0) } == nil)
        #expect(throws: ImportError.refused(file: "mixed.txt", reason: .encodingUnclear)) {
            try Support.parse(Support.write(Array("ABCD----".utf8) + bytes, name: "mixed.txt"))
        }
    }

    @Test("The evidence: none of Big5's low trail bytes is GB18030; a fifth or more is Big5")
    func evidence() {
        func decide(_ text: String, _ encoding: String) -> TextEncoding? {
            Support.encode(text, to: encoding).withUnsafeBufferPointer { Big5Evidence.decide($0) }
        }
        #expect(decide("卡号密码有效期备注充值卡面值说明", "GBK") == .gb18030)
        #expect(decide("卡號密碼有效期備註儲值卡面額說明", "BIG5") == .big5)
    }
}
