import ArgumentParser
import Foundation
import KamengDomain
@_spi(Benchmark) import KamengSQLite

/// `kameng-bench console`: the real `kameng` console over the large demo (1M orders, 2M keys) in tmux,
/// timed by its own frame trace: first frame after Enter, then pane switches, page downs and filter
/// keystrokes, each from the key's arrival to the first frame that shows its result (with the query
/// behind it, when it asked one). Twice: `kameng --db` with nothing else writing, and `kameng demo`
/// with its live traffic on a copy of the database.
struct ConsoleBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "Console first frame and key-to-frame latency on the large demo.")

    @Option(help: "A demo database to reuse (default: build one with `kameng demo --size <size>` into the scratch directory, untimed).")
    var db: String?
    @Option(help: "Its key file (default: $KAMENG_KEY_FILE, else $XDG_CONFIG_HOME/kameng/master.key).") var keyFile: String?
    @Option(help: "Demo size to build when --db is not given.") var size = "large"
    @Option(help: "Scratch directory (default: a new temporary one, removed afterwards unless --keep).") var scratch: String?
    @Flag(help: "Keep the scratch directory (and the demo built there) for the next run.") var keep = false
    @Option(help: "The kameng executable (default: beside this one).") var kameng: String?
    @Option(help: "Keys per interaction.") var repetitions = 200
    @Option(help: "Pause between a key's frame and the next key, ms.") var pauseMillis = 20
    @Option var width = 120
    @Option var height = 40
    @Option(help: "Orders per second of `kameng demo`'s live traffic for the second phase (0: skip it).") var liveRate = 2.0

    func run() throws {
        #if DEBUG
        print("warning: debug build; build with -c release for real figures")
        #endif
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let kameng = self.kameng ?? me.deletingLastPathComponent().appendingPathComponent("kameng").path
        guard FileManager.default.isExecutableFile(atPath: kameng) else {
            throw ValidationError("no kameng at \(kameng): swift build -c release --product kameng")
        }
        let directory = scratch ?? NSTemporaryDirectory() + "kameng-console-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if scratch == nil && !keep { try? FileManager.default.removeItem(atPath: directory) } }
        let home = ["XDG_CONFIG_HOME": directory + "/config", "XDG_DATA_HOME": directory + "/data"]
        let keyFile = self.keyFile ?? ProcessInfo.processInfo.environment["KAMENG_KEY_FILE"]
            ?? (db == nil ? home["XDG_CONFIG_HOME"]! : (ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"] ?? NSHomeDirectory() + "/.config")) + "/kameng/master.key"
        let database = try db ?? buildDemo(kameng: kameng, in: directory, home: home, keyFile: keyFile)

        // Opened read-write once, untimed, so a schema migration the file still needs is not timed as the first frame.
        let store = try SQLiteStore.open(at: database, keyFilePath: keyFile)
        // An empty WAL for both phases: the copy for the live phase then needs no WAL recovery when opened.
        try store.checkpoint()
        let summary = try store.demoSummary(now: Date())
        let filters = try ConsoleBenchScript.filterTexts(store: store)
        print("database: \(database): \(summary.orders) orders, \(summary.keys) card keys, \(summary.products) products, \(summary.substations) substations")
        print("filters typed: \(filters.joined(separator: " | "))")
        let environment = home.merging(["KAMENG_KEY_FILE": keyFile, "LANG": "zh_CN.UTF-8", "TZ": "Asia/Shanghai"]) { $1 }
        let loadBefore = loadAverage()

        var phases: [(String, ConsoleBenchResult)] = []
        print("phase 1: kameng --db (nothing else writing)…")
        phases.append(("kameng --db DB (no writers)", try measure([kameng, "--db", database], environment, filters, trace: directory + "/trace-quiet.txt")))
        if liveRate > 0 {
            let copy = directory + "/live/demo.sqlite"
            try FileManager.default.createDirectory(atPath: directory + "/live", withIntermediateDirectories: true)
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: copy + suffix)
                if suffix != "-shm", FileManager.default.fileExists(atPath: database + suffix) {
                    try FileManager.default.copyItem(atPath: database + suffix, toPath: copy + suffix)
                }
            }
            print("phase 2: kameng demo --rate \(liveRate) (live traffic, on a copy)…")
            let command = [kameng, "demo", "--db", copy, "--rate", String(liveRate)]
            var live = try measure(command, environment, filters, trace: directory + "/trace-live.txt")
            live.ordersAdded = try SQLiteStore.open(at: copy, keyFilePath: keyFile).demoSummary(now: Date()).orders - summary.orders
            phases.append(("kameng demo --rate \(liveRate) (live traffic)", live))
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
        }
        let loadAfter = loadAverage()
        print("")
        print("console benchmark — \(summary.orders) orders, \(summary.keys) keys, \(width)×\(height), \(ProcessInfo.processInfo.activeProcessorCount) cores, "
              + "load average \(loadBefore) before, \(loadAfter) after")
        for (name, result) in phases { result.print(title: name) }
        if db == nil && (keep || scratch != nil) { print("\nreuse the demo: --db \(database) --key-file \(keyFile)") }
    }

    /// Builds the demo with the real CLI (`kameng demo --no-console`), untimed by the benchmark but reported.
    private func buildDemo(kameng: String, in directory: String, home: [String: String], keyFile: String) throws -> String {
        let path = directory + "/db/demo.sqlite"
        if FileManager.default.fileExists(atPath: path) { print("reusing \(path)"); return path }
        try FileManager.default.createDirectory(atPath: directory + "/db", withIntermediateDirectories: true)
        print("building the \(size) demo with kameng demo --no-console (minutes for large)…")
        let started = ConsoleBenchSession.now()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kameng)
        process.arguments = ["demo", "--no-console", "--size", size, "--db", path]
        process.environment = ProcessInfo.processInfo.environment.merging(home.merging(["KAMENG_KEY_FILE": keyFile]) { $1 }) { $1 }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("kameng demo failed (status \(process.terminationStatus))") }
        print(String(format: "built in %.1f s", Double(ConsoleBenchSession.now() - started) / 1e9))
        return path
    }

    private func measure(_ command: [String], _ environment: [String: String], _ filters: [String], trace: String) throws -> ConsoleBenchResult {
        let session = try ConsoleBenchSession(command: command, environment: environment.merging(["KAMENG_FRAME_TRACE": trace]) { $1 },
                                              width: width, height: height, tracePath: trace)
        defer { session.kill() }
        var result = ConsoleBenchResult()
        let enter = try session.start()
        guard let first = try session.waitForMilestone("@first-frame", timeout: 120) else { throw ValidationError("no first frame:\n\(session.capture())") }
        result.firstFrameFromEnter = Double(first.to &- enter) / 1e6
        result.firstFrameFromMain = first.millis
        result.ordersShown = try session.waitForMilestone("@orders-shown", timeout: 120).map { Double($0.to &- enter) / 1e6 }
        result.settled = try session.waitForMilestone("@settled", timeout: 60).map { Double($0.to &- enter) / 1e6 }
        let pause = UInt32(pauseMillis * 1_000)
        func press(_ key: ConsoleBenchScript.Key) throws -> ConsoleBenchSession.KeyTiming {
            let timing = try session.press(key.send, literal: key.literal, expect: key.name)
            usleep(pause)
            return timing
        }
        // The Reports pane reads nothing until first shown: `6` times its whole first load (the figures and
        // reconciliation over the default 7 days, both on the key's query lane) to the frame that shows it.
        result.reportsFirstFrame = try press(.init(send: "6", name: "6"))
        let cpuBefore = try session.cpuSeconds(), wallBefore = ConsoleBenchSession.now()
        for key in ConsoleBenchScript.paneSwitches(repetitions) { result.paneSwitch.append(try press(key)) }
        _ = try press(.init(send: "3", name: "3"))  // back to Orders, at the top
        _ = try press(.init(send: "g", name: "g"))
        for _ in 0..<repetitions { result.pageDown.append(try press(.init(send: "NPage", name: "pgdn"))) }
        _ = try press(.init(send: "/", name: "/"))
        for key in ConsoleBenchScript.filterKeystrokes(filters, count: repetitions) { result.filter.append(try press(key)) }
        _ = try press(.init(send: "Escape", name: "esc"))
        result.cpuSeconds = try session.cpuSeconds() - cpuBefore
        result.wallSeconds = Double(ConsoleBenchSession.now() - wallBefore) / 1e9
        try session.quit()
        return result
    }

    private func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }
}
