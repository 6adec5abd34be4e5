import ArgumentParser
import Foundation
import KamengDomain
@_spi(Benchmark) import KamengSQLite
import KamengStorage
#if canImport(Glibc)
import Glibc
#endif

/// One benchmark phase as a child process: its own peak RSS is then exactly that phase's,
/// read from wait4's rusage, and the parent's memory (file generation) does not count.
struct ChildRun {
    var status: Int32
    var seconds: Double
    /// Peak resident set of the child alone, in bytes.
    var maxRSS: Int
    var stdout: String

    /// Runs `path args…` with stdout to a scratch file, timed with the wall clock from spawn to reap.
    static func run(_ path: String, _ args: [String], stdoutPath: String) throws -> ChildRun {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard rc == 0 else { throw ValidationError("cannot start \(path): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let out = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
        // Linux reports ru_maxrss in KiB.
        return ChildRun(status: status, seconds: seconds, maxRSS: Int(usage.ru_maxrss) * 1024, stdout: out)
    }
}

/// What a store phase child prints: one JSON line.
struct ImportPhaseResult: Codable {
    var seconds: Double
    var accepted: Int
    var duplicateInFile: Int
    var duplicateInStore: Int
    var rejected: Int
    /// VmHWM of the child itself, in bytes.
    var peakRSS: Int
}

/// This process's peak resident set (VmHWM of /proc/self/status), in bytes.
func peakResidentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
}

/// `kameng-bench import-phase`: one `importFile` into an existing store, timed from the call to the
/// commit (parse, HMAC, AES-GCM, inserts under the unique index). Started by `kameng-bench import`.
struct ImportPhase: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import-phase", abstract: "One timed store import (benchmark child).",
                                                    shouldDisplay: false)

    @Option var db: String
    @Option var keyFile: String
    @Option var file: String
    @Option var sku = ImportBench.sku
    @Option var user = ImportBench.user

    func run() throws {
        let store = try SQLiteStore.open(at: db, keyFilePath: keyFile)
        let actor = try store.staff(userName: user)
        let start = DispatchTime.now().uptimeNanoseconds
        let o = try store.importFile(FileImportRequest(file: URL(fileURLWithPath: file), productSKU: sku, force: true), by: actor)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let result = ImportPhaseResult(seconds: seconds, accepted: o.accepted, duplicateInFile: o.duplicateInFile,
                                       duplicateInStore: o.duplicateInStore, rejected: o.rejected.count, peakRSS: peakResidentBytes())
        print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
    }
}

/// The two generated files: `first` of distinct keys, `second` repeating every tenth line of `first`.
enum ImportBenchFiles {
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789".utf8)

    /// Line i of a file: a 12-digit number, "----", then a secret whose random head keeps the
    /// order random (no sequential prefix to favour either index) and whose base-32 tail of
    /// `index` makes every secret distinct.
    static func line(_ index: Int, _ rng: inout SeededRandom, into out: inout [UInt8]) {
        var number = 100_000_000_000 + rng.below(900_000_000_000)
        var digits = [UInt8](repeating: 0, count: 12)
        for k in stride(from: 11, through: 0, by: -1) { digits[k] = 0x30 + UInt8(number % 10); number /= 10 }
        out.append(contentsOf: digits)
        out.append(contentsOf: [0x2D, 0x2D, 0x2D, 0x2D])
        let random = rng.next()
        for k in 0..<10 { out.append(alphabet[Int((random >> (k * 5)) & 31)]) }
        var tail = index
        for _ in 0..<6 { out.append(alphabet[tail & 31]); tail >>= 5 }
        out.append(0x0A)
    }

    /// Writes `first`, `second` and their tab-separated copies for sqlite3 (`----` → tab), untimed.
    /// Streamed through 1 MiB buffers so that this process stays small: a spawned child's peak RSS
    /// on Linux starts from its parent's (exec keeps the larger high-water mark).
    static func generate(lines: Int, in directory: String) throws -> (first: String, second: String, firstTSV: String, secondTSV: String) {
        let names = (first: directory + "/first.txt", second: directory + "/second.txt",
                     firstTSV: directory + "/first.tsv", secondTSV: directory + "/second.tsv")
        let outputs = try [names.first, names.second, names.firstTSV, names.secondTSV].map { path -> FileHandle in
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
            return handle
        }
        defer { for handle in outputs { try? handle.close() } }
        var rngFirst = SeededRandom(seed: 2026), rngSecond = SeededRandom(seed: 2027)
        var buffers: [[UInt8]] = Array(repeating: [], count: 4)
        var line: [UInt8] = []
        func emit(_ k: Int, _ text: [UInt8]) throws {
            buffers[k].append(contentsOf: k >= 2 ? tabSeparated(text) : text)
            if buffers[k].count >= 1 << 20 { try outputs[k].write(contentsOf: buffers[k]); buffers[k].removeAll(keepingCapacity: true) }
        }
        for i in 0..<lines {
            line.removeAll(keepingCapacity: true)
            Self.line(i, &rngFirst, into: &line)
            try emit(0, line)
            try emit(2, line)
            if i % 10 != 0 {
                line.removeAll(keepingCapacity: true)
                Self.line(lines + i, &rngSecond, into: &line)
            }
            try emit(1, line)
            try emit(3, line)
        }
        for k in 0..<4 { try outputs[k].write(contentsOf: buffers[k]) }
        return names
    }

    /// `NUMBER----SECRET` → `NUMBER<TAB>SECRET`: sqlite3's separator is one string, so it gets the same
    /// lines with the separator sqlite3 reads natively (a fixed 12-digit number makes this positional).
    static func tabSeparated(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let end = bytes[i...].firstIndex(of: 0x0A) ?? bytes.count
            out.append(contentsOf: bytes[i..<i + 12])
            out.append(0x09)
            out.append(contentsOf: bytes[(i + 16)..<end])
            out.append(0x0A)
            i = end + 1
        }
        return out
    }
}
