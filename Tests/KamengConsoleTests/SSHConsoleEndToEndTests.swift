import Foundation
import KamengTestSupport
import Testing

/// The console opened by `kameng ssh-session` (no SSH_ORIGINAL_COMMAND) in a real terminal (tmux):
/// it says who is signed in, ends soon after the staff member's access is removed, and its Import pane
/// opens only files in the caller's inbox. Every wait polls the screen.
@Suite("ssh-session console end to end", .enabled(if: TmuxSession.isAvailable), .serialized)
struct SSHConsoleEndToEndTests {
    /// The console as sshd starts it for `staff`; its standard error goes to `stderr.txt` in `directory`
    /// (tmux 3.3 moves a dead pane's last screen into the history, where `capture` does not look).
    func console(_ service: SSHSessionTests.Service, staff: String, in directory: URL) throws -> TmuxSession {
        try TmuxSession(
            command: "cd '\(directory.path)' && exec '\(EndToEndTests.binary)' ssh-session --staff \(staff) --db '\(service.db)' "
                + "--key-file '\(service.keyFile)' --check-interval 0.2 2>stderr.txt",
            width: 120, height: 40, environment: service.demo.environment.merging(["LANG": "C.UTF-8"]) { $1 })
    }

    @Test("removing a staff member ends their open console within 5 s, with the terminal restored and a message")
    func removalEndsTheConsole() throws {
        let service = try SSHSessionTests.Service("ssh-console-removed")
        let session = try console(service, staff: "sam", in: service.demo.dir)
        defer { session.kill() }
        try session.waitFor("sam (support)", timeout: .seconds(30))
        #expect(try session.alternateScreenIsOn())
        // The owner removes sam as an admin would (a code one step later than the one that added sam:
        // the store refuses a replayed code).
        try TestProgram.run(EndToEndTests.binary, ["staff", "remove", "sam", "--code", DemoAuthenticator.code(at: Date().addingTimeInterval(30)),
                                                   "--db", service.db], environment: service.demo.cli)
        let removed = ContinuousClock.now
        let stderr = service.demo.dir.appendingPathComponent("stderr.txt").path
        try session.waitUntil(timeout: .seconds(20)) { _ in (try? session.hasExited()) == true }
        let took = ContinuousClock.now - removed
        #expect(took < .seconds(5), "the console ended \(took) after the removal")
        #expect(try !session.alternateScreenIsOn(), "terminal restored")
        let message = (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? ""
        #expect(message.contains("your access was removed"), "\(message)")
    }

    @Test("a long-running command through ssh (ingest -) exits 1 within 5 s of its staff member being disabled")
    func disablingEndsACommand() throws {
        let service = try SSHSessionTests.Service("ssh-command-disabled", addSupport: false)
        try TestProgram.run(EndToEndTests.binary, ["staff", "add", "olga", "--role", "operator", "--code", DemoAuthenticator.code(),
                                                   "--db", service.db], environment: service.demo.cli)
        let session = try TmuxSession(
            command: "'\(EndToEndTests.binary)' ssh-session --staff olga --db '\(service.db)' --key-file '\(service.keyFile)' "
                + "--check-interval 0.2 2>'\(service.demo.dir.path)/stderr.txt'; echo $? > '\(service.demo.dir.path)/status.txt'",
            width: 100, height: 20, environment: service.demo.environment.merging(["SSH_ORIGINAL_COMMAND": "ingest -"]) { $1 })
        defer { session.kill() }
        let pid = try session.panePID()
        // The intake is waiting for lines on standard input: the session is past its own checks.
        // The pane runs a shell around kameng (to report its exit status): look at the shell's child.
        try session.waitUntil(timeout: .seconds(30)) { _ in
            let children = (try? TestProgram.run("pgrep", ["-P", String(pid)])) ?? ""
            return children.split(separator: "\n").compactMap { pid_t($0) }.contains(where: Self.readsStandardInput)
        }
        try TestProgram.run(EndToEndTests.binary, ["staff", "disable", "olga", "--code", DemoAuthenticator.code(at: Date().addingTimeInterval(30)),
                                                   "--db", service.db], environment: service.demo.cli)
        let disabled = ContinuousClock.now
        try session.waitUntil(timeout: .seconds(20)) { _ in (try? session.hasExited()) == true }
        let took = ContinuousClock.now - disabled
        #expect(took < .seconds(5), "the command ended \(took) after olga was disabled")
        // Read from the shell around kameng: tmux does not always fill in a dead pane's status.
        let status = (try? String(contentsOfFile: service.demo.dir.path + "/status.txt", encoding: .utf8)) ?? ""
        #expect(status.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "exit status: \(status)")
        let message = (try? String(contentsOfFile: service.demo.dir.path + "/stderr.txt", encoding: .utf8)) ?? ""
        #expect(message.contains("your access was removed"), "\(message)")
    }

    /// Whether one of `pid`'s threads is blocked in read(0, …) (x86-64: syscall 0, first argument 0).
    static func readsStandardInput(_ pid: pid_t) -> Bool {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.contains { task in
            let line = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/syscall", encoding: .utf8)) ?? ""
            return line.hasPrefix("0 0x0 ")
        }
    }

    @Test("through ssh the Import pane opens only names in the caller's inbox: no absolute path, no .., a name is looked up in the inbox only")
    func importPaneSeesOnlyTheInbox() throws {
        let service = try SSHSessionTests.Service("ssh-console-inbox", addSupport: false)
        let sample = ImportPaneEndToEndTests.samples.appendingPathComponent("office-keys-messy.txt").path
        let put = try service.session(service.owner, "inbox put office-keys-messy.txt", stdin: sample)
        #expect(put.status == 0, "\(put.stderr)")
        // In the working directory, where a local console would find and complete it.
        try FileManager.default.copyItem(atPath: sample, toPath: service.demo.dir.appendingPathComponent("outside-keys.txt").path)
        let session = try console(service, staff: service.owner, in: service.demo.dir)
        defer { session.kill() }
        try session.waitFor("Orders", timeout: .seconds(30))
        try session.type("1")
        try session.waitFor("Recent batches", timeout: .seconds(30))

        // A name in the working directory is looked for in the inbox, where it is not.
        try session.type("e")
        try session.type("outside-keys.txt")
        try session.sendKeys("Enter")
        try session.waitUntil(timeout: .seconds(30)) { screen in
            screen.contains { $0.contains("outside-keys.txt: file outside-keys.txt not found") }
        }

        for path in [service.demo.dir.appendingPathComponent("outside-keys.txt").path, "../outside-keys.txt"] {
            try session.type("e")
            try session.sendKeys("C-u")
            try session.type(path)
            try session.sendKeys("Enter")
            try session.waitUntil(timeout: .seconds(30)) { screen in
                // The message wraps: read the screen as one run of words.
                let words = screen.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
                return words.contains("Import failed: \(path): ") && words.contains("only files in your inbox can be opened through ssh")
            }
        }

        try session.type("e")
        try session.sendKeys("C-u")
        try session.type("off")
        try session.sendKeys("Tab")
        try session.waitFor("office-keys-messy.txt", timeout: .seconds(30))
        try session.sendKeys("Enter")
        let preview = try session.waitFor("Preview (nothing written)", timeout: .seconds(30))
        let words = preview.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("accepted 20"), "preview of the inbox file: \(preview.joined(separator: "\n"))")
        try session.type("q")
        try session.waitUntil(timeout: .seconds(30)) { _ in (try? session.hasExited()) == true }
    }

