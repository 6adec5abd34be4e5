import ArgumentParser
import Foundation
import KamengAPI
import KamengConfig
import KamengDomain
import KamengStorage

/// `kameng simulate`: live demo traffic (orders, payments, heartbeats, an IP burst, a buyer farm, a
/// substation whose callbacks fail, a product selling out) signed and fed through the real intake, or
/// sent over HTTP to a running `kameng serve` (`--url`), as the shops send it.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Feed live simulated traffic through the signed intake, or to a server over HTTP (--url).",
        discussion: """
            Runs until Ctrl-C, or for --seconds. Uses the demo's substations and products; each line is signed with its \
            substation's API secret. Without --url the lines are ingested in-process exactly as `kameng ingest` would; \
            with --url they are POSTed to URL/v1/events. --substation CODE sends everything as that one substation, \
            its secret read from standard input (for a server that is not a demo).
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Orders per second at the busiest hour (the daily rhythm scales it).") var rate: Double = 5
    @Option(help: "Random seed for the traffic.") var seed: UInt64 = 7
    @Option(help: "Stop after this many seconds.") var seconds: Double?
    @Option(help: ArgumentHelp("A running kameng serve, e.g. http://127.0.0.1:8080.", valueName: "url")) var url: String?
    @Option(help: ArgumentHelp("With --url: send as this substation only, its secret read from standard input.", valueName: "code"))
    var substation: String?
    @Flag(help: "Print only the summary, as a JSON object.") var json = false

    func validate() throws {
        if substation != nil, url == nil { throw ValidationError("--substation goes with --url") }
        if let url, URL(string: url)?.scheme.map({ ["http", "https"].contains($0.lowercased()) }) != true {
            throw ValidationError("--url: expected http://HOST:PORT or https://HOST")
        }
    }

    func run() async throws {
        guard rate > 0, rate <= 10_000 else { throw CLIError(message: "--rate: between 0 and 10000 orders per second", code: 2) }
        if let seconds, seconds <= 0 { throw CLIError(message: "--seconds: must be positive", code: 2) }
        let traffic: LiveTraffic
        if let url, let substation {
            guard let line = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !line.isEmpty else {
                throw CLIError(message: "--substation \(substation): give its API secret on standard input (one line)", code: 2)
            }
            traffic = LiveTraffic(secrets: [substation: line], sink: HTTPTrafficSink(baseURL: url, secrets: [substation: line]),
                                  ordersPerSecond: rate, seed: seed, onlyAs: substation)
        } else if let url {
            let (store, me) = try await global.openAsStaff()
            let secrets = try LiveTraffic.demoSecrets(store: store, actor: me)
            traffic = LiveTraffic(secrets: secrets, sink: HTTPTrafficSink(baseURL: url, secrets: secrets), ordersPerSecond: rate, seed: seed)
        } else {
            let (store, me) = try await global.openAsStaff()
            traffic = try LiveTraffic(store: store, actor: me, ordersPerSecond: rate, seed: seed, rules: try Settings.riskRules())
        }
        try traffic.start()
        if !json { Output.ask("Simulating ~\(rate) orders/s \(url.map { "to \($0)" } ?? "through the intake"); Ctrl-C stops.\n") }
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        await Self.waitForInterrupt(interrupt, orSeconds: seconds)
        let summary = traffic.stop()
        if let failure = traffic.failure { throw failure }
        guard let summary else { return }
        if json { try Output.json(IntakeSummaryJSON(summary)) } else { for line in summary.humanLines { Output.say(line) } }
    }
}

/// Settings from config.toml that commands other than the console need.
extension SimulateCommand {
    /// Returns at Ctrl-C, or after `seconds` when given, whichever comes first.
    static func waitForInterrupt(_ interrupt: any DispatchSourceSignal, orSeconds seconds: Double?) async {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        interrupt.setEventHandler { continuation.yield() }
        interrupt.resume()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in stream { return } }
            if let seconds { group.addTask { try? await Task.sleep(for: .seconds(seconds)) } }
            await group.next()
            group.cancelAll()
        }
        continuation.finish()
    }
}

enum Settings {
    static func config() throws -> ConfigFile {
        let environment = ProcessInfo.processInfo.environment
        do {
            return try ConfigFile.defaultPath(environment: environment).map(ConfigFile.load(path:)) ?? ConfigFile()
        } catch {
            throw CLIError(message: error.description, code: 2)
        }
    }

    static func riskRules() throws -> RiskRules { try config().risk }
}
