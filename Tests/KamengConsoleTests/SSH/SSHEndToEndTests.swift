import Foundation
import KamengProcess
import KamengTestSupport
import Testing

/// Docs/Deploy.md run for real: a service account owns Kameng, staff come in through a real OpenSSH
/// server with their own keys, and the door refuses what it must. One test, because every step stands
/// on the deployment the steps before it built (accounts and an sshd are too slow to make per check).
@Suite("end to end: staff through OpenSSH", .serialized, .enabled(if: SSHWorld.unavailableReason == nil,
                                                                   Comment(rawValue: SSHWorld.unavailableReason ?? "")))
struct SSHEndToEndTests {
    @Test("Deploy.md on a fresh host: owner, operator and support over ssh; refusals; inbox; removal ends a session")
    func deployment() throws {
        let world = try SSHWorld(builtBinary: EndToEndTests.binary)
        defer { world.tearDown() }
        try deploy(world)
        try signIn(world)
        try refusals(world)
        try files(world)
        try removal(world)
        let exercised = Set(world.ranDocLines)
        for (name, lines) in try DeployDoc.blocks() where name != "sshd-dropin" {
            for line in lines where !line.isEmpty { #expect(exercised.contains(line), "Deploy.md line not run by this test (\(name)): \(line)") }
        }
    }

    /// Sections 1–5 of the page: packages, binary, account, init, backup, sshd, staff.
    func deploy(_ world: SSHWorld) throws {
        // apt-get is .ci/run's: it installs openssh-server where missing, so the line is checked there.
        let ci = try String(contentsOfFile: DeployDoc.path.replacingOccurrences(of: "Docs/Deploy.md", with: ".ci/run"), encoding: .utf8)
        #expect(ci.contains("openssh-server"), ".ci/run installs openssh-server")
        try DeployDoc.block("packages").forEach(world.markExercised)
        for line in try DeployDoc.block("install") { try expectSuccess(world.runDoc(line), line) }
        world.noteAccount(world.account)
        for line in try DeployDoc.block("account") { try expectSuccess(world.runDoc(line), line) }

        let initLines = try DeployDoc.block("init")
        try expectSuccess(world.runDoc(initLines[0]), initLines[0])
        let enrolment = try world.runDoc(initLines[1])
        try expectSuccess(enrolment, initLines[1])
        try world.rememberTOTP(fromEnrolment: enrolment.stdout)
        for line in try DeployDoc.block("backup") { try expectSuccess(world.runDoc(line), line) }
        let backup = world.home + "/kameng-master.key.backup"
        #expect(try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int == 0o600)

        // sshd of the test's own, laid out as Debian's: the page's drop-in in sshd_config.d, included
        // first (so a Match in it that leaked past its file would swallow the settings after it).
        let dropIn = try DeployDoc.block("sshd-dropin").joined(separator: "\n").replacingOccurrences(of: "Match User kameng", with: "Match User \(world.account)")
        try FileManager.default.createDirectory(atPath: world.dir + "/sshd/sshd_config.d", withIntermediateDirectories: true)
        try (dropIn + "\n").write(toFile: world.dir + "/sshd/sshd_config.d/kameng.conf", atomically: true, encoding: .utf8)
        let hostKey = world.dir + "/sshd/host_ed25519"
        try expectSuccess(world.shell("ssh-keygen -q -t ed25519 -N '' -f '\(hostKey)'"), "host key")
        try """
            Include \(world.dir)/sshd/sshd_config.d/*.conf
            HostKey \(hostKey)
            PidFile \(world.dir)/sshd/sshd.pid
            AuthorizedKeysFile .ssh/authorized_keys
            UsePAM no
            StrictModes yes
            PubkeyAuthentication yes
            AllowUsers \(world.account) \(world.staffShell)

            """.write(toFile: world.sshdConfig, atomically: true, encoding: .utf8)
        let reload = try DeployDoc.block("sshd-reload")
        world.markExercised(reload[0])
        // sshd's privilege separation directory (systemd's unit makes it on a host).
        try expectSuccess(world.shell("mkdir -p /run/sshd && chmod 0755 /run/sshd && /usr/sbin/sshd -t -f '\(world.sshdConfig)'"), "sshd -t")
        // What sshd will apply to the service account, and that the Match did not leak to other users.
        let effective = try world.shell("/usr/sbin/sshd -T -f '\(world.sshdConfig)' -C user=\(world.account),host=h,addr=127.0.0.1").stdout
        for setting in ["passwordauthentication no", "kbdinteractiveauthentication no", "allowtcpforwarding no", "x11forwarding no",
                        "allowagentforwarding no", "permittunnel no", "permittty yes"] {
            #expect(effective.contains("\n" + setting + "\n"), "sshd -T for the service account: \(setting)")
        }
        let other = try world.shell("/usr/sbin/sshd -T -f '\(world.sshdConfig)' -C user=\(world.staffShell),host=h,addr=127.0.0.1").stdout
        #expect(other.contains("\nallowtcpforwarding yes\n"), "the drop-in applies to the service account only")
        // `systemctl reload ssh` on a host; here the test's own daemon starts with the checked config.
        world.markExercised(reload[1])
        try expectSuccess(world.shell("/usr/sbin/sshd -f '\(world.sshdConfig)' -p \(world.port) "
            + "-o ListenAddress=127.0.0.1 -E '\(world.dir)/sshd/sshd.log'"), "start sshd")
        #expect(SSHWorld.waitForListener(port: world.port, timeout: 30), "sshd listens on \(world.port)")

        // The host admin's own line must survive Kameng's rewrites byte for byte.
        let authorized = world.home + "/.ssh/authorized_keys"
        let ownLine = "# host admin's own line: kept as it is\n"
        try expectSuccess(world.shell("printf '%s' \"\(ownLine)\" > '\(authorized)' && chown \(world.account): '\(authorized)' && chmod 0600 '\(authorized)'"), "own line")
        for person in ["alice", "bob"] {
            try expectSuccess(world.shell("ssh-keygen -q -t ed25519 -N '' -C \(person)@desk -f \(person)"), "key for \(person)")
        }
        let staffLines = try DeployDoc.block("staff-add")
        for line in staffLines { try expectSuccess(world.runDoc(line), line) }
        let listed = try world.owner("staff key list alice").stdout
        let fingerprint = try world.shell("ssh-keygen -lf alice.pub").stdout.split(separator: " ")[1]
        #expect(listed.contains(String(fingerprint)), "staff key list shows ssh-keygen's fingerprint: \(listed)")

        let text = try String(contentsOfFile: authorized, encoding: .utf8)
        #expect(text.hasPrefix(ownLine), "the admin's line is kept: \(text)")
        #expect(text.contains("restrict,pty,command=\"\(world.bin) ssh-session --staff alice\" ssh-ed25519 "))
        #expect(text.contains("restrict,pty,command=\"\(world.bin) ssh-session --staff bob\" ssh-ed25519 "))
        let attributes = try FileManager.default.attributesOfItem(atPath: authorized)
        #expect(attributes[.posixPermissions] as? Int == 0o600 && attributes[.ownerAccountName] as? String == world.account)
    }

    /// whoami names each person, and the console opens through `ssh -t` showing who is signed in.
    func signIn(_ world: SSHWorld) throws {
        for (key, role) in [("alice", "operator"), ("bob", "support")] {
            let outcome = try world.ssh(key, "whoami --json")
            try expectSuccess(outcome, "whoami as \(key)")
            let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
            #expect(object?["staff"] as? String == key && object?["role"] as? String == role && object?["via"] as? String == "ssh", "\(outcome.stdout)")
        }
        let tmux = try TmuxSession(command: world.sshPrefix(key: "alice", tty: true), width: 120, height: 40)
        defer { tmux.kill() }
        _ = try tmux.waitUntil(timeout: .seconds(30)) { $0.joined().contains("alice (operator)") }
        try tmux.sendKeys("q")
        _ = try tmux.waitUntil(timeout: .seconds(15)) { _ in (try? tmux.hasExited()) == true }
    }

    /// What the door refuses: options that change identity or files, shell syntax, paths, shells,
    /// forwarding; support's export is refused by the store.
    func refusals(_ world: SSHWorld) throws {
        let refused: [(String, String)] = [
            ("orders --db /tmp/x", "--db"),
            ("'orders; id'", "shell syntax"),
            ("import \(world.home)/.config/kameng/master.key --product QQ-10", "a file path"),
            ("bash", "a shell"),
            ("/bin/sh -c id", "a shell command"),
            ("init", "init"),
            ("staff key add alice \(world.home)/.config/kameng/master.key", "a key file path"),
        ]
        for (command, what) in refused {
            let outcome = try world.ssh("alice", command)
            #expect(outcome.status == 2, "\(what) refused with exit 2: \(command) → \(outcome.status) \(outcome.stdout) \(outcome.stderr)")
            #expect(!outcome.stdout.contains("uid=") && !outcome.stderr.contains("uid="), "no shell ran: \(command)")
        }
        // A code is given so the CLI does not stop at "enrol first": the store is what refuses.
        let export = try world.ssh("bob", "keys export --batch 1 --reason audit --out - --code 123456")
        #expect(export.status != 0 && export.stderr.contains("export card keys"), "support may not export: \(export.stderr)")
        let audit = try JSONSerialization.jsonObject(with: Data(try world.owner("audit tail --json --limit 5").stdout.utf8)) as? [[String: Any]] ?? []
        #expect(audit.contains { $0["actor"] as? String == "bob" && $0["action"] as? String == "denied"
                    && ($0["target"] as? String)?.contains("export card keys") == true }, "the refusal is audited: \(audit)")

