import ArgumentParser
import Foundation
import KamengDomain
import KamengSQLite
import KamengStorage
import KamengVault

/// `kameng demo`: builds (once) a realistic demo platform and opens it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Build a demo platform (14 products, 15 substations, 30 days of orders) and open it.",
        discussion: "The demo database lives at $XDG_DATA_HOME/kameng/demo.sqlite unless --db is given; it is built on first use.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Only build the database and print what it holds.") var noConsole = false
    @Option(help: "Random seed: the same seed builds the same platform.") var seed: UInt64 = 2026
    @Option(help: "small (100k orders), large (1M orders, 2M keys), xlarge (5M orders, ~11M keys) or tiny (3k orders, for tests).") var size: String = "small"
    @Flag(help: "Throw away an existing demo database and build a new one.") var fresh = false
    @Option(help: "Live traffic while the console is open, in orders per second at the busiest hour (0 for none).") var rate: Double = 2
    @OptionGroup var console: ConsoleOptions

    var demoPath: String { global.db != nil || ProcessInfo.processInfo.environment["KAMENG_DB"] != nil ? global.databasePath : Paths.dataDirectory + "/demo.sqlite" }

    func run() async throws {
        guard let demoSize = DemoSize(rawValue: size) else { throw CLIError(message: "--size: small, large or xlarge (or tiny for tests)", code: 2) }
        let path = demoPath
        if global.readOnly && (fresh || !FileManager.default.fileExists(atPath: path)) {
            throw CLIError(message: "--readonly: the demo database must be built first (run kameng demo --no-console)", code: 2)
        }
        // Only ever a database the demo made: never replace or enrol the published authenticator in one
        // that `kameng init` (or anything else) made, whatever --db or KAMENG_DB names.
        if SQLiteEngine.demoFileCheck(at: path) == .notADemo {
            throw CLIError(message: """
                \(path) was not built by kameng demo (it has no demo marker): the demo never opens, replaces or changes \
                another database. Give the demo a path of its own (--db), or unset KAMENG_DB to use \(Paths.dataDirectory)/demo.sqlite.
                """, code: 2)
        }
        if fresh { try removeDatabase(at: path) }
        let store: any KamengEngine
        let built = !FileManager.default.fileExists(atPath: path)
        if !built {
            if !global.readOnly { GlobalOptions.announceUpgrade(of: path) }
            store = try SQLiteEngine.open(at: path, keyFilePath: global.keyFilePath, readOnly: global.readOnly)
            Output.say("Demo database: \(path) (already built; --fresh rebuilds it)")
            // A demo built before step-up existed has no authenticator yet: give its admin the demo one.
            if !global.readOnly, let me = try? await store.owner(), try await !store.hasAuthenticator(me) {
                _ = try await store.enrolDemoTOTP(for: me)
            }
        } else {
            let started = Date()
            store = try SQLiteEngine.createDemo(at: path, keyFilePath: global.keyFilePath, adminUser: CurrentUser.name)
            let me = try await store.owner()
            let anchor = Date(timeIntervalSince1970: floor(Date().timeIntervalSince1970 / 60) * 60)
            let interactive = isatty(STDERR_FILENO) == 1
            _ = try await store.seedDemo(size: demoSize, seed: seed, anchor: anchor, by: me) { step in
                if interactive { Output.ask("  building \(step)…\n") }
            }
            // Step-up needs an authenticator; the demo's is a published secret, refused outside demo databases.
            _ = try await store.enrolDemoTOTP(for: me)
            try await store.checkpoint()
            Output.say(String(format: "Built demo database %@ in %.1f s (seed %llu, size %@)", path, Date().timeIntervalSince(started), seed, size))
        }
        // What the demo holds takes a few full index scans to count (0.6 s on the large demo): printed after
        // a build and for --no-console, not before the console opens on a demo built earlier, where the
        // console would cover it at once and the first frame would wait for it.
        if built || noConsole {
            let summary = try await store.demoSummary(now: Date())
            Output.say("""
                  \(summary.products) products, \(summary.substations) substations (two levels), \(summary.orders) orders over 30 days
                  \(summary.keys) card keys (\(summary.availableKeys) available, sealed with AES-GCM), \(summary.keysExpiringWithin7Days) expiring within 7 days
                  \(summary.flaggedOrders) orders held for risk review, \(summary.awaitingStock) awaiting stock, \(summary.productsBelowThreshold) products below threshold
                  \(summary.signals) substation heartbeats
                """)
        }
        let owner = try await store.owner()
        Output.say("""
            Key file: \(global.keyFilePath)
            Demo authenticator (DEMO ONLY, published: never use it for real data) for \(owner.userName), the owner:
              secret \(SQLiteStore.demoTOTPSecretBase32)   code now: oathtool --totp -b \(SQLiteStore.demoTOTPSecretBase32)
            Try: kameng stock --db \(path)    ·    kameng orders --status flagged --db \(path)
            """)
        guard !noConsole else { return }
        // The demo is alive: its own substation API on free loopback ports, and simulated shops sending it
        // signed orders, payments and heartbeats over HTTP and receiving its notices, as real ones do.
        var traffic: LiveTraffic?
        var api: DemoAPI?
        var topUps: LiveTopUps?
        let me = owner
        if rate > 0, !global.readOnly {
            let secrets = try LiveTraffic.demoSecrets(store: store, actor: me)
            let config = try Settings.config()
            let started = try await DemoAPI.start(store: store, owner: me, secrets: secrets, settings: config.api, rules: config.risk)
            api = started
            let live = LiveTraffic(secrets: secrets, sink: HTTPTrafficSink(baseURL: started.baseURL, secrets: secrets),
                                   ordersPerSecond: rate, seed: seed &+ UInt64(Date().timeIntervalSince1970))
            try live.start()
            traffic = live
            let payments = LiveTopUps(store: store, owner: me)
            payments.start()
            topUps = payments
        }
        do {
            try await console.launch(engine: store, staff: me)
        } catch {
            topUps?.stop()
            traffic?.stop()
            await api?.stop()
            throw error
        }
        topUps?.stop()
        traffic?.stop()
        await api?.stop()
    }

    private func removeDatabase(at path: String) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
