import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage

/// `kameng inbox put|list|rm`: the caller's inbox, `<data dir>/inbox/<staff>/`. Through ssh no path
/// crosses the door; a supplier file goes in with `ssh kameng@host inbox put NAME < FILE` and the
/// console's Import pane opens it by that name.
struct InboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox", abstract: "Your inbox: files the console's file prompts can open (put from standard input, list, get, rm).",
        subcommands: [Put.self, List.self, Get.self, Remove.self])

    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store standard input in your inbox as NAME (mode 0600; never over an existing file unless --replace).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A plain file name: no /, not starting with a dot.") var name: String
        @Flag(help: "Replace NAME if it is already there.") var replace = false

        func run() async throws {
            if let problem = InboxPath.checkName(name) { throw CLIError(message: "inbox put: \(problem.message)", code: 2) }
            let (_, me) = try await global.openAsStaff()
            let directory = Identity.inbox(databasePath: global.databasePath, staff: me.userName)
            try Inbox.ensureDirectory(directory)
            let bytes = try Inbox.put(name, from: STDIN_FILENO, in: directory, replace: replace)
            Output.say("Stored \(TerminalSafe.visible(name)) in your inbox (\(bytes) bytes): open it by that name in the console's Import pane.")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The files in your inbox.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print a JSON array of {name, bytes, modified}.") var json = false

        func run() async throws {
            let (_, me) = try await global.openAsStaff()
            let entries = Inbox.list(Identity.inbox(databasePath: global.databasePath, staff: me.userName))
            if json { return try Output.json(entries) }
            Output.table(["NAME", "BYTES", "MODIFIED (UTC)"], entries.map { [$0.name, String($0.bytes), $0.modified] })
        }
    }

    /// What the console wrote beside an inbox file (the secrets of substations opened from a sheet)
    /// reaches the caller this way: a copy to standard output.
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy NAME from your inbox to standard output.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The file name, as `inbox list` shows it.") var name: String

        func run() async throws {
            if let problem = InboxPath.checkName(name) { throw CLIError(message: "inbox get: \(problem.message)", code: 2) }
            let (_, me) = try await global.openAsStaff()
            let path = Identity.inbox(databasePath: global.databasePath, staff: me.userName) + "/" + name
            let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else {
                throw CLIError(message: errno == ENOENT ? "\(name) is not in your inbox" : "inbox get \(name): \(String(cString: strerror(errno)))")
            }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            var info = stat()
            guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw CLIError(message: "inbox get: \(name) is not a regular file") }
            while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty { FileHandle.standardOutput.write(chunk) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete NAME from your inbox.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The file name, as `inbox list` shows it.") var name: String

        func run() async throws {
            if let problem = InboxPath.checkName(name) { throw CLIError(message: "inbox rm: \(problem.message)", code: 2) }
            let (_, me) = try await global.openAsStaff()
            let path = Identity.inbox(databasePath: global.databasePath, staff: me.userName) + "/" + name
            guard unlink(path) == 0 else {
                throw CLIError(message: errno == ENOENT ? "\(name) is not in your inbox" : "inbox rm \(name): \(String(cString: strerror(errno)))")
            }
            Output.say("Removed \(TerminalSafe.visible(name)) from your inbox.")
        }
    }
}

/// The inbox on disk: directories 0700, files 0600, written whole or not at all.
enum Inbox {
    /// One entry of `inbox list --json`.
    struct Entry: Codable { var name: String; var bytes: Int64; var modified: String }

    /// Creates `<data dir>/inbox` and the staff member's directory in it, both 0700, when missing.
    static func ensureDirectory(_ directory: String) throws {
        let parent = (directory as NSString).deletingLastPathComponent
        for path in [parent, directory] where mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw CLIError(message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Copies `fd` to a temporary file in `directory`, fsyncs it, then links it in as `name` (or renames
    /// it over `name` with `replace`) and fsyncs the directory: a reader sees the whole file or none.
    static func put(_ name: String, from fd: Int32, in directory: String, replace: Bool) throws -> Int64 {
        var template = Array((directory + "/.put-XXXXXX").utf8CString)
        let out = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard out >= 0 else { throw CLIError(message: "inbox put: cannot create a file in your inbox: \(String(cString: strerror(errno)))") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var kept = false
        defer { if !kept { unlink(temporary) } }
        var total: Int64 = 0
        do {
            defer { close(out) }
            guard fchmod(out, 0o600) == 0 else { throw CLIError(message: "inbox put: \(String(cString: strerror(errno)))") }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count >= 0 else { throw CLIError(message: "inbox put: reading standard input: \(String(cString: strerror(errno)))") }
                if count == 0 { break }
                var offset = 0
                while offset < count {
                    let written = buffer.withUnsafeBytes { write(out, $0.baseAddress! + offset, count - offset) }
                    if written < 0, errno == EINTR { continue }
                    guard written > 0 else { throw CLIError(message: "inbox put: \(String(cString: strerror(errno)))") }
                    offset += written
                }
                total += Int64(count)
            }
            guard fsync(out) == 0 else { throw CLIError(message: "inbox put: \(String(cString: strerror(errno)))") }
        }
        let target = directory + "/" + name
        if replace {
            guard rename(temporary, target) == 0 else { throw CLIError(message: "inbox put: \(String(cString: strerror(errno)))") }
            kept = true
        } else if link(temporary, target) != 0 {
            throw CLIError(message: errno == EEXIST ? "\(name) is already in your inbox; --replace overwrites it"
                                                    : "inbox put: \(String(cString: strerror(errno)))")
        }
        let dir = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 { _ = fsync(dir); close(dir) }
        return total
    }

    /// The files in `directory`, by name; the temporary files of a `put` in progress are left out.
    static func list(_ directory: String) -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            var info = stat()
            guard lstat(directory + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
            let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
            return Entry(name: name, bytes: Int64(info.st_size), modified: OrderJSON.time(modified))
        }
    }
}