        // -L: the client listens locally, but sshd refuses every channel it asks for.
        let forwardPort = try SSHWorld.freePort()
        // LogLevel INFO: the client logs a refused channel at that level.
        let forwarding = world.sshPrefix(key: "alice")
            .replacingOccurrences(of: "ssh -T", with: "ssh -N -L \(forwardPort):127.0.0.1:\(world.port)")
            .replacingOccurrences(of: "LogLevel=ERROR", with: "LogLevel=INFO")
        let forward = try TmuxSession(command: forwarding, width: 120, height: 20)
        defer { forward.kill() }
        #expect(SSHWorld.waitForListener(port: forwardPort, timeout: 30), "the ssh client listens on \(forwardPort)")
        let through = SSHWorld.probe(port: forwardPort, timeout: 3) ?? Data()
        #expect(!String(decoding: through, as: UTF8.self).contains("SSH-"), "nothing is forwarded")
        _ = try forward.waitUntil(timeout: .seconds(15)) { $0.joined().contains("prohibited") }
    }

    /// Files reach Kameng through standard input (the page's `import -` and `inbox put`), and a staff
    /// member's own shell account can read neither the database nor the key file.
    func files(_ world: SSHWorld) throws {
        try expectSuccess(world.owner("product add --sku QQ-10 --name Q币10元 --category game_card --face 10 --cost 9 --retail 10"), "product")
        try "SSH-E2E-KEY-0001\nSSH-E2E-KEY-0002\n".write(toFile: world.work + "/keys.txt", atomically: true, encoding: .utf8)
        for line in try DeployDoc.block("use") {
            let outcome = try world.runDoc(line)
            try expectSuccess(outcome, line)
        }
        let inbox = try world.ssh("alice", "inbox list")
        #expect(inbox.stdout.contains("keys.txt"), "the inbox holds the file: \(inbox.stdout) \(inbox.stderr)")

        // A file put in the inbox is what the console's Import pane offers, and it imports as alice.
        try "SSH-E2E-INBOX-0001\nSSH-E2E-INBOX-0002\nSSH-E2E-INBOX-0003\n".write(toFile: world.work + "/inbox-keys.txt", atomically: true, encoding: .utf8)
        try expectSuccess(world.ssh("alice", "inbox put inbox-keys.txt < inbox-keys.txt"), "inbox put")
        let console = try TmuxSession(command: world.sshPrefix(key: "alice", tty: true) + " console --lang en", width: 120, height: 40)
        defer { console.kill() }
        try console.waitFor("Orders", timeout: .seconds(30))
        try console.type("1")
        try console.waitFor("Recent batches", timeout: .seconds(30))
        try console.type("e")
        try console.type("inbox-k")
        try console.sendKeys("Tab")
        try console.waitFor("inbox-keys.txt", timeout: .seconds(30))
        try console.sendKeys("Enter")
        try console.waitFor("Preview (nothing written)", timeout: .seconds(30))
        try console.sendKeys("Enter")
        try console.waitFor("Import 3 keys into", timeout: .seconds(30))
        try console.sendKeys("Right")
        try console.sendKeys("Enter")
        try console.waitFor("Imported batch #", timeout: .seconds(30))
        try console.type("q")
        try console.waitUntil(timeout: .seconds(30)) { _ in (try? console.hasExited()) == true }

        let batches = try JSONSerialization.jsonObject(with: Data(try world.owner("batch list --json").stdout.utf8)) as? [[String: Any]] ?? []
        let imported = batches.map { "\($0["fileName"] ?? "") \($0["accepted"] ?? "") \($0["importedBy"] ?? "")" }.sorted()
        #expect(imported.count == 2 && imported.allSatisfy { $0.hasSuffix(" alice") }, "one batch from stdin, one from the inbox, both alice's: \(imported)")
        #expect(imported.contains { $0.hasPrefix("inbox-keys.txt 3") }, "\(imported)")

        world.noteAccount(world.staffShell)
        try expectSuccess(world.shell("useradd --create-home --shell /bin/sh \(world.staffShell)"), "staff shell account")
        for file in ["\(world.home)/.local/share/kameng/kameng.sqlite", "\(world.home)/.config/kameng/master.key"] {
            let read = try world.shell("runuser -u \(world.staffShell) -- cat '\(file)'")
            #expect(read.status != 0 && read.stderr.contains("Permission denied"), "\(file) unreadable by another account: \(read.stderr)")
        }
    }

    /// The page's removal: bob's line leaves authorized_keys and his open console ends within 5 s.
    func removal(_ world: SSHWorld) throws {
        let tmux = try TmuxSession(command: world.sshPrefix(key: "bob", tty: true), width: 120, height: 40)
        defer { tmux.kill() }
        _ = try tmux.waitUntil(timeout: .seconds(30)) { $0.joined().contains("bob (support)") }
        let line = try DeployDoc.block("staff-remove")[0]
        try expectSuccess(world.runDoc(line), line)
        let removedAt = Date()
        _ = try tmux.waitUntil(timeout: .seconds(15)) { _ in (try? tmux.hasExited()) == true }
        #expect(Date().timeIntervalSince(removedAt) < 5, "ended \(Date().timeIntervalSince(removedAt)) s after the removal")
        let text = try String(contentsOfFile: world.home + "/.ssh/authorized_keys", encoding: .utf8)
        #expect(!text.contains("--staff bob\"") && text.contains("--staff alice\""))
        let again = try world.ssh("bob", "whoami --json")
        #expect(again.status == 255, "bob's key no longer opens anything: \(again.stderr)")
    }

    func expectSuccess(_ outcome: ChildProcess.Outcome, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard outcome.status == 0 else {
            Issue.record("\(what) failed (\(outcome.status)): \(outcome.stdout) \(outcome.stderr)", sourceLocation: sourceLocation)
            throw SSHWorld.Failure(message: "stopped at: \(what)")
        }
    }
}
