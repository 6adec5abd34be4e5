import Foundation
import KamengDomain
import KamengStorage

/// Whom this process acts for. A local run (the service account on the host) acts as the owner row
/// `kameng init` made; a run under `kameng ssh-session --staff NAME` acts as NAME, with the database
/// and key file the forced command fixed. Set once, before any command opens the store, so every
/// command's `openAsStaff` resolves the same person without knowing how they came in.
enum Identity {
    /// A session through OpenSSH: the staff member sshd's forced command named, and the files it fixed.
    struct Remote: Sendable {
        var staff: String
        var databasePath: String
        var keyFilePath: String
        /// The engine the session opened to check NAME, reused by a writable command (one pool per process).
        var engine: any KamengEngine
    }

    /// Written once by `ssh-session` before it runs anything else; read afterwards only.
    nonisolated(unsafe) static var remote: Remote?

    /// "ssh" or "local", as `whoami` reports it.
    static var via: String { remote == nil ? "local" : "ssh" }

    /// The staff member this process acts as, in `store`.
    static func staff(in store: any KamengEngine) async throws -> Staff {
        if let remote { return try await store.staff(userName: remote.staff) }
        return try await store.owner()
    }

    /// `<data dir>/inbox/<staff>/`: the only files a remote session's console may open.
    static func inbox(databasePath: String, staff: String) -> String {
        (databasePath as NSString).deletingLastPathComponent + "/inbox/" + staff
    }
}

/// The OS account running the process: only the default owner name `kameng init` and `kameng demo`
/// give the staff row they create. Identity afterwards is the Kameng staff name (`Identity`).
enum CurrentUser {
    static var name: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }
}
