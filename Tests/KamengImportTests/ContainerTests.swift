import Foundation
import Testing
import ZIPFoundation
@testable import KamengImport

/// Containers that are refused, and the hooks: onChunk (content digest), progress, cancellation.
@Suite struct ContainerTests {
    static func refusal(_ url: URL) -> Refusal? {
        do { _ = try Support.parse(url); return nil } catch ImportError.refused(_, let reason) { return reason } catch { return nil }
    }

    @Test("A PNG is refused as a picture, whatever its name")
    func png() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array("IHDR".utf8)
        #expect(Self.refusal(try Support.write(png, name: "keys.txt")) == .picture("PNG image"))
        #expect(Self.refusal(try Support.write([0xFF, 0xD8, 0xFF, 0xE0, 1, 2], name: "a.jpg")) == .picture("JPEG image"))
        #expect(Self.refusal(try Support.write(Array("%PDF-1.7\n".utf8), name: "a.txt")) == .picture("PDF document"))
        #expect(Self.refusal(try Support.write(Array("GIF89a....".utf8), name: "a.txt")) == .picture("GIF image"))
    }

    static func isBinary(_ refusal: Refusal?) -> Bool {
        if case .binary = refusal { return true }
        return false
    }

    @Test("A binary file is refused (frequent NULs; or control bytes that are neither UTF-8 nor GB18030), naming where")
    func binary() throws {
        var rng = SystemRandomNumberGenerator()
        let random = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
        #expect(Self.isBinary(Self.refusal(try Support.write(random, name: "blob.txt"))))
        let noNUL = (0..<4096).map { i in UInt8([0x01, 0x02, 0x80, 0xFF, 0x41, 0x10][i % 6]) }
        #expect(Self.refusal(try Support.write(noNUL, name: "blob.csv")) == .binary(line: 1, byteOffset: 0))
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 64)
        let error = try #require(Self.refusal(try Support.write(elf, name: "a.out")))
        #expect(ImportError.refused(file: "a.out", reason: error).description
                == "refused a.out: it looks like a binary file, not text (NUL or control bytes; the first at line 1, byte offset 7)")
        // Text lines, then a block of zeros (a file cut off and padded): frequent NULs, found where they start.
        let padded = Array("K-1\nK-2\nK-3\n".utf8) + [UInt8](repeating: 0, count: 200)
        #expect(Self.refusal(try Support.write(padded, name: "cut.txt")) == .binary(line: 4, byteOffset: 12))
        // A NUL in bytes that are neither UTF-8 nor GB18030 (0xFF never starts either), however few.
        let invalid = Array(String(repeating: "KEY-ABCDEFGH\n", count: 300).utf8) + [0xFF, 0xFF, 0x00, 0x41, 0x0A]
        #expect(Self.refusal(try Support.write(invalid, name: "mixed.txt")) == .binary(line: 301, byteOffset: 300 * 13 + 2))
    }

    @Test("A zip that is not a workbook is refused, and so is a non-zip named .xlsx")
    func otherZip() throws {
        let url = try Support.tempDir().appendingPathComponent("keys.zip")
        let archive = try Archive(url: url, accessMode: .create)
        let data = Data("1----SECRET\n".utf8)
        try archive.addEntry(with: "keys.txt", type: .file, uncompressedSize: Int64(data.count)) { p, n in
            data.subdata(in: Int(p)..<Int(p) + n)
        }
        #expect(Self.refusal(url) == .zipNotWorkbook)
        #expect(Self.refusal(try Support.write("not a zip", name: "k.xlsx")) == .notAZip)
        #expect(Self.refusal(try Support.write([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], name: "k.xls"))
                == .otherFormat("legacy Office file (.xls/.doc)"))
    }

    @Test("Text with a few control characters is still text: only those lines are rejected")
    func textWithControls() throws {
        let r = try Support.parse(text: "AAA\nB\u{07}B\nCCC\n")
        #expect(r.secrets == ["AAA", "CCC"])
        #expect(r.rejected.map(\.line) == [2])
    }

    @Test("onChunk sees every raw byte once, for text and for xlsx; progress reaches the end")
    func chunksAndProgress() throws {
        var text = ""
        for i in 0..<50_000 { text += "\(i)----KEY\(i)\n" }
        let url = try Support.write(text)
        let xlsx = try XLSXSupport.write(sheets: [("S", [[.shared("1"), .shared("K")]])])
        for file in [url, xlsx] {
            var seen: [UInt8] = []
            var reports: [ImportProgress] = []
            let hooks = ImportHooks(onChunk: { seen.append(contentsOf: $0) }, progress: { reports.append($0) })
            _ = try Support.parse(file, hooks: hooks)
            #expect(seen == [UInt8](try Data(contentsOf: file)))
            #expect(!reports.isEmpty)
            #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.bytesRead <= $1.bytesRead })
            #expect(reports.allSatisfy { $0.totalBytes == Int64(seen.count) })
        }
    }

    @Test("Cancellation is checked per chunk and stops the import with an error")
    func cancellation() throws {
        var text = ""
        for i in 0..<100_000 { text += "\(i)----KEY\(i)\n" }
        let url = try Support.write(text, name: "big.txt")
        var chunks = 0
        var delivered = 0
        let hooks = ImportHooks(onChunk: { _ in chunks += 1 }, isCancelled: { chunks >= 2 })
        #expect(throws: ImportError.cancelled(file: "big.txt")) {
            _ = try CardKeyImporter.parse(file: url, hooks: hooks) { _ in delivered += 1 }
        }
        #expect(chunks == 2)
        #expect(delivered > 0 && delivered < 100_000)
    }

    @Test("A missing file is unreadable, an empty file is zero records")
    func missingAndEmpty() throws {
        let missing = try Support.tempDir().appendingPathComponent("nope.txt")
        #expect(throws: ImportError.self) { try Support.parse(missing) }
        let r = try Support.parse(text: "")
        #expect(r.records.isEmpty)
    }
}
