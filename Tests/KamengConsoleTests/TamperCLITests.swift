import Foundation
import KamengProcess
import KamengTestSupport
import Testing

/// `kameng audit verify` of the real binary on a demo database changed the way an attacker with sqlite3
/// would: exit 0 while intact, exit 1 naming what once the audit tail is cut or a staff row is altered.
@Suite("kameng audit verify after tampering", .serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
struct TamperCLITests {
    func verify(_ demo: TinyDemo) throws -> ChildProcess.Outcome {
        try ChildProcess.run(EndToEndTests.binary, ["audit", "verify", "--db", demo.db], environment: demo.cli)
    }

    func sqlite(_ demo: TinyDemo, _ sql: String) throws {
        let outcome = try ChildProcess.run("/usr/bin/sqlite3", [demo.db, sql])
        #expect(outcome.status == 0, "sqlite3: \(outcome.stderr)")
    }

    @Test("a cut audit tail: verify exits 1 and says rows were deleted from the end")
    func cutTail() throws {
        let demo = try TinyDemo("tamper-tail")
        defer { withExtendedLifetime(demo) {} }
        let intact = try verify(demo)
        #expect(intact.status == 0 && intact.stdout.contains("intact"), "\(intact.stdout) \(intact.stderr)")
        try sqlite(demo, """
            DROP TRIGGER audit_log_append_only_delete;
            DELETE FROM audit_log WHERE id > (SELECT max(id) - 3 FROM audit_log);
            CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            """)
        let cut = try verify(demo)
        #expect(cut.status == 1, "exit \(cut.status): \(cut.stdout) \(cut.stderr)")
        #expect(cut.stderr.contains("deleted from the end"), "\(cut.stderr)")
    }

    @Test("a staff row changed in SQL: verify exits 1 and names the row")
    func alteredStaff() throws {
        let demo = try TinyDemo("tamper-staff")
        defer { withExtendedLifetime(demo) {} }
        try sqlite(demo, "UPDATE staff SET role = 'operator'")
        let altered = try verify(demo)
        #expect(altered.status == 1, "exit \(altered.status): \(altered.stdout) \(altered.stderr)")
        #expect(altered.stderr.contains("was altered outside Kameng"), "\(altered.stderr)")
    }
}
