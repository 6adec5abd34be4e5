import KamengDomain
import Testing

@Suite("SSH command line: split as sh does, without expansion; refused when sh would do more")
struct SSHCommandLineTests {
    static let commands: Set<String> = ["console", "orders", "import", "keys", "whoami", "inbox", "stock", "staff", "audit"]

    func words(_ line: String) -> [String]? {
        if case .success(let words) = SSHCommandLine.parse(line) { return words }
        return nil
    }

    func refusal(_ line: String) -> SSHCommandRefusal? {
        if case .failure(let refusal) = SSHCommandLine.parse(line) { return refusal }
        return nil
    }

    @Test("blanks separate words; runs of blanks and leading or trailing blanks make no empty words")
    func blanks() {
        #expect(words("orders --status flagged --json") == ["orders", "--status", "flagged", "--json"])
        #expect(words("  orders \t --json  ") == ["orders", "--json"])
        #expect(words("") == [])
        #expect(words("   ") == [])
    }

    @Test("quotes as sh reads them", arguments: [
        ("keys export --reason 'ticket 9; refund'", ["keys", "export", "--reason", "ticket 9; refund"]),
        ("orders --search \"a b\"", ["orders", "--search", "a b"]),
        ("x 'it''s'", ["x", "its"]),
        ("x \"it's\"", ["x", "it's"]),
        ("x 'a\"b'", ["x", "a\"b"]),
        ("x \"a\\\"b\"", ["x", "a\"b"]),
        ("x \"a\\\\b\"", ["x", "a\\b"]),
        ("x \"\\$HOME\"", ["x", "$HOME"]),
        ("x \"$HOME\"", ["x", "$HOME"]),
        ("x \"a\\nb\"", ["x", "a\\nb"]),
        ("x 'a\\b'", ["x", "a\\b"]),
        ("x \"\"", ["x", ""]),
        ("x ''", ["x", ""]),
        ("x a\\ b", ["x", "a b"]),
        ("x a\\;b", ["x", "a;b"]),
        ("x \\$y", ["x", "$y"]),
        ("x pre'mid'\"post\"", ["x", "premidpost"]),
        ("x 'line\none'", ["x", "line\none"]),
        ("x a\\\nb", ["x", "ab"]),
        ("x \"`id`\"", ["x", "`id`"]),
    ])
    func quoting(line: String, expected: [String]) {
        #expect(words(line) == expected)
    }

    @Test("sh syntax outside quotes is refused", arguments: [
        ("orders; id", SSHCommandRefusal.metacharacter(";")),
        ("orders && id", .metacharacter("&")),
        ("orders & id", .metacharacter("&")),
        ("orders | tee x", .metacharacter("|")),
        ("orders $HOME", .metacharacter("$")),
        ("orders $(id)", .metacharacter("$")),
        ("orders `id`", .metacharacter("`")),
        ("orders > /tmp/x", .metacharacter(">")),
        ("import < /etc/passwd", .metacharacter("<")),
        ("orders (x)", .metacharacter("(")),
        ("orders\nid", .newline),
        ("orders 'open", .unterminatedQuote),
        ("orders \"open", .unterminatedQuote),
        ("orders \\", .trailingBackslash),
    ])
    func syntax(line: String, expected: SSHCommandRefusal) {
        #expect(refusal(line) == expected)
    }

    @Test("kameng commands pass; the policy refuses shells, transfers, service commands and identity options")
    func policy() {
        let ok = ["orders --status flagged --json", "whoami --json", "import - --product SKU", "keys export --batch 3 --out - --reason r",
                  "inbox put a.txt", "help", "--help", "stock --readonly"]
        for line in ok {
            #expect(SSHCommandPolicy.check(words(line)!, commands: Self.commands) == nil, "\(line)")
        }
        #expect(SSHCommandPolicy.check([], commands: Self.commands) == nil, "no command: the console")
        let refused: [(String, SSHCommandRefusal)] = [
            ("bash", .notAKamengCommand("bash")),
            ("sh -c id", .notAKamengCommand("sh")),
            ("/bin/ls", .notAKamengCommand("/bin/ls")),
            ("scp -t /tmp", .notAKamengCommand("scp")),
            ("internal-sftp", .notAKamengCommand("internal-sftp")),
            ("/usr/lib/openssh/sftp-server", .notAKamengCommand("/usr/lib/openssh/sftp-server")),
            ("rsync --server -e.LsfxC . /tmp", .notAKamengCommand("rsync")),
            ("init", .serviceCommand("init")),
            ("demo --fresh", .serviceCommand("demo")),
            ("serve", .serviceCommand("serve")),
            ("restore x", .serviceCommand("restore")),
            ("archive", .serviceCommand("archive")),
            ("ssh-session --staff admin", .serviceCommand("ssh-session")),
            ("keys rotate", .serviceCommand("keys rotate")),
            ("keys --readonly rotate", .serviceCommand("keys rotate")),
            ("keys recover", .serviceCommand("keys recover")),
            ("orders --db /tmp/x", .identityOption("--db")),
            ("orders --db=/tmp/x", .identityOption("--db")),
            ("stock --key-file /tmp/k", .identityOption("--key-file")),
            ("whoami --staff admin", .identityOption("--staff")),
            ("KAMENG_DB=/tmp/x orders", .environmentOverride("KAMENG_DB=/tmp/x")),
            ("HOME=/tmp orders", .environmentOverride("HOME=/tmp")),
            ("orders KAMENG_KEY_FILE=/k", .environmentOverride("KAMENG_KEY_FILE=/k")),
        ]
        for (line, expected) in refused {
            #expect(SSHCommandPolicy.check(words(line)!, commands: Self.commands) == expected, "\(line)")
        }
    }

    @Test("every refusal is one line and quotes what was sent safely")
    func messages() {
        let refusal = SSHCommandRefusal.notAKamengCommand("\u{1B}]52;c;eA==\u{07}")
        #expect(!refusal.message.contains("\n") && !refusal.message.unicodeScalars.contains { $0.value == 0x1B })
        #expect(SSHCommandRefusal.filePath(option: "import", path: "/home/kameng/.config/kameng/master.key").message.contains("inbox put"))
    }
}
