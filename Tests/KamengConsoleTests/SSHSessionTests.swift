import Foundation
import KamengProcess
import KamengTestSupport
import Testing

/// `kameng ssh-session --staff NAME`, the forced command sshd runs, on the real binary: the command
/// comes in `SSH_ORIGINAL_COMMAND` exactly as sshd passes it. (The real sshd is in the deploy e2e suite.)
@Suite("ssh-session: who is acting, what is refused, files only through standard input and the inbox",
       .enabled(if: TmuxSession.isAvailable), .serialized)
struct SSHSessionTests {
    /// A tiny demo whose owner is the OS user running the tests, plus a support member "sam".
    final class Service {
        let demo: TinyDemo
        var db: String { demo.db }
        var keyFile: String { demo.environment["XDG_CONFIG_HOME"]! + "/kameng/master.key" }
        let owner: String

        init(_ name: String, addSupport: Bool = true) throws {
            demo = try TinyDemo(name)
            owner = try Self.json(TestProgram.run(EndToEndTests.binary, ["whoami", "--json", "--db", demo.db], environment: demo.cli))["staff"] as? String ?? ""
            if addSupport {
                try TestProgram.run(EndToEndTests.binary, ["staff", "add", "sam", "--role", "support", "--code", DemoAuthenticator.code(), "--db", demo.db],
                                    environment: demo.cli)
            }
        }

        /// Runs `kameng ssh-session --staff staff` as sshd would for `command`; `stdin` is a file fed to it.
        func session(_ staff: String, _ command: String?, stdin: String? = nil, environment extra: [String: String] = [:]) throws -> ChildProcess.Outcome {
            var environment = demo.cli
            environment.removeValue(forKey: "KAMENG_DB")
            environment["SSH_ORIGINAL_COMMAND"] = command
            environment.merge(extra) { $1 }
            let arguments = ["ssh-session", "--staff", staff, "--db", db, "--key-file", keyFile]
            guard let stdin else { return try ChildProcess.run(EndToEndTests.binary, arguments, environment: environment) }
            let line = ([EndToEndTests.binary] + arguments).map(Self.quoted).joined(separator: " ") + " < " + Self.quoted(stdin)
            return try ChildProcess.run("/bin/sh", ["-c", line], environment: environment)
        }

        static func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }

