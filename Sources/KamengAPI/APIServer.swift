import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import KamengDomain
import KamengStorage
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// `kameng serve`: the shops' listener, the admin listener, the intake pump, the outbox sender and the
/// traffic flusher, as one swift-service-lifecycle service. Run it in a ServiceGroup with
/// `gracefulShutdownSignals: [.sigterm, .sigint]`: on graceful shutdown both listeners stop accepting,
/// the requests already read are answered once their groups are durable, and the outbox is kept.
public struct APIServer: Service {
    private let engine: any KamengEngine
    private let owner: Staff
    private let configuration: APIServerConfiguration
    private let logger: Logger
    private let onListening: @Sendable (APIListening) -> Void

    public init(engine: any KamengEngine, owner: Staff, configuration: APIServerConfiguration, logger: Logger,
                onListening: @escaping @Sendable (APIListening) -> Void = { _ in }) {
        self.engine = engine
        self.owner = owner
        self.configuration = configuration
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let settings = configuration.settings
        let metrics = APIMetrics()
        let sender = OutboxSender(engine: engine, settings: settings, metrics: metrics, logger: logger)
        let pump = IntakePump(capacity: settings.queueLines) { lines in
            var delivered = 0
            for line in lines { if case .paymentAccepted(.delivered) = line.outcome { delivered += 1 } }
            metrics.group(lines: lines.count, delivered: delivered)
            if delivered > 0 { sender.wakeup.signal() }
        }
        let server = ServerContext(engine: engine, settings: settings, pump: pump, metrics: metrics, logger: logger,
                                   wakeSender: { sender.wakeup.signal() })
        let flusher = TrafficFlusher(server: server)
        var options = IntakeOptions(rules: configuration.rules, source: "api")
        options.groupLines = 500
        let ports = BoundPorts(onListening)

        let idle = TimeAmount.seconds(Int64(settings.idleTimeoutSeconds)), header = TimeAmount.seconds(Int64(settings.headerTimeoutSeconds))
        var publicServer = HTTPServerBuilder.http1(idleTimeout: idle, headerTimeout: header)
        if let cert = configuration.tlsCertificatePath, let key = configuration.tlsKeyPath {
            let chain = try NIOSSLCertificate.fromPEMFile(cert).map { NIOSSLCertificateSource.certificate($0) }
            let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            publicServer = try .tls(publicServer, tlsConfiguration: tls)
        }
        let publicApp = Application(
            responder: PublicResponder(server: server), server: publicServer,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { ports.setPublic($0.localAddress?.port ?? 0) }, logger: logger)
        let adminApp = Application(
            responder: AdminResponder(server: server), server: .http1(idleTimeout: idle, headerTimeout: header),
            configuration: .init(address: .hostname(configuration.adminHost, port: configuration.adminPort), serverName: nil),
            onServerRunning: { ports.setAdmin($0.localAddress?.port ?? 0) }, logger: logger)

        let engine = engine, owner = owner, logger = logger, intakeOptions = options
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await pump.run(engine: engine, owner: owner, options: intakeOptions, logger: logger) }
            group.addTask { await sender.run() }
            group.addTask { await flusher.run() }
            do {
                try await withThrowingTaskGroup(of: Void.self) { listeners in
                    listeners.addTask { try await publicApp.run() }
                    listeners.addTask { try await adminApp.run() }
                    // Not waitForAll: it waits for every listener even after one failed (a port in use),
                    // leaving the other up and the command hanging. The first failure stops both.
                    do {
                        for try await _ in listeners {}
                    } catch {
                        listeners.cancelAll()
                        throw error
                    }
                }
            } catch {
                pump.close()
                sender.stop()
                flusher.stop()
                throw error
            }
            // Both listeners have answered everything they read: the groups under those answers are
            // durable, so the run may end; the outbox stays as it is for the next start.
            pump.close()
            sender.stop()
            flusher.stop()
            try await group.waitForAll()
            await flusher.flush()
        }
    }
}

/// Reports the two ports once both listeners are up.
private final class BoundPorts: @unchecked Sendable {
    private let lock = NSLock()
    private var port: Int?
    private var adminPort: Int?
    private let onListening: @Sendable (APIListening) -> Void

    init(_ onListening: @escaping @Sendable (APIListening) -> Void) { self.onListening = onListening }

    func setPublic(_ value: Int) { report { $0.port = value } }
    func setAdmin(_ value: Int) { report { $0.adminPort = value } }

    private func report(_ change: (BoundPorts) -> Void) {
        lock.lock()
        change(self)
        let both = port.flatMap { p in adminPort.map { APIListening(port: p, adminPort: $0) } }
        lock.unlock()
        if let both { onListening(both) }
    }
}
