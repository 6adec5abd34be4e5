import ArgumentParser
import Foundation
import KamengDomain
import KamengSQLite
import KamengStorage

/// Options every command shares: where the database and the key file are.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Database file (default: $KAMENG_DB, else $XDG_DATA_HOME/kameng/kameng.sqlite).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Key-encryption key file (default: $KAMENG_KEY_FILE, else $XDG_CONFIG_HOME/kameng/master.key).", valueName: "path"))
    var keyFile: String?

    @Flag(name: .customLong("readonly"), help: "Open the database read-only: every changing action is disabled and says so.")
    var readOnly = false

    /// In an SSH session the forced command's files, whatever the environment says.
    var databasePath: String {
        if let remote = Identity.remote { return remote.databasePath }
        if let db { return Self.absolute(db) }
        if let env = ProcessInfo.processInfo.environment["KAMENG_DB"], !env.isEmpty { return Self.absolute(env) }
        return Paths.dataDirectory + "/kameng.sqlite"
    }

    var keyFilePath: String {
        if let remote = Identity.remote { return remote.keyFilePath }
        if let keyFile { return Self.absolute(keyFile) }
        if let env = ProcessInfo.processInfo.environment["KAMENG_KEY_FILE"], !env.isEmpty { return Self.absolute(env) }
        return Paths.configDirectory + "/master.key"
    }

    /// The engine over the database. This executable is the composition root: the only place that
    /// names the SQLite engine; every command works through the storage interface.
    func openStore() throws -> any KamengEngine {
        if let remote = Identity.remote, !readOnly { return remote.engine }
        if !readOnly { Self.announceUpgrade(of: databasePath) }
        return try SQLiteEngine.open(at: databasePath, keyFilePath: keyFilePath, readOnly: readOnly)
    }

    /// Says on stderr, before a writable open, which schema migrations it will run: a table rewrite on
    /// a large database takes a while, once, and should not look like a hang.
    static func announceUpgrade(of path: String) {
        let pending = SQLiteEngine.pendingUpgrades(at: path)
        guard !pending.isEmpty else { return }
        Output.ask("""
            kameng: upgrading \(path) to the current schema (\(pending.joined(separator: ", "))); \
            on a large database this takes a minute, once

            """)
    }

    /// Opens the store and the staff member this process acts as: the owner for a local run, the
    /// session's staff member through `kameng ssh-session`.
    func openAsStaff() async throws -> (any KamengEngine, Staff) {
        let store = try openStore()
        return (store, try await Identity.staff(in: store))
    }

    static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
    }
}

/// The XDG base directories Kameng uses.
enum Paths {
    static var home: String { ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory() }

    static var dataDirectory: String {
        let base = ProcessInfo.processInfo.environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
        return base + "/kameng"
    }

    static var configDirectory: String {
        let base = ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        return base + "/kameng"
    }
}
