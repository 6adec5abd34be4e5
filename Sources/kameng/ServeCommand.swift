import ArgumentParser
import Foundation
import KamengAPI
import KamengDomain
import KamengStorage
import Logging
import ServiceLifecycle

/// `kameng serve`: the substation API over HTTP (Docs/API.md), with the operators' `/healthz` and
/// `/metrics` on a listener of their own. Runs as the service account until SIGTERM or SIGINT, which
/// it answers by finishing every accepted request before it exits.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the substation API over HTTP (Docs/API.md).",
        discussion: """
            Shops POST signed events to /v1/events and fetch orders at /v1/orders/NO on --listen; /healthz and \
            /metrics are on --admin-listen only. Port 0 picks a free port; the bound addresses are printed. \
            Limits come from [api] in config.toml. SIGTERM or SIGINT: stop accepting, answer what was accepted, exit 0.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The shops' listener.", valueName: "host:port")) var listen = "127.0.0.1:8080"
    @Option(name: .customLong("admin-listen"), help: ArgumentHelp("The operators' listener (/healthz, /metrics).", valueName: "host:port"))
    var adminListen = "127.0.0.1:9464"
    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM certificate chain: serve HTTPS (with --tls-key).", valueName: "file"))
    var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key (with --tls-cert).", valueName: "file"))
    var tlsKey: String?

    func validate() throws {
        guard HostPort(listen) != nil else { throw ValidationError("--listen: expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080") }
        guard HostPort(adminListen) != nil else { throw ValidationError("--admin-listen: expected HOST:PORT, e.g. 127.0.0.1:9464") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
    }

    func run() async throws {
        let listen = HostPort(listen)!, admin = HostPort(adminListen)!
        if listen.port != 0, listen == admin { throw CLIError(message: "--listen and --admin-listen must differ", code: 2) }
        for file in [tlsCert, tlsKey].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: GlobalOptions.absolute(file)) {
            throw CLIError(message: "\(file): cannot be read")
        }
        var configuration = APIServerConfiguration(settings: try Settings.config().api)
        configuration.rules = try Settings.riskRules()
        configuration.host = listen.host
        configuration.port = listen.port
        configuration.adminHost = admin.host
        configuration.adminPort = admin.port
        configuration.tlsCertificatePath = tlsCert.map(GlobalOptions.absolute)
        configuration.tlsKeyPath = tlsKey.map(GlobalOptions.absolute)
        let (store, me) = try await global.openAsStaff()
        let logger = ServeLogging.logger()
        let server = APIServer(engine: store, owner: me, configuration: configuration, logger: logger) { bound in
            // One line on standard output, which a supervisor or a test reads for the ports it got.
            Output.say("listening on \(HostPort(host: listen.host, port: bound.port)), admin on \(HostPort(host: admin.host, port: bound.adminPort))")
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let error as StoreError {
            throw error
        } catch {
            // A port in use, an unreadable certificate: one line, exit 1.
            let text = String(describing: error)
            if text.contains("Address already in use") {
                throw CLIError(message: "serve: cannot listen on \(listen) or \(admin): the address is in use (another kameng serve?); nothing was started")
            }
            throw CLIError(message: "serve: \(text)")
        }
    }
}

/// The server's log: one line per event on standard error (systemd's journal keeps it), at `info`
/// unless `KAMENG_LOG_LEVEL` says otherwise. Bootstrapped once per process.
enum ServeLogging {
    private static let bootstrapped: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            let wanted = ProcessInfo.processInfo.environment["KAMENG_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) }
            handler.logLevel = wanted ?? .info
            return handler
        }
    }()

    static func logger() -> Logger {
        _ = bootstrapped
        return Logger(label: "kameng.api")
    }
}
