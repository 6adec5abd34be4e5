import Crypto
import Foundation
import KamengAPI
import KamengStorage
import Testing

/// Docs/API.md's worked examples, read from the page itself: the signatures and the SEALED value are
/// checked against Kameng's own code, and the page's Python (and PHP, where installed) run on the page's
/// values must print them. If the page changes, this checks it again.
@Suite("API: the documented examples")
struct APIDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var page: String {
        get throws { try String(contentsOf: root.appendingPathComponent("Docs/API.md"), encoding: .utf8) }
    }

    /// `name = value` from the page's example blocks (the first line starting with the name).
    static func value(_ name: String) throws -> String {
        let line = try #require(try page.split(separator: "\n").first {
            $0.hasPrefix(name + " ") && $0.dropFirst(name.count).trimmingCharacters(in: .whitespaces).hasPrefix("=")
        }, "\(name) is not on the page")
        return String(line.split(separator: "=", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces))
    }

    /// The code block after `<!-- example: NAME -->`.
    static func example(_ name: String) throws -> String {
        let page = try page
        let marker = try #require(page.range(of: "<!-- example: \(name) -->"))
        let open = try #require(page.range(of: "```", range: marker.upperBound..<page.endIndex))
        let start = try #require(page[open.upperBound...].firstIndex(of: "\n"))
        let close = try #require(page.range(of: "```", range: page.index(after: start)..<page.endIndex))
        return String(page[page.index(after: start)..<close.lowerBound])
    }

    static let orderNo = "SH2026112300017"

    @Test("the documented request signatures are RequestSigning's, and the body is Intake.md's signed line")
    func requestSignatures() throws {
        let secret = try Self.value("secret"), timestamp = try #require(Int(try Self.value("timestamp"))), body = try Self.value("body")
        #expect(SHA256.hash(data: Data(body.utf8)).map { String(format: "%02x", $0) }.joined() == (try Self.value("body_sha256")))
        #expect(RequestSigning.events(secret: secret, timestamp: timestamp, body: Array(body.utf8)) == (try Self.value("events_sig")))
        #expect(RequestSigning.order(secret: secret, timestamp: timestamp, orderNo: Self.orderNo) == (try Self.value("order_sig")))
        let intake = try String(contentsOf: Self.root.appendingPathComponent("Docs/Intake.md"), encoding: .utf8)
        #expect(intake.split(separator: "\n").contains { $0 == body }, "the body is the line Intake.md signs")
    }

    @Test("the documented SEALED opens with DeliverySeal to the documented keys, under the documented HKDF key, for that order only")
    func sealed() throws {
        let secret = try Self.value("secret"), code = try Self.value("substation")
        let sealed = try JSONDecoder().decode(SealedKeys.self, from: Data(try Self.value("sealed").utf8))
        let expected = try JSONDecoder().decode([DeliveredKeyText].self, from: Data(try Self.value("plaintext").utf8))
        #expect(try DeliverySeal.open(sealed, secret: secret, substation: code, orderNo: Self.orderNo) == expected)
        #expect(throws: (any Error).self) { try DeliverySeal.open(sealed, secret: secret, substation: code, orderNo: "SH2026112300018") }
        let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)), salt: Data("kameng-delivery-v1".utf8),
                                         info: Data((code + "\n" + Self.orderNo).utf8), outputByteCount: 32)
        #expect(key.withUnsafeBytes { Data($0) }.map { String(format: "%02x", $0) }.joined() == (try Self.value("order_key")))
        // And what Kameng seals opens the same way.
        let again = DeliverySeal.seal(expected, secret: secret, substation: code, orderNo: Self.orderNo)
        #expect(again.alg == "A256GCM" && Data(base64Encoded: again.nonce)?.count == 12)
        #expect(try DeliverySeal.open(again, secret: secret, substation: code, orderNo: Self.orderNo) == expected)
    }

    @Test("the documented notice signature is RequestSigning's")
    func noticeSignature() throws {
        let secret = try Self.value("secret"), timestamp = try #require(Int(try Self.value("timestamp")))
        #expect(RequestSigning.notice(secret: secret, timestamp: timestamp, body: Array(try Self.value("notice_body").utf8)) == (try Self.value("notice_sig")))
    }

    static var pythonWithCryptography: Bool { (try? Self.run("python3", ["-c", "import cryptography"])) != nil }
    static var php: Bool { (try? Self.run("php", ["-r", "exit(function_exists('hash_hkdf') && function_exists('openssl_decrypt') ? 0 : 1);"])) != nil }

    @Test("the page's Python, run on the page's values, gives the page's signatures and keys", .enabled(if: pythonWithCryptography))
    func python() throws {
        let values = try Self.values()
        let driver = """

            import sys
            v = json.loads(sys.stdin.read())
            print(events_signature(v["timestamp"], v["body"].encode()))
            print(order_signature(v["timestamp"], "\(Self.orderNo)"))
            print(json.dumps(open_sealed(json.loads(v["sealed"]), "\(Self.orderNo)"), separators=(",", ":")))
            print(notice_is_genuine(v["timestamp"], v["notice_sig"], v["notice_body"].encode(), now=int(v["timestamp"])))
            print(notice_is_genuine(v["timestamp"], v["notice_sig"], v["notice_body"].encode() + b" ", now=int(v["timestamp"])))
            """
        let output = try Self.run("python3", ["-c", try Self.example("python") + driver], input: values)
        try Self.checkOutput(output)
    }

    @Test("the page's PHP, run on the page's values, gives the page's signatures and keys", .enabled(if: php))
    func phpExample() throws {
        let values = try Self.values()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-apidoc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try (try Self.example("php")).write(to: dir.appendingPathComponent("kameng.php"), atomically: true, encoding: .utf8)
        let driver = """
            <?php
            require __DIR__ . '/kameng.php';
            $v = json_decode(stream_get_contents(STDIN), true);
            echo kameng_events_signature($v['timestamp'], $v['body']), "\\n";
            echo kameng_order_signature($v['timestamp'], '\(Self.orderNo)'), "\\n";
            echo json_encode(kameng_open_sealed(json_decode($v['sealed'], true), '\(Self.orderNo)'), JSON_UNESCAPED_SLASHES), "\\n";
            echo kameng_notice_is_genuine($v['timestamp'], $v['notice_sig'], $v['notice_body'], (int) $v['timestamp']) ? 'True' : 'False', "\\n";
            echo kameng_notice_is_genuine($v['timestamp'], $v['notice_sig'], $v['notice_body'] . ' ', (int) $v['timestamp']) ? 'True' : 'False', "\\n";
            """
        try driver.write(to: dir.appendingPathComponent("driver.php"), atomically: true, encoding: .utf8)
        try Self.checkOutput(try Self.run("php", [dir.appendingPathComponent("driver.php").path], input: values))
    }

    /// The page's values as one JSON object, for the examples' drivers.
    static func values() throws -> Data {
        var values: [String: String] = [:]
        for name in ["timestamp", "body", "sealed", "notice_body", "notice_sig"] { values[name] = try value(name) }
        return try JSONEncoder().encode(values)
    }

    static func checkOutput(_ output: String) throws {
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(output)")
        guard lines.count == 5 else { return }
        #expect(lines[0] == (try value("events_sig")))
        #expect(lines[1] == (try value("order_sig")))
        let opened = try JSONDecoder().decode([DeliveredKeyText].self, from: Data(lines[2].utf8))
        #expect(opened == (try JSONDecoder().decode([DeliveredKeyText].self, from: Data(try value("plaintext").utf8))))
        #expect(lines[3] == "True", "the documented notice is genuine")
        #expect(lines[4] == "False", "a changed body is not")
    }

    /// Runs a program found on PATH; its standard output, or an error when it fails.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], input: Data = Data()) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(program) failed: \(String(decoding: err, as: UTF8.self))"])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
