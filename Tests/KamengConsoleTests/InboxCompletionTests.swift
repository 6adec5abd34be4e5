import Foundation
@testable import KamengConsole
import KamengDomain
import Testing

/// Through ssh the Import pane completes and opens names in the caller's inbox only.
@Suite("Import pane inside an inbox")
struct InboxCompletionTests {
    @Test("Tab completes names in the inbox and nothing outside it")
    func completion() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-inbox-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let inbox = base + "/inbox/sam"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: inbox + "/supplier-keys.txt", contents: Data())
        FileManager.default.createFile(atPath: base + "/inbox/secret-keys.txt", contents: Data())
        #expect(PathCompletion.completeInside("sup", root: inbox).completion == "supplier-keys.txt")
        #expect(PathCompletion.completeInside("", root: inbox).completion == "supplier-keys.txt")
        #expect(PathCompletion.completeInside("../sec", root: inbox).completion == "../sec")
        #expect(PathCompletion.completeInside(base + "/inbox/sec", root: inbox).completion == base + "/inbox/sec")
        #expect(PathCompletion.completeInside("~/", root: inbox).candidates.isEmpty)
        // Locally (no inbox) the same typed text does reach outside: the restriction is the inbox's alone.
        #expect(PathCompletion.completeOnDisk("../sec", workingDirectory: inbox).completion == "../secret-keys.txt")
    }

    @Test("names resolve inside the inbox; absolute paths, ~ and .. are refused", arguments: [
        ("keys.txt", "/srv/inbox/sam/keys.txt"), (" keys.txt ", "/srv/inbox/sam/keys.txt"),
    ])
    func resolves(typed: String, expected: String) {
        #expect(InboxPath.resolve(typed, root: "/srv/inbox/sam") == .success(expected))
    }

    @Test("outside the inbox is refused", arguments: ["/etc/passwd", "~/.config/kameng/master.key", "../bob/keys.txt", "a/../../x", "..", ""])
    func refused(typed: String) {
        guard case .failure = InboxPath.resolve(typed, root: "/srv/inbox/sam") else {
            Issue.record("\(typed) resolved")
            return
        }
    }

    @Test("inbox names: plain, visible, not hidden", arguments: [("a.txt", true), ("供货商.xlsx", true), ("a/b", false), (".hidden", false),
                                                              ("..", false), ("-", false), ("", false), ("x\u{1B}]52;c;eA==\u{07}", false)])
    func names(name: String, ok: Bool) {
        #expect((InboxPath.checkName(name) == nil) == ok)
    }
}
