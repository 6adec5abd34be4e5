import Foundation
import KamengTestSupport

/// A tiny demo database in a fresh temporary directory, for end-to-end tests of the real binary: the
/// database under `db/`, config and data homes beside it (the key file never sits with the database),
/// and the environment both the CLI and the console need. Removed when the test lets go of it.
final class TinyDemo {
    let dir: URL
    let db: String
    /// XDG homes only: what a tmux session running the console needs.
    let environment: [String: String]
    /// This process's environment with the XDG homes: what a CLI child process needs.
    let cli: [String: String]

    init(_ name: String) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("db"), withIntermediateDirectories: true)
        db = dir.appendingPathComponent("db/demo.sqlite").path
        environment = ["XDG_CONFIG_HOME": dir.appendingPathComponent("config").path,
                       "XDG_DATA_HOME": dir.appendingPathComponent("data").path]
        cli = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        try TestProgram.run(EndToEndTests.binary, ["demo", "--no-console", "--size", "tiny", "--db", db], environment: cli)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }
}
