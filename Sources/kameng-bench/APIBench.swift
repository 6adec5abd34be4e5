import ArgumentParser
import AsyncHTTPClient
import Foundation
import KamengAPI
import KamengDomain
@_spi(Benchmark) import KamengSQLite
import KamengStorage
import Logging
import NIOCore
import ServiceLifecycle

/// `kameng-bench api`: the HTTP API on loopback, with a load generator of its own (async-http-client,
/// keep-alive connections) in the same process. In the same run, on copies of one setup: the file
/// ingest (`kameng-bench ingest`'s path) as the baseline for 500-line bodies, single-event requests
/// (each order, then its payment), 500-line bodies, and `/healthz` as the ceiling of this server on
/// this machine.
struct APIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "api", abstract: "HTTP API throughput and latency.")

    @Option(help: "Orders (each followed by its payment) per phase.") var orders = 40_000
    @Option(help: "Substations.") var substations = 15
    @Option(help: "Products.") var products = 14
    @Option(help: "Keep-alive connections.") var connections = 64
    @Option(help: "Seconds of /healthz load.") var healthSeconds = 5.0
    @Option(help: "Scratch directory (default: a new temporary one, removed afterwards).") var scratch: String?

    func run() async throws {
        #if DEBUG
        print("warning: debug build; run `swift build -c release --product kameng-bench` for real figures")
        #endif
        let directory = scratch ?? NSTemporaryDirectory() + "kameng-api-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if scratch == nil { try? FileManager.default.removeItem(atPath: directory) } }
        print("setting up \(orders) orders + payments for \(substations) substations (three copies)…")
        let copies = try ["file", "single", "batch"].map { name in
            try FileManager.default.createDirectory(atPath: directory + "/" + name + "/store", withIntermediateDirectories: true)
            return try IngestBenchSetup.reuse(from: directory + "/pristine", orders: orders, substations: substations, products: products, lag: 0,
                                       in: directory + "/" + name)
        }
        let lines = try String(contentsOfFile: copies[0].file, encoding: .utf8).split(separator: "\n").map(String.init)
        let secrets = try String(contentsOfFile: directory + "/pristine/secrets.txt", encoding: .utf8).split(separator: "\n").map(String.init)

        // 1. The baseline: the same lines through the file ingest.
        var options = IntakeOptions(rules: .defaults, source: "bench.jsonl")
        options.groupLines = 500
        let fd = open(copies[0].file, O_RDONLY)
        let t0 = DispatchTime.now().uptimeNanoseconds
        _ = try copies[0].store.ingest(.fileDescriptor(fd), options: options, by: copies[0].admin, onGroup: nil)
        close(fd)
        let fileRate = Double(orders) / seconds(since: t0)

        var settings = APISettings.defaults
        settings.requestsPerSecond = 10_000_000
        settings.burst = 10_000_000
        settings.queueLines = 100_000
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)))

        // 2. Single-event requests: order, then its payment, `connections` at a time.
        let single = try await withServer(directory + "/single", settings: settings) { port, _ in
            try await load(client: client, port: port, secrets: secrets, workers: connections, count: orders) { i in
                [[lines[2 * i]], [lines[2 * i + 1]]]
            }
        }
        // 3. 500-line bodies: each substation's lines in order, cut at 500 (an order and its payment never apart).
        var perStation = [[String]](repeating: [], count: substations)
        for i in 0..<orders { perStation[i % substations] += [lines[2 * i], lines[2 * i + 1]] }
        var cut: [(Int, [String])] = []
        for (s, stationLines) in perStation.enumerated() {
            for from in stride(from: 0, to: stationLines.count, by: 500) { cut.append((s, Array(stationLines[from..<min(stationLines.count, from + 500)]))) }
        }
        let bodies = cut
        let batch = try await withServer(directory + "/batch", settings: settings) { port, _ in
            try await load(client: client, port: port, secrets: secrets, workers: min(connections, bodies.count), count: bodies.count,
                           station: { bodies[$0].0 }) { [bodies[$0].1] }
        }
        // 4. The ceiling: /healthz on the same server, no store write behind it.
        let health = try await withServer(directory + "/batch", settings: settings) { _, adminPort in
            try await healthLoad(client: client, port: adminPort, workers: connections, seconds: healthSeconds)
        }

        try await client.shutdown()
        let singleOrders = Double(orders) / single.seconds, batchOrders = Double(orders) / batch.seconds
        print("")
        print("api benchmark — \(ProcessInfo.processInfo.activeProcessorCount) cores, loopback, \(connections) keep-alive connections, load generator in the same process")
        print(String(format: "single events: %.0f orders/s (%.0f requests/s), latency sent → answered p50 %.1f ms  p99 %.1f ms  max %.1f ms",
                     singleOrders, 2 * singleOrders, single.percentile(0.5), single.percentile(0.99), single.percentile(1)))
        print(String(format: "500-line bodies: %.0f orders/s = %.2f× the file ingest's %.0f orders/s in this run (p99 per body %.1f ms)",
                     batchOrders, batchOrders / fileRate, fileRate, batch.percentile(0.99)))
        print(String(format: "/healthz ceiling: %.0f requests/s; single-event requests reach %.2f of it", health, 2 * singleOrders / health))
        print("targets: ≥ 8,000 orders/s (16,000 requests/s) single-event, p99 < 50 ms; 500-line bodies ≥ 0.8× the file ingest")
    }

    private func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// Runs `body` against a server on `directory`'s store (free loopback ports), then stops it gracefully.
    private func withServer<T: Sendable>(_ directory: String, settings: APISettings,
                                         _ body: @Sendable (Int, Int) async throws -> T) async throws -> T {
        let engine = try SQLiteEngine.open(at: directory + "/store/bench.sqlite", keyFilePath: directory + "/bench.key")
        var configuration = APIServerConfiguration(settings: settings)
        configuration.port = 0
        configuration.adminPort = 0
        var logger = Logger(label: "kameng.bench.api")
        logger.logLevel = .warning
        let (ports, continuation) = AsyncStream.makeStream(of: APIListening.self)
        let server = APIServer(engine: engine, owner: try await engine.owner(), configuration: configuration, logger: logger,
                               onListening: { continuation.yield($0) })
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        let running = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        guard let listening = await ports.first(where: { _ in true }) else {
            try await running.value
            throw ValidationError("the server stopped before it listened")
        }
        let result = try await body(listening.port, listening.adminPort)
        await group.triggerGracefulShutdown()
        try await running.value
        return result
    }

    struct Timings: Sendable {
        var seconds: Double
        var latencies: [UInt64]

        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) / 1e6
        }
    }

    /// `count` units of work over `workers` tasks; each unit is requests sent one after another (an
    /// order, then its payment), each request's body being the lines given, signed as `station` signs.
    private func load(client: HTTPClient, port: Int, secrets: [String], workers: Int, count: Int,
                      station: @escaping @Sendable (Int) -> Int = { _ in -1 },
                      requests: @escaping @Sendable (Int) -> [[String]]) async throws -> Timings {
        let substations = self.substations
        let start = DispatchTime.now().uptimeNanoseconds
        let latencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for w in 0..<workers {
                group.addTask {
                    var mine: [UInt64] = []
                    for unit in stride(from: w, to: count, by: workers) {
                        let s = station(unit) >= 0 ? station(unit) : unit % substations
                        let api = APIClient(baseURL: "http://127.0.0.1:\(port)", substation: "st\(s)", secret: secrets[s], httpClient: client)
                        for lines in requests(unit) {
                            let sent = DispatchTime.now().uptimeNanoseconds
                            let answer = try await api.postEvents(lines)
                            mine.append(DispatchTime.now().uptimeNanoseconds - sent)
                            if answer.results.contains(where: { $0.status == "rejected" }) { throw ValidationError("a line was rejected") }
                        }
                    }
                    return mine
                }
            }
            var all: [UInt64] = []
            for try await part in group { all += part }
            return all
        }
        return Timings(seconds: seconds(since: start), latencies: latencies.sorted())
    }

    private func healthLoad(client: HTTPClient, port: Int, workers: Int, seconds: Double) async throws -> Double {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        let start = DispatchTime.now().uptimeNanoseconds
        let done = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var n = 0
                    while DispatchTime.now().uptimeNanoseconds < deadline {
                        let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz"), timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 16)
                        n += 1
                    }
                    return n
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(done) / self.seconds(since: start)
    }
}
