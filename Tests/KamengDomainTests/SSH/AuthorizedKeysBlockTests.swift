import KamengDomain
import Testing

/// Kameng's block of authorized_keys: its lines, and everything around it kept byte for byte.
@Suite("authorized_keys managed block")
struct AuthorizedKeysBlockTests {
    static let exe = "/usr/local/bin/kameng"
    static let olga = AuthorizedKeysBlock.Entry(staffName: "olga", type: "ssh-ed25519", base64: "AAAAC3NzaC1lZDI1NTE5AAAAIGRppkve")
    static let sam = AuthorizedKeysBlock.Entry(staffName: "sam.w", type: "ecdsa-sha2-nistp256", base64: "AAAAE2VjZHNh+/8=")
    static let olgaLine = "restrict,pty,command=\"/usr/local/bin/kameng ssh-session --staff olga\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGRppkve kameng:olga"
    static let samLine = "restrict,pty,command=\"/usr/local/bin/kameng ssh-session --staff sam.w\" ecdsa-sha2-nistp256 AAAAE2VjZHNh+/8= kameng:sam.w"

    @Test("each key becomes a restricted forced-command line naming its staff member")
    func line() throws {
        #expect(try AuthorizedKeysBlock.line(for: Self.olga, executable: Self.exe) == Self.olgaLine)
    }

    @Test("an empty file gets just the block; a file without one gets it appended, its own lines untouched")
    func appended() throws {
        let block = [AuthorizedKeysBlock.begin, Self.olgaLine, AuthorizedKeysBlock.end].joined(separator: "\n") + "\n"
        #expect(try AuthorizedKeysBlock.render(existing: "", entries: [Self.olga], executable: Self.exe) == block)
        let own = "# the host admin's key\nssh-ed25519 AAAAadmin root@box"
        #expect(try AuthorizedKeysBlock.render(existing: own, entries: [Self.olga], executable: Self.exe) == own + "\n" + block)
        #expect(try AuthorizedKeysBlock.render(existing: own + "\n", entries: [Self.olga], executable: Self.exe) == own + "\n" + block)
    }

    @Test("the block is replaced in place; lines before and after (CRLF, no final newline) stay byte for byte")
    func replaced() throws {
        let before = "ssh-rsa AAAAbefore one\r\n\n  # spaced comment\n"
        let after = "ssh-ed25519 AAAAafter two\n# tail without newline"
        let old = before + AuthorizedKeysBlock.begin + "\n" + Self.olgaLine + "\nhand-added line\n" + AuthorizedKeysBlock.end + "\n" + after
        let new = try AuthorizedKeysBlock.render(existing: old, entries: [Self.sam], executable: Self.exe)
        #expect(new == before + AuthorizedKeysBlock.begin + "\n" + Self.samLine + "\n" + AuthorizedKeysBlock.end + "\n" + after)
        let emptied = try AuthorizedKeysBlock.render(existing: new, entries: [], executable: Self.exe)
        #expect(emptied == before + AuthorizedKeysBlock.begin + "\n" + AuthorizedKeysBlock.end + "\n" + after)
    }

    @Test("a damaged block (one marker, two, or reversed) is refused rather than guessed at")
    func damaged() {
        let b = AuthorizedKeysBlock.begin, e = AuthorizedKeysBlock.end
        for text in ["x\n\(b)\nkey\n", "\(e)\nkey\n", "\(b)\n\(e)\n\(b)\n\(e)\n", "\(e)\n\(b)\n"] {
            #expect(throws: AuthorizedKeysBlock.Problem.damagedBlock) {
                try AuthorizedKeysBlock.render(existing: text, entries: [Self.olga], executable: Self.exe)
            }
        }
    }

    @Test("an executable path, name or key that could break out of the line is refused")
    func unsafe() {
        for path in ["kameng", "/opt/my kameng/kameng", "/opt/k\"; sh #/kameng", "/opt/k\\n/kameng"] {
            #expect(throws: AuthorizedKeysBlock.Problem.unsafeExecutablePath(path)) { try AuthorizedKeysBlock.line(for: Self.olga, executable: path) }
        }
        let badName = AuthorizedKeysBlock.Entry(staffName: "o\" x", type: "ssh-ed25519", base64: "AAAA")
        #expect(throws: AuthorizedKeysBlock.Problem.invalidStaffName("o\" x")) { try AuthorizedKeysBlock.line(for: badName, executable: Self.exe) }
        let badKey = AuthorizedKeysBlock.Entry(staffName: "olga", type: "ssh-ed25519", base64: "AAAA\nssh-rsa")
        #expect(throws: AuthorizedKeysBlock.Problem.self) { try AuthorizedKeysBlock.line(for: badKey, executable: Self.exe) }
    }
}