    @Test("through ssh the Substations pane's file prompt (O) opens only names in the caller's inbox")
    func substationsFilePromptSeesOnlyTheInbox() throws {
        let service = try SSHSessionTests.Service("ssh-console-stations", addSupport: false)
        let sheet = service.demo.dir.appendingPathComponent("stations.csv").path
        try "code,name,domain,parent,commission\nib-1,收件箱店,ib-1.batch.example.cn,,5\n".write(toFile: sheet, atomically: true, encoding: .utf8)
        #expect(try service.session(service.owner, "inbox put stations.csv", stdin: sheet).status == 0)
        let session = try console(service, staff: service.owner, in: service.demo.dir)
        defer { session.kill() }
        try session.waitFor("Orders", timeout: .seconds(30))
        try session.type("4")
        try session.waitFor("substations:", timeout: .seconds(30))
        try session.type("O")
        try session.waitFor("Open substations from a file", timeout: .seconds(30))
        try session.type(sheet)
        try session.sendKeys("Enter")
        try session.waitUntil(timeout: .seconds(30)) { screen in
            // The message wraps inside the dialog's frame: read it as one run of words.
            screen.joined(separator: " ").replacingOccurrences(of: "│", with: " ").split(whereSeparator: \.isWhitespace)
                .joined(separator: " ").contains("only files in your inbox can be opened through ssh")
        }
        try session.sendKeys("C-u")
        try session.type("stations.csv")
        try session.sendKeys("Enter")
        try session.waitFor("1 to open, 0 line(s) with errors", timeout: .seconds(30))
    }
}
