import Foundation
import KamengDomain
import KamengTestSupport
import KamengVault

/// A real `kameng serve` on a real database, for the end-to-end tests: the database made through the
/// CLI (`init`, a product with keys, a substation) in a temporary directory, and the server a child
/// process that prints the ports it bound (port 0: free ones). Signals go to that child by its pid.
final class ServeWorld: @unchecked Sendable {
    let dir: URL
    let db: String
    let cli: [String: String]
    let code = "shop-a"
    let sku = "E2E-API"
    let secret: String

    /// `config`: config.toml's text, for the CLI and the server alike.
    init(_ name: String, keys: Int, config: String? = nil) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("db"), withIntermediateDirectories: true)
        db = dir.appendingPathComponent("db/kameng.sqlite").path
        let homes = ["XDG_CONFIG_HOME": dir.appendingPathComponent("config").path, "XDG_DATA_HOME": dir.appendingPathComponent("data").path]
        cli = ProcessInfo.processInfo.environment.merging(homes) { $1 }
        if let config {
            let folder = dir.appendingPathComponent("config/kameng")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try config.write(to: folder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        }
        let run = { [db, cli] (arguments: [String]) throws -> String in
            try TestProgram.run(EndToEndTests.binary, arguments + ["--db", db], environment: cli)
        }
        _ = try run(["init"])
        _ = try run(["product", "add", "--sku", sku, "--name", "接口测试卡", "--category", "game_card", "--face", "1", "--cost", "1",
                     "--retail", "1", "--threshold", "0"])
        let file = dir.appendingPathComponent("keys.txt")
        try ((0..<keys).map { "E2EKEY\($0)X\(UUID().uuidString.prefix(8))" }.joined(separator: "\n") + "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        _ = try run(["import", file.path, "--product", sku])
        let added = try run(["substation", "add", "--code", code, "--name", "接口分站", "--domain", "a.example.cn"])
        secret = String(added.split(separator: "\n").last ?? "").trimmingCharacters(in: .whitespaces)
        // A substation opened now pays before it is delivered to (issue 18): the owner enrols an
        // authenticator and books a top-up that covers every key, as finance would.
        let enrolled = try run(["staff", "totp", "enroll"])
        guard let line = enrolled.split(separator: "\n").first(where: { $0.contains("secret:") }),
              let totp = Base32.decode(String(line.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces)) else {
            throw Failure("no secret in the enrolment: \(enrolled)")
        }
        _ = try run(["ledger", "topup", code, "100.00", "--ref", "E2E-TOPUP-1", "--code", TOTP.code(secret: totp, at: Date())])
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        try TestProgram.run(EndToEndTests.binary, arguments + ["--db", db], environment: cli)
    }

    /// Starts `kameng serve` on free loopback ports and waits (up to 60 s) for the line naming them.
    func serve() throws -> Server { try Server(world: self) }

    /// One `kameng serve` process.
    final class Server: @unchecked Sendable {
        let process = Process()
        let port: Int
        let adminPort: Int
        let log: URL
        var baseURL: String { "http://127.0.0.1:\(port)" }
        var adminURL: String { "http://127.0.0.1:\(adminPort)" }

        init(world: ServeWorld) throws {
            process.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
            process.arguments = ["serve", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", "--db", world.db]
            process.environment = world.cli
            let out = world.dir.appendingPathComponent("serve-\(UUID().uuidString).out")
            log = world.dir.appendingPathComponent("serve-\(UUID().uuidString).err")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: log)
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while true {
                let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
                if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                    // listening on 127.0.0.1:PORT, admin on 127.0.0.1:PORT
                    let ports = line.split(whereSeparator: { $0 == ":" || $0 == "," || $0 == " " }).compactMap { Int($0) }
                    guard ports.count >= 2 else { throw Failure("unexpected first line: \(line)") }
                    (port, adminPort) = (ports[ports.count - 2], ports[ports.count - 1])
                    return
                }
                guard process.isRunning else {
                    throw Failure("kameng serve exited (\(process.terminationStatus)): \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
                }
                guard Date() < deadline else {
                    kill(process.processIdentifier, SIGKILL)
                    throw Failure("kameng serve printed no ports within 60 s")
                }
                usleep(20_000)
            }
        }

        func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// Waits for the process to end (up to `seconds`); its exit status, or nil if it is still running.
        func waitForExit(seconds: Double = 60) -> Int32? {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            return process.isRunning ? nil : process.terminationStatus
        }

        deinit {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
    }

    /// Runs `body` (which blocks: a child process, a wait on the file system) on a thread of its own, so
    /// the async tests never hold one of the cooperative pool's few threads while they wait; the full
    /// suite on two cores needs them for the load and the receivers.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
