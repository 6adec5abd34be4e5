import Foundation
import Testing
@testable import KamengImport

/// For random keys written in each known shape and encoding, the parsed secrets are the keys.
@Suite struct ShapePropertyTests {
    /// SplitMix64: a seeded generator, so a failure names a seed that reproduces it.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    static func key(_ g: inout Seeded) -> String {
        let groups = Int.random(in: 1...4, using: &g)
        return (0..<groups).map { _ in
            String((0..<Int.random(in: 4...6, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
        }.joined(separator: "-")
    }

    static func number(_ g: inout Seeded) -> String {
        String((0..<Int.random(in: 8...16, using: &g)).map { _ in "0123456789".randomElement(using: &g)! })
    }

    /// One shape: a file name, an optional first line, and how a (number, key) pair is written.
    struct Shape: Sendable, CustomStringConvertible {
        var name: String
        var file: String
        var header: String?
        var line: @Sendable (String, String) -> String
        var description: String { name }
    }

    static let shapes: [Shape] = [
        Shape(name: "dashes", file: "k.txt", header: nil) { "\($0)----\($1)" },
        Shape(name: "qs-faka underscores", file: "k.txt", header: nil) { "\($0)_____\($1)" },
        Shape(name: "pipe", file: "k.txt", header: nil) { "\($0)|\($1)" },
        Shape(name: "full-width comma", file: "k.txt", header: nil) { "\($0)，\($1)" },
        Shape(name: "kamiFaka", file: "k.txt", header: nil) { "\($0)------\($1)-----" },
        Shape(name: "acg-faka", file: "k.txt", header: nil) { "\($1)║地区:美区·时长:12个月║0║\($0.count)" },
        Shape(name: "acg-faka labelled", file: "k.txt", header: nil) { "账号:\($0)--密码:\($1)║预告║1║2" },
        Shape(name: "ArchiSteamFarm", file: "k.keys", header: nil) { "Game \($0)\t\($1)" },
        Shape(name: "labelled with unknown labels", file: "k.txt", header: nil) { "卡号:\($0) 卡密:\($1) 额度:0 卡头:52xx" },
        Shape(name: "traditional labels", file: "k.txt", header: nil) { "卡號：\($0)　密碼：\($1)" },
        Shape(name: "dujiao-next csv", file: "k.csv", header: "id,product_id,secret,status,created_at") {
            "\($0.count),3,\($1),available,2025-01-02 10:00:00"
        },
        Shape(name: "header words", file: "k.csv", header: "卡號,密碼,備註") { "\($0),\($1),批次" },
    ]

    static let encodings = ["UTF-8", "GBK", "UTF-16LE"]

    /// The shapes whose fixed text is traditional or ASCII, so Big5 can write them.
    static let big5Shapes = shapes.filter {
        ["dashes", "pipe", "full-width comma", "kamiFaka", "ArchiSteamFarm", "traditional labels", "header words"].contains($0.name)
    }

    @Test("Random keys in every known shape and encoding come back as the secrets", arguments: shapes, encodings)
    func roundTrip(_ shape: Shape, _ encoding: String) throws {
        try check(shape, encoding)
    }

    @Test("… and in Big5, for the shapes Big5 can write", arguments: big5Shapes)
    func roundTripBig5(_ shape: Shape) throws {
        #expect(Self.big5Shapes.count == 7)
        try check(shape, "BIG5")
    }

    func check(_ shape: Shape, _ encoding: String) throws {
        for seed in UInt64(1)...5 {
            var g = Seeded(state: seed &* 0x1234_5678 &+ UInt64(shape.name.count))
            let pairs = (0..<40).map { _ in (Self.number(&g), Self.key(&g)) }
            var lines = pairs.map { shape.line($0.0, $0.1) }
            if let header = shape.header { lines.insert(header, at: 0) }
            let text = lines.joined(separator: "\r\n") + "\r\n"
            let bytes: [UInt8]
            switch encoding {
            case "UTF-8": bytes = Array(text.utf8)
            case "UTF-16LE": bytes = Support.utf16(text, bigEndian: false)
            default: bytes = Support.encode(text, to: encoding)
            }
            let r = try Support.parse(Support.write(bytes, name: shape.file))
            #expect(r.secrets == pairs.map { $0.1 }, "\(shape.name), \(encoding), seed \(seed)")
            #expect(r.rejected.isEmpty, "\(shape.name), \(encoding), seed \(seed): \(r.rejected)")
        }
    }
}
