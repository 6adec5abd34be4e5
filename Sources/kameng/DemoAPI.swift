import Foundation
import KamengAPI
import KamengDomain
import KamengStorage
import Logging
import ServiceLifecycle

/// The demo's HTTP side, in the demo's own process: the substation API on free loopback ports (what
/// `kameng serve` runs) and a notice receiver standing in for the shops, which each demo substation's
/// notify URL points at. Quiet: the console owns the terminal, so nothing here logs to it.
final class DemoAPI: @unchecked Sendable {
    let baseURL: String
    let adminURL: String
    private let group: ServiceGroup
    private let running: Task<Void, Never>
    private let notices: NoticeCount

    private init(baseURL: String, adminURL: String, group: ServiceGroup, running: Task<Void, Never>, notices: NoticeCount) {
        self.baseURL = baseURL
        self.adminURL = adminURL
        self.group = group
        self.running = running
        self.notices = notices
    }

    /// Notices the stand-in shops received so far.
    var noticesReceived: Int { notices.value }

    /// Starts both and points the substations' notify URLs at the receiver; throws when either does not
    /// listen within 30 s.
    static func start(store: any KamengEngine, owner: Staff, secrets: [String: String], settings: APISettings,
                      rules: RiskRules) async throws -> DemoAPI {
        let quiet = Logger(label: "kameng.demo", factory: { _ in SwiftLogNoOpLogHandler() })
        var configuration = APIServerConfiguration(settings: settings)
        configuration.port = 0
        configuration.adminPort = 0
        configuration.rules = rules
        let ports = PortsHeard()
        let server = APIServer(engine: store, owner: owner, configuration: configuration, logger: quiet) { ports.api = $0 }
        let notices = NoticeCount()
        let receiver = NoticeReceiver(secretFor: { secrets[$0] }, onNotice: { _ in notices.add() }, onListening: { ports.receiver = $0 })
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: server), .init(service: receiver)], gracefulShutdownSignals: [], logger: quiet))
        let running = Task { _ = try? await group.run() }
        let deadline = Date().addingTimeInterval(30)
        while ports.api == nil || ports.receiver == nil {
            guard Date() < deadline else {
                await group.triggerGracefulShutdown()
                throw CLIError(message: "demo: the API server did not start listening within 30 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let api = ports.api!, receiverPort = ports.receiver!
        for code in secrets.keys.sorted() {
            try await store.setSubstationNotifyURL(code: code, url: "http://127.0.0.1:\(receiverPort)/notify/\(code)", by: owner)
        }
        return DemoAPI(baseURL: "http://127.0.0.1:\(api.port)", adminURL: "http://127.0.0.1:\(api.adminPort)", group: group,
                       running: running, notices: notices)
    }

    /// Graceful: open requests are answered, the outbox kept.
    func stop() async {
        await group.triggerGracefulShutdown()
        await running.value
    }
}

/// The ports the server and the receiver report once bound.
private final class PortsHeard: @unchecked Sendable {
    private let lock = NSLock()
    private var _api: APIListening?
    private var _receiver: Int?
    var api: APIListening? {
        get { lock.withLock { _api } }
        set { lock.withLock { _api = newValue } }
    }
    var receiver: Int? {
        get { lock.withLock { _receiver } }
        set { lock.withLock { _receiver = newValue } }
    }
}

private final class NoticeCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
