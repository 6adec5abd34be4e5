import Foundation
import KamengDomain
import KamengProcess
import KamengTestSupport
import KamengVault

/// A throwaway deployment for the SSH end-to-end test: a service account and a staff shell account
/// (unique names), the kameng binary installed where both can run it, and an sshd of the test's own
/// on 127.0.0.1 (own config, host key, pid file and port). Docs/Deploy.md's blocks are run against it
/// with the account, paths and host substituted. `tearDown` undoes all of it, also after a failure.
final class SSHWorld {
    let account: String
    let staffShell: String
    let home: String
    /// World-readable: the installed binary (`bin/`), sshd's config and host key (`sshd/`, root only).
    let dir: String
    /// Root only: the staff members' private keys and the files they send.
    let work: String
    let builtBinary: String
    var bin: String { dir + "/bin/kameng" }
    var sshdConfig: String { dir + "/sshd/sshd_config" }
    let port: Int
    private var accountsMade: [String] = []
    private var codes: FreshCodes?
    /// Every Deploy.md line this world ran (as the page words it), for the check that none was skipped.
    private(set) var ranDocLines: [String] = []

    /// A step of the deployment that could not be done; the message says which and why.
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static let environment = ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"]

    /// Why the test cannot run here, or nil. CI runs as root with openssh-server installed by .ci/run.
    static var unavailableReason: String? {
        if geteuid() != 0 { return "needs root (creates OS accounts and runs sshd)" }
        if !FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") { return "/usr/sbin/sshd missing (apt-get install openssh-server)" }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh") { return "ssh client missing" }
        if !TmuxSession.isAvailable { return "tmux missing" }
        return nil
    }

    init(builtBinary: String) throws {
        let suffix = String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(8))
        account = "kmg" + suffix
        staffShell = "kmgs" + suffix
        home = "/home/" + account
        self.builtBinary = builtBinary
        dir = "/tmp/kameng-ssh-e2e-" + suffix
        work = dir + "/work"
        port = try Self.freePort()
        try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try FileManager.default.createDirectory(atPath: dir + "/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(dir, 0o755)
    }

    /// Kills this world's sshd (by its pid file) and removes both accounts with their homes.
    func tearDown() {
        if let pid = try? String(contentsOfFile: dir + "/sshd/sshd.pid", encoding: .utf8), let value = pid_t(pid.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(value, SIGTERM)
        }
        for name in accountsMade.reversed() {
            _ = try? ChildProcess.run("userdel", ["-r", "-f", name], environment: Self.environment)
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    func noteAccount(_ name: String) { accountsMade.append(name) }

    // MARK: Running things

    /// `sh -c line` as root in `work`, with the fixed environment.
    func shell(_ line: String) throws -> ChildProcess.Outcome {
        try ChildProcess.run("/bin/sh", ["-c", "cd '\(work)' && " + line], environment: Self.environment.merging(["HOME": work]) { $1 })
    }

    /// The ssh client as staff member `key` (a private key file in `work`), host key checks off.
    func sshPrefix(key: String, tty: Bool = false) -> String {
        "ssh \(tty ? "-t" : "-T") -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR "
            + "-o IdentitiesOnly=yes -o ConnectTimeout=10 -i '\(work)/\(key)' -p \(port) \(account)@127.0.0.1"
    }

    /// `ssh kameng@host ARGS` as the staff member holding `key`.
    func ssh(_ key: String, _ remote: String) throws -> ChildProcess.Outcome {
        try shell(sshPrefix(key: key) + " " + remote)
    }

    /// A kameng command run as the service account (the owner).
    func owner(_ arguments: String) throws -> ChildProcess.Outcome {
        try shell("runuser -u \(account) -- '\(bin)' " + arguments)
    }

    /// A Deploy.md line made concrete for this world: the account, its home, the binary, the host and
    /// a fresh step-up code in place of the page's placeholders.
    func concrete(_ line: String, sshKey: String) throws -> String {
        var text = line
            .replacingOccurrences(of: ".build/release/kameng", with: builtBinary)
            .replacingOccurrences(of: "/usr/local/bin/kameng", with: bin)
            .replacingOccurrences(of: "/home/kameng", with: home)
            .replacingOccurrences(of: "/root/", with: home + "/")
            .replacingOccurrences(of: "-u kameng ", with: "-u \(account) ")
            .replacingOccurrences(of: "ssh kameng@host", with: sshPrefix(key: sshKey))
        if text.hasSuffix(" kameng") { text = String(text.dropLast(" kameng".count)) + " " + account }
        if text.contains("--code NNNNNN") { text = text.replacingOccurrences(of: "--code NNNNNN", with: "--code " + (try freshCode())) }
        return text
    }

    /// Runs one Deploy.md line (as concrete), recording it as exercised.
    @discardableResult
    func runDoc(_ line: String, sshKey: String = "alice") throws -> ChildProcess.Outcome {
        ranDocLines.append(line)
        return try shell(try concrete(line, sshKey: sshKey))
    }

    func markExercised(_ line: String) { ranDocLines.append(line) }

    // MARK: Step-up codes

    func rememberTOTP(fromEnrolment output: String) throws {
        guard let match = output.firstMatch(of: /secret: ([A-Z2-7]+)/), let secret = Base32.decode(String(match.1)) else {
            throw SSHWorld.Failure(message: "no secret in: \(output)")
        }
        codes = FreshCodes(secret: secret)
    }

    func freshCode() throws -> String {
        guard let codes else { throw Failure(message: "no authenticator enrolled yet") }
        return try codes.next()
    }

    // MARK: Network

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw SSHWorld.Failure(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Connects to 127.0.0.1:`port` and returns what arrives within `timeout` (nil: refused).
    static func probe(port: Int, timeout: Double) -> Data? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { return nil }
        var data = Data()
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 256)
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return data
    }

    /// Polls until 127.0.0.1:`port` accepts a connection.
    static func waitForListener(port: Int, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            close(fd)
            if connected { return true }
            usleep(50_000)
        }
        return false
    }
}

/// Reads Docs/Deploy.md's blocks by their `<!-- e2e: NAME -->` marker.
enum DeployDoc {
    static var path: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Docs/Deploy.md").path
    }

    /// Every marked block's lines, by name, in page order.
    static func blocks() throws -> [(name: String, lines: [String])] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var result: [(String, [String])] = []
        var pending: String?
        var current: [String]?
        for line in text.components(separatedBy: "\n") {
            if let match = line.firstMatch(of: /^<!-- e2e: ([a-z-]+) -->$/) { pending = String(match.1); continue }
            if line.hasPrefix("```") {
                if let lines = current, let name = pending {
                    result.append((name, lines))
                    pending = nil
                    current = nil
                } else if pending != nil {
                    current = []
                }
                continue
            }
            current?.append(line)
        }
        return result
    }

    static func block(_ name: String) throws -> [String] {
        guard let block = try blocks().first(where: { $0.name == name }) else { throw SSHWorld.Failure(message: "Deploy.md has no block \(name)") }
        return block.lines
    }
}