        static func json(_ text: String) throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        }
    }

    @Test("whoami names the staff member: the owner locally, the key's staff member through ssh")
    func whoami() throws {
        let service = try Service("ssh-whoami")
        let local = try Service.json(TestProgram.run(EndToEndTests.binary, ["whoami", "--json", "--db", service.db], environment: service.demo.cli))
        #expect(local["role"] as? String == "admin" && local["via"] as? String == "local" && !service.owner.isEmpty)
        let sam = try service.session("sam", "whoami --json")
        #expect(sam.status == 0, "\(sam.stderr)")
        let object = try Service.json(sam.stdout)
        #expect(object["staff"] as? String == "sam" && object["role"] as? String == "support" && object["via"] as? String == "ssh", "\(sam.stdout)")
        let human = try service.session("sam", "whoami", environment: ["LANG": "en_US.UTF-8"])
        #expect(human.stdout.contains("sam (role support, via ssh)"), "\(human.stdout)")
    }

    @Test("init --owner NAME: local runs act as NAME, whichever OS user runs them; a bad name exits 2")
    func initOwner() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-owner-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = dir.appendingPathComponent("config").path
        environment["XDG_DATA_HOME"] = dir.appendingPathComponent("data").path
        environment.removeValue(forKey: "KAMENG_DB")
        environment.removeValue(forKey: "KAMENG_KEY_FILE")
        let bad = try ChildProcess.run(EndToEndTests.binary, ["init", "--owner", "a/../b"], environment: environment)
        #expect(bad.status == 2 && bad.stderr.contains("not a valid staff name"), "\(bad.stderr)")
        let created = try TestProgram.run(EndToEndTests.binary, ["init", "--owner", "kameng-owner"], environment: environment)
        #expect(created.contains("kameng-owner is the owner"), "\(created)")
        let me = try Service.json(TestProgram.run(EndToEndTests.binary, ["whoami", "--json"], environment: environment))
        #expect(me["staff"] as? String == "kameng-owner" && me["role"] as? String == "admin" && me["via"] as? String == "local", "\(me)")
        let staff = try TestProgram.run(EndToEndTests.binary, ["staff", "list"], environment: environment)
        #expect(staff.contains("kameng-owner") && !staff.contains(Self.osUser), "only the owner, not the OS account: \(staff)")
    }

    static var osUser: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }

    @Test("an unknown or disabled staff member is refused (exit 1) before anything runs")
    func unknownStaff() throws {
        let service = try Service("ssh-unknown")
        let nobody = try service.session("mallory", "whoami --json")
        #expect(nobody.status == 1 && nobody.stderr.contains("no such staff member \"mallory\""), "\(nobody.stderr)")
        try TestProgram.run("sqlite3", [service.db, "UPDATE staff SET active = 0 WHERE user_name = 'sam'"])
        let disabled = try service.session("sam", "whoami --json")
        #expect(disabled.status == 1 && disabled.stderr.contains("sam") && disabled.stdout.isEmpty, "\(disabled.stderr)")
    }

    @Test("KAMENG_DB and KAMENG_KEY_FILE are not honoured in a session: only the forced command's files")
    func environmentIgnored() throws {
        let service = try Service("ssh-env", addSupport: false)
        var environment = service.demo.cli
        environment["SSH_ORIGINAL_COMMAND"] = "whoami --json"
        environment["KAMENG_DB"] = service.db
        environment["KAMENG_KEY_FILE"] = service.keyFile
        // No --db: the service account's default database, which does not exist here.
        let outcome = try ChildProcess.run(EndToEndTests.binary, ["ssh-session", "--staff", service.owner], environment: environment)
        #expect(outcome.status == 1 && outcome.stderr.contains("kameng init") && outcome.stdout.isEmpty, "\(outcome.stderr)")
    }

    static let refusals: [(String, String)] = [
        ("orders; id", "not allowed outside quotes"),
        ("orders && id", "not allowed outside quotes"),
        ("orders | cat", "not allowed outside quotes"),
        ("orders `id`", "not allowed outside quotes"),
        ("orders $(id)", "not allowed outside quotes"),
        ("orders > /tmp/x", "not allowed outside quotes"),
        ("bash", "not a kameng command"),
        ("sh -c id", "not a kameng command"),
        ("/bin/ls", "not a kameng command"),
        ("scp -t /tmp", "not a kameng command"),
        ("internal-sftp", "not a kameng command"),
        ("rsync --server . /tmp", "not a kameng command"),
        ("init", "administers the service"),
        ("demo --fresh", "administers the service"),
        ("keys rotate", "administers the service"),
        ("keys recover", "administers the service"),
        ("serve", "administers the service"),
        ("ssh-session --staff root", "administers the service"),
        ("orders --db /tmp/x", "--db is not allowed through ssh"),
        ("stock --key-file /tmp/k", "--key-file is not allowed through ssh"),
        ("whoami --staff root", "--staff is not allowed through ssh"),
        ("KAMENG_DB=/tmp/x orders", "environment overrides are not allowed"),
        ("import /home/kameng/.config/kameng/master.key --product X", "no file paths through ssh"),
        ("ingest /etc/passwd", "no file paths through ssh"),
        ("keys export --batch 1 --reason r --out /tmp/keys.csv", "no file paths through ssh"),
        ("substation add --from /tmp/stations.tsv", "no file paths through ssh"),
        ("console --theme ../../../tmp/evil", "no file paths through ssh"),
    ]

    @Test("refused with exit 2 and one clear line: shell syntax, not kameng, service commands, identity, file paths")
    func refused() throws {
        let service = try Service("ssh-refused", addSupport: false)
        for (command, message) in Self.refusals {
            let outcome = try service.session(service.owner, command)
            #expect(outcome.status == 2, "\(command): status \(outcome.status), \(outcome.stderr)")
            #expect(outcome.stderr.contains(message), "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1 && outcome.stdout.isEmpty, "\(command): \(outcome.stderr)")
        }
    }

    @Test("import - reads the supplier file from standard input")
    func importFromStandardInput() throws {
        let service = try Service("ssh-import", addSupport: false)
        try TestProgram.run(EndToEndTests.binary, ["product", "add", "--sku", "SSH-1", "--name", "经 ssh", "--category", "software",
                                                   "--face", "1", "--cost", "1", "--retail", "1", "--db", service.db], environment: service.demo.cli)
        let file = service.demo.dir.appendingPathComponent("keys.txt").path
        try "SSH-KEY-0001\nSSH-KEY-0002\nSSH-KEY-0003\n".write(toFile: file, atomically: true, encoding: .utf8)
        let outcome = try service.session(service.owner, "import - --product SSH-1 --json", stdin: file)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let result = try Service.json(outcome.stdout)
        #expect(result["accepted"] as? Int == 3 && (result["batch"] as? Int ?? 0) > 0, "\(outcome.stdout)")
        // Nothing of standard input is left beside the database.
        let left = try FileManager.default.contentsOfDirectory(atPath: (service.db as NSString).deletingLastPathComponent)
        #expect(!left.contains { $0.hasPrefix(".stdin") }, "\(left)")
    }

    @Test("inbox put (atomic, 0600, no overwrite without --replace), list and rm; bad names refused")
    func inbox() throws {
        let service = try Service("ssh-inbox")
        let file = service.demo.dir.appendingPathComponent("supplier.txt").path
        try "INBOX-KEY-1\n".write(toFile: file, atomically: true, encoding: .utf8)
        let put = try service.session("sam", "inbox put 供货商.txt", stdin: file)
        #expect(put.status == 0, "\(put.stderr)")
        let stored = (service.db as NSString).deletingLastPathComponent + "/inbox/sam/供货商.txt"
        #expect(FileManager.default.contents(atPath: stored) == Data("INBOX-KEY-1\n".utf8))
        #expect((try FileManager.default.attributesOfItem(atPath: stored)[.posixPermissions] as? Int) == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: (stored as NSString).deletingLastPathComponent)[.posixPermissions] as? Int) == 0o700)

        let again = try service.session("sam", "inbox put 供货商.txt", stdin: file)
        #expect(again.status == 1 && again.stderr.contains("already in your inbox"), "\(again.stderr)")
        try "REPLACED\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try service.session("sam", "inbox put 供货商.txt --replace", stdin: file).status == 0)
        #expect(FileManager.default.contents(atPath: stored) == Data("REPLACED\n".utf8))

        let got = try service.session("sam", "inbox get 供货商.txt")
        #expect(got.status == 0 && got.stdout == "REPLACED\n", "\(got.stderr)")

        let list = try service.session("sam", "inbox list --json")
        let entries = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(entries.count == 1 && entries.first?["name"] as? String == "供货商.txt" && entries.first?["bytes"] as? Int == 9, "\(list.stdout)")
        // Each staff member has their own inbox.
        let owners = try service.session(service.owner, "inbox list --json")
        #expect(owners.status == 0 && !owners.stdout.contains("供货商"), "\(owners.stdout)")

        for bad in ["../escape", ".hidden", "a/b", "-"] {
            let refused = try service.session("sam", "inbox put '\(bad)'", stdin: file)
            #expect(refused.status == 2, "\(bad): \(refused.stderr)")
        }
        #expect(try service.session("sam", "inbox rm 供货商.txt").status == 0)
        #expect(!FileManager.default.fileExists(atPath: stored))
        let gone = try service.session("sam", "inbox rm 供货商.txt")
        #expect(gone.status == 1 && gone.stderr.contains("not in your inbox"), "\(gone.stderr)")
    }

    @Test("substation add --from - reads the sheet from standard input and prints the secrets instead of writing a file")
    func substationsFromStandardInput() throws {
        let service = try SSHSessionTests.Service("ssh-stations", addSupport: false)
        let file = service.demo.dir.appendingPathComponent("stations.tsv").path
        try "code,name,domain,parent,commission\nssh-new,经SSH开的站,ssh-new.shop-demo.cn,,5%\n".write(toFile: file, atomically: true, encoding: .utf8)
        let outcome = try service.session(service.owner, "substation add --from -", stdin: file)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Opened ssh-new") && outcome.stdout.contains("ssh-new\tssh-new.shop-demo.cn\t"), "\(outcome.stdout)")
        let left = try FileManager.default.contentsOfDirectory(atPath: (service.db as NSString).deletingLastPathComponent)
        #expect(!left.contains { $0.hasPrefix(".stdin") }, "\(left)")
    }

    @Test("keys export --out - writes the CSV to standard output")
    func exportToStandardOutput() throws {
        let service = try Service("ssh-export", addSupport: false)
        try TestProgram.run(EndToEndTests.binary, ["product", "add", "--sku", "OUT-1", "--name", "导出", "--category", "software",
                                                   "--face", "1", "--cost", "1", "--retail", "1", "--db", service.db], environment: service.demo.cli)
        let file = service.demo.dir.appendingPathComponent("keys.txt").path
        try "OUT-KEY-0001\n".write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try Service.json(service.session(service.owner, "import - --product OUT-1 --json", stdin: file).stdout)
        let batch = try #require(imported["batch"] as? Int)
        let export = try service.session(service.owner, "keys export --batch \(batch) --reason 'return to supplier' --out - --code \(DemoAuthenticator.code())")
        #expect(export.status == 0 && export.stdout.contains("OUT-KEY-0001"), "\(export.stderr)")
    }
}
