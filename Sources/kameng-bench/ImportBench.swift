import ArgumentParser
import Foundation
import KamengDomain
@_spi(Benchmark) import KamengSQLite

/// `kameng-bench import`: a generated NUMBER----SECRET file into an empty store, then a file with 10%
/// repeats into the store holding the first, each end to end through `importFile` in its own child
/// process (so its peak RSS is its own); beside them, in the same run, the `sqlite3` CLI `.import` of
/// the same lines into a table with a UNIQUE secret column.
struct ImportBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "File import throughput vs sqlite3 .import.")
    static let sku = "BENCH-IMP"
    static let user = "bench"

    @Option(help: "Lines per generated file.") var lines = 1_000_000
    @Option(help: "Scratch directory (default: a new temporary one, removed afterwards).") var scratch: String?
    @Option(help: "The sqlite3 command-line shell.") var sqlite3 = "/usr/bin/sqlite3"

    func run() throws {
        #if DEBUG
        print("warning: debug build; build with -c release for real figures")
        #endif
        let directory = scratch ?? NSTemporaryDirectory() + "kameng-import-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory + "/store", withIntermediateDirectories: true)
        defer { if scratch == nil { try? FileManager.default.removeItem(atPath: directory) } }
        print("generating 2 × \(lines) lines…")
        let files = try ImportBenchFiles.generate(lines: lines, in: directory)

        // An empty store with one product, created here (untimed); each phase opens it in a child.
        let db = directory + "/store/bench.sqlite", keyFile = directory + "/bench.key"
        do {
            let store = try SQLiteStore.create(at: db, keyFilePath: keyFile, adminUser: Self.user)
            let admin = try store.staff(userName: Self.user)
            _ = try store.addProduct(Product(sku: Self.sku, name: "导入基准", category: .gameCard, faceValue: Money(fen: 1_000), cost: Money(fen: 900),
                                             prices: MemberPrices(retail: Money(fen: 990), vip: Money(fen: 980), agent: Money(fen: 950)),
                                             lowStockThreshold: 0), by: admin)
        }
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        func storePhase(_ file: String, _ name: String) throws -> (ImportPhaseResult, ChildRun) {
            let run = try ChildRun.run(me, ["import-phase", "--db", db, "--key-file", keyFile, "--file", file],
                                       stdoutPath: directory + "/\(name).out")
            guard run.status == 0, let line = run.stdout.split(separator: "\n").last,
                  let result = try? JSONDecoder().decode(ImportPhaseResult.self, from: Data(line.utf8)) else {
                throw ValidationError("\(name) phase failed (status \(run.status)): \(run.stdout)")
            }
            return (result, run)
        }
        print("store: first import…")
        let (first, firstRun) = try storePhase(files.first, "first")
        print("store: re-import with 10% repeats…")
        let (second, secondRun) = try storePhase(files.second, "second")
        check(first.accepted == lines && first.duplicateInStore == 0, "first import accepted \(first.accepted) of \(lines)")
        let repeats = (lines + 9) / 10
        check(second.accepted == lines - repeats && second.duplicateInStore == repeats,
              "re-import: \(second.accepted) accepted, \(second.duplicateInStore) in store; expected \(lines - repeats) and \(repeats)")

        // sqlite3: the same lines, tab-separated (converted above, untimed), into one UNIQUE column.
        // ON CONFLICT IGNORE makes the 10% repeats of the second file skip silently, as the store does.
        let raw = directory + "/raw.sqlite"
        let setup = try ChildRun.run(sqlite3, [raw, "PRAGMA journal_mode=WAL", "CREATE TABLE k(number TEXT, secret TEXT UNIQUE ON CONFLICT IGNORE)"],
                                     stdoutPath: directory + "/setup.out")
        check(setup.status == 0, "sqlite3 setup failed: \(setup.stdout)")
        print("sqlite3: .import of the same two files…")
        let rawFirst = try ChildRun.run(sqlite3, [raw, ".mode tabs", ".import \(files.firstTSV) k"], stdoutPath: directory + "/raw1.out")
        let rawSecond = try ChildRun.run(sqlite3, [raw, ".mode tabs", ".import \(files.secondTSV) k"], stdoutPath: directory + "/raw2.out")
        let count = try ChildRun.run(sqlite3, [raw, "SELECT count(*) FROM k"], stdoutPath: directory + "/count.out")
        check(rawFirst.status == 0 && rawSecond.status == 0, "sqlite3 .import failed")
        check(Int(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == 2 * lines - repeats, "sqlite3 holds \(count.stdout) rows")

        let storeFirstRate = Double(lines) / first.seconds, storeSecondRate = Double(lines) / second.seconds
        let rawFirstRate = Double(lines) / rawFirst.seconds, rawSecondRate = Double(lines) / rawSecond.seconds
        print("")
        print("import benchmark — \(lines) lines per file, \(ProcessInfo.processInfo.activeProcessorCount) cores, store: WAL, synchronous=FULL")
        print(row("", "store (importFile)", "sqlite3 .import", "store/sqlite3", "store peak RSS", "sqlite3 peak RSS"))
        print(row("first, empty store", rate(storeFirstRate), rate(rawFirstRate), ratio(storeFirstRate / rawFirstRate),
                  mb(first.peakRSS), mb(rawFirst.maxRSS)))
        print(row("re-import, 10% repeats", rate(storeSecondRate), rate(rawSecondRate), ratio(storeSecondRate / rawSecondRate),
                  mb(second.peakRSS), mb(rawSecond.maxRSS)))
        print("peak RSS: store children VmHWM; sqlite3 from wait4 (at least this process's \(mb(peakResidentBytes())), which exec carries over)")
        print(String(format: "times: store %.2f s + %.2f s, sqlite3 %.2f s + %.2f s", first.seconds, second.seconds, rawFirst.seconds, rawSecond.seconds))
        print("")
        let targets: [(String, Bool)] = [
            ("first import ≥ 200,000 keys/s", storeFirstRate >= 200_000),
            ("first import ≥ 1.3× sqlite3", storeFirstRate >= 1.3 * rawFirstRate),
            ("re-import ≥ 120,000 keys/s", storeSecondRate >= 120_000),
            ("peak RSS < 150 MB (both store phases)", max(first.peakRSS, second.peakRSS, firstRun.maxRSS, secondRun.maxRSS) < 150 << 20),
        ]
        for (name, met) in targets { print("  \(met ? "met    " : "NOT met") \(name)") }
    }

    private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { print("CHECK FAILED: \(message())") }
    }

    private func rate(_ r: Double) -> String { "\(Int(r.rounded())) keys/s" }
    private func ratio(_ r: Double) -> String { String(format: "%.2f×", r) }
    private func mb(_ bytes: Int) -> String { String(format: "%.0f MB", Double(bytes) / 1_048_576) }
    private func row(_ cells: String...) -> String {
        let widths = [24, 22, 20, 15, 16, 16]
        return zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined()
    }
}
