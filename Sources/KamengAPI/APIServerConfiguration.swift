import KamengDomain

/// Where `kameng serve` listens and with which limits. Port 0 picks a free port (tests, the demo); the
/// ports actually bound are reported through `APIServer`'s `onListening`.
public struct APIServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The admin listener (`/healthz`, `/metrics`): never the public one, so metrics stay on loopback.
    public var adminHost = "127.0.0.1"
    public var adminPort = 9464
    /// Both or neither: the public listener then speaks TLS (the admin one never does).
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    public var settings: APISettings
    /// The risk rules orders are scored with at intake (config.toml's `[risk]`).
    public var rules: RiskRules = .defaults

    public init(settings: APISettings = .defaults) {
        self.settings = settings
    }
}

/// The ports the server bound, once both listeners accept connections.
public struct APIListening: Sendable, Equatable {
    public var port: Int
    public var adminPort: Int

    public init(port: Int, adminPort: Int) {
        self.port = port
        self.adminPort = adminPort
    }
}
