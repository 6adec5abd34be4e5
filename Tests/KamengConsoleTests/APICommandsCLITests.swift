import Foundation
import Glibc
import KamengProcess
import KamengTestSupport
import Testing

/// The API's commands on the real binary: rotation, the notify URL and the outbox work, and where they refuse, bad notify URLs, grace periods and
/// listen addresses are usage errors (exit 2) before anything is opened, and the secret is not shown
/// without a code from the authenticator (it opens delivered keys).
@Suite("kameng: the API's commands")
struct APICommandsCLITests {
    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> ChildProcess.Outcome {
        try ChildProcess.run(EndToEndTests.binary, arguments, environment: environment)
    }

    @Test("a notify URL must be https, or http on a loopback address, without credentials", arguments: [
        ("http://shop.example.cn/notify", "https only"), ("http://127.shop.example.cn/notify", "https only"), ("ftp://127.0.0.1/x", "https only"),
        ("https://user:pw@shop.example.cn/x", "user name or password"), ("not a url", "not a URL"),
    ])
    func notifyURLRefused(_ url: String, _ why: String) throws {
        let outcome = try Self.run(["substation", "set", "shop-a", "--notify-url", url, "--db", "/nonexistent/kameng.sqlite"])
        #expect(outcome.status == 2, "\(url): \(outcome.stderr)")
        #expect(outcome.stderr.contains("--notify-url: ") && outcome.stderr.contains(why), "\(outcome.stderr)")
    }

    @Test("--grace: a duration up to 30 days, only with --rotate", arguments: [
        (["--rotate", "--grace", "31d"], "--grace: a duration"), (["--rotate", "--grace", "soon"], "--grace: a duration"),
        (["--grace", "1h"], "--grace goes with --rotate"),
    ])
    func graceRefused(_ options: [String], _ why: String) throws {
        let outcome = try Self.run(["substation", "secret", "shop-a"] + options + ["--db", "/nonexistent/kameng.sqlite"])
        #expect(outcome.status == 2, "\(options): \(outcome.stderr)")
        #expect(outcome.stderr.contains(why), "\(outcome.stderr)")
    }

    @Test("serve: --listen and --admin-listen are HOST:PORT; --tls-cert goes with --tls-key", arguments: [
        (["--listen", "8080"], "--listen: expected HOST:PORT"), (["--admin-listen", "localhost:99999"], "--admin-listen: expected HOST:PORT"),
        (["--tls-cert", "/tmp/cert.pem"], "--tls-cert and --tls-key go together"),
    ])
    func serveRefused(_ options: [String], _ why: String) throws {
        let outcome = try Self.run(["serve"] + options + ["--db", "/nonexistent/kameng.sqlite"])
        #expect(outcome.status == 2, "\(options): \(outcome.stderr)")
        #expect(outcome.stderr.contains(why), "\(outcome.stderr)")
    }

    @Test("outbox retry: a notice id or --substation, not both and not neither", arguments: [[String](), ["7", "--substation", "shop-a"]])
    func retryRefused(_ options: [String]) throws {
        let outcome = try Self.run(["outbox", "retry"] + options + ["--db", "/nonexistent/kameng.sqlite"])
        #expect(outcome.status == 2, "\(options): \(outcome.stderr)")
        #expect(outcome.stderr.contains("give either a notice ID or --substation CODE"), "\(outcome.stderr)")
    }

    @Test("serve on a port that is in use: exit 1 naming the address, and no listener left running")
    func servePortInUse() throws {
        let demo = try TinyDemo("port-in-use")
        // Holds a loopback port for the length of the test.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        // Under `timeout`: before the fix the command hung with the admin listener up.
        let outcome = try ChildProcess.run("/usr/bin/timeout", ["120", EndToEndTests.binary, "serve", "--listen", "127.0.0.1:\(port)",
                                                               "--admin-listen", "127.0.0.1:0", "--db", demo.db], environment: demo.cli)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("127.0.0.1:\(port)") && outcome.stderr.contains("in use"), "\(outcome.stderr)")
    }

    @Test("substation secret without a terminal and without --code: exit 2, and no secret on standard output")
    func secretNeedsACode() throws {
        let demo = try TinyDemo("secret-code")
        let outcome = try Self.run(["substation", "secret", "main-east", "--db", demo.db], environment: demo.cli)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("--code"), "\(outcome.stderr)")
        let shown = try DemoSecrets.secret(of: "main-east", db: demo.db, environment: demo.cli)
        #expect(shown.count == 64, "with a code, the secret alone on standard output")
    }

    @Test("substation secret --rotate prints a new secret once, which the secret then shows; set --notify-url and outbox list take effect")
    func rotateAndNotifyURL() throws {
        let demo = try TinyDemo("secret-rotate")
        let before = try DemoSecrets.secret(of: "main-east", db: demo.db, environment: demo.cli)
        let rotated = try TestProgram.run(EndToEndTests.binary, ["substation", "secret", "main-east", "--rotate", "--grace", "1h", "--code",
                                                                 try DemoCodes.next(for: demo.db), "--db", demo.db], environment: demo.cli)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(rotated.count == 64 && rotated != before, "the new secret alone on standard output")
        #expect(try DemoSecrets.secret(of: "main-east", db: demo.db, environment: demo.cli) == rotated)
        let set = try TestProgram.run(EndToEndTests.binary, ["substation", "set", "main-east", "--notify-url", "https://shop.example.cn/kameng/notify",
                                                             "--db", demo.db], environment: demo.cli)
        #expect(set.contains("https://shop.example.cn/kameng/notify"))
        let audit = try TestProgram.run(EndToEndTests.binary, ["audit", "tail", "--limit", "5", "--db", demo.db], environment: demo.cli)
        #expect(audit.contains("substation.secret-rotate") && audit.contains("substation.notify-url"))
        #expect(!audit.contains(rotated) && !audit.contains(before), "no secret in the audit log")
        let outbox = try TestProgram.run(EndToEndTests.binary, ["outbox", "list", "--json", "--db", demo.db], environment: demo.cli)
        #expect(outbox.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("["))
    }
}
