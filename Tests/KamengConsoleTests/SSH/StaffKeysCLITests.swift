import Foundation
import KamengDomain
import KamengProcess
import KamengTestSupport
import Testing

/// `kameng staff … --ssh-key` and friends with the real binary: the managed block of authorized_keys
/// follows the staff table, the admin's own lines are kept byte for byte, the file is 0600 in a 0700
/// directory, bad keys are refused before anything is written, and a failed write is loud.
@Suite("kameng staff keys and authorized_keys", .enabled(if: TmuxSession.isAvailable), .serialized)
struct StaffKeysCLITests {
    static let olga = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGRppkve/2U37LjpXhmAzcc6/dJBeshVsZOJeD/KkrLy olga@laptop\n"
    static let sam = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOZDN/GPxR+esM72ie0XFEpzH5knLbwBtlHbg1aFbtvwg/Eeecw9uh0Ih3jej02ePbg1aG4BjGjB8ucYuL5CnQE= sam\n"

    func run(_ platform: TerminalSafetyTests.Platform, _ file: String, _ arguments: [String]) throws -> ChildProcess.Outcome {
        try ChildProcess.run(EndToEndTests.binary, arguments, environment: platform.environment.merging(["KAMENG_AUTHORIZED_KEYS": file]) { $1 })
    }

    @Test("add, add a key, disable: the block follows; own lines kept; 0600 in a new 0700 directory; failures loud")
    func blockFollowsTheTable() throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        let codes = FreshCodes(secret: Base32.decode(DemoAuthenticator.secretBase32)!)
        let keys = platform.dir.appendingPathComponent("keys").path
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        for (name, line) in [("olga", Self.olga), ("sam", Self.sam), ("options", "no-pty " + Self.sam),
                             ("two-lines", Self.olga + "command=\"/bin/sh\" " + Self.sam)] {
            try line.write(toFile: "\(keys)/\(name).pub", atomically: true, encoding: .utf8)
        }
        let directory = platform.dir.appendingPathComponent("ssh").path
        let file = directory + "/authorized_keys"
        let exe = URL(fileURLWithPath: EndToEndTests.binary).resolvingSymlinksInPath().path

        let added = try run(platform, file, ["staff", "add", "olga", "--role", "operator", "--ssh-key", "\(keys)/olga.pub", "--code", try codes.next()])
        #expect(added.status == 0 && added.stdout.contains("SHA256:gvyYH0XWi4haRJX/P3CU0iEGZRR58o2OT/UOorGdYuQ"), "\(added.stdout) \(added.stderr)")
        let olgaLine = "restrict,pty,command=\"\(exe) ssh-session --staff olga\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGRppkve/2U37LjpXhmAzcc6/dJBeshVsZOJeD/KkrLy kameng:olga"
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "\(AuthorizedKeysBlock.begin)\n\(olgaLine)\n\(AuthorizedKeysBlock.end)\n")
        #expect(try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int == 0o700)
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)

        // The host admin's lines around the block, one without a final newline.
        let before = "# admin\r\nssh-rsa AAAAadmin root@host\n", after = "ssh-ed25519 AAAAlast backup@host"
        try (before + (try String(contentsOfFile: file, encoding: .utf8)) + after).write(toFile: file, atomically: true, encoding: .utf8)
        for refused in ["options", "two-lines"] {
            let outcome = try run(platform, file, ["staff", "key", "add", "olga", "\(keys)/\(refused).pub", "--code", "000000"])
            #expect(outcome.status == 2 && (outcome.stderr.contains("options") || outcome.stderr.contains("control character")), "\(refused): \(outcome.stderr)")
        }
        let second = try run(platform, file, ["staff", "key", "add", "olga", "\(keys)/sam.pub", "--code", try codes.next()])
        #expect(second.status == 0, "\(second.stderr)")
        var text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix(before + AuthorizedKeysBlock.begin + "\n" + olgaLine + "\n") && text.hasSuffix(AuthorizedKeysBlock.end + "\n" + after), "\(text)")
        #expect(text.contains("ecdsa-sha2-nistp256 AAAAE2VjZHNh") && text.components(separatedBy: "--staff olga").count == 3)
        let listed = try run(platform, file, ["staff", "key", "list", "olga"]).stdout
        #expect(listed.contains("SHA256:gvyYH0XWi4haRJX/P3CU0iEGZRR58o2OT/UOorGdYuQ") && listed.contains("ecdsa-sha2-nistp256"), "\(listed)")

        // The write fails (the directory is a regular file): the change stands, the command says so and exits 1.
        let blocked = platform.dir.appendingPathComponent("not-a-directory").path
        try "x".write(toFile: blocked, atomically: true, encoding: .utf8)
        let disabled = try run(platform, blocked + "/authorized_keys", ["staff", "disable", "olga", "--code", try codes.next()])
        #expect(disabled.status == 1 && disabled.stderr.contains("could NOT be rewritten") && disabled.stderr.contains("kameng staff keys sync"), "\(disabled.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text, "the real file is not touched by a run pointed elsewhere")
        let synced = try run(platform, file, ["staff", "keys", "sync"])
        #expect(synced.status == 0, "\(synced.stderr)")
        text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text == before + AuthorizedKeysBlock.begin + "\n" + AuthorizedKeysBlock.end + "\n" + after, "a disabled person's lines are gone: \(text)")
        let audit = try run(platform, file, ["audit", "tail", "--limit", "4"]).stdout
        #expect(audit.contains("staff.disable") && audit.contains("staff.key.add"), "\(audit)")
    }
}
